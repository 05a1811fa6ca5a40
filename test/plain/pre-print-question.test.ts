/**
 * Issue 9: in --plain the first question is drawn before @inquirer/prompts has loaded, and
 * inquirer's own first frame replaces it in place. That is only invisible if the line drawn
 * early is the very line inquirer draws: checked here against the real inquirer, through
 * askPlain as the wizard asks, for each kind of text question.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../src/flow/prompt.js';
import { PlainInput } from '../../src/plain/plain-input.js';

type TextPrompt = Extract<Prompt, { kind: 'text' }>;

const base = { kind: 'text', canGoBack: false, optional: false } as const;
const QUESTIONS: Record<string, TextPrompt> = {
  'a text field': { ...base, id: 'client_id', title: 'Netatmo client ID', help: 'Sign in at https://dev.netatmo.com and open My apps.', secret: false },
  'a text field with a default': { ...base, id: 'profile', title: 'Profile name', initial: 'weather', secret: false },
  'a secret field': { ...base, id: 'client_secret', title: 'Netatmo client secret', secret: true },
  'a secret field with one found': { ...base, id: 'client_secret', title: 'Netatmo client secret', initial: 'fake-secret-1', secret: true },
};

/** A terminal-like output that records every write, as inquirer's MuteStream and askPlain make them. */
function fakeTerminal(columns: number) {
  const writes: string[] = [];
  const out = Object.assign(new PassThrough(), { isTTY: true as const, columns, rows: 30 });
  out.write = ((chunk: unknown) => {
    writes.push(String(chunk));
    return true;
  }) as typeof out.write;
  return { out, writes };
}

/** askPlain from a fresh module (inquirer not loaded yet, as at start-up), aborted once inquirer has drawn. */
async function firstAsk(prompt: TextPrompt, columns = 100): Promise<string[]> {
  vi.resetModules();
  const { askPlain } = await import('../../src/plain/ask-plain.js');
  const { out, writes } = fakeTerminal(columns);
  const input = new PassThrough();
  const keys = new PlainInput(input, { write: (t) => out.write(t), onInterrupt: () => undefined });
  const controller = new AbortController();
  const asked = askPlain(prompt, { input, output: out, write: (t) => out.write(t), now: () => 0 }, controller.signal, keys);
  await vi.waitFor(() => expect(writes.some((w) => w.includes('\u001B['))).toBe(true));
  await vi.waitFor(() => expect(writes.some((w) => /\u001B\[\d+G$/.test(w))).toBe(true));
  controller.abort();
  expect(await asked).toBeUndefined();
  return writes;
}

describe('the plain first question drawn before inquirer loads', () => {
  for (const [what, prompt] of Object.entries(QUESTIONS)) {
    it(`is the line inquirer then draws over it, for ${what}`, async () => {
      const writes = await firstAsk(prompt);
      const inquirerFirst = writes.findIndex((w) => w.startsWith('\r\u001B[2K'));
      expect(inquirerFirst, JSON.stringify(writes)).toBeGreaterThan(0);
      const early = writes[inquirerFirst - 1]!;
      const drawn = writes[inquirerFirst]!.slice('\r\u001B[2K'.length);
      // inquirer leaves out the trailing space where the cursor stands and then places the cursor there.
      const cursorAt = /\u001B\[(\d+)G$/.exec(drawn);
      expect(cursorAt, JSON.stringify(drawn)).not.toBeNull();
      expect(drawn.slice(0, cursorAt!.index)).toBe(early.trimEnd());
      // The cursor stays where the early line left it (columns are 1-based in CSI G).
      const visible = early.replace(/\u001B\[\d+m/g, '');
      expect(Number(cursorAt![1]) - 1).toBe(visible.length);
      // The help above it comes once, before the question, as without the early line.
      if (prompt.help) expect(writes.filter((w) => w.includes(prompt.help!))).toHaveLength(1);
    });
  }

  it('is not drawn early when the line would not fit the terminal (inquirer wraps it its own way)', async () => {
    const writes = await firstAsk(QUESTIONS['a text field']!, 20);
    expect(writes.some((w) => w.startsWith('\r\u001B[2K'))).toBe(false);
  });
});
