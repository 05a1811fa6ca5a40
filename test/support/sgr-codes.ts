/**
 * The SGR (Select Graphic Rendition) codes a piece of terminal output uses, split into colour
 * and the rest, for NO_COLOR checks: no-color.org asks for no colour; bold (1), dim (2), their
 * reset (22), underline and inverse are not colour and may stay.
 */
const SGR = /\u001B\[([0-9;]*)m/g;

/** Every parameter of every SGR sequence, in order ("\x1b[1;36m" gives "1", "36"). */
export function sgrParams(text: string): string[] {
  return [...text.matchAll(SGR)].flatMap((m) => (m[1] === '' ? ['0'] : m[1]!.split(';')));
}

/** Foreground/background colours: 30–39, 40–49, 90–97, 100–107 (38/48 start 256-colour and RGB). */
export function isColourCode(param: string): boolean {
  const n = Number(param);
  return (n >= 30 && n <= 49) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107);
}

export function colourCodesIn(text: string): string[] {
  return sgrParams(text).filter(isColourCode);
}
