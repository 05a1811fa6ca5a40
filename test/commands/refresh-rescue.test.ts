/**
 * Tokens are never lost: a target that fails after the refresh (here a Heroku release, through
 * the real heroku CLI against the loopback Platform API) sends the new set to a rescue file,
 * and the next run writes it to every target before it refreshes again. Also: Heroku's login
 * and the app are checked before a token is spent.
 */
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { saveRescue } from '../delivery/rescue-helpers.js';
import { runCommand } from '../../src/system/run-command.js';
import { herokuCliEnv, makeHerokuHome } from '../support/heroku-cli-env.js';
import { startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { netatmoPair, tempProject, testDeps, tokenRequests, weatherEnv, weatherProject, type NetatmoPair } from './refresh-fixtures.js';

let fake: HerokuPlatformFake;
let home: string;
let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;

const HEROKU_TARGET = ['      - type: heroku', '        app: weather-dash', '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN }'].join('\n');

beforeAll(async () => {
  fake = await startHerokuPlatformFake();
  home = await makeHerokuHome();
  // The CLI's first-run chores in HOME happen once, before the tests time anything.
  const env = herokuCliEnv({ home, origin: fake.origin });
  await runCommand(env.REAUTH_HEROKU_BIN!, ['auth:whoami'], { env });
});
afterAll(async () => {
  await fake?.close();
  await rm(home, { recursive: true, force: true });
});
beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject();
  pair = await netatmoPair(emu);
  fake.addApp('weather-dash', { NETATMO_ACCESS_TOKEN: pair.access, NETATMO_REFRESH_TOKEN: pair.refresh, OTHER: 'fake-untouched' });
  await weatherProject(dir, emu, pair, { extraTargets: HEROKU_TARGET });
});
afterEach(async () => {
  await emu.close();
});

function refresh(env: NodeJS.ProcessEnv = herokuCliEnv({ home, origin: fake.origin })) {
  return refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, testDeps({ ...env, ...weatherEnv(emu) }));
}

async function rescueFiles(): Promise<string[]> {
  return (await readdir(join(dir, '.reauth', 'rescue')).catch(() => [] as string[])).map((name) => join(dir, '.reauth', 'rescue', name));
}

describe('a target that fails after the refresh', () => {
  it('keeps the live tokens in a 0600 rescue file (exit 5), and the next run heals every target', { timeout: 120_000 }, async () => {
    fake.failNextPatch('weather-dash', { status: 503, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'unavailable', message: 'API is down' }) });
    const failed = await refresh();
    expect(failed.exitCode, failed.stderr).toBe(5);
    const [live] = emu.liveRefreshTokens();
    const [path, ...others] = await rescueFiles();
    expect(others).toEqual([]);
    expect(failed.stderr).toContain(`The new tokens are kept in ${path} (readable only by you).`);
    expect(failed.stderr).toContain('✔ .env: ');
    expect(failed.stderr).toContain('✘ Heroku app weather-dash: ');
    expect(failed.stderr).toContain('`reauth refresh weather`');
    expect(failed.stderr).not.toContain(live);
    expect((await stat(path!)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path!, 'utf8')).values.refresh_token).toBe(live);
    // The files that could be written already hold the live pair; Heroku still has the dead one.
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${live}'`);
    expect(fake.apps.get('weather-dash')!.config.NETATMO_REFRESH_TOKEN).toBe(pair.refresh);

    const healed = await refresh();
    expect(healed.exitCode, healed.stderr).toBe(0);
    expect(healed.stdout).toContain(`✔ first wrote the tokens rescued in ${path} to every target`);
    const [latest] = emu.liveRefreshTokens();
    expect(latest).not.toBe(live);
    expect(fake.apps.get('weather-dash')!.config).toMatchObject({ NETATMO_REFRESH_TOKEN: latest, OTHER: 'fake-untouched' });
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${latest}'`);
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toContain(`refresh_token: '${latest}'`);
    expect(await rescueFiles()).toEqual([]);
  });

  it('writes a rescue file left by an earlier run before spending anything: its token is the live one', async () => {
    await weatherProject(dir, emu, pair);
    // As if an earlier run had refreshed and then been killed before writing any target.
    const live = await fetch(`${emu.origin}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.clientId, client_secret: emu.clientSecret, refresh_token: pair.refresh }),
    }).then((r) => r.json() as Promise<{ access_token: string; refresh_token: string }>);
    await saveRescue(dir, 'weather', { access_token: live.access_token, refresh_token: live.refresh_token, expires_at: new Date(Date.now() + 10_800_000).toISOString() }, Date.now());
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(tokenRequests(emu)).toBe(2); // the one above, and one refresh with the rescued token
    expect(output.stdout).toContain('✔ first wrote the tokens rescued in');
    const [latest] = emu.liveRefreshTokens();
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${latest}'`);
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toContain(`refresh_token: '${latest}'`);
    expect(await rescueFiles()).toEqual([]);
  });
});

describe('preflight of a Heroku target', () => {
  it('spends no token when nobody is logged in to Heroku', async () => {
    const emptyHome = await makeHerokuHome();
    try {
      const output = await refresh(herokuCliEnv({ home: emptyHome, origin: fake.origin, apiKey: null }));
      expect(output.exitCode).toBe(2);
      expect(output.stderr).toContain('You are not logged in to Heroku on this computer.');
      expect(tokenRequests(emu)).toBe(0);
      expect(emu.liveRefreshTokens()).toEqual([pair.refresh]);
    } finally {
      await rm(emptyHome, { recursive: true, force: true });
    }
  });

  it('spends no token when the app does not exist', async () => {
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    await writeFile(join(dir, 'reauth.yaml'), yaml.replace('app: weather-dash', 'app: weather-dahs'));
    const output = await refresh();
    expect(output.exitCode).not.toBe(0);
    expect(output.stderr).toContain('weather-dahs');
    expect(tokenRequests(emu)).toBe(0);
  });
});
