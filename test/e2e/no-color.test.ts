/**
 * NO_COLOR (https://no-color.org) in both renderers of the installed package: no colour reaches
 * the terminal, bold and dim (not colour) still do, and the symbols that carry meaning stay. The
 * same run without NO_COLOR does draw colour, so the check below can fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { makeFolder, removeFolders } from './e2e-support.js';
import { colourCodesIn, sgrParams } from '../support/sgr-codes.js';


afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

async function firstQuestion(args: readonly string[], env: Record<string, string>): Promise<string> {
  const dir = await makeFolder('no-color-');
  // Without CI in the environment, as in a person's terminal: chalk draws no colour under CI.
  const session = startReauth({ args: [...args, '--provider', 'netatmo'], cwd: dir, env, unsetEnv: ['CI'] });
  await session.waitForText('Netatmo client ID');
  const raw = session.rawOutput;
  session.press('ctrl-c');
  expect(await session.exit()).toBe(130);
  return raw;
}

describe('NO_COLOR', () => {
  it.each([
    ['the full-screen wizard', []],
    ['--plain', ['--plain']],
  ])('%s draws no colour with NO_COLOR=1 but keeps the question bold, and draws colour without it', async (_name, args) => {
    const plainRun = await firstQuestion(args, { NO_COLOR: '1' });
    expect(colourCodesIn(plainRun)).toEqual([]);
    expect(sgrParams(plainRun)).toContain('1');
    const colourRun = await firstQuestion(args, {});
    expect(colourCodesIn(colourRun)).not.toEqual([]);
  });

  it('an empty NO_COLOR is not set (no-color.org), and FORCE_COLOR wins', async () => {
    expect(colourCodesIn(await firstQuestion([], { NO_COLOR: '' }))).not.toEqual([]);
    expect(colourCodesIn(await firstQuestion([], { NO_COLOR: '1', FORCE_COLOR: '1' }))).not.toEqual([]);
  });
});
