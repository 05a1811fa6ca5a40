/**
 * `reauth refresh` in-process against the loopback Netatmo: rotation, preflight, rejection,
 * concurrency and output. (Zoho, Heroku, rescue and the built binary have their own files.)
 */
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { refreshProfile } from '../../src/commands/refresh-profile.js';
import { loadConfig } from '../../src/config/load-config.js';
import { UserError } from '../../src/errors.js';
import { acquireProfileLock } from '../../src/delivery/profile-lock.js';
import { findRescues } from '../../src/delivery/rescue-files.js';
import { saveRescue } from '../delivery/rescue-helpers.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import {
  WEATHER_ENV_HEAD,
  WEATHER_YAML_HEAD,
  netatmoPair,
  netatmoSecrets,
  refreshElsewhere,
  tempProject,
  testDeps,
  tokenRequests,
  weatherEnv,
  weatherProject,
  type NetatmoPair,
} from './refresh-fixtures.js';

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject();
  pair = await netatmoPair(emu);
  await weatherProject(dir, emu, pair);
});
afterEach(async () => {
  await emu.close();
});

function refresh(extra: { json?: boolean; profiles?: string[] } = {}) {
  return refreshCommand({ configPath: 'reauth.yaml', profiles: extra.profiles ?? ['weather'], json: extra.json ?? false, cwd: dir }, testDeps(weatherEnv(emu)));
}

async function files(): Promise<{ env: string; yaml: string }> {
  return { env: await readFile(join(dir, '.env'), 'utf8'), yaml: await readFile(join(dir, 'config.yaml'), 'utf8') };
}

