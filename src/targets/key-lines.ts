/**
 * The lines of a text that can hold a key, found without walking every line. A refresh writes
 * three keys of a 10,000-line `.env` or `env.py`: every line that assigns a key names it, so
 * the lines that contain the name are the only ones whose assignment can be that key's. The
 * search runs in the string built-ins (indexOf), which stay fast in a process that has just
 * started — walking 10,000 lines in JavaScript there cost 30–60 ms of a 50 ms budget.
 *
 * Only for texts whose lines all end in LF (hasOnlyLfLines): with CR in play, engines take
 * their full line-by-line parse, which handles every line ending.
 */

/** One line: where it starts in the text, its 0-based index and its content (without the LF). */
export interface TextLine {
  readonly start: number;
  readonly index: number;
  readonly content: string;
}

/** No CR anywhere: a line ends at LF, and nothing else counts as a line break. */
export function hasOnlyLfLines(text: string): boolean {
  return !text.includes('\r');
}

/**
 * Every line of `text` (LF only) that contains `needle`, once each, in order. `lines` numbers
 * them; give the same LineNumbers to every search of one text, so the counting is done once.
 */
export function linesContaining(text: string, needle: string, lines: LineNumbers): TextLine[] {
  const found: TextLine[] = [];
  if (needle === '') return found;
  for (let at = text.indexOf(needle); at !== -1; ) {
    const start = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    found.push({ start, index: lines.indexOf(start), content: text.slice(start, end) });
    at = newline === -1 ? -1 : text.indexOf(needle, end + 1);
  }
  return found;
}

/**
 * Line numbers of an LF text by offset, counted with indexOf from the last answer onwards:
 * asked in increasing order (a key's lines, then the next key's further down) it is one pass.
 */
export class LineNumbers {
  readonly #text: string;
  #offset = 0;
  #line = 0;

  constructor(text: string) {
    this.#text = text;
  }

  /** 0-based index of the line that starts at `start` (a line start, or 0). */
  indexOf(start: number): number {
    if (start < this.#offset) {
      this.#offset = 0;
      this.#line = 0;
    }
    for (let newline = this.#text.indexOf('\n', this.#offset); newline !== -1 && newline < start; newline = this.#text.indexOf('\n', newline + 1)) {
      this.#line++;
      this.#offset = newline + 1;
    }
    return this.#line;
  }
}

/** A line's new content; its line ending stays. */
export interface LineRewrite {
  readonly start: number;
  /** Length of the content it replaces (the line without its ending). */
  readonly length: number;
  readonly content: string;
}

/**
 * `text` with whole lines' contents replaced (one rewrite per line, any order): the same
 * string as splitting, swapping those lines and joining again, without touching the others.
 */
export function rewriteLines(text: string, rewrites: Iterable<LineRewrite>): string {
  const sorted = [...rewrites].sort((a, b) => a.start - b.start);
  if (sorted.length === 0) return text;
  const pieces: string[] = [];
  let copiedTo = 0;
  for (const { start, length, content } of sorted) {
    pieces.push(text.slice(copiedTo, start), content);
    copiedTo = start + length;
  }
  pieces.push(text.slice(copiedTo));
  return pieces.join('');
}

/** What both engines keep of a text: the whole parse once made, and the keys asked about so far. */
export interface KeyedText<A extends { readonly key: string }> {
  readonly full?: { readonly assignments: readonly A[] };
  readonly byKey: Map<string, readonly A[]>;
}

/**
 * The assignments of `key`, found once per text: from the whole parse when it was made (it
 * knows every line, so it is the authority), else by `search` over the lines naming the key.
 */
export function assignmentsOfKey<A extends { readonly key: string }>(parsed: KeyedText<A>, key: string, search: () => A[]): readonly A[] {
  let found = parsed.byKey.get(key);
  if (!found) {
    found = parsed.full ? parsed.full.assignments.filter((a) => a.key === key) : search();
    parsed.byKey.set(key, found);
  }
  return found;
}
