/**
 * SCENARIOS.md 1, the guest house: a Django app reads SCIENER_* from env.py, keeps
 * main/tokens.json, and runs on Heroku. The whole wizard through the real setup effects: the
 * loopback TTLock, real files in a temp folder, and the real heroku CLI against a loopback
 * Platform API. Each file's diff after the write must be exactly its token lines.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { maskSecret } from '../../src/secret-mask.js';
import { runCommand } from '../../src/system/run-command.js';
import { herokuCliEnv, makeHerokuHome } from '../support/heroku-cli-env.js';
import { FAKE_HEROKU_API_KEY, startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { canUseCrontab, HEROKU_QUIET_CRONTAB, runAsCron, throwawayCrontab } from '../support/throwaway-crontab.js';
import { startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { answer, expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';
import { guestHouseEnvPy, guestHouseTokensJson } from '../support/scenario-files.js';
import { REAUTH_BIN } from '../support/reauth-bin.js';

/** The heroku CLI needs about a second of CPU per call, more when tests run side by side. */
const HEROKU_WAIT_MS = 90_000;

let emu: TtlockEmulator;
let heroku: HerokuPlatformFake;
let home: string;
let dir: string;



const OLD_ACCESS = 'fake-ttlock-access-expired';
const OLD_REFRESH = 'fake-ttlock-refresh-expired';

function deps(): Deps {
  const unused = (name: string) => () => {
    throw new Error(`TTLock has no browser step: deps.${name} must not be called`);
  };
  return {
    fetch: globalThis.fetch,
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    env: herokuCliEnv({ home, origin: heroku.origin }),
    platform: process.platform,
    openUrl: unused('openUrl'),
    copyText: unused('copyText'),
    runCommand,
  };
}

function start() {
  return startWizardRun({ cwd: dir, provider: 'ttlock', noBrowser: true }, deps());
}

/** Waits out a step that runs the heroku CLI, then answers the question after it. */
async function answerAfterHeroku(run: WizardRun, id: string, value: string | boolean | readonly string[]): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  await nextQuestion(run, HEROKU_WAIT_MS);
  await answer(run, id, value);
}

/** Region and credentials (found in env.py): up to "where to write". */
async function credentials(run: WizardRun): Promise<void> {
  await answer(run, 'region', 'eu');
  const clientId = await expectQuestion(run, 'client_id');
  expect(clientId.kind === 'text' && clientId.initial).toBe(emu.credentials.clientId);
  expect(clientId.help).toContain('Found in env.py (SCIENER_CLIENT_ID); press Enter to keep it.');
  await answer(run, 'client_id', emu.credentials.clientId);
  const secret = await expectQuestion(run, 'client_secret');
  expect(secret.help).toContain('Found in env.py (SCIENER_CLIENT_SECRET)');
  await answer(run, 'client_secret', emu.credentials.clientSecret);
}

/** The TTLock app account, asked once the places are chosen and checked (the heroku CLI takes a while). */
async function signIn(run: WizardRun): Promise<void> {
  await answerAfterHeroku(run, 'username', emu.credentials.username);
  await answer(run, 'password', emu.credentials.password);
  await new Promise((r) => setTimeout(r, 0));
}

beforeAll(async () => {
  emu = await startTtlockEmulator();
  heroku = await startHerokuPlatformFake();
  home = await makeHerokuHome();
  // The CLI's first-run chores in HOME happen once, before the timed tests.
  const env = herokuCliEnv({ home, origin: heroku.origin });
  await runCommand(env.REAUTH_HEROKU_BIN!, ['auth:whoami'], { env });
});

