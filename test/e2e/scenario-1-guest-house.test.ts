/**
 * SCENARIOS.md 1 end to end, the guest house: the built `reauth` in a real terminal, a
 * Django folder with env.py (`os.environ.setdefault` lines) and main/tokens.json, the loopback
 * TTLock, and the real heroku CLI against a loopback Platform API. One run must write all three
 * places; each file's diff must be exactly its token lines, Heroku must get ONE config PATCH
 * (one release, one restart), and the values the heroku CLI echoes must never reach the screen.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/system/run-command.js';
import { herokuCliEnv, makeHerokuHome } from '../support/heroku-cli-env.js';
import { startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { md5Hex, startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { answerSchedule, expectNoSecretShown, expectNoStackTrace, makeFolder, modeOf, removeFolders, writeConfig } from './e2e-support.js';
import { guestHouseEnvPy, guestHouseTokensJson } from '../support/scenario-files.js';

/** Each heroku CLI call takes about a second, more while other tests run beside this one. */
const HEROKU_STEP_MS = 30_000;

const OLD_ACCESS = 'fake-ttlock-access-expired';
const OLD_REFRESH = 'fake-ttlock-refresh-expired';



let emu: TtlockEmulator;
let heroku: HerokuPlatformFake;
let herokuHome: string;

