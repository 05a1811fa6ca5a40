// The "dots" frames from cli-spinners, inlined: @inkjs/ui's Spinner would pull its whole
// component set into start-up for ten characters (STYLE.md: start-up is module loading).
// Apart from spinner.tsx so the frame drawn before Ink loads starts on the same one.
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
