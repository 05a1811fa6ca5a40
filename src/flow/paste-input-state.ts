/**
 * The state of a one-line input that must take long pastes (a 100 KB redirect URL, a code) as
 * calmly as typing. No Ink, no React, no stdin: the Ink paste box (screens/use-paste-input.ts)
 * and the plain reader (src/plain/read-paste.ts) both drive this one copy. At the end: the
 * rules both renderers follow for keys typed before their question was on screen.
 *
 * Why not a string with a cursor, like @inkjs/ui TextInput: Ink 6 hands a paste over in ~4 KB
 * chunks, and per-character editing of a growing string makes a long paste quadratic. Here the
 * text is kept as the chunks that arrived (appending is O(chunk)), it is joined once, on submit,
 * and the screen only ever reads a bounded head and tail of it.
 */

import type { Prompt } from './prompt.js';

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
/** Ctrl+U (clear the line), DEL and BS (Backspace on most terminals / on some), as split separators. */
const lineEditKey = /(\u0015|\u007F|\u0008)/;

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
      // Keys typed quickly (or over a slow SSH link) can arrive in one read: a Ctrl+U or a
      // Backspace inside the chunk still edits the line, in order, instead of vanishing.
      const edits = event.text.split(lineEditKey);
      if (edits.length > 1) {
        let result: PasteInputResult = { state };
        for (const [i, piece] of edits.entries()) {
          if (i % 2 === 1) result = applyPasteInput(result.state, piece === '\u0015' ? { type: 'clear' } : { type: 'backspace' });
          else if (piece !== '') result = applyPasteInput(result.state, { type: 'text', text: piece });
          if (result.submitted !== undefined) return result;
        }
        return result;
      }
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

/** The first `count` characters, read from the first chunks only. */
export function headOf(state: PasteInputState, count: number): string {
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

/**
 * Terminals hand a paste over in chunks of about 4 KB (Ink 6, and a raw-mode TTY read alike).
 * A chunk this long that ends in a line break may have been cut there, in the middle of a
 * wrapped address; a typed Enter never comes glued to so much text.
 */
export const PASTE_MAY_BE_CUT_AT = 1024;
/** Chunks of one paste follow each other within a few milliseconds. */
export const PASTE_HOLD_MS = 50;

export interface PasteInputOptions {
  /** Called with the exact text when Enter arrives (as a key, at the end of a chunk, or after the hold). */
  readonly onSubmit: (text: string) => void;
  /** Called after every change of the text, to redraw it. */
  readonly onChange?: (state: PasteInputState) => void;
  /** Text already in the box when it appears (an editable default). */
  readonly initialText?: string;
  /** Empty the box after submitting: a second paste must not be glued to the first. */
  readonly clearOnSubmit?: boolean;
  /**
   * A line break that ends a chunk at least this long is held (default PASTE_MAY_BE_CUT_AT).
   * 0 holds every one: a terminal in line mode hands a wrapped paste over a line at a time.
   */
  readonly mayBeCutAt?: number;
  /** How long a held line break waits for more of the paste (default PASTE_HOLD_MS). */
  readonly holdMs?: number;
  /** Injected for tests; the global timers otherwise. */
  readonly timers?: HoldTimers;
}

export interface HoldTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const globalTimers: HoldTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The reducer plus the one thing a pure function cannot do: wait. A long chunk that ends in a
 * line break is held for PASTE_HOLD_MS; more text means the line break was inside the paste
 * (a wrapped address cut at a chunk boundary), anything else or silence means Enter.
 */
export class PasteInput {
  #state: PasteInputState;
  #held: { readonly text: string; readonly timer: unknown } | undefined;
  readonly #options: PasteInputOptions;
  readonly #timers: HoldTimers;

  constructor(options: PasteInputOptions) {
    this.#options = options;
    this.#timers = options.timers ?? globalTimers;
    this.#state = pasteInputFrom(options.initialText ?? '');
  }

  get state(): PasteInputState {
    return this.#state;
  }

  /** True while a line break at the end of a long chunk waits to be told apart from Enter. */
  get holding(): boolean {
    return this.#held !== undefined;
  }

  apply(event: PasteInputEvent): void {
    const held = this.#held;
    if (held) {
      this.#timers.clear(held.timer);
      this.#held = undefined;
      if (event.type === 'text') {
        // The paste went on: the line break belonged to it.
        this.#state = pasteInputFrom(`${held.text}\n`);
      } else {
        this.#submit(held.text, this.#state);
        if (event.type === 'enter') return;
      }
    }
    const result = applyPasteInput(this.#state, event);
    if (result.submitted === undefined) {
      this.#change(result.state);
      return;
    }
    if (event.type === 'text' && event.text.length >= (this.#options.mayBeCutAt ?? PASTE_MAY_BE_CUT_AT)) {
      const text = result.submitted;
      this.#change(pasteInputFrom(text));
      this.#held = {
        text,
        timer: this.#timers.set(() => {
          this.#held = undefined;
          this.#submit(text, result.state);
        }, this.#options.holdMs ?? PASTE_HOLD_MS),
      };
      return;
    }
    this.#submit(result.submitted, result.state);
  }

  /** Stops a pending hold without submitting (the question went away). */
  dispose(): void {
    if (this.#held) this.#timers.clear(this.#held.timer);
    this.#held = undefined;
  }

  #change(state: PasteInputState): void {
    this.#state = state;
    this.#options.onChange?.(state);
  }

  #submit(text: string, after: PasteInputState): void {
    this.#change(this.#options.clearOnSubmit ? emptyPasteInput : after);
    this.#options.onSubmit(text);
  }
}

