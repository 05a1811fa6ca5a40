/**
 * The one place Ink's key events go (App feeds it; no step component listens to stdin itself),
 * so keys typed while no question can take them are kept, not lost: while a busy step shows
 * ("Looking for files…", "Getting the tokens…"), and between an answer's Enter and the next
 * question's first frame. The next question gets them in order, up to its Enter; what follows
 * waits for the question after it. Without this, Ink hands the keys to whichever listener
 * exists at that moment — none, or the question already answered — and later answers shift by
 * one field (a TTLock password landed in the Account field, echoed in clear).
 */
import type { Key } from 'ink';
import type { Prompt } from '../src/flow/prompt.js';
import { firstAnswerLength, typeAheadDroppedNote, typeAheadUse } from '../src/flow/paste-input-state.js';

/**
 * How a step reads keys. `keys` (lists) and `line` (a one-line answer) end at an Enter, so
 * typed-ahead text glued to its Enter is cut there; `key` (yes/no) is answered by one key, so a
 * chunk is cut after it; `paste` keeps line breaks inside a chunk (a wrapped address).
 */
export type StepInputMode = 'key' | 'keys' | 'line' | 'paste';
export type StepInputHandler = (input: string, key: Key) => void;

interface Pending {
  readonly input: string;
  readonly key: Key;
  /** Typed before the current question was on screen: the type-ahead rules apply. */
  readonly ahead: boolean;
  /** The last question on screen when it was typed was a secret field. */
  readonly afterSecret: boolean;
}

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Where the answer of a question taken by one key (y/n) ends in a chunk: what was typed while
 * the write ran arrives glued ("nsudo systemctl restart chatbot⏎"), and taken whole it held
 * no y or n and was lost. The key, with an Enter right after it ("y⏎" typed fast), answers;
 * undefined when nothing follows.
 */
function oneKeyLength(text: string): number | undefined {
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0).length;
  const enter = text.startsWith('\r\n', first) ? 2 : text[first] === '\r' || text[first] === '\n' ? 1 : 0;
  const end = first + enter;
  return text.length > 0 && end < text.length ? end : undefined;
}

function isSecretField(prompt: Prompt | undefined): boolean {
  return prompt?.kind === 'text' && prompt.secret;
}

export class InputRouter {
  #queue: Pending[] = [];
  /** The question that takes keys now; undefined while busy or after an answer, until the next view. */
  #open: Prompt | undefined;
  /** The last question that took keys: keys typed after it, while busy, are tagged with it. */
  #lastQuestion: Prompt | undefined;
  #handler: { readonly handle: StepInputHandler; readonly mode: StepInputMode } | undefined;
  #pumping = false;
  readonly #onDropped: (note: string) => void;

  constructor(onDropped: (note: string) => void = () => {}) {
    this.#onDropped = onDropped;
  }

  /** The mounted step's key handler (one at a time); returns its detach. */
  attach(handle: StepInputHandler, mode: StepInputMode): () => void {
    const handler = { handle, mode };
    this.#handler = handler;
    this.#pump();
    return () => {
      if (this.#handler === handler) this.#handler = undefined;
    };
  }

  /** App shows a new view: its prompt takes keys (unless busy or finished), queued ones first. */
  present(prompt: Prompt | undefined): void {
    this.#open = prompt && prompt.kind !== 'busy' && prompt.kind !== 'done' ? prompt : undefined;
    if (this.#open) this.#lastQuestion = this.#open;
    if (!prompt || prompt.kind === 'done') this.#drop(undefined);
    this.#pump();
  }

  /**
   * The open question was answered. Keys that follow belong to the next question, which is not
   * on screen yet: hold them until App presents it (the old step may still be mounted).
   */
  answered(): void {
    this.#open = undefined;
  }

  /** One key event from Ink (Ctrl+C and Esc-back are App's, never routed). */
  input(input: string, key: Key): void {
    this.#queue.push({ input, key, ahead: this.#open === undefined, afterSecret: isSecretField(this.#lastQuestion) });
    this.#pump();
  }

  #pump(): void {
    // A handler that answers can make React commit the next step (and call present) before it
    // returns; the loop below then simply goes on with the new step, in order.
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (;;) {
        const open = this.#open;
        const handler = this.#handler;
        const next = this.#queue[0];
        if (!open || !handler || !next) return;
        if (next.ahead) {
          const use = typeAheadUse(open, next.afterSecret);
          if (use.use === 'drop') {
            this.#drop(use.why);
            return;
          }
        }
        this.#queue.shift();
        handler.handle(...this.#firstAnswer(next, handler.mode, open));
      }
    } finally {
      this.#pumping = false;
    }
  }

  /**
   * Cuts a chunk where this step's answer ends: at its first Enter, or after the one key that
   * answers a `key` step. The rest goes back to the head of the queue.
   */
  #firstAnswer(pending: Pending, mode: StepInputMode, open: Prompt): [string, Key] {
    const { key } = pending;
    if (mode === 'paste' || key.return || key.ctrl || key.meta) return [pending.input, key];
    const end = mode === 'key' ? oneKeyLength(pending.input) : firstAnswerLength(pending.input);
    if (end === undefined) return [pending.input, key];
    // What follows the Enter was typed for a question that is not on screen yet.
    this.#queue.unshift({ input: pending.input.slice(end), key: noKey, ahead: true, afterSecret: pending.ahead ? pending.afterSecret : isSecretField(open) });
    return [pending.input.slice(0, end), noKey];
  }

  #drop(why: string | undefined): void {
    const had = this.#queue.some((pending) => pending.ahead);
    this.#queue = [];
    if (had && why) this.#onDropped(typeAheadDroppedNote(why));
  }
}
