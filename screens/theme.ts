/**
 * The wizard's visual language in one place, so every step looks the same: cyan for what is
 * being asked now, green for what is done, yellow for warnings, red for errors, dim for help.
 * With NO_COLOR every colour is undefined (Ink then draws none) while bold and dim stay: they
 * are not colour (src/system/no-color.ts). Decided once, as the screens load.
 */
import { colourWanted } from '../src/system/no-color.js';

const palette = {
  active: 'cyan',
  done: 'green',
  warning: 'yellow',
  error: 'red',
} as const;

type Uncoloured<T> = { readonly [K in keyof T]: T[K] | undefined };

const coloured = colourWanted(process.env);

export const colors: Uncoloured<typeof palette> = coloured ? palette : { active: undefined, done: undefined, warning: undefined, error: undefined };

/**
 * What the QR code's drawn (light) cells and its spaces (dark) are painted with: pinned, as
 * qr-code.ts says why; without colour it is drawn as it is. Here rather than beside the
 * encoder, so the first frame's styles load without it (issue 9).
 */
const QR_COLORS = { light: 'whiteBright', dark: 'black' } as const;
export const qrColors: Uncoloured<typeof QR_COLORS> = coloured ? QR_COLORS : { light: undefined, dark: undefined };

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
