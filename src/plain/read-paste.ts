/**
 * Reads one paste in the plain renderer. A terminal in line mode cuts a line at 4095 bytes (the
 * kernel's canonical-mode limit), which would truncate a long redirect URL, so the terminal is
 * in raw mode (plain-input.ts) and the chunks go through the same paste input as the Ink box
 * (src/flow/paste-input-state.ts): a line break inside a chunk is part of the paste (a URL
 * wrapped when copied), one at the end of a chunk is Enter — after a 50 ms wait when the chunk
 * is long, since a ~4 KB chunk may end in the middle of a wrapped address.
 */
import type { Prompt } from '../flow/prompt.js';
import { headOf, PasteInput, type PasteInputEvent } from '../flow/paste-input-state.js';
import type { PlainInput } from './plain-input.js';

export type PasteRead = { readonly type: 'text'; readonly text: string } | { readonly type: 'cancel' } | { readonly type: 'aborted' };

/** Echoed as typed up to this many characters; a long paste is summed up by its length. */
const ECHO_LIMIT = 120;
/** A terminal in line mode hands a wrapped paste over a line at a time, a little apart. */
const LINE_MODE_HOLD_MS = 120;

/** One raw chunk as the paste input's event; undefined for keys that mean nothing here (arrows). */
function toPasteEvent(chunk: string): PasteInputEvent | undefined {
  if (chunk === '\u007F' || chunk === '\b') return { type: 'backspace' };
  if (chunk === '\u0015') return { type: 'clear' };
  if (chunk === '\r' || chunk === '\n' || chunk === '\r\n') return { type: 'enter' };
  if (/^\u001B(\[[0-9;]*[A-Za-z~]|O[A-Za-z])?$/.test(chunk) && !/^\u001B\[20[01]~$/.test(chunk)) return undefined;
  return { type: 'text', text: chunk };
}

function printable(text: string): string {
  return text.replace(/\n/g, ' ');
}

export function readPaste(input: PlainInput, prompt: Prompt, write: (text: string) => void, signal: AbortSignal): Promise<PasteRead> {
  return new Promise((resolve) => {
    let shown = '';
    let settled = false;
    let closeInput: (() => void) | undefined;
    const paste = new PasteInput({
      ...(input.raw ? {} : { mayBeCutAt: 0, holdMs: LINE_MODE_HOLD_MS }),
      onChange: (state) => {
        // Redraw only the first ECHO_LIMIT characters, by difference: cheap whatever the size.
        const head = printable(headOf(state, ECHO_LIMIT));
        let same = 0;
        while (same < shown.length && same < head.length && shown[same] === head[same]) same++;
        if (input.raw) write('\b \b'.repeat(shown.length - same) + head.slice(same));
        shown = head;
      },
      onSubmit: (text) => {
        // An Enter on an empty line is a slip of the finger, not an answer.
        if (text.trim() !== '') finish({ type: 'text', text });
      },
    });
    const finish = (result: PasteRead) => {
      if (settled) return;
      settled = true;
      closeInput?.();
      paste.dispose();
      signal.removeEventListener('abort', onAbort);
      if (result.type === 'text' && input.raw) write(result.text.length > ECHO_LIMIT ? ` (${result.text.length} characters)\n` : '\n');
      resolve(result);
    };
    const onAbort = () => finish({ type: 'aborted' });
    signal.addEventListener('abort', onAbort);
    const close = input.open(prompt, 'paste', (chunk, closeNow) => {
      closeInput = closeNow;
      if (chunk.includes('\u0003')) return finish({ type: 'cancel' });
      const event = toPasteEvent(chunk);
      if (event) paste.apply(event);
    });
    closeInput = close;
    if (settled) close();
  });
}