afterAll(async () => {
  await emu?.close();
  await heroku?.close();
  await rm(home, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-guest-house-'));
  const o = ttlockOverride(emu);
  await writeFile(join(dir, 'reauth.yaml'), `version: 1\nprofiles: {}\nproviders:\n  ttlock:\n    api_url: ${o.api_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`);
  await writeFile(join(dir, 'env.py'), guestHouseEnvPy(OLD_ACCESS, OLD_REFRESH), { mode: 0o640 });
  await mkdir(join(dir, 'main'));
  await writeFile(join(dir, 'main', 'tokens.json'), guestHouseTokensJson(OLD_ACCESS, OLD_REFRESH));
  await writeFile(join(dir, 'manage.py'), '#!/usr/bin/env python\nimport os\n');
  heroku.addApp('guest-house', { SCIENER_ACCESS_TOKEN: OLD_ACCESS, SCIENER_REFRESH_TOKEN: OLD_REFRESH, DATABASE_URL: 'postgres://fake-heroku-db/guesthouse' });
  heroku.addApp('guest-house-staging', {});
  heroku.resetRecords();
});

describe('scenario 1: guest house on Heroku with TTLock locks', () => {
  it('writes fresh tokens to env.py, main/tokens.json and the Heroku app in one go', async () => {
    const { run: runP, done } = start();
    const run = await runP;
    await credentials(run);

    const targets = await expectQuestion(run, 'targets');
    if (targets.kind !== 'multiselect') throw new Error('targets is a multiselect');
    expect(targets.options.map((o) => [o.label, o.hint])).toEqual([
      ['env.py', 'holds SCIENER_ACCESS_TOKEN and SCIENER_REFRESH_TOKEN'],
      ['main/tokens.json', 'holds access_token and refresh_token'],
      ['.env', 'a new file in this folder'],
      ['Heroku app…', 'config vars of one of your apps (you choose which next)'],
      ['Another file…', 'type its path: .env, .py, .yaml, .yml or .json'],
    ]);
    // The files that clearly hold these tokens are ticked already.
    expect(targets.initial).toEqual(['0', '1']);
    run.answer({ type: 'values', id: 'targets', values: ['0', '1', '3'] });

    await new Promise((r) => setTimeout(r, 0));
    const appQuestion = (await nextQuestion(run, HEROKU_WAIT_MS)).prompt;
    expect(appQuestion.id).toBe('heroku_app');
    if (appQuestion.kind !== 'select') throw new Error('heroku_app is a select');
    expect(appQuestion.options.map((o) => o.value)).toEqual(['guest-house', 'guest-house-staging']);
    expect(appQuestion.help).toContain('reauth sets 2 config vars there (SCIENER_ACCESS_TOKEN, SCIENER_REFRESH_TOKEN) in one call');
    expect(appQuestion.help).toContain('one release');
    await answer(run, 'heroku_app', 'guest-house');

    const envPyKeys = await answer(run, 'keys', 'keep');
    expect(envPyKeys.title).toBe('Key names in env.py');
    expect(envPyKeys.help).toContain('SCIENER_REFRESH_TOKEN');
    expect((await answer(run, 'keys', 'keep')).title).toBe('Key names in main/tokens.json');
    expect((await answer(run, 'keys', 'keep')).title).toBe('Key names in Heroku app guest-house');

    await new Promise((r) => setTimeout(r, 0));
    await signIn(run);
    const preview = (await nextQuestion(run, HEROKU_WAIT_MS)).prompt;
    if (preview.kind !== 'preview') throw new Error(`expected the preview, got ${preview.id}`);
    const issued = emu.issued().at(-1)!;
    const masked = (value: string) => maskSecret(value);
    expect(preview.blocks).toEqual([
      {
        label: 'env.py',
        lines: [
          { key: 'SCIENER_ACCESS_TOKEN', before: masked(OLD_ACCESS), after: masked(issued.accessToken) },
          { key: 'SCIENER_REFRESH_TOKEN', before: masked(OLD_REFRESH), after: masked(issued.refreshToken) },
        ],
        warnings: [],
        unchanged: false,
      },
      {
        label: 'main/tokens.json',
        lines: [
          { key: 'access_token', before: masked(OLD_ACCESS), after: masked(issued.accessToken) },
          { key: 'refresh_token', before: masked(OLD_REFRESH), after: masked(issued.refreshToken) },
        ],
        warnings: [],
        unchanged: false,
      },
      {
        label: 'Heroku app guest-house',
        lines: [
          { key: 'SCIENER_ACCESS_TOKEN', before: masked(OLD_ACCESS), after: masked(issued.accessToken) },
          { key: 'SCIENER_REFRESH_TOKEN', before: masked(OLD_REFRESH), after: masked(issued.refreshToken) },
        ],
        warnings: [],
        notes: [
          'Heroku will restart guest-house once (one release) to apply 2 config vars.',
          'Sent in one Heroku API request: the values never appear on a command line.',
        ],
        unchanged: false,
      },
    ]);
    expect(JSON.stringify(preview)).not.toContain(issued.refreshToken);
    run.answer({ type: 'confirm', id: 'preview', value: true });

    await answerAfterHeroku(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'guesthouse');
    await answer(run, 'schedule', 'later');
    const outcome = await done;
    expect(outcome.exitCode).toBe(0);
    expect(outcome.lines[0]).toBe('New tokens written to env.py, main/tokens.json, Heroku app guest-house.');
    expect(JSON.stringify(outcome.lines)).not.toContain(issued.accessToken);

    // Exactly the token lines changed, byte for byte; env.py keeps its 0640.
    expect(await readFile(join(dir, 'env.py'), 'utf8')).toBe(guestHouseEnvPy(issued.accessToken, issued.refreshToken));
    expect((await stat(join(dir, 'env.py'))).mode & 0o777).toBe(0o640);
    expect(await readFile(join(dir, 'main', 'tokens.json'), 'utf8')).toBe(guestHouseTokensJson(issued.accessToken, issued.refreshToken));
    // One PATCH carrying every key: one release, one restart.
    expect(heroku.configPatches).toEqual([
      { app: 'guest-house', body: { SCIENER_ACCESS_TOKEN: issued.accessToken, SCIENER_REFRESH_TOKEN: issued.refreshToken } },
    ]);
    expect(heroku.apps.get('guest-house')!.config.DATABASE_URL).toBe('postgres://fake-heroku-db/guesthouse');

    const saved = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(saved).toContain('guesthouse:');
    expect(saved).toContain('app: guest-house');
    expect(saved).toContain('file: main/tokens.json');
    expect(saved).not.toContain(emu.credentials.clientSecret);
  }, 240_000);

  // Issue 12's "done when": from a fresh folder, setup → "add it to my crontab now" → a line in
  // the (throwaway) crontab that, run as cron runs it, refreshes into the Heroku app.
  it.skipIf(!canUseCrontab)('adds the unattended refresh to the crontab from the last question, and that line works under cron', { timeout: 240_000 }, async () => {
    const cron = throwawayCrontab();
    try {
      cron.write(`${HEROKU_QUIET_CRONTAB.join('\n')}\n`);
      // Logged in as `heroku login` leaves it: cron has no HEROKU_API_KEY, the CLI reads ~/.netrc.
      await writeFile(join(home, '.netrc'), `machine ${new URL(heroku.origin).host}\n  login fake-owner@example.com\n  password ${FAKE_HEROKU_API_KEY}\n`, { mode: 0o600 });
      const { run: runP, done } = startWizardRun({ cwd: dir, provider: 'ttlock', noBrowser: true, program: [process.execPath, REAUTH_BIN] }, { ...deps(), env: { ...deps().env, REAUTH_CRONTAB_USER: cron.user } });
      const run = await runP;
      await credentials(run);
      await answer(run, 'targets', ['0', '3']);
      await answerAfterHeroku(run, 'heroku_app', 'guest-house');
      await answer(run, 'keys', 'keep');
      await answer(run, 'keys', 'keep');
      await signIn(run);
      await answerAfterHeroku(run, 'preview', true);
      await answerAfterHeroku(run, 'after_write', '');
      await answer(run, 'save', true);
      await answer(run, 'profile_name', 'guesthouse');
      const question = await expectQuestion(run, 'schedule');
      expect(question.help).toContain('TTLock (Sciener) access tokens last 90 days: refreshing once a day');
      await answer(run, 'schedule', 'install');
      const outcome = await done;
      expect(outcome.exitCode).toBe(0);
      expect(outcome.lines.join('\n')).toMatch(/✔ Added guesthouse in reauth's block in reauth-cron-[\d-]+'s crontab/);

      // The check before installing was one real refresh, written to Heroku like any other.
      expect(heroku.configPatches).toHaveLength(2);
      const text = cron.read();
      expect(text.startsWith(`${HEROKU_QUIET_CRONTAB.join('\n')}\n# >>> reauth (managed: guesthouse) >>>`)).toBe(true);
      const [job] = await runAsCron(text, home);
      expect(job!.code).toBe(0);
      expect(heroku.configPatches).toHaveLength(3);
      const latest = emu.issued().at(-1)!;
      expect(heroku.apps.get('guest-house')!.config.SCIENER_ACCESS_TOKEN).toBe(latest.accessToken);
      expect(await readFile(join(dir, 'env.py'), 'utf8')).toBe(guestHouseEnvPy(latest.accessToken, latest.refreshToken));
    } finally {
      cron.dispose();
      await rm(join(home, '.netrc'), { force: true });
    }
  });

  it('still writes the files when the Heroku app is gone at write time, and keeps the tokens in a rescue file', async () => {
    const { run: runP, done } = start();
    const run = await runP;
    await credentials(run);
    // Heroku in the middle: the file after it must still be written.
    await answer(run, 'targets', ['0', '3', '1']);
    await answerAfterHeroku(run, 'heroku_app', 'guest-house');
    await answer(run, 'keys', 'keep');
    await answer(run, 'keys', 'keep');
    await answer(run, 'keys', 'keep');
    await new Promise((r) => setTimeout(r, 0));
    await signIn(run);
    expect((await nextQuestion(run, HEROKU_WAIT_MS)).prompt.id).toBe('preview');
    // Someone deletes (or renames) the app between the preview and the write.
    heroku.apps.delete('guest-house');
    run.answer({ type: 'confirm', id: 'preview', value: true });

    await new Promise((r) => setTimeout(r, 0));
    const failed = (await nextQuestion(run, HEROKU_WAIT_MS)).prompt;
    expect(failed.id).toBe('write_failed');
    const issued = emu.issued().at(-1)!;
    const help = failed.help ?? '';
    expect(help).toContain('✔ env.py: 2 keys written, backup at env.py.bak');
    expect(help).toContain('✘ Heroku app guest-house: Heroku has no app called guest-house');
    expect(help).toContain('✔ main/tokens.json: 2 keys written, backup at main/tokens.json.bak');
    expect(help).not.toContain(issued.accessToken);

    expect(await readFile(join(dir, 'env.py'), 'utf8')).toBe(guestHouseEnvPy(issued.accessToken, issued.refreshToken));
    expect(await readFile(join(dir, 'main', 'tokens.json'), 'utf8')).toBe(guestHouseTokensJson(issued.accessToken, issued.refreshToken));

    await answer(run, 'write_failed', 'quit');
    const outcome = await done;
    expect(outcome.exitCode).toBe(5);
    const path = /(\/\S+\.json)/.exec(outcome.lines.join(' '))?.[1];
    expect(path).toContain(join(dir, '.reauth', 'rescue'));
    expect((await stat(path!)).mode & 0o777).toBe(0o600);
    const rescued = JSON.parse(await readFile(path!, 'utf8'));
    expect(rescued.values).toMatchObject({ access_token: issued.accessToken, refresh_token: issued.refreshToken, uid: '7001' });
  }, 240_000);
});
