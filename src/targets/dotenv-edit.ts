/**
 * Reads and edits `.env` files as text, touching only the value of the keys being written.
 * Comments (box-drawing banners included), blank lines, order, `export ` prefixes, spacing
 * around `=`, inline comments, quoting style and line endings all survive, and a file that
 * `sh` could source stays sourceable (`set -a; . ./.env` is a common way to load one).
 */
import { UserError } from '../errors.js';
import { parseOnce, type EngineOptions, type EngineReadResult, type KeyChange } from './engine-types.js';
import { groupNewKeys, locateKeys, needsBlankBeforeEnd, type KeyLocation } from './new-key-placement.js';
import { assignmentsOfKey, hasOnlyLfLines, LineNumbers, linesContaining, rewriteLines, type LineRewrite } from './key-lines.js';
import { appendLines, detectNewline, duplicateWarning, insertAfter, joinEditedLines, joinLines, splitLines, type SourceLine } from './text-lines.js';

type Quote = "'" | '"' | '`' | '';

/**
 * What the scan of every line records: where an assignment is, not what it holds. A 10,000-line
 * .env has thousands of keys and a refresh asks about three, so the value of an assignment is
 * read (valueParts) only when its key is asked about; the scan allocates one small object and
 * the key per assignment, which keeps a cold process's parse and garbage collection short.
 */
interface Assignment {
  readonly key: string;
  /** 0-based index of the line the assignment starts on. */
  readonly line: number;
  /** Where that line starts in the text, and what it says (without its ending). */
  readonly start: number;
  readonly content: string;
  /** 0-based index of its last line (a quoted value may span several). */
  readonly lastLine: number;
  readonly exported: boolean;
  /** Where the value starts in the line: after `=` and the blanks after it. */
  readonly valueStart: number;
  /** The quote the value opens with ('' unquoted). */
  readonly quote: Quote;
  /** How many blanks stand between the key and `=`, and between `=` and the value. */
  readonly blanksBefore: number;
  readonly blanksAfter: number;
}

/** An assignment's value and the text around it, as an edit keeps it. */
interface ValueParts {
  /** The line up to where the value starts, kept verbatim on edit. */
  readonly head: string;
  /** After the value: spacing, `# inline comment`, trailing blanks — kept verbatim on edit. */
  readonly tail: string;
  readonly quote: Quote;
  readonly value: string;
  /** Why the value cannot be rewritten in place, if it cannot. */
  readonly unsafe?: string;
}

/** Characters a value may hold unquoted and still mean the same to sh and every dotenv loader. */
const BARE_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const SPANS_LINES = 'holds a quoted value that spans several lines';

export function readDotenv(text: string, keys: readonly string[], options: EngineOptions = {}): EngineReadResult {
  const fileName = options.fileName ?? '.env';
  const parsed = parsedDotenv(text, fileName, options);
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  const inconsistent: string[] = [];
  for (const key of new Set(keys)) {
    const found = assignmentsOf(parsed, key);
    const read = found.map((a) => valueParts(parsed, a).value);
    // sh and python-dotenv let the last assignment win; the duplicate warning covers the rest.
    if (read.length > 0) values[key] = read[read.length - 1] as string;
    if (found.length > 1) {
      warnings.push(duplicateWarning(key, fileName, found.map((a) => a.line + 1), options.updating ?? false));
      if (new Set(read).size > 1) inconsistent.push(key);
    }
  }
  return { values, warnings, inconsistent };
}