/** The pty's environment: the heroku CLI pointed at the fake, with a HOME of its own. */
function herokuEnv(): Record<string, string> {
  const env = herokuCliEnv({ home: herokuHome, origin: heroku.origin });
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

beforeAll(async () => {
  emu = await startTtlockEmulator();
  heroku = await startHerokuPlatformFake();
  herokuHome = await makeHerokuHome();
  // The CLI's first-run chores in HOME (plugin cache, git config) happen once, outside the run.
  const env = herokuCliEnv({ home: herokuHome, origin: heroku.origin });
  await runCommand(env.REAUTH_HEROKU_BIN!, ['auth:whoami'], { env });
});
afterAll(async () => {
  await emu?.close();
  await heroku?.close();
  if (herokuHome) await rm(herokuHome, { recursive: true, force: true });
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

describe('scenario 1 in a terminal: guest house with TTLock locks on Heroku', () => {
  it('writes fresh tokens to env.py, main/tokens.json and the Heroku app in one go, changing only the token lines', async () => {
    const dir = await makeFolder('guest-house');
    await writeConfig(dir, { ttlock: ttlockOverride(emu) });
    const envBefore = guestHouseEnvPy(OLD_ACCESS, OLD_REFRESH);
    const jsonBefore = guestHouseTokensJson(OLD_ACCESS, OLD_REFRESH);
    await writeFile(join(dir, 'env.py'), envBefore, { mode: 0o640 });
    await mkdir(join(dir, 'main'));
    await writeFile(join(dir, 'main', 'tokens.json'), jsonBefore);
    await writeFile(join(dir, 'manage.py'), '#!/usr/bin/env python\nimport os\n');
    heroku.addApp('guest-house', { SCIENER_ACCESS_TOKEN: OLD_ACCESS, SCIENER_REFRESH_TOKEN: OLD_REFRESH, DATABASE_URL: 'postgres://fake-heroku-db/guesthouse' });
    heroku.addApp('guest-house-staging', {});
    heroku.resetRecords();
    const { clientId, clientSecret, username, password } = emu.credentials;

    const session = startReauth({ args: ['setup', '--provider', 'ttlock'], cwd: dir, env: herokuEnv() });

    await session.waitForText('Which data centre is your account in?');
    await session.waitForText(/❯ 1\. Outside China \(euapi\.ttlock\.com\)/);
    session.press('enter');

    // The app's credentials come from env.py: Enter keeps them.
    await session.waitForText('TTLock (Sciener) client ID');
    await session.waitForText(`❯ ${clientId}`);
    expect(session.screenFlat()).toContain('Found in env.py (SCIENER_CLIENT_ID); press Enter to keep it.');
    session.press('enter');
    await session.waitForText('TTLock (Sciener) client secret');
    expect(session.screenFlat()).toContain('Found in env.py (SCIENER_CLIENT_SECRET)');
    await session.waitForText('•'.repeat(clientSecret.length));
    session.press('enter');

    // The places first, while nothing is spent: the heroku CLI is checked before the password.
    await session.waitForText('Where should the new tokens be written?');
    // The two files that hold these tokens are ticked already; Heroku is one more tick.
    await session.waitForText(/◉ env\.py\s+holds SCIENER_ACCESS_TOKEN and SCIENER_REFRESH_TOKEN/);
    await session.waitForText(/◉ main\/tokens\.json\s+holds access_token and refresh_token/);
    await session.waitForText(/◯ \.env\s+a new file in this folder/);
    await session.focusOption(/Heroku app…/);
    session.press('space');
    await session.waitForText(/❯ ◉ Heroku app…/);
    session.press('enter');

    // `heroku apps` runs here: the apps of this account, to choose from.
    await session.waitForText(/guest-house-staging/, HEROKU_STEP_MS);
    expect(session.screenFlat()).toContain('reauth sets 2 config vars there (SCIENER_ACCESS_TOKEN, SCIENER_REFRESH_TOKEN) in one call');
    expect(session.screenFlat()).toContain('one release');
    await session.focusOption(/guest-house$/);
    session.press('enter');

    await session.waitForText('Key names in env.py');
    expect(session.screenFlat()).toContain('SCIENER_REFRESH_TOKEN');
    session.press('enter');
    await session.waitForText('Key names in main/tokens.json');
    session.press('enter');
    await session.waitForText('Key names in Heroku app guest-house');
    session.press('enter');

    await session.waitForText('TTLock (Sciener) app account', HEROKU_STEP_MS);
    session.type(username);
    await session.waitForText(`❯ ${username}`);
    session.press('enter');
    await session.waitForText('Password of that TTLock (Sciener) app account');
    session.type(password);
    await session.waitForText('•'.repeat(password.length));
    session.press('enter');

    // `heroku config` runs here to show the values being replaced (masked).
    await session.waitForText('This is what will change', HEROKU_STEP_MS);
    await session.waitForText(/Live check\s+3 locks found/);
    await session.waitForText('Sent in one Heroku API request');
    const issued = emu.issued().at(-1)!;
    const preview = session.screenFlat();
    expect(preview).toMatch(/SCIENER_ACCESS_TOKEN fake…ired \(26 chars\) → \S+…\S+ \(\d+ chars\)/);
    expect(preview).toMatch(/refresh_token fake…ired \(27 chars\) → \S+…\S+ \(\d+ chars\)/);
    expect(preview).toContain('Heroku will restart guest-house once (one release) to apply 2 config vars.');
    // Said before anything is written: how the values travel (issue 13: not on a command line).
    expect(preview).toContain('• Sent in one Heroku API request: the values never appear on a command line');
    expect(preview).not.toContain('⚠ Sent in one Heroku API request');
    session.type('y');

    // The one Platform API PATCH (method: api, the default) runs here, with both keys.
    await session.waitForText('Command to run now that the files are written', HEROKU_STEP_MS);
    session.press('enter');
    await session.waitForText('Save these settings as a profile');
    session.press('enter');
    await session.waitForText('Name for this profile');
    session.press('ctrl-u');
    // Ctrl+U and the letters in one read would be one input event: wait for the cleared box.
    await session.waitFor(() => /^❯ ?▌?$/.test(session.focusedLine()?.trim() ?? ''), 'the name box to be cleared');
    session.type('guesthouse');
    await session.waitForText('❯ guesthouse');
    session.press('enter');
    await answerSchedule(session, 'later');
    await session.waitForText('All done');
    expect(session.transcript().join('\n')).toContain('New tokens written to env.py, main/tokens.json, Heroku app guest-house.');
    expect(await session.exit()).toBe(0);

    // Byte for byte: only the token lines changed; env.py keeps its 0640.
    expect(await readFile(join(dir, 'env.py'), 'utf8')).toBe(envBefore.replace(OLD_ACCESS, issued.accessToken).replace(OLD_REFRESH, issued.refreshToken));
    expect(await modeOf(join(dir, 'env.py'))).toBe(0o640);
    expect(await readFile(join(dir, 'main', 'tokens.json'), 'utf8')).toBe(jsonBefore.replace(OLD_ACCESS, issued.accessToken).replace(OLD_REFRESH, issued.refreshToken));
    expect(await readFile(join(dir, 'env.py.bak'), 'utf8')).toBe(envBefore);
    expect(await readFile(join(dir, 'main', 'tokens.json.bak'), 'utf8')).toBe(jsonBefore);

    // ONE PATCH carrying both keys: one release, one restart; the other vars stay.
    expect(heroku.configPatches).toEqual([
      { app: 'guest-house', body: { SCIENER_ACCESS_TOKEN: issued.accessToken, SCIENER_REFRESH_TOKEN: issued.refreshToken } },
    ]);
    expect(heroku.apps.get('guest-house')!.config).toEqual({
      SCIENER_ACCESS_TOKEN: issued.accessToken,
      SCIENER_REFRESH_TOKEN: issued.refreshToken,
      DATABASE_URL: 'postgres://fake-heroku-db/guesthouse',
    });
    expect(heroku.apps.get('guest-house-staging')!.config).toEqual({});

    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml).toContain('  guesthouse:\n    provider: ttlock');
    expect(yaml).toContain('app: guest-house');
    expect(yaml).toContain('file: main/tokens.json');
    for (const secret of [password, md5Hex(password), clientSecret, issued.accessToken, issued.refreshToken]) expect(yaml).not.toContain(secret);

    // `heroku config:set` echoes every value it set on its stdout (`KEY: value`) and its progress
    // on stderr: none of that may show.
    expect(session.plainOutput()).not.toMatch(/and restarting|SCIENER_ACCESS_TOKEN:\s/);
    expectNoSecretShown(session, [password, md5Hex(password), clientSecret, issued.accessToken, issued.refreshToken, OLD_ACCESS, OLD_REFRESH]);
    expectNoStackTrace(session);
  }, 60_000);
});
