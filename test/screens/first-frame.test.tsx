/**
 * The frame drawn before Ink loads (screens/first-frame/) against Ink's own first frame: the same
 * cells, colours included, at several widths; and after the hand-over the screen holds Ink's
 * frame once, nothing of the pre-drawn one left above or below it (issue 9: no flicker, no jump).
 */
import chalk from 'chalk';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prompt, StepSummary } from '../../src/flow/prompt.js';
import { frameOf } from '../../screens/first-frame/first-frame.js';
import { preDraw } from '../../screens/first-frame/pre-draw.js';
import { renderWizard } from '../../screens/render-wizard.js';
import { FakeStore, viewOf } from './fake-store.js';
import { FakeTtyIn, FakeTtyOut, waitFor } from './fake-terminal.js';
import { selectPrompt, textPrompt } from './prompts.js';

const { Terminal } = xterm;

/** Records raw writes (FakeTtyOut keeps them private and strips escapes). */
class RecordingOut extends FakeTtyOut {
  readonly raw: string[] = [];
  override write(data: string, callback?: () => void): boolean {
    this.raw.push(data);
    return super.write(data, callback);
  }
}

interface Cell {
  readonly chars: string;
  readonly fg: number;
  readonly bold: boolean;
  readonly dim: boolean;
}

/** What a person sees: every row's characters, and the style of every visible character. */
async function screenOf(output: string, columns: number): Promise<{ text: string[]; styled: Cell[][] }> {
  const terminal = new Terminal({ cols: columns, rows: 40, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(output.replace(/\n/g, '\r\n'), resolve));
  const buffer = terminal.buffer.active;
  const text: string[] = [];
  const styled: Cell[][] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    text.push(line.translateToString(true));
    const cells: Cell[] = [];
    for (let x = 0; x < columns; x++) {
      const cell = line.getCell(x)!;
      // A blank shows no style; Ink may end a line with a styled space where the frame ends it bare.
      if (cell.getChars().trim() === '') continue;
      cells.push({ chars: cell.getChars(), fg: cell.getFgColor(), bold: cell.isBold() !== 0, dim: cell.isDim() !== 0 });
    }
    styled.push(cells);
  }
  const cursor = `cursor at ${buffer.cursorY + buffer.baseY},${buffer.cursorX}`;
  terminal.dispose();
  while (text.length > 0 && text.at(-1) === '') {
    text.pop();
    styled.pop();
  }
  return { text: [...text, cursor], styled };
}

function streams(columns: number) {
  const stdin = new FakeTtyIn();
  const stdout = new RecordingOut(columns);
  return { stdin, stdout, options: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream } };
}

/** Ink's first frame of `store`, then the wizard ends. */
async function inkFirstFrame(store: FakeStore, columns: number, before?: (out: RecordingOut) => (() => void) | undefined): Promise<{ pre: string; all: string }> {
  const { stdin, stdout, options } = streams(columns);
  const handOver = before?.(stdout);
  const pre = stdout.raw.join('');
  const finished = renderWizard(store, { ...options, ...(handOver ? { beforeFirstRender: handOver } : {}) });
  await waitFor(() => stdin.listening);
  const all = stdout.raw.join('');
  store.show(viewOf(store.getView().prompt, store.getView().history, { exitCode: 130 }));
  await finished;
  return { pre, all };
}

const history: StepSummary[] = [
  { label: 'Service', value: 'Netatmo' },
  { label: 'Client ID', value: 'fake-client-0001-with-a-long-value-that-wraps-under-its-own-column fake-words after it' },
];
const netatmoHelp = 'Sign in at https://dev.netatmo.com, open My apps and choose your app (or create one): it shows the client ID and the client secret.';

const cases: Array<[string, Prompt, StepSummary[]]> = [
  ['the Netatmo client ID question', textPrompt({ title: 'Netatmo client ID', help: netatmoHelp }), history.slice(0, 1)],
  ['a prefilled answer with a found note', textPrompt({ title: 'Netatmo client ID', help: `${netatmoHelp}\nFound in .env; press Enter to keep it.`, initial: 'fake-client-0001' }), history],
  ['a long prefilled answer, cut in the middle', textPrompt({ initial: `fake-${'x'.repeat(300)}-end` }), []],
  ['a secret with a placeholder-free empty box, going back', textPrompt({ title: 'Client secret', secret: true, canGoBack: true, optional: true }), history],
  ['a secret already typed, longer than the dots', textPrompt({ title: 'Client secret', secret: true, initial: 'f'.repeat(55) }), []],
  ['a placeholder and an error', textPrompt({ placeholder: 'e.g. fake-client-0001', error: 'A client ID has no spaces: check that you copied only the ID.', help: 'One line.\n\n  Indented after a blank line.' }), []],
  ['a list of services with hints', selectPrompt({ title: 'Which service?', help: 'Pick the one your program talks to.' }), []],
  ['a list whose second option is focused, going back, with an error', selectPrompt({ initial: 'tiktok', canGoBack: true, error: 'Choose one of these.' }), history],
  ['a long list, scrolled, labels without hints', selectPrompt({ initial: 'o11', options: Array.from({ length: 14 }, (_, i) => ({ value: `o${i}`, label: `Option number ${i}, a longer label` })) }), []],
  ['long labels beside long hints', selectPrompt({ options: [{ value: 'us', label: 'United States (accounts.zoho.com)', hint: 'com — the data centre where most accounts were made, if unsure' }, { value: 'eu', label: 'Europe (accounts.zoho.eu)', hint: 'eu' }] }), []],
  ['a busy step with help', { kind: 'busy', id: 'find_targets', title: 'Looking for files that already hold these tokens…', help: 'This takes a moment.', canGoBack: false }, history],
];

