/**
 * Reads one paste in the plain renderer. A terminal in line mode cuts a line at 4095 bytes
 * (the kernel's canonical-mode limit), which would truncate a long redirect URL, so on a TTY
 * the paste is read in raw mode: chunks are collected as they come, a line break inside a
 * chunk is part of the paste (a URL wrapped when copied), and one at the end of a chunk is
 * the Enter key. Without a TTY, lines that arrive together are one paste.
 */
import { createInterface } from 'node:readline';

export type PasteRead = { readonly type: 'text'; readonly text: string } | { readonly type: 'cancel' } | { readonly type: 'aborted' };

type RawInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };

const ECHO_LIMIT = 120;

export function readPaste(input: RawInput, write: (text: string) => void, signal: AbortSignal): Promise<PasteRead> {
  return input.isTTY && typeof input.setRawMode === 'function' ? readRaw(input, write, signal) : readLines(input, signal);
}

function readRaw(input: RawInput, write: (text: string) => void, signal: AbortSignal): Promise<PasteRead> {
  return new Promise((resolve) => {
    let text = '';
    const finish = (result: PasteRead) => {
      input.off('data', onData);
      signal.removeEventListener('abort', onAbort);
      input.setRawMode!(false);
      input.pause();
      if (result.type === 'text') write(text.length > ECHO_LIMIT ? ` (${text.length} characters)\n` : '\n');
      resolve(result);
    };
    const onAbort = () => finish({ type: 'aborted' });
    const onData = (chunk: Buffer | string) => {
      const s = chunk.toString();
      if (s === '\u0003') return finish({ type: 'cancel' });
      if (s === '\u007f' || s === '\b') {
        if (text.length > 0) {
          text = text.slice(0, -1);
          if (text.length < ECHO_LIMIT) write('\b \b');
        }
        return;
      }
      const endsWithEnter = /[\r\n]$/.test(s);
      const body = s.replace(/\r\n?/g, '\n').replace(/\n$/, '');
      const before = text.length;
      text += body;
      if (before < ECHO_LIMIT) write(body.slice(0, ECHO_LIMIT - before).replace(/\n/g, ' '));
      if (endsWithEnter && text.trim() !== '') finish({ type: 'text', text });
    };
    signal.addEventListener('abort', onAbort);
    input.setRawMode!(true);
    input.on('data', onData);
    input.resume();
  });
}

function readLines(input: NodeJS.ReadableStream, signal: AbortSignal): Promise<PasteRead> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, terminal: false });
    const lines: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const done = (result: PasteRead) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      rl.close();
      resolve(result);
    };
    const onAbort = () => done({ type: 'aborted' });
    signal.addEventListener('abort', onAbort);
    rl.on('close', () => done(lines.length ? { type: 'text', text: lines.join('\n') } : { type: 'cancel' }));
    rl.on('line', (line) => {
      lines.push(line);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => done({ type: 'text', text: lines.join('\n') }), 120);
    });
  });
}
