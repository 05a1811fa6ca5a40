/**
 * Reads and edits `.env` files as text, touching only the value of the keys being written.
 * Comments (box-drawing banners included), blank lines, order, `export ` prefixes, spacing
 * around `=`, inline comments, quoting style and line endings all survive, and a file that
 * `sh` could source stays sourceable (`set -a; . ./.env` is a common way to load one).
 */
import { UserError } from '../errors.js';
import { parseOnce, type EngineOptions, type EngineReadResult, type KeyChange } from './engine-types.js';
import { groupNewKeys, locateKeys, needsBlankBeforeEnd, type KeyLocation } from './new-key-placement.js';
import { appendLines, detectNewline, duplicateWarning, groupByKey, insertAfter, joinEditedLines, joinLines, splitLines, type SourceLine } from './text-lines.js';

type Quote = "'" | '"' | '`' | '';

interface Assignment {
  readonly key: string;
  /** 0-based index of the line the assignment starts on. */
  readonly line: number;
  /** 0-based index of its last line (a quoted value may span several). */
  readonly lastLine: number;
  /** The line up to where the value starts, kept verbatim on edit. */
  readonly head: string;
  /** After the value: spacing, `# inline comment`, trailing blanks — kept verbatim on edit. */
  readonly tail: string;
  readonly quote: Quote;
  readonly value: string;
  readonly exported: boolean;
  /** Why the value cannot be rewritten in place, if it cannot. */
  readonly unsafe?: string;
}

const ASSIGNMENT = /^([ \t]*)(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*)=([ \t]*)/;
/** Characters a value may hold unquoted and still mean the same to sh and every dotenv loader. */
const BARE_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function readDotenv(text: string, keys: readonly string[], options: EngineOptions = {}): EngineReadResult {
  const fileName = options.fileName ?? '.env';
  const { byKey } = parsedDotenv(text, fileName, options);
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  const inconsistent: string[] = [];
  for (const key of new Set(keys)) {
    const found = byKey.get(key) ?? [];
    const last = found[found.length - 1];
    // sh and python-dotenv let the last assignment win; the duplicate warning covers the rest.
    if (last) values[key] = last.value;
    if (found.length > 1) {
      warnings.push(duplicateWarning(key, fileName, found.map((a) => a.line + 1), options.updating ?? false));
      if (new Set(found.map((a) => a.value)).size > 1) inconsistent.push(key);
    }
  }
  return { values, warnings, inconsistent };
}

export function editDotenv(text: string, changes: readonly KeyChange[], options: EngineOptions = {}): string {
  const fileName = options.fileName ?? '.env';
  const parsed = parsedDotenv(text, fileName, options);
  const { assignments } = parsed;
  // A copy: the parse is shared with later calls (engine-types.ts ParseMemo).
  const lines = [...parsed.lines];
  const newline = detectNewline(text);
  const added: KeyChange[] = [];
  const exportAll = assignments.length > 0 && assignments.every((a) => a.exported);

  for (const { key, value } of changes) {
    if (/[\r\n]/.test(value)) {
      throw new UserError(`The value for ${key} contains a line break, which ${fileName} cannot hold safely; nothing was written.`);
    }
    const found = parsed.byKey.get(key) ?? [];
    for (const assignment of found) {
      if (assignment.unsafe) {
        throw new UserError(
          `${key} in ${fileName} (line ${assignment.line + 1}) ${assignment.unsafe}, which reauth cannot edit safely; nothing was written.`,
          `put that value on one line (or delete it) and run reauth again`,
        );
      }
    }
    for (const assignment of found) {
      const { eol } = lines[assignment.line] as SourceLine;
      lines[assignment.line] = { content: assignment.head + formatValue(value, assignment.quote) + assignment.tail, eol };
    }
    if (found.length === 0) added.push({ key, value });
  }
  if (added.length === 0) return joinEditedLines(text, parsed.lines, lines);

  const exportedAt = new Map(assignments.map((a) => [a.lastLine, a.exported]));
  const assignmentLine = (key: string, value: string, exported: boolean): string => `${exported ? 'export ' : ''}${key}=${formatValue(value, '')}`;
  let atEnd = '';
  let inserted = false;
  // From the bottom up, so an insertion never moves a line a later one is anchored to.
  const groups = [...groupNewKeys(added, assignments, options.siblings ?? [])].sort(([a], [b]) => (a === 'end' ? 1 : b === 'end' ? -1 : b - a));
  for (const [at, group] of groups) {
    if (at === 'end') {
      atEnd = group.map(({ key, value }) => assignmentLine(key, value, exportAll) + newline).join('');
      continue;
    }
    // Written like the line it follows: `export ` after an exported sibling.
    insertAfter(lines, at, group.map(({ key, value }) => assignmentLine(key, value, exportedAt.get(at) ?? exportAll)), newline);
    inserted = true;
  }
  const edited = inserted ? joinLines(lines) : joinEditedLines(text, parsed.lines, lines);
  if (atEnd === '') return edited;
  const apart = needsBlankBeforeEnd(parsed.lines, (content) => content.trimStart().startsWith('#')) ? newline : '';
  return appendLines(edited, apart + atEnd, newline);
}

