/**
 * Line handling shared by the text-file editing engines. Every engine edits a file line by
 * line and must give each line back with the exact ending it had: a file can be CRLF (edited
 * on Windows), LF, CR alone (classic Mac OS, some old editors and exports), or even mixed, and
 * none of that may change except on the lines we write. python-dotenv (universal newlines) and
 * Node's dotenv (`/\r\n?/` → `\n`) both read a lone CR as a line break, so we do too.
 */

export interface SourceLine {
  /** The line without its ending. */
  readonly content: string;
  /** '\r\n', '\n', '\r' or '' (the last line of a file without a trailing newline). */
  readonly eol: string;
}

export type Newline = '\r\n' | '\n' | '\r';

const LINE_END = /\r\n|\n|\r/g;

export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  if (!text.includes('\r')) {
    // The common case, a quarter of the regular expression's time on a 10,000-line file.
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      lines.push({ content: text.slice(start, end), eol: '\n' });
      start = end + 1;
    }
    if (start < text.length) lines.push({ content: text.slice(start), eol: '' });
    return lines;
  }
  for (const match of text.matchAll(LINE_END)) {
    lines.push({ content: text.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push({ content: text.slice(start), eol: '' });
  return lines;
}

export function joinLines(lines: readonly SourceLine[]): string {
  return lines.map((line) => line.content + line.eol).join('');
}

/**
 * joinLines(edited) where `edited` is a copy of `original` (splitLines(text)) with some lines
 * replaced, one for one: the text with just those lines swapped in. Joining all 10,000 lines of
 * a large .env again costs more than the rest of its edit; as splitLines(text) gives `text`
 * back joined, the result is the same string.
 */
export function joinEditedLines(text: string, original: readonly SourceLine[], edited: readonly SourceLine[]): string {
  if (edited.length !== original.length) return joinLines(edited);
  const pieces: string[] = [];
  let offset = 0;
  let copiedTo = 0;
  for (let index = 0; index < original.length; index++) {
    const before = original[index] as SourceLine;
    const after = edited[index] as SourceLine;
    const length = before.content.length + before.eol.length;
    if (after !== before) {
      pieces.push(text.slice(copiedTo, offset), after.content, after.eol);
      copiedTo = offset + length;
    }
    offset += length;
  }
  if (offset !== text.length) return joinLines(edited);
  if (pieces.length === 0) return text;
  pieces.push(text.slice(copiedTo));
  return pieces.join('');
}

/** The file's newline style, judged by its first line ending (LF for files without one). */
export function detectNewline(text: string): Newline {
  const first = /\r\n|\n|\r/.exec(text);
  return (first?.[0] as Newline | undefined) ?? '\n';
}

/** Text with `addition` appended, after first giving an unterminated last line its newline. */
export function appendLines(text: string, addition: string, newline: string): string {
  if (text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r')) return text + newline + addition;
  return text + addition;
}

/**
 * `contents` as new lines right after line `at`. A last line without an ending gets one first;
 * then the last inserted line has none, so the file still ends without a newline.
 */
export function insertAfter(lines: SourceLine[], at: number, contents: readonly string[], newline: string): void {
  const anchor = lines[at] as SourceLine;
  const eol = anchor.eol || newline;
  lines[at] = { content: anchor.content, eol };
  const inserted = contents.map((content, i) => ({ content, eol: i < contents.length - 1 || anchor.eol ? eol : '' }));
  lines.splice(at + 1, 0, ...inserted);
}

/** 1-based line number of a character offset (CRLF, LF and a lone CR each end a line). */
export function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
  }
  return line;
}

/** "3 and 9", "3, 9 and 12". */
export function listLineNumbers(lineNumbers: readonly number[]): string {
  if (lineNumbers.length <= 1) return lineNumbers.join('');
  return `${lineNumbers.slice(0, -1).join(', ')} and ${lineNumbers[lineNumbers.length - 1]}`;
}

/**
 * A key assigned more than once. Loaders disagree on which assignment wins (sh and
 * python-dotenv: the last; Node's dotenv: the first), so writers update every one of them.
 */
export function duplicateWarning(key: string, fileName: string, lineNumbers: readonly number[], updating: boolean): string {
  const times = lineNumbers.length === 2 ? 'twice' : `${lineNumbers.length} times`;
  const where = `${key} is set ${times} in ${fileName} (lines ${listLineNumbers(lineNumbers)})`;
  if (!updating) return `${where}; loaders disagree on which one wins`;
  const which = lineNumbers.length === 2 ? 'both were updated' : 'all were updated';
  return `${where}; ${which} — loaders disagree on which one wins`;
}

/** Items grouped by `groupOf`, in a Map that keeps the first-seen order of groups and within each. */
export function groupBy<T, G>(items: readonly T[], groupOf: (item: T) => G): Map<G, T[]> {
  const groups = new Map<G, T[]>();
  for (const item of items) {
    const at = groupOf(item);
    const group = groups.get(at);
    if (group) group.push(item);
    else groups.set(at, [item]);
  }
  return groups;
}
