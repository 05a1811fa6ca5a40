/**
 * How one value is written as a YAML scalar so that it reads back as the same string, in
 * the quote style the file already used. "Reads back" is judged by both YAML 1.2 (this `yaml`
 * package) and YAML 1.1, because Python dashboards load their config with PyYAML (1.1),
 * where `yes`, `on`, `0123` and `12:30` are not strings.
 */
import { parseDocument, Scalar } from 'yaml';

/** Characters a single-quoted YAML scalar cannot hold as themselves (it folds line breaks). */
const NEEDS_DOUBLE_QUOTES = /[\u0000-\u0008\u000A-\u001F\u007F\u0085\u2028\u2029]/;

/**
 * @param keepNumber the value replaces a plain number (e.g. a numeric client id): write a
 *   numeric new value as a number too, so the program keeps the type it had.
 */
export function formatScalar(value: string, style: Scalar.Type, inFlow: boolean, keepNumber = false): string {
  if (style === Scalar.QUOTE_DOUBLE || NEEDS_DOUBLE_QUOTES.test(value)) return doubleQuoted(value);
  if (style === Scalar.QUOTE_SINGLE) return singleQuoted(value);
  if (keepNumber && /^-?\d+(?:\.\d+)?$/.test(value) && !/^-?0\d/.test(value)) return value;
  return isSafePlain(value, inFlow) ? value : singleQuoted(value);
}

/** A mapping key for a new line: plain when that reads back as the same string. */
export function formatKey(key: string, inFlow: boolean): string {
  return isSafePlain(key, inFlow) && !key.includes(':') ? key : formatScalar(key, Scalar.QUOTE_SINGLE, inFlow);
}

/** What formatScalar(…, keepNumber) will make the value read as: for checking an edit. */
export function resolvedValue(value: string, keepNumber: boolean): string | number {
  return keepNumber && /^-?\d+(?:\.\d+)?$/.test(value) && !/^-?0\d/.test(value) ? Number(value) : value;
}

export function isSafePlain(value: string, inFlow: boolean): boolean {
  if (value === '' || value !== value.trim()) return false;
  const snippet = inFlow ? `{k: ${value}}` : `k: ${value}`;
  for (const version of ['1.2', '1.1'] as const) {
    const doc = parseDocument(snippet, { version });
    if (doc.errors.length > 0 || doc.get('k') !== value) return false;
  }
  return true;
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** JSON's string escapes are all valid in a YAML double-quoted scalar. */
function doubleQuoted(value: string): string {
  return JSON.stringify(value);
}
