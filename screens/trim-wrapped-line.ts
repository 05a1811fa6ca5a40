// Ink wraps with wrap-ansi and `trim: false`, so a line broken at a space starts with that space.
// Only continuation lines (index > 0 within one source line) are trimmed, after any colour codes.
// Its own file (no Ink import) so the frame drawn before Ink loads trims exactly the same way.
const leadingSpaceAfterStyles = /^((?:\u001B\[[0-9;]*m)*) +/;
export function trimWrappedLine(line: string, index: number): string {
  return index === 0 ? line : line.replace(leadingSpaceAfterStyles, '$1');
}