export function editDotenv(text: string, changes: readonly KeyChange[], options: EngineOptions = {}): string {
  const fileName = options.fileName ?? '.env';
  const parsed = parsedDotenv(text, fileName, options);
  const newline = detectNewline(text);
  const added: KeyChange[] = [];
  const rewrites = new Map<number, LineRewrite & { readonly line: number }>();

  for (const { key, value } of changes) {
    if (/[\r\n]/.test(value)) {
      throw new UserError(`The value for ${key} contains a line break, which ${fileName} cannot hold safely; nothing was written.`);
    }
    const found = assignmentsOf(parsed, key);
    const parts = found.map((a) => valueParts(parsed, a));
    for (const [i, { unsafe }] of parts.entries()) {
      if (unsafe) {
        throw new UserError(
          `${key} in ${fileName} (line ${(found[i] as Assignment).line + 1}) ${unsafe}, which reauth cannot edit safely; nothing was written.`,
          `put that value on one line (or delete it) and run reauth again`,
        );
      }
    }
    for (const [i, { line, start, content }] of found.entries()) {
      const { head, quote, tail } = parts[i] as ValueParts;
      rewrites.set(line, { line, start, length: content.length, content: head + formatValue(value, quote) + tail });
    }
    if (found.length === 0) added.push({ key, value });
  }
  // Every key already there: only its lines change, and the rest of the text is copied as is.
  if (added.length === 0) return rewriteLines(text, rewrites.values());

  // A key is new: where it goes depends on every assignment in the file (new-key-placement.ts).
  const { lines: original, assignments } = everyAssignment(parsed);
  // A copy: the parse is shared with later calls (engine-types.ts ParseMemo).
  const lines = [...original];
  for (const { line, content } of rewrites.values()) lines[line] = { content, eol: (lines[line] as SourceLine).eol };
  const exportAll = assignments.length > 0 && assignments.every((a) => a.exported);
  // Only the few lines new keys follow are looked up (a Map of every line cost more than the edit).
  const exportedAt = (line: number): boolean | undefined => assignments.find((a) => a.lastLine === line)?.exported;
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
    insertAfter(lines, at, group.map(({ key, value }) => assignmentLine(key, value, exportedAt(at) ?? exportAll)), newline);
    inserted = true;
  }
  const edited = inserted ? joinLines(lines) : joinEditedLines(text, original, lines);
  if (atEnd === '') return edited;
  const apart = needsBlankBeforeEnd(original, (content) => content.trimStart().startsWith('#')) ? newline : '';
  return appendLines(edited, apart + atEnd, newline);
}

/** The places of `keys` (each one's first assignment) in `text`: what the preview says. */
export function locateDotenv(text: string, keys: readonly string[], options: EngineOptions = {}): ReadonlyMap<string, KeyLocation> {
  return locateKeys(everyAssignment(parsedDotenv(text, options.fileName ?? '.env', options)).assignments, keys);
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
  readonly text: string;
  readonly fileName: string;
  /**
   * The line-by-line parse of the whole file: made at once when the text needs it (a CR line
   * ending, a quote left open on its line — a value spanning lines, or a broken one that
   * refuses the file), else only when a new key is placed or located.
   */
  full?: FullParse;
  /** Numbers the lines key searches find (key-lines.ts), one count for the text. */
  readonly lineNumbers: LineNumbers;
  /**
   * The assignments of the keys asked about so far, in file order. Filled on demand: a refresh
   * asks for three keys of thousands, and indexing them all cost more than the whole edit. The
   * parse is shared (ParseMemo), and this cache only ever adds what the text already says.
   */
  readonly byKey: Map<string, readonly Assignment[]>;
}

interface FullParse {
  readonly lines: readonly SourceLine[];
  readonly assignments: readonly Assignment[];
}

/** What a key must look like to be assigned (the key part of ASSIGNMENT). */
const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * An assignment line whose value opens a quote and does not close it on that line (the test
 * parseDotenv makes with findClose, over the whole text at once): its value spans lines or is
 * broken, and only the line-by-line parse knows which. Used on LF-only texts.
 */
const OPEN_QUOTE_LINE = /(?:^|\n)[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.-]*[ \t]*=[ \t]*(?:'[^'\n]*|"(?:[^"\\\n]|\\[^\n])*\\?|`[^`\n]*)(?:\n|$)/;

function parsedDotenv(text: string, fileName: string, options: EngineOptions): ParsedDotenv {
  return parseOnce(options, text, `dotenv\0${fileName}`, () => {
    const parsed: ParsedDotenv = { text, fileName, lineNumbers: new LineNumbers(text), byKey: new Map() };
    // Parsed whole now when a key search could be wrong: a CR ends lines too, and the lines of
    // a value spanning several are no assignments. It also throws here over a broken quote.
    if (!hasOnlyLfLines(text) || OPEN_QUOTE_LINE.test(text)) everyAssignment(parsed);
    return parsed;
  });
}