/** The places of `keys` (each one's first assignment) in `text`: what the preview says. */
export function locateDotenv(text: string, keys: readonly string[], options: EngineOptions = {}): ReadonlyMap<string, KeyLocation> {
  return locateKeys(parsedDotenv(text, options.fileName ?? '.env', options).assignments, keys);
}

/**
 * How `value` is written, given the quoting the key had. Single quotes are the safe default
 * (literal in sh and in every dotenv loader); a double-quoted original keeps double quotes
 * with sh's escapes. Netatmo tokens contain `|`, which sh would read as a pipe unquoted.
 */
export function formatValue(value: string, quote: Quote): string {
  if (quote === '"') return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
  if (quote === '`' && !value.includes('`')) return `\`${value}\``;
  if (quote === '' && (value === '' || BARE_SAFE.test(value))) return value;
  if (!value.includes("'")) return `'${value}'`;
  // python-dotenv misreads sh's '\'' idiom; double quotes mean the same to everyone when
  // nothing in the value needs escaping inside them.
  if (!/[\\"$`]/.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

interface ParsedDotenv {
  readonly lines: readonly SourceLine[];
  readonly assignments: readonly Assignment[];
  /** The assignments of each key, in file order: a 10,000-line file is looked up, not filtered. */
  readonly byKey: ReadonlyMap<string, readonly Assignment[]>;
}

function parsedDotenv(text: string, fileName: string, options: EngineOptions): ParsedDotenv {
  return parseOnce(options, text, `dotenv\0${fileName}`, () => {
    const lines = splitLines(text);
    const assignments = parseDotenv(lines, fileName);
    return { lines, assignments, byKey: groupByKey(assignments) };
  });
}

function parseDotenv(lines: readonly SourceLine[], fileName: string): Assignment[] {
  const assignments: Assignment[] = [];
  for (let index = 0; index < lines.length; index++) {
    const content = (lines[index] as SourceLine).content;
    // Blank lines and comments (a third of a long .env) can never match: skip the regex.
    const first = content.charCodeAt(0);
    if (content.length === 0 || first === 0x23) continue;
    const match = ASSIGNMENT.exec(content);
    if (!match) continue;
    const valueStart = match[0].length;
    const key = match[3] as string;
    const exported = match[2] !== undefined;
    const opener = content[valueStart];
    if (opener !== "'" && opener !== '"' && opener !== '`') {
      const bare = readBare(content, valueStart, match[4] as string, match[5] as string);
      assignments.push({ key, line: index, lastLine: index, exported, head: bare.head, tail: bare.tail, quote: '', value: bare.value });
      continue;
    }
    const rest = content.slice(valueStart);
    const head = content.slice(0, valueStart);
    const quoted = readQuoted(rest, opener);
    if (quoted) {
      assignments.push({ key, line: index, lastLine: index, exported, head, tail: quoted.tail, quote: opener, value: quoted.value });
      continue;
    }
    // The value runs on over the next lines (Node's dotenv and python-dotenv both allow it);
    // skip them so their text is never mistaken for assignments, and refuse to edit it.
    const end = findClosingLine(lines, index, opener);
    if (end === null || !closesAtLineEnd(lines[end] as SourceLine, opener)) throw unterminatedQuote(key, fileName, index + 1, opener);
    const unsafe = 'holds a quoted value that spans several lines';
    assignments.push({ key, line: index, lastLine: end, exported, head, tail: '', quote: opener, value: multiLineValue(lines, index, end, rest, opener), unsafe });
    index = end;
  }
  return assignments;
}

/**
 * A multi-line value ends at the first matching quote, and only if nothing but blanks or a
 * comment follows it: `A="abc` then `B="def"` is not a value `abc\nB=` (Node's dotenv reads
 * A as `"abc` and B as `def`; python-dotenv gives up on A).
 */
function closesAtLineEnd(line: SourceLine, quote: string): boolean {
  return /^[ \t]*(#.*)?$/.test(line.content.slice(findClose(line.content, 0, quote) + 1));
}

/**
 * A quote never closed where its value ends. Loaders part ways here: Node's dotenv keeps the
 * quote as part of a one-line value, python-dotenv skips the line with a warning, and any
 * later lines may or may not be swallowed. Whatever reauth read or wrote would disagree with
 * one of them, so the whole file is refused, untouched, even when the key is not one of ours.
 */
function unterminatedQuote(key: string, fileName: string, line: number, quote: string): UserError {
  return new UserError(
    `${key} in ${fileName} (line ${line}) opens a quote that is never closed (${quote}), so loaders disagree on where its value ends; reauth left the file untouched.`,
    `Add the closing ${quote} at the end of the value on line ${line} of ${fileName} (or remove the opening one), then run reauth again.`,
  );
}

/** An unquoted value: up to an inline ` # comment` (a `#` only starts one after a blank, as in sh). */
function readBare(content: string, valueStart: number, spaceBefore: string, spaceAfter: string) {
  const rest = content.slice(valueStart);
  if (rest.startsWith('#') && spaceAfter !== '') {
    // `KEY=   # note`: the value is empty. Write a new one right after `=` (or after
    // `= ` when the file spaces both sides), so `KEY=value   # note` stays sourceable.
    const cut = spaceBefore === '' ? valueStart - spaceAfter.length : valueStart;
    return { head: content.slice(0, cut), tail: content.slice(cut), value: '' };
  }
  const comment = rest.includes('#') ? /[ \t]#/.exec(rest) : null;
  const raw = comment ? rest.slice(0, comment.index) : rest;
  const last = raw.charCodeAt(raw.length - 1);
  const value = last === 0x20 || last === 0x09 ? raw.replace(/[ \t]+$/, '') : raw;
  const valueEnd = valueStart + value.length;
  return { head: content.slice(0, valueStart), tail: content.slice(valueEnd), value };
}

/**
 * A quoted value closed on the same line. After the closing quote, sh keeps reading the same
 * word, so `'it'\''s'` is one value: follow that idiom, which formatValue() writes.
 */
function readQuoted(rest: string, quote: "'" | '"' | '`'): { value: string; tail: string } | null {
  let value = '';
  let position = 0;
  let current: string = quote;
  for (;;) {
    const close = findClose(rest, position + 1, current);
    if (close === -1) return position === 0 ? null : { value: value + rest.slice(position), tail: '' };
    const body = rest.slice(position + 1, close);
    value += current === '"' ? unescapeDouble(body) : body;
    position = close + 1;
    if (current === "'" && rest.startsWith("\\''", position)) {
      value += "'";
      position += 2;
      current = "'";
      continue;
    }
    return { value, tail: rest.slice(position) };
  }
}

function findClose(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function findClosingLine(lines: readonly SourceLine[], start: number, quote: string): number | null {
  for (let index = start + 1; index < lines.length; index++) {
    if (findClose((lines[index] as SourceLine).content, 0, quote) !== -1) return index;
  }
  return null;
}

/** The value between the quotes; loaders turn every line break inside it into `\n`. */
function multiLineValue(lines: readonly SourceLine[], start: number, end: number, rest: string, quote: string): string {
  const parts = [rest.slice(1)];
  for (let index = start + 1; index <= end; index++) parts.push((lines[index] as SourceLine).content);
  const lastLine = parts.pop() as string;
  parts.push(lastLine.slice(0, findClose(lastLine, 0, quote)));
  const body = parts.join('\n');
  return quote === '"' ? unescapeDouble(body) : body;
}

/** Double-quoted escapes as dotenv loaders read them (`\n`) plus the ones sh needs (`\$`, `` \` ``). */
function unescapeDouble(body: string): string {
  return body.replace(/\\([\\"$`nrt])/g, (_, ch: string) => ({ n: '\n', r: '\r', t: '\t' })[ch] ?? ch);
}
