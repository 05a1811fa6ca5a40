/**
 * `reauth schedule` against the real `crontab` program (issue 12, point 1), through the
 * installed package. CI runs as root, so every test works on a throwaway user's crontab
 * (REAUTH_CRONTAB_USER), never the developer's own. The profile writes to Heroku through the
 * real CLI, which is only on the interactive PATH — the case that used to fail under cron's
 * bare PATH on every run. The installed line is then run the way cron runs it: `/bin/sh -c`,
 * PATH=/usr/bin:/bin, and nothing else but the crontab's own NAME=value lines.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobsIn } from '../../src/schedule/crontab-block.js';
import { herokuBinPath } from '../support/ensure-heroku-cli.js';
import { makeHerokuHome } from '../support/heroku-cli-env.js';
import { FAKE_HEROKU_API_KEY, startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { canUseCrontab, HEROKU_QUIET_CRONTAB, runAsCron, throwawayCrontab, type ThrowawayCrontab } from '../support/throwaway-crontab.js';
import { netatmoPair, tempProject, tokenRequests, weatherProject } from '../commands/refresh-fixtures.js';
import { envValues, runWithoutTerminal, type CommandRun } from './e2e-support.js';
import { TEST_CACHE_HOME } from '../support/cache-home.js';

const HEROKU_TARGET = ['      - type: heroku', '        app: weather-dash', '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN }'].join('\n');

/**
 * The person's own crontab before reauth touches it: a job of theirs, and the quiet switches
 * for the heroku CLI (tests must not let it start its autoupdate or telemetry).
 */
const THEIRS = [
  '# m h dom mon dow command',
  ...HEROKU_QUIET_CRONTAB,
  '30 2 * * * /usr/bin/true  # backups, theirs',
  '',
].join('\n');

let emu: NetatmoEmulator;
let heroku: HerokuPlatformFake;
let home: string;
let dir: string;
let cron: ThrowawayCrontab;
const readCrontab = () => cron.read();
const setCrontab = (text: string) => cron.write(text);

/** The shell this person works in: heroku on PATH from their profile, the secret exported. */
function interactiveEnv(path = `${dirname(herokuBinPath())}:/usr/bin:/bin`): Record<string, string> {
  return {
    PATH: path,
    HOME: home,
    XDG_CACHE_HOME: TEST_CACHE_HOME,
    LOGNAME: 'root',
    REAUTH_CRONTAB_USER: cron.user,
    NETATMO_CLIENT_SECRET: emu.clientSecret,
    HEROKU_HOST: heroku.origin,
    HEROKU_DISABLE_AUTOUPDATE: '1',
    HEROKU_SKIP_ANALYTICS: '1',
  };
}

function schedule(args: readonly string[] = [], env = interactiveEnv()): Promise<CommandRun> {
  return runWithoutTerminal(dir, ['schedule', ...args], env, 90_000);
}

