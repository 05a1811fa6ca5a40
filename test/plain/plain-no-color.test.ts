/**
 * Issue 11.5 in plain mode: NO_COLOR stops colour only. inquirer alone would drop bold and dim
 * with it (Node's hasColors() says no to all styles under NO_COLOR); the question stays bold
 * and the kept answer dim, as in the full-screen wizard, and nothing is coloured.
 */
import { PassThrough } from 'node:stream';
import { afterEach, expect, it, vi } from 'vitest';
import { runPlain } from '../../src/plain/run-plain.js';
import { FakeStore, viewOf } from '../screens/fake-store.js';
import { textPrompt } from '../screens/prompts.js';
import { colourCodesIn, sgrParams } from '../support/sgr-codes.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function askedInTerminal(isTTY: boolean): Promise<string> {
  const store = new FakeStore(viewOf(textPrompt({ title: 'Netatmo client ID', initial: 'fake-netatmo-client-0001' })), (answer, s) => {
    if (answer.type === 'value') s.show({ ...viewOf({ kind: 'done', id: 'done', title: 'All done', lines: [], canGoBack: false }), finished: { exitCode: 0 } });
  });
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), isTTY ? { isTTY: true, columns: 80, rows: 24 } : {});
  let shown = '';
  output.on('data', (chunk: Buffer) => void (shown += chunk.toString()));
  const running = runPlain(store, { input, output, write: (t) => void (shown += t), now: () => 0 });
  await vi.waitFor(() => expect(shown).toContain('Netatmo client ID'), { timeout: 5000 });
  input.write('\r');
  await running;
  return shown;
}

it('keeps the question bold and the kept answer dim with NO_COLOR, in no colour', async () => {
  vi.stubEnv('NO_COLOR', '1');
  vi.stubEnv('FORCE_COLOR', undefined);
  const shown = await askedInTerminal(true);
  expect(colourCodesIn(shown)).toEqual([]);
  for (const style of ['1', '2', '22']) expect(sgrParams(shown), `SGR ${style}`).toContain(style);
  expect(shown).toContain('✔');
});

it('writes no escape codes into a log', async () => {
  vi.stubEnv('NO_COLOR', undefined);
  expect(sgrParams(await askedInTerminal(false))).toEqual([]);
});

it('draws colour without NO_COLOR, with an empty one (no-color.org: not set), and with FORCE_COLOR set as well', async () => {
  for (const env of [{ NO_COLOR: undefined }, { NO_COLOR: '' }, { NO_COLOR: '1', FORCE_COLOR: '1' }]) {
    vi.unstubAllEnvs();
    vi.stubEnv('FORCE_COLOR', undefined);
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    expect(colourCodesIn(await askedInTerminal(true)), JSON.stringify(env)).not.toEqual([]);
  }
});
