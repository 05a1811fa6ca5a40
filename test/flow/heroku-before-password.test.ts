/**
 * Issue 11, point 1, the guest house set up afresh with the heroku CLI logged out: the places
 * come before the TTLock account and password, so "Heroku app…" finds the CLI logged out while
 * nothing has been typed or spent — and unticking it goes on to the password with the files.
 * The real heroku CLI against the loopback Platform API, as in scenario 1.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { runCommand } from '../../src/system/run-command.js';
import { randomBytes } from 'node:crypto';
import { herokuCliEnv, makeHerokuHome } from '../support/heroku-cli-env.js';
import { startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { answer, expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';
import { guestHouseEnvPy, guestHouseTokensJson } from '../support/scenario-files.js';

/** The heroku CLI needs about a second of CPU per call, more when tests run side by side. */
const HEROKU_WAIT_MS = 90_000;

let emu: TtlockEmulator;
let heroku: HerokuPlatformFake;
let home: string;
let dir: string;

function deps(): Deps {
  return {
    fetch: globalThis.fetch,
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    // Installed, but logged out: no API key, no ~/.netrc.
    env: herokuCliEnv({ home, origin: heroku.origin, apiKey: null }),
    platform: process.platform,
    openUrl: () => {
      throw new Error('TTLock has no browser step');
    },
    copyText: async () => ({ ok: false }),
    runCommand,
  };
}

beforeAll(async () => {
  emu = await startTtlockEmulator();
  heroku = await startHerokuPlatformFake();
  home = await makeHerokuHome();
});
afterAll(async () => {
  await emu?.close();
  await heroku?.close();
  await rm(home, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-heroku-first-'));
  const o = ttlockOverride(emu);
  await writeFile(join(dir, 'reauth.yaml'), `version: 1\nprofiles: {}\nproviders:\n  ttlock:\n    api_url: ${o.api_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`);
  await writeFile(join(dir, 'env.py'), guestHouseEnvPy('fake-ttlock-access-old', 'fake-ttlock-refresh-old'));
  await mkdir(join(dir, 'main'));
  await writeFile(join(dir, 'main', 'tokens.json'), guestHouseTokensJson('fake-ttlock-access-old', 'fake-ttlock-refresh-old'));
  heroku.addApp('guest-house', {});
});

async function afterHeroku(run: WizardRun) {
  await new Promise((r) => setTimeout(r, 0));
  return (await nextQuestion(run, HEROKU_WAIT_MS)).prompt;
}

describe('a new TTLock connection with the heroku CLI logged out', () => {
  it('says so before the account and password, spends nothing, and goes on once Heroku is unticked', async () => {
    const { run: runP, done } = startWizardRun({ cwd: dir, provider: 'ttlock', noBrowser: true }, deps());
    const run = await runP;
    await answer(run, 'region', 'eu');
    await answer(run, 'client_id', emu.credentials.clientId);
    await answer(run, 'client_secret', emu.credentials.clientSecret);
    const targets = await expectQuestion(run, 'targets');
    if (targets.kind !== 'multiselect') throw new Error('targets is a multiselect');
    const heroku = targets.options.find((o) => o.label === 'Heroku app…')!;
    run.answer({ type: 'values', id: 'targets', values: ['0', heroku.value] });

    const problem = await afterHeroku(run);
    if (problem.kind !== 'problem') throw new Error(`expected the problem screen, got ${problem.id}`);
    expect(problem.title).toBe('Your Heroku apps could not be listed');
    expect(problem.options.map((o) => o.label)).toEqual(['Try again', 'Choose other places', 'Quit']);
    expect(problem.options.at(-1)?.hint).toBe('nothing was spent: you have not signed in yet');
    // No account asked, no password typed, no token request.
    expect(run.getView().history.map((h) => h.label)).not.toContain('Account');
    expect(emu.issued()).toHaveLength(0);

    run.answer({ type: 'value', id: problem.id, value: 'targets' });
    const again = await expectQuestion(run, 'targets');
    expect(again.kind === 'multiselect' && again.initial).toEqual(['0', heroku.value]);
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    const account = await afterHeroku(run);
    expect(account.id).toBe('username');
    run.answer({ type: 'cancel' });
    await done;
    expect(emu.issued()).toHaveLength(0);
    expect(await readFile(join(dir, 'env.py'), 'utf8')).toBe(guestHouseEnvPy('fake-ttlock-access-old', 'fake-ttlock-refresh-old'));
  }, 200_000);
});
