/**
 * The wizard's visual language in one place, so every step looks the same: cyan for what is
 * being asked now, green for what is done, yellow for warnings, red for errors, dim for help.
 */
export const colors = {
  active: 'cyan',
  done: 'green',
  warning: 'yellow',
  error: 'red',
} as const;

export const symbols = {
  done: '✔',
  failed: '✘',
  warning: '⚠',
  pointer: '❯',
  arrow: '→',
  checked: '◉',
  unchecked: '◯',
  bullet: '•',
  cursor: '▌',
} as const;