describe.skipIf(!canUseCrontab)('reauth schedule with the real crontab (a throwaway user)', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    cron = throwawayCrontab();
    heroku = await startHerokuPlatformFake();
  });
  afterAll(async () => {
    cron?.dispose();
    await heroku?.close();
  });
  beforeEach(async () => {
    emu = await startNetatmoEmulator();
    home = await makeHerokuHome();
    dir = await tempProject('reauth-schedule-');
    heroku.addApp('weather-dash');
    heroku.resetRecords();
    // Logged in the way `heroku login` leaves it; no HEROKU_API_KEY anywhere.
    await writeFile(join(home, '.netrc'), `machine ${new URL(heroku.origin).host}\n  login fake-owner@example.com\n  password ${FAKE_HEROKU_API_KEY}\n`, { mode: 0o600 });
    await weatherProject(dir, emu, await netatmoPair(emu), { extraTargets: HEROKU_TARGET });
    setCrontab(THEIRS);
  });
  afterEach(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('names the variable cron will not have, installs once it is there, and the line works under PATH=/usr/bin:/bin', async () => {
    const refused = await schedule(['weather']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/reads \$\{NETATMO_CLIENT_SECRET\}.*cron does not read your shell profile/);
    expect(refused.stderr).toContain('Nothing was installed');
    expect(readCrontab()).toBe(THEIRS);
    expect(tokenRequests(emu)).toBe(0);

    // What the message says to do: the variable at the top of the crontab.
    const withSecret = `NETATMO_CLIENT_SECRET=${emu.clientSecret}\n${THEIRS}`;
    setCrontab(withSecret);
    const installed = await schedule(['weather']);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    expect(installed.stdout).toMatch(/weather: every hour\. Netatmo access tokens last 3 hours/);
    expect(installed.stdout).toContain(`heroku is at ${herokuBinPath()}, not on cron's PATH`);
    expect(installed.stdout).toMatch(/✔ Added weather in reauth's block in reauth-cron-[\d-]+'s crontab/);
    // The check ran the real thing once: one refresh, one Heroku write.
    expect(tokenRequests(emu)).toBe(1);
    expect(heroku.configPatches).toHaveLength(1);

    const text = readCrontab();
    expect(text.startsWith(withSecret)).toBe(true);
    const [job, ...more] = jobsIn(text);
    expect(more).toEqual([]);
    expect(job!.profile).toBe('weather');
    // node's own folder comes first when it is not /usr/bin or /bin (an nvm or tarball install).
    const nodeDir = ['/usr/bin', '/bin'].includes(dirname(process.execPath)) ? '' : `${dirname(process.execPath)}:`;
    expect(job!.line.startsWith(`7 * * * * PATH=${nodeDir}${dirname(herokuBinPath())}:/usr/bin:/bin `)).toBe(true);

    const [run] = await runAsCron(text, home);
    expect(run!.code).toBe(0);
    expect(tokenRequests(emu)).toBe(2);
    expect(heroku.configPatches).toHaveLength(2);
    const env = envValues(await readFile(join(dir, '.env'), 'utf8'));
    expect(heroku.apps.get('weather-dash')!.config.NETATMO_ACCESS_TOKEN).toBe(env.NETATMO_ACCESS_TOKEN);
    expect(await readFile(join(home, 'reauth.log'), 'utf8')).toMatch(/weather/);
  });

  it('a second run replaces its job, another profile is kept beside it, and --remove leaves their lines byte for byte', async () => {
    // The block's bookkeeping needs no Heroku target (each check would spend seconds in its CLI).
    await weatherProject(dir, emu, await netatmoPair(emu));
    const withSecret = `NETATMO_CLIENT_SECRET=${emu.clientSecret}\n${THEIRS}`;
    setCrontab(withSecret);
    expect((await schedule(['weather', '--print'])).stdout).toContain('Add these lines with `crontab -e`:');
    expect(readCrontab()).toBe(withSecret);

    expect((await schedule(['weather'])).code).toBe(0);
    const first = readCrontab();
    const again = await schedule(['weather']);
    expect(again.stdout).toContain("✔ Replaced weather in reauth's block");
    expect(readCrontab()).toBe(first);

    // A job reauth did not make for this file (another project's) stays when weather is re-scheduled or removed.
    const other = first.replace('# <<< reauth <<<', '# refresh shop (/srv/shop/reauth.yaml)\n*/30 * * * * /usr/bin/true\n# <<< reauth <<<');
    setCrontab(other);
    expect((await schedule(['weather'])).code).toBe(0);
    expect(jobsIn(readCrontab()).map((j) => j.profile)).toEqual(['weather', 'shop']);
    const removedOne = await schedule(['--remove', 'weather']);
    expect(removedOne.stdout).toContain('✔ Removed weather from the crontab');
    expect(jobsIn(readCrontab()).map((j) => j.profile)).toEqual(['shop']);

    expect((await schedule(['--remove'])).code).toBe(0);
    expect(readCrontab()).toBe(withSecret);
    expect((await schedule(['--remove'])).stdout).toContain('nothing to remove');
  });

  it('refuses, installing nothing, when the Heroku CLI is not logged in for cron or cannot be found', async () => {
    setCrontab(`NETATMO_CLIENT_SECRET=${emu.clientSecret}\n${THEIRS}`);
    const before = readCrontab();
    await rm(join(home, '.netrc'));
    const loggedOut = await schedule(['weather']);
    expect(loggedOut.code).toBe(2);
    expect(loggedOut.stderr).toMatch(/weather fails when run as cron will run it: .*heroku login.*HEROKU_API_KEY/s);
    expect(readCrontab()).toBe(before);

    const nowhere = await schedule(['weather'], interactiveEnv('/usr/bin:/bin'));
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('A Heroku target needs the heroku CLI');
    expect(readCrontab()).toBe(before);
  });
});
