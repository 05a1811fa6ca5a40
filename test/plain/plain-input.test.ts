/** The plain renderer's one reader of stdin: type-ahead kept in order, cut at each Enter, never echoed. */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../src/flow/prompt.js';
import { PlainInput } from '../../src/plain/plain-input.js';
import { readPaste } from '../../src/plain/read-paste.js';

/** stdin as a terminal that supports raw mode. */
function fakeTty(): PassThrough & { isTTY: true; isRaw: boolean; setRawMode(on: boolean): void } {
  const stream = new PassThrough({ encoding: 'utf8' }) as PassThrough & { isTTY: true; isRaw: boolean; setRawMode(on: boolean): void };
  stream.isTTY = true;
  stream.isRaw = false;
  stream.setRawMode = (on) => {
    stream.isRaw = on;
  };
  return stream;
}

const text = (id: string, secret = false): Prompt => ({ kind: 'text', id, title: id, canGoBack: false, secret, optional: false });
const account = text('username');
const password = text('password', true);
const paste: Prompt = { kind: 'paste', id: 'paste', title: 'Sign in', canGoBack: false, linkNotes: [], deadline: 0, deadlineAssumed: false };

let inputs: PlainInput[] = [];
afterEach(() => {
  for (const input of inputs) input.stop();
  inputs = [];
  vi.useRealTimers();
});

function start() {
  const tty = fakeTty();
  const written: string[] = [];
  const interrupts: number[] = [];
  const input = new PlainInput(tty, { write: (t) => written.push(t), onInterrupt: () => interrupts.push(1) });
  input.start();
  inputs.push(input);
  return { tty, input, written, interrupts };
}

/** What one question receives: every chunk given to it until it is closed. */
function ask(input: PlainInput, prompt: Prompt): string[] {
  const got: string[] = [];
  input.open(prompt, 'line', (chunk) => got.push(chunk));
  return got;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('plain input', () => {
  it('keeps the terminal in raw mode for the whole run, so nothing typed is echoed by it', () => {
    const { tty, input } = start();
    expect(tty.isRaw).toBe(true);
    input.stop();
    expect(tty.isRaw).toBe(false);
  });

  it('gives keys typed while no question is open to the next questions, one answer each, in order', async () => {
    const { tty, input } = start();
    tty.write('alice\rfake-password-0001\r');
    await tick();
    expect(ask(input, account)).toEqual(['alice\r']);
    expect(ask(input, password)).toEqual(['fake-password-0001\r']);
  });

  it('hands a question its live keys, and what follows its Enter to the next question', async () => {
    const { tty, input } = start();
    const first = ask(input, account);
    tty.write('ali');
    tty.write('ce\rfake-pass');
    await tick();
    expect(first).toEqual(['ali', 'ce\r']);
    const second = ask(input, password);
    tty.write('word-0001\r');
    await tick();
    expect(second).toEqual(['fake-pass', 'word-0001\r']);
  });

  it('never replays keys typed right after a secret into a field that shows its text, and says so', async () => {
    const { tty, input, written } = start();
    const secret = ask(input, password);
    tty.write('fake-password-0001\r');
    await tick();
    expect(secret).toEqual(['fake-password-0001\r']);
    tty.write('fake-password-0001\r');
    await tick();
    expect(ask(input, account)).toEqual([]);
    expect(written.join('')).toContain('Keys typed ahead were not used here: they came right after a secret');
  });

  it('drops type-ahead at a problem, so it never picks a way out nobody read', async () => {
    const { tty, input, written } = start();
    tty.write('\r');
    await tick();
    expect(ask(input, { kind: 'problem', id: 'problem:exchange', title: 'That did not work', canGoBack: false, options: [] })).toEqual([]);
    expect(written.join('')).toContain('something needs your attention first');
  });

  it('turns Ctrl+C between questions into a cancel (raw mode sends no SIGINT)', async () => {
    const { tty, interrupts } = start();
    tty.write('\u0003');
    await tick();
    expect(interrupts).toEqual([1]);
  });
});

describe('plain paste reader', () => {
  it('reads a paste typed ahead whole, its inner line breaks included', async () => {
    const { tty, input } = start();
    tty.write('https://localhost/callback?state=s&co\rde=fake-code-0001\r');
    await tick();
    const read = await readPaste(input, paste, () => {}, new AbortController().signal);
    expect(read).toEqual({ type: 'text', text: 'https://localhost/callback?state=s&co\nde=fake-code-0001' });
  });

  it('waits 50 ms after a long chunk that ends in a line break, for the rest of a wrapped address', async () => {
    vi.useFakeTimers();
    const { tty, input } = start();
    const written: string[] = [];
    const reading = readPaste(input, paste, (t) => written.push(t), new AbortController().signal);
    const head = `https://localhost/callback?blob=${'x'.repeat(3000)}`;
    tty.write(`${head}\r`);
    await vi.advanceTimersByTimeAsync(20);
    tty.write('&state=s&code=fake-code-0001\r');
    await vi.advanceTimersByTimeAsync(60);
    await expect(reading).resolves.toEqual({ type: 'text', text: `${head}\n&state=s&code=fake-code-0001` });
    expect(written.join('')).toContain(' (3061 characters)');
  });

  it('submits a long chunk ending in a line break once nothing more comes', async () => {
    vi.useFakeTimers();
    const { tty, input } = start();
    const reading = readPaste(input, paste, () => {}, new AbortController().signal);
    tty.write(`${'y'.repeat(2000)}\r`);
    await vi.advanceTimersByTimeAsync(60);
    await expect(reading).resolves.toEqual({ type: 'text', text: 'y'.repeat(2000) });
  });

  it('echoes a typed code and takes Backspace, ignoring an Enter on an empty line', async () => {
    const { tty, input } = start();
    const written: string[] = [];
    const reading = readPaste(input, paste, (t) => written.push(t), new AbortController().signal);
    for (const key of ['\r', 'a', 'b', '\u007F', 'c', '\r']) {
      tty.write(key);
      await tick();
    }
    await expect(reading).resolves.toEqual({ type: 'text', text: 'ac' });
    expect(written.join('')).toBe('ab\b \bc\n');
  });

  it('leaves what follows the paste’s Enter for the next question', async () => {
    const { tty, input } = start();
    tty.write('fake-code-0001\r');
    await tick();
    tty.write('\r');
    await tick();
    await expect(readPaste(input, paste, () => {}, new AbortController().signal)).resolves.toEqual({ type: 'text', text: 'fake-code-0001' });
    expect(ask(input, { kind: 'select', id: 'targets', title: 'Where?', canGoBack: false, options: [] })).toEqual(['\r']);
  });
});