function everyAssignment(parsed: ParsedDotenv): FullParse {
  if (!parsed.full) {
    const lines = splitLines(parsed.text);
    parsed.full = { lines, assignments: parseDotenv(lines, parsed.fileName) };
  }
  return parsed.full;
}

function assignmentsOf(parsed: ParsedDotenv, key: string): readonly Assignment[] {
  return assignmentsOfKey(parsed, key, () => searchAssignments(parsed, key));
}

/** The assignments of `key` among the lines that name it: what parseDotenv finds for it, on an LF text with every quote closed on its line. */
function searchAssignments(parsed: ParsedDotenv, key: string): Assignment[] {
  if (!KEY_NAME.test(key)) return [];
  const found: Assignment[] = [];
  for (const { start, index, content } of linesContaining(parsed.text, key, parsed.lineNumbers)) {
    if (content.length === 0 || content.charCodeAt(0) === 0x23) continue;
    const assignment = scanAssignment(content, index, start);
    if (assignment?.key === key) found.push(assignment);
  }
  return found;
}

function parseDotenv(lines: readonly SourceLine[], fileName: string): Assignment[] {
  const assignments: Assignment[] = [];
  let start = 0;
  for (let index = 0; index < lines.length; start += (lines[index] as SourceLine).content.length + (lines[index] as SourceLine).eol.length, index++) {
    const content = (lines[index] as SourceLine).content;
    // Blank lines and comments (a third of a long .env) can never match: skip the regex.
    if (content.length === 0 || content.charCodeAt(0) === 0x23) continue;
    const found = scanAssignment(content, index, start);
    if (!found) continue;
    const opener = found.quote;
    // An unquoted value, or a quote closed on its own line: one line, read when asked for.
    if (opener === '' || findClose(content, found.valueStart + 1, opener) !== -1) {
      assignments.push(found);
      continue;
    }
    // The value runs on over the next lines (Node's dotenv and python-dotenv both allow it);
    // skip them so their text is never mistaken for assignments, and refuse to edit it.
    const end = findClosingLine(lines, index, opener);
    if (end === null || !closesAtLineEnd(lines[end] as SourceLine, opener)) throw unterminatedQuote(found.key, fileName, index + 1, opener);
    assignments.push({ ...found, lastLine: end });
    for (; index < end; index++) start += (lines[index] as SourceLine).content.length + (lines[index] as SourceLine).eol.length;
  }
  return assignments;
}

const ASSIGNMENT = /^([ \t]*)(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*)=([ \t]*)/;

function scanAssignment(content: string, line: number, start: number): Assignment | null {
  const match = ASSIGNMENT.exec(content);
  if (!match) return null;
  const valueStart = match[0].length;
  const opener = content[valueStart];
  const quote: Quote = opener === "'" || opener === '"' || opener === '`' ? opener : '';
  return { key: match[3] as string, line, lastLine: line, start, content, exported: match[2] !== undefined, valueStart, quote, blanksBefore: (match[4] as string).length, blanksAfter: (match[5] as string).length };
}

/** The value of `a` and the text around it, read from its line(s). */
function valueParts(parsed: ParsedDotenv, a: Assignment): ValueParts {
  const { content } = a;
  if (a.quote === '') return { ...readBare(content, a.valueStart, a.blanksBefore, a.blanksAfter), quote: '' };
  const head = content.slice(0, a.valueStart);
  const rest = content.slice(a.valueStart);
  if (a.lastLine !== a.line) return { head, tail: '', quote: a.quote, value: multiLineValue(everyAssignment(parsed).lines, a.line, a.lastLine, rest, a.quote), unsafe: SPANS_LINES };
  const quoted = readQuoted(rest, a.quote) as { value: string; tail: string };
  return { head, tail: quoted.tail, quote: a.quote, value: quoted.value };
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
function readBare(content: string, valueStart: number, blanksBefore: number, blanksAfter: number) {
  const rest = content.slice(valueStart);
  if (rest.startsWith('#') && blanksAfter > 0) {
    // `KEY=   # note`: the value is empty. Write a new one right after `=` (or after
    // `= ` when the file spaces both sides), so `KEY=value   # note` stays sourceable.
    const cut = blanksBefore === 0 ? valueStart - blanksAfter : valueStart;
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
