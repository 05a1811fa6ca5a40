/**
 * Issue 11.5: NO_COLOR (https://no-color.org) stops colour, and only colour: bold and dim are
 * not colour and stay, so the question still stands out and help still reads as help; ✔ ✘ ❯
 * carry the meaning. The same screen without NO_COLOR is coloured, so the check can fail.
 */
import chalk from 'chalk';
import { afterEach, expect, it, vi } from 'vitest';
import { FakeStore, viewOf } from './fake-store.js';
import { renderInAct } from './ink-harness.js';
import { selectPrompt } from './prompts.js';
import { colourCodesIn, sgrParams } from '../support/sgr-codes.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The wizard's screen with a finished step, a question with help, a failed answer: every tone. */
async function screenWith(env: Record<string, string | undefined>): Promise<string> {
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  // The theme decides once, when it loads: load it afresh under this environment.
  vi.resetModules();
  // As in a terminal that shows styles (the test's stdout is a pipe, where chalk draws none).
  chalk.level = 3;
  const { App } = await import('../../screens/app.js');
  const store = new FakeStore(
    viewOf(selectPrompt({ help: 'Pick the one your program talks to.', error: 'Choose one of the options.' }), [
      { label: 'Profile', value: 'new connection' },
      { label: 'Old token', value: 'not revoked', failed: true },
    ]),
  );
  const screen = await renderInAct(<App store={store} />);
  const frame = screen.frames.at(-1) ?? '';
  screen.unmount();
  return frame;
}

it('draws bold and dim but no colour with NO_COLOR, and keeps the symbols', async () => {
  const frame = await screenWith({ NO_COLOR: '1', FORCE_COLOR: undefined });
  expect(colourCodesIn(frame)).toEqual([]);
  const params = sgrParams(frame);
  for (const style of ['1', '2', '22']) expect(params, `SGR ${style}`).toContain(style);
  for (const symbol of ['✔', '✘', '❯']) expect(frame).toContain(symbol);
});

it('draws colour without NO_COLOR, and with FORCE_COLOR set as well', async () => {
  expect(colourCodesIn(await screenWith({ NO_COLOR: undefined }))).not.toEqual([]);
  expect(colourCodesIn(await screenWith({ NO_COLOR: '1', FORCE_COLOR: '1' }))).not.toEqual([]);
});

it('treats an empty NO_COLOR as not set', async () => {
  expect(colourCodesIn(await screenWith({ NO_COLOR: '' }))).not.toEqual([]);
});