/**
 * Where typed-ahead input ends its first answer. Keys typed while no question could take them
 * come out of the terminal glued together ("alice\rhunter2\r"); each line break in such a
 * chunk is the Enter of one answer, and what follows belongs to the next question. A chunk long
 * enough to be a paste is never cut: its line breaks are a wrapped address.
 * Returns the length of the first answer, line break included, or undefined when there is
 * nothing to cut (no line break, or only one at the very end).
 */
export function firstAnswerLength(text: string): number | undefined {
  if (text.length >= PASTE_MAY_BE_CUT_AT) return undefined;
  const at = text.search(/[\r\n]/);
  if (at < 0) return undefined;
  const end = text.startsWith('\r\n', at) ? at + 2 : at + 1;
  return end < text.length ? end : undefined;
}

export type TypeAheadUse =
  /** Nothing can take them yet (a busy step): keep them, in order. */
  | { readonly use: 'wait' }
  /** Give them to this prompt, up to its Enter; the rest waits for the next question. */
  | { readonly use: 'replay' }
  /** Drop every one of them, with the reason to show: dropping only some would shift the rest. */
  | { readonly use: 'drop'; readonly why: string };

/**
 * What keys typed ahead — while a busy step showed, or after the Enter of the last answer —
 * may do at this prompt. Both renderers keep them in order and ask this before replaying one.
 * `typedAfterSecret`: the last question on screen when they were typed was a secret field, so
 * they may be (the rest of) that secret.
 */
export function typeAheadUse(prompt: Prompt, typedAfterSecret: boolean): TypeAheadUse {
  switch (prompt.kind) {
    case 'busy':
      return { use: 'wait' };
    case 'done':
      return { use: 'drop', why: 'the wizard has ended' };
    // A failure, or the one step that changes the person's files: read before answering.
    case 'problem':
      return { use: 'drop', why: 'something needs your attention first' };
    case 'preview':
      return { use: 'drop', why: 'check what will change first' };
    default:
      // The last answer was refused: what was typed after it was meant for a later question.
      if (prompt.error) return { use: 'drop', why: 'the answer above needs fixing first' };
      // A secret replayed into a field that shows what it is given would be on screen in clear.
      if (typedAfterSecret && prompt.kind === 'text' && !prompt.secret) {
        return { use: 'drop', why: 'they came right after a secret, and this field shows what it is given' };
      }
      return { use: 'replay' };
  }
}

/** The line a renderer shows when it dropped keys typed ahead. */
export function typeAheadDroppedNote(why: string): string {
  return `Keys typed ahead were not used here: ${why}.`;
}
