/**
 * The state of a one-line input that must take long pastes (a 100 KB redirect URL, a code) as
 * calmly as typing. Pure: no Ink, no React, so it is tested without a terminal and any renderer
 * can reuse it.
 *
 * Why not a string with a cursor, like @inkjs/ui TextInput: Ink 6 hands a paste over in ~4 KB
 * chunks, and per-character editing of a growing string makes a long paste quadratic. Here the
 * text is kept as the chunks that arrived (appending is O(chunk)), it is joined once, on submit,
 * and the screen only ever reads a bounded head and tail of it.
 */

export interface PasteInputState {
  /** The text so far, in the pieces it arrived in; never contains an empty piece. */
  readonly chunks: readonly string[];
  /** Total length of all chunks, kept so the screen never has to join them. */
  readonly length: number;
}

export type PasteInputEvent =
  /** Whatever Ink delivered as one input event: a typed key, or a whole paste chunk. */
  | { readonly type: 'text'; readonly text: string }
  /** A lone Enter key (Ink reports a single `\r` as `key.return`). */
  | { readonly type: 'enter' }
  | { readonly type: 'backspace' }
  /** Ctrl+U, as in a shell: clear the whole line. */
  | { readonly type: 'clear' };

export interface PasteInputResult {
  readonly state: PasteInputState;
  /** Set when the event ended with Enter: the exact text that was submitted. */
  readonly submitted?: string;
}

export const emptyPasteInput: PasteInputState = { chunks: [], length: 0 };

export function pasteInputFrom(text: string): PasteInputState {
  return text === '' ? emptyPasteInput : { chunks: [text], length: text.length };
}

/** The whole text; costs O(length), so only call it on submit. */
export function textOf(state: PasteInputState): string {
  return state.chunks.join('');
}

// Bracketed-paste markers: a terminal may send them if a previous program left the mode on.
// Ink strips the leading ESC, so they can reach us with or without it.
const bracketedPasteMarker = /\u001B?\[20[01]~/g;
// Control characters other than line breaks and tabs never belong in a code or a URL; inside a
// paste chunk they are noise from the terminal or the clipboard.
const strayControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * CRLF, CR and LF all become LF: terminals send CR for Enter and for pasted line breaks, and a
 * copied Windows text brings CRLF.
 */
export function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

// Small pieces (typed keys, or a terminal that hands a paste over a few bytes at a time) are
// merged into the last chunk, so the chunk list stays short and copying it stays cheap.
const mergeBelow = 1024;

function append(state: PasteInputState, text: string): PasteInputState {
  if (text === '') return state;
  const length = state.length + text.length;
  const last = state.chunks[state.chunks.length - 1];
  if (last !== undefined && last.length + text.length <= mergeBelow) {
    return { chunks: [...state.chunks.slice(0, -1), last + text], length };
  }
  return { chunks: [...state.chunks, text], length };
}

function dropLastCharacter(state: PasteInputState): PasteInputState {
  const last = state.chunks[state.chunks.length - 1];
  if (last === undefined) return state;
  // Remove a whole code point, so an emoji's surrogate pair is not split in half.
  const lastUnit = last.charCodeAt(last.length - 1);
  const width = lastUnit >= 0xdc00 && lastUnit <= 0xdfff && last.length >= 2 ? 2 : 1;
  const trimmed = last.slice(0, -width);
  const rest = state.chunks.slice(0, -1);
  return {
    chunks: trimmed === '' ? rest : [...rest, trimmed],
    length: state.length - (last.length - trimmed.length),
  };
}

function submit(state: PasteInputState): PasteInputResult {
  return { state, submitted: textOf(state) };
}

/**
 * Applies one input event. A line break INSIDE a chunk is kept (a URL copied from a terminal
 * comes wrapped over several lines; the parser downstream joins them), but a line break at the
 * very END of a chunk is Enter: Ink 6 delivers `"code\r"` typed or pasted in one go as a single
 * text event, not as an Enter key, so without this the person would press Enter and nothing
 * would happen.
 */
export function applyPasteInput(state: PasteInputState, event: PasteInputEvent): PasteInputResult {
  switch (event.type) {
    case 'enter':
      return submit(state);
    case 'backspace':
      return { state: dropLastCharacter(state) };
    case 'clear':
      return { state: emptyPasteInput };
    case 'text': {
      const clean = normaliseLineBreaks(event.text.replace(bracketedPasteMarker, '')).replace(strayControl, '');
      let end = clean.length;
      while (end > 0 && clean[end - 1] === '\n') end--;
      const endsWithEnter = end < clean.length;
      const next = append(state, clean.slice(0, end));
      return endsWithEnter ? submit(next) : { state: next };
    }
  }
}

export interface PastePreview {
  /** One line, safe to draw: at most head + tail characters of the text. */
  readonly text: string;
  /** True when the middle was left out. */
  readonly shortened: boolean;
}

/** Line breaks shown as a visible mark so the preview stays on one line. */
function printable(text: string): string {
  return text.replace(/\n/g, '⏎').replace(/\t/g, ' ');
}

function headOf(state: PasteInputState, count: number): string {
  let head = '';
  for (const chunk of state.chunks) {
    head += chunk.slice(0, count - head.length);
    if (head.length >= count) break;
  }
  return head;
}

function tailOf(state: PasteInputState, count: number): string {
  let tail = '';
  for (let index = state.chunks.length - 1; index >= 0 && tail.length < count; index--) {
    const chunk = state.chunks[index] ?? '';
    tail = chunk.slice(Math.max(0, chunk.length - (count - tail.length))) + tail;
  }
  return tail;
}

/**
 * A bounded view of the text for the screen: drawing 100 KB into a terminal would flood the
 * scrollback and make every re-render slow. Reads only head + tail characters, whatever the size.
 */
export function previewOf(state: PasteInputState, head = 40, tail = 20): PastePreview {
  if (state.length <= head + tail + 1) return { text: printable(headOf(state, state.length)), shortened: false };
  return { text: `${printable(headOf(state, head))}…${printable(tailOf(state, tail))}`, shortened: true };
}