describe('the frame drawn before Ink loads', () => {
  let level: typeof chalk.level;
  beforeAll(() => {
    // Colours on, as in a person's terminal (the test's stdout is not one); Ink uses this same chalk.
    level = chalk.level;
    chalk.level = 2;
  });
  afterAll(() => {
    chalk.level = level;
  });

  for (const [name, prompt, steps] of cases) {
    for (const columns of [100, 60, 30]) {
      it(`shows exactly Ink's first frame, and leaves only Ink's after the hand-over: ${name}, ${columns} columns`, async () => {
        const ink = await inkFirstFrame(new FakeStore(viewOf(prompt, steps)), columns);
        let pre = '';
        const handedOver = await inkFirstFrame(new FakeStore(viewOf(prompt, steps)), columns, (out) => {
          const drawn = preDraw(new FakeStore(viewOf(prompt, steps)), out as unknown as NodeJS.WriteStream, { quietMs: 0 });
          return () => drawn.handOver();
        });
        pre = handedOver.pre;
        expect(pre).not.toBe('');
        const inkScreen = await screenOf(ink.all, columns);
        expect(await screenOf(pre, columns)).toEqual(inkScreen);
        expect(await screenOf(handedOver.all, columns)).toEqual(inkScreen);
      });
    }
  }

  it('leaves to Ink what it does not draw: a yes/no question, a finished wizard, a sign-in link', () => {
    expect(frameOf(viewOf({ kind: 'confirm', id: 'write', title: 'Write these changes?', initial: true, canGoBack: false }), [], [], 80)).toBeUndefined();
    expect(frameOf(viewOf(textPrompt(), [], { exitCode: 0 }), [], [], 80)).toBeUndefined();
    expect(frameOf(viewOf(textPrompt()), [{ kind: 'link', title: 'Sign in', url: 'https://auth.example.test/' }], [], 80)).toBeUndefined();
  });

  it('leaves to Ink a frame as tall as the terminal (Ink draws those another way)', async () => {
    const out = new RecordingOut(30);
    const options = Array.from({ length: 14 }, (_, i) => ({ value: `o${i}`, label: `Option number ${i} with a label long enough to wrap three times at thirty columns` }));
    const drawn = preDraw(new FakeStore(viewOf(selectPrompt({ options }))), out as unknown as NodeJS.WriteStream);
    await drawn.inkWanted;
    expect(out.raw).toEqual([]);
  });

  it('draws nothing and wants Ink at once when the first view is one only Ink draws', async () => {
    const out = new RecordingOut(80);
    const drawn = preDraw(new FakeStore(viewOf({ kind: 'confirm', id: 'write', title: 'Write these changes?', initial: true, canGoBack: false })), out as unknown as NodeJS.WriteStream);
    await drawn.inkWanted;
    drawn.handOver();
    out.write('next');
    expect(out.raw).toEqual(['next']);
  });

  it('draws no spinner for a busy step that opens the wizard and ends within quietMs: the question is the first thing written', async () => {
    const store = new FakeStore(viewOf({ kind: 'busy', id: 'find_targets', title: 'Looking…', canGoBack: false }, history.slice(0, 1)));
    const out = new RecordingOut(80);
    const drawn = preDraw(store, out as unknown as NodeJS.WriteStream, { busyMs: 60_000, quietMs: 60_000 });
    expect(out.raw).toEqual([]);
    store.show(viewOf(textPrompt({ title: 'Netatmo client ID' }), history.slice(0, 1)));
    await drawn.inkWanted;
    expect(out.raw).toHaveLength(1);
    const screen = await screenOf(out.raw.join(''), 80);
    expect(screen.text.filter((line) => line.includes('Service'))).toHaveLength(1);
    expect(screen.text.join('\n')).toContain('Netatmo client ID');
    drawn.handOver();
  });

  it('draws the spinner of a busy step that opens the wizard once it has lasted quietMs', async () => {
    const store = new FakeStore(viewOf({ kind: 'busy', id: 'find_targets', title: 'Looking…', canGoBack: false }, history.slice(0, 1)));
    const out = new RecordingOut(80);
    const drawn = preDraw(store, out as unknown as NodeJS.WriteStream, { busyMs: 60_000, quietMs: 20 });
    expect(out.raw).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await screenOf(out.raw.join(''), 80)).text.join('\n')).toContain('Looking…');
    drawn.handOver();
  });

  it('follows the view while a step is busy, and wants Ink once a question is on screen', async () => {
    const store = new FakeStore(viewOf({ kind: 'busy', id: 'find_targets', title: 'Looking…', canGoBack: false }, history.slice(0, 1)));
    const out = new RecordingOut(80);
    const drawn = preDraw(store, out as unknown as NodeJS.WriteStream, { busyMs: 60_000, quietMs: 0 });
    let wanted = false;
    void drawn.inkWanted.then(() => (wanted = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(wanted).toBe(false);
    store.show(viewOf(textPrompt({ title: 'Netatmo client ID' }), history.slice(0, 1)));
    await drawn.inkWanted;
    const screen = await screenOf(out.raw.join(''), 80);
    expect(screen.text.filter((line) => line.includes('Service'))).toHaveLength(1);
    expect(screen.text.join('\n')).toContain('Netatmo client ID');
    expect(screen.text.join('\n')).not.toContain('Looking…');
    drawn.handOver();
  });
});