describe('reauth refresh with a rotating refresh token (Netatmo)', () => {
  it('stores the live pair in every target, twice in a row, touching nothing else', async () => {
    for (let round = 1; round <= 2; round++) {
      const output = await refresh();
      expect(output.exitCode, output.stderr).toBe(0);
      const [live] = emu.liveRefreshTokens();
      const [access] = emu.liveAccessTokens();
      expect(emu.liveRefreshTokens()).toHaveLength(1);
      const { env, yaml } = await files();
      expect(env.startsWith(WEATHER_ENV_HEAD)).toBe(true);
      expect(env).toContain(`NETATMO_REFRESH_TOKEN='${live}'\n`);
      expect(env).toContain(`NETATMO_ACCESS_TOKEN='${access}'\n`);
      expect(yaml).toBe(`${WEATHER_YAML_HEAD}      refresh_token: '${live}'\n`);
      expect(output.stdout).toMatch(/^✔ weather: refreshed, access token valid until (\d{4}-\d\d-\d\d )?\d\d:\d\d \(config\.yaml at weather\.integrations\.netatmo, \.env\)\n$/);
      expect(output.stderr).toBe('');
    }
    expect(tokenRequests(emu)).toBe(2);
    // The new expiry is Netatmo's 3 hours from now, not the one seeded.
    const expires = /NETATMO_TOKEN_EXPIRES_AT=(\S+)/.exec((await files()).env)![1]!;
    expect(Math.abs(Date.parse(expires) - (Date.now() + 10_800_000))).toBeLessThan(60_000);
    // File permissions survive the rewrite.
    expect((await stat(join(dir, 'config.yaml'))).mode & 0o777).toBe(0o640);
    // Nothing is left behind but the lock folder and the diary.
    expect(await readdir(join(dir, '.reauth', 'rescue')).catch(() => [])).toEqual([]);
    expect(await readdir(join(dir, '.reauth', 'locks'))).toEqual([]);
    expect(await readFile(join(dir, '.reauth', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('explains a pair killed by another program, names `reauth setup weather`, and leaves the files byte-identical', async () => {
    await refreshElsewhere(emu, pair.refresh);
    const before = await files();
    const output = await refresh();
    expect(output.exitCode).toBe(3);
    expect(output.stdout).toBe('');
    expect(output.stderr).toContain('✘ weather: Netatmo no longer accepts the saved refresh token (invalid_grant).');
    expect(output.stderr).toMatch(/another program \(or another copy of this one\) refreshes with the same pair/);
    expect(output.stderr).toContain('`reauth setup weather`');
    expect(output.stderr).not.toContain('PROFILE');
    expect(await files()).toEqual(before);
    await expect(stat(join(dir, '.env.bak'))).rejects.toThrow();
  });

  it('spends no token when a target cannot be parsed, and says which file and why', async () => {
    await writeFile(join(dir, 'config.yaml'), 'weather:\n  integrations: [unclosed\n');
    const before = await files();
    const output = await refresh();
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toMatch(/✘ weather: .*config\.yaml/);
    expect(tokenRequests(emu)).toBe(0);
    expect(await files()).toEqual(before);
    // The old pair is still the live one: nothing was spent.
    expect(emu.liveRefreshTokens()).toEqual([pair.refresh]);
  });

  it('spends no token when a target file cannot be written', async () => {
    // A folder where the file should be: readable as "exists", not writable as a file.
    await writeFile(join(dir, 'reauth.yaml'), (await readFile(join(dir, 'reauth.yaml'), 'utf8')).replace('file: .env', 'file: sub/.env'));
    await writeFile(join(dir, 'sub'), 'a file where a folder should be\n');
    const output = await refresh();
    expect(output.exitCode).not.toBe(0);
    expect(output.stderr).toContain('sub/.env');
    expect(tokenRequests(emu)).toBe(0);
    expect(emu.liveRefreshTokens()).toEqual([pair.refresh]);
  });

  it('reads the client secret from the environment, and says which variable is missing', async () => {
    const output = await refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, testDeps({}));
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toContain('NETATMO_CLIENT_SECRET is not set');
    expect(output.stderr).toMatch(/cron does not read your shell profile/);
    expect(tokenRequests(emu)).toBe(0);
  });

  it('asks for a sign-in when no target holds a refresh token', async () => {
    await writeFile(join(dir, '.env'), WEATHER_ENV_HEAD);
    await writeFile(join(dir, 'config.yaml'), WEATHER_YAML_HEAD + '      other: 1\n');
    const output = await refresh();
    expect(output.exitCode).toBe(3);
    expect(output.stderr).toContain('No refresh token is stored for "weather"');
    expect(output.stderr).toContain('`reauth setup weather`');
    expect(tokenRequests(emu)).toBe(0);
  });

  it('says the service is unavailable (exit 4) behind a captive portal, and keeps the old pair', async () => {
    emu.answerHtml = true;
    const before = await files();
    const output = await refresh();
    expect(output.exitCode).toBe(4);
    expect(output.stderr).toMatch(/web page instead of data/);
    expect(await files()).toEqual(before);
  });

  it('refuses unknown profile names before refreshing anything', async () => {
    await expect(refresh({ profiles: ['weather', 'wether'] })).rejects.toThrow(UserError);
    await expect(refresh({ profiles: ['wether'] })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('"wether"') });
    expect(tokenRequests(emu)).toBe(0);
  });

  it('prints --json that parses and holds no whole secret', async () => {
    const output = await refresh({ json: true });
    expect(output.exitCode).toBe(0);
    const rows = JSON.parse(output.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ profile: 'weather', provider: 'Netatmo', ok: true, outcome: 'refreshed', exit_code: 0, refresh_token_rotated: true, error: null });
    expect(rows[0]!.refresh_token).toMatch(/^fake….{4} \(\d+ chars\)$/);
    expect((rows[0]!.targets as unknown[]).length).toBe(2);
    for (const secret of netatmoSecrets(emu, pair)) expect(output.stdout).not.toContain(secret);

    // A failure in JSON too: parseable, masked, with the sentence and the next step.
    await refreshElsewhere(emu, emu.liveRefreshTokens()[0]!);
    const failed = await refresh({ json: true });
    expect(failed.exitCode).toBe(3);
    const [row] = JSON.parse(failed.stdout) as { ok: boolean; error: { message: string; next: string; code: string } }[];
    expect(row!.ok).toBe(false);
    expect(row!.error.code).toBe('invalid_grant');
    expect(row!.error.next).toContain('reauth setup weather');
    for (const secret of netatmoSecrets(emu, pair)) expect(failed.stdout).not.toContain(secret);
  });

  it('lets only one of two simultaneous runs spend the rotating token; the other uses what it stored', async () => {
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    const deps = testDeps(weatherEnv(emu));
    const startedAt = Date.now();
    const [a, b] = await Promise.all([refreshProfile(config, 'weather', deps, { startedAt }), refreshProfile(config, 'weather', deps, { startedAt })]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect([a.outcome, b.outcome].sort()).toEqual(['refreshed', 'refreshed-elsewhere']);
    expect(tokenRequests(emu)).toBe(1);
    const [live] = emu.liveRefreshTokens();
    expect((await files()).env).toContain(`NETATMO_REFRESH_TOKEN='${live}'`);
  });

  it.skipIf(process.platform === 'win32')('repeats a target\'s own warning (a folder every user may write to) in its output, as the preview did', async () => {
    await mkdir(join(dir, 'shared'), { mode: 0o777 });
    await chmod(join(dir, 'shared'), 0o777);
    await weatherProject(dir, emu, pair, {
      extraTargets: ['      - type: dotenv', '        file: shared/weather.env', '        keys: { refresh_token: NETATMO_REFRESH_TOKEN }'].join('\n'),
    });
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(output.stdout).toContain(`⚠ The folder of shared/weather.env (${join(dir, 'shared')}) can be written by every user of this machine`);
    expect(output.stdout).toContain(`run \`chmod o-w ${join(dir, 'shared')}\``);
    const json = JSON.parse((await refresh({ json: true })).stdout) as { warnings: string[] }[];
    expect(json[0]!.warnings.filter((w) => w.includes('can be written by every user'))).toHaveLength(1);
  });

  it('runs after_write once every target is written', async () => {
    await weatherProject(dir, emu, pair, { afterWrite: 'echo restarted >> restarts.log' });
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(await readFile(join(dir, 'restarts.log'), 'utf8')).toBe('restarted\n');
  });

  it.each([
    ['refresh', true],
    ['both', true],
    ['setup', false],
  ] as const)('with after_write_on: %s, runs after_write on a refresh: %s', async (on, runs) => {
    await weatherProject(dir, emu, pair, { afterWrite: `echo restarted >> restarts.log\n    after_write_on: ${on}` });
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(await readFile(join(dir, 'restarts.log'), 'utf8').catch(() => 'never ran')).toBe(runs ? 'restarted\n' : 'never ran');
    expect(output.stdout.includes('after_write')).toBe(runs);
  });

  it('refuses an after_write_on it does not know, naming the line, before spending anything', async () => {
    await weatherProject(dir, emu, pair, { afterWrite: `echo x\n    after_write_on: always` });
    await expect(refresh()).rejects.toThrow(/reauth\.yaml line \d+: profiles\.weather\.after_write_on must be one of setup, refresh, both \(found "always"\)/);
    expect(tokenRequests(emu)).toBe(0);
  });

  it('reports a failing after_write with exit 2 although the tokens were written', async () => {
    await weatherProject(dir, emu, pair, { afterWrite: 'exit 7' });
    const output = await refresh();
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toMatch(/refreshed and written, but the after_write command failed: exit 7 exited with code 7/);
    expect((await files()).env).toContain(`NETATMO_REFRESH_TOKEN='${emu.liveRefreshTokens()[0]}'`);
  });

  it('gives up with exit 4 when another run holds the lock too long, spending nothing', async () => {
    const held = await acquireProfileLock(dir, 'weather');
    try {
      const output = await refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir, lockTimeoutMs: 200 }, testDeps(weatherEnv(emu)));
      expect(output.exitCode).toBe(4);
      expect(output.stderr).toMatch(/Another reauth run is still refreshing "weather"/);
      expect(tokenRequests(emu)).toBe(0);
    } finally {
      await held.release();
    }
  });

  it('drops a rescue file that is older than what the targets hold (someone signed in since)', async () => {
    await saveRescue(dir, 'weather', { refresh_token: 'fake-netatmo-refresh-dead', expires_at: '2020-01-01T00:00:00Z' }, Date.now());
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(output.stdout).toMatch(/⚠ Removed .*weather-.*\.json: the targets hold newer tokens than it did\./);
    expect(await findRescues(dir, { profile: 'weather' })).toEqual([]);
    expect((await files()).env).not.toContain('fake-netatmo-refresh-dead');
  });

  it('refreshes every profile when none is named, and exits with the most urgent code', async () => {
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    // A second profile whose target holds no refresh token: it needs a person (3), weather works.
    const second = yaml
      .slice(yaml.indexOf('  weather:'), yaml.indexOf('providers:'))
      .replace('  weather:', '  garden:')
      .replace(/      - type: yaml\n.*\n.*\n.*\n/, '')
      .replace('file: .env', 'file: garden.env');
    await writeFile(join(dir, 'reauth.yaml'), yaml.replace('providers:', `${second}providers:`));
    const output = await refresh({ profiles: [] });
    expect(output.exitCode).toBe(3);
    expect(output.stdout).toMatch(/^✔ weather: refreshed/);
    expect(output.stderr).toMatch(/^✘ garden: No refresh token is stored for "garden" \(looked in garden\.env\)\./);
  });
});
