/**
 * JSON text that is safe to `cat`: every control, C1 and bidi character inside a string is
 * written as a `\uXXXX` escape, so a file reauth keeps for later (a rescue file holding a
 * service's answer byte for byte) cannot steer the terminal of the person who opens it, while
 * `JSON.parse` still gives back exactly the same values — token values are never altered.
 * JSON.stringify escapes C0 already but leaves DEL, C1 (0x9b is CSI to many terminals) and
 * the bidi marks raw.
 */
const UNESCAPED = /[\u007F-\u009F\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF]/g;

export function inertJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
