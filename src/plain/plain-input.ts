/**
 * The plain renderer's one reader of stdin. Each @inquirer/prompts question (and the paste
 * reader) gets its keys from here, never from stdin itself, because stdin shared naively loses
 * and leaks type-ahead:
 * - inquirer hands a question the whole chunk it reads; keys typed ahead arrive glued
 *   ("1⏎client-id⏎secret⏎"), the question takes its line and the rest dies with it;
 * - between questions (a busy step) inquirer leaves the terminal in line mode, where the
 *   terminal itself echoes what is typed: a password typed ahead would show in clear.
 * So the terminal stays in raw mode (no echo) for the whole run, keys typed while no question
 * is open wait in a queue, and each question gets them in order up to its Enter — the same
 * rules as the Ink screens (src/flow/paste-input-state.ts, typeAheadUse).
 */
import { PassThrough } from 'node:stream';
import type { Prompt } from '../flow/prompt.js';
import { firstAnswerLength, typeAheadDroppedNote, typeAheadUse } from '../flow/paste-input-state.js';

export type RawInput = NodeJS.ReadableStream & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (on: boolean) => unknown };

/** `line`: an inquirer question, done at its Enter. `paste`: the paste reader decides when it is done. */
export type PlainInputMode = 'line' | 'paste';

interface Pending {
  readonly text: string;
  /** Typed while no question was open: the type-ahead rules apply. */
  readonly ahead: boolean;
  /** The last question open when it was typed was a secret field. */
  readonly afterSecret: boolean;
}

interface Consumer {
  readonly prompt: Prompt;
  readonly mode: PlainInputMode;
  readonly take: (text: string, close: () => void) => void;
}

export interface PlainInputOptions {
  /** Where notes go (keys typed ahead that were not used). */
  readonly write: (text: string) => void;
  /** Ctrl+C while no question is open (raw mode turns it into a key, not a SIGINT). */
  readonly onInterrupt: () => void;
}

const CTRL_C = '\u0003';

function isSecretField(prompt: Prompt | undefined): boolean {
  return prompt?.kind === 'text' && prompt.secret;
}

export class PlainInput {
  readonly #input: RawInput;
  readonly #options: PlainInputOptions;
  #queue: Pending[] = [];
  #consumer: Consumer | undefined;
  #lastQuestion: Prompt | undefined;
  #pumping = false;
  #raw = false;

  constructor(input: RawInput, options: PlainInputOptions) {
    this.#input = input;
    this.#options = options;
  }

  /** Whether keys arrive one by one (raw mode), or a line at a time from a terminal in line mode. */
  get raw(): boolean {
    return this.#raw;
  }

  start(): void {
    if (this.#input.isTTY && typeof this.#input.setRawMode === 'function') {
      this.#input.setRawMode(true);
      this.#raw = true;
    }
    this.#input.on('data', this.#onData);
    this.#input.resume();
  }

  stop(): void {
    this.#input.off('data', this.#onData);
    if (this.#raw) this.#input.setRawMode?.(false);
    this.#raw = false;
    this.#input.pause();
    this.#consumer = undefined;
  }

  /** A stream for one inquirer question: keys typed ahead first, up to its Enter, then live keys. */
  openQuestion(prompt: Prompt): { readonly stream: NodeJS.ReadableStream; close(): void } {
    const stream = new PassThrough({ encoding: 'utf8' });
    const close = this.open(prompt, 'line', (text) => stream.write(text));
    return {
      stream,
      close: () => {
        close();
        stream.end();
      },
    };
  }

  /**
   * Gives `take` every chunk for this prompt, typed-ahead ones first, until closed — with the
   * returned function, or the one `take` receives (a paste that ends inside a queued chunk
   * must stop the queue there, before the next chunk is handed over).
   */
  open(prompt: Prompt, mode: PlainInputMode, take: (text: string, close: () => void) => void): () => void {
    const consumer: Consumer = { prompt, mode, take };
    this.#consumer = consumer;
    this.#lastQuestion = prompt;
    this.#pump();
    return this.#closer(consumer);
  }

  #closer(consumer: Consumer): () => void {
    return () => {
      if (this.#consumer === consumer) this.#consumer = undefined;
    };
  }

  readonly #onData = (chunk: Buffer | string): void => {
    const text = chunk.toString();
    if (text.includes(CTRL_C) && !this.#consumer) {
      this.#queue = [];
      this.#options.onInterrupt();
      return;
    }
    this.#queue.push({ text, ahead: this.#consumer === undefined, afterSecret: isSecretField(this.#lastQuestion) });
    this.#pump();
  };

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (;;) {
        const consumer = this.#consumer;
        const next = this.#queue[0];
        if (!consumer || !next) return;
        if (next.ahead) {
          const use = typeAheadUse(consumer.prompt, next.afterSecret);
          if (use.use === 'drop') {
            this.#queue = [];
            this.#options.write(`(${typeAheadDroppedNote(use.why)})\n`);
            return;
          }
        }
        this.#queue.shift();
        if (consumer.mode === 'paste') {
          consumer.take(next.text, this.#closer(consumer));
          continue;
        }
        const end = firstAnswerLength(next.text);
        const text = end === undefined ? next.text : next.text.slice(0, end);
        if (end !== undefined) {
          // What follows the Enter was typed for a question that is not asked yet.
          this.#queue.unshift({ text: next.text.slice(end), ahead: true, afterSecret: next.ahead ? next.afterSecret : isSecretField(consumer.prompt) });
        }
        // An inquirer question ends at its Enter: keys after it wait for the next question.
        if (/[\r\n]$/.test(text)) this.#consumer = undefined;
        consumer.take(text, this.#closer(consumer));
      }
    } finally {
      this.#pumping = false;
    }
  }
}
