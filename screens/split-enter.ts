/**
 * Ink 6 reports Enter as a key only when `\r` arrives alone. Typed fast, pasted, or sent by a
 * test harness, "4\r" or "y\r" arrives as ONE input event with `key.return` false, and the
 * Enter inside it would be lost. Steps that take single keys split it off with this.
 */
export interface SplitInput {
  /** The characters before the Enter (or the whole input when there is none). */
  readonly text: string;
  readonly enter: boolean;
}

export function splitEnter(input: string, isReturnKey: boolean): SplitInput {
  if (isReturnKey) return { text: '', enter: true };
  let end = input.length;
  while (end > 0 && (input[end - 1] === '\r' || input[end - 1] === '\n')) end--;
  return { text: input.slice(0, end), enter: end < input.length };
}
