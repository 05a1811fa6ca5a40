/**
 * Issue 8, "exit codes that tell the truth" and "ordering of token sets", for `reauth refresh`
 * in-process against the loopback Netatmo: problems of the environment found before anything
 * is spent exit 2 (never 1, never 5 without a rescue file); a refused client is a configuration
 * problem for `status` too; a rescue file older than what the targets hold is never applied.
 */
import { chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { statusCommand } from '../support/audited-commands.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { saveRescue } from '../delivery/rescue-helpers.js';
import { netatmoPair, tempProject, testDeps, tokenRequests, weatherEnv, weatherProject, type NetatmoPair } from './refresh-fixtures.js';

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
  await chmod(dir, 0o700).catch(() => undefined);
  await emu.close();
});

const refresh = (env = weatherEnv(emu)) => refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, testDeps(env));
const status = () => statusCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, testDeps(weatherEnv(emu)));

async function rescueFiles(): Promise<string[]> {
  return readdir(join(dir, '.reauth', 'rescue')).catch(() => []);
}

describe('environment problems found before spending exit 2, with a plain sentence', () => {
  it('a target path that is a folder', async () => {
    await rm(join(dir, '.env'));
    await mkdir(join(dir, '.env'));
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(2);
    expect(output.stderr).toMatch(/\.env.*folder/);
    expect(output.stderr).not.toContain('internal error');
    expect(tokenRequests(emu)).toBe(0);
    expect(await rescueFiles()).toEqual([]);
  });

  it('a .reauth folder that cannot be created (a file is in its place)', async () => {
    await writeFile(join(dir, '.reauth'), 'not a folder\n');
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(2);
    expect(output.stderr).toContain('.reauth');
    expect(output.stderr).not.toContain('internal error');
    expect(tokenRequests(emu)).toBe(0);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(pair.refresh);
  });

  it('a target file that does not parse', async () => {
    await writeFile(join(dir, 'config.yaml'), 'weather: [unclosed\n');
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(2);
    expect(tokenRequests(emu)).toBe(0);
  });
});

describe('a refused client', () => {
  it('is a configuration problem (exit 2) for refresh, and status says so instead of "working"', async () => {
    const output = await refresh({ NETATMO_CLIENT_SECRET: 'fake-wrong-secret' });
    expect(output.exitCode, output.stderr).toBe(2);
    const checked = await status();
    expect(checked.exitCode, checked.stdout).toBe(2);
    expect(checked.stdout).toContain('configuration problem');
    expect(checked.stdout).toContain('The last refresh');
  });
});

describe('ordering of token sets', () => {
  it('never applies a rescue file older than the set the targets received, and removes it', async () => {
    // An old rescue, then a refresh that writes newer tokens (recorded with when they were obtained).
    const older = await saveRescue(dir, 'weather', { access_token: 'fake-old-access', refresh_token: 'fake-old-refresh' }, Date.now() - 60_000, new Date(Date.now() - 3_600_000).toISOString());
    await rm(older); // keep it out of the first refresh…
    expect((await refresh()).exitCode).toBe(0);
    // …and put it back, as a stale file from a run long ago would be.
    await saveRescue(dir, 'weather', { access_token: 'fake-old-access', refresh_token: 'fake-old-refresh' }, Date.now() - 60_000, new Date(Date.now() - 3_600_000).toISOString());
    const live = emu.liveRefreshTokens()[0]!;
    const checked = await status();
    expect(checked.exitCode, checked.stdout).toBe(0);
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(output.stdout).not.toContain('first wrote the tokens rescued');
    expect(await readFile(join(dir, '.env'), 'utf8')).not.toContain('fake-old-refresh');
    expect(await rescueFiles()).toEqual([]);
    expect(emu.liveRefreshTokens()).not.toContain(live); // it refreshed with the real one
  });

  it('applies a rescue file newer than the targets before refreshing', async () => {
    const live = await fetch(`${emu.origin}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.clientId, client_secret: emu.clientSecret, refresh_token: pair.refresh }),
    }).then((r) => r.json() as Promise<{ access_token: string; refresh_token: string }>);
    await saveRescue(dir, 'weather', { access_token: live.access_token, refresh_token: live.refresh_token }, Date.now());
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(output.stdout).toContain('first wrote the tokens rescued');
    expect(await rescueFiles()).toEqual([]);
  });

  it('removes a reservation left by a run that died mid-request only when its process is gone, and status points at it', async () => {
    await mkdir(join(dir, '.reauth', 'rescue'), { recursive: true });
    const dead = join(dir, '.reauth', 'rescue', 'weather-2026-01-01T00-00-00-000Z.json');
    await writeFile(dead, JSON.stringify({ reauth_rescue: 1, state: 'reserved', profile: 'weather', service: 'netatmo', saved_at: '2026-01-01T00:00:00.000Z', pid: 2 ** 22 + 7, host: (await import('node:os')).hostname() }));
    const checked = await status();
    expect(checked.stdout).toContain('was stopped');
    expect(checked.stdout).toContain('reauth refresh weather');
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(output.stdout).toContain('An earlier run was stopped');
    expect(await rescueFiles()).toEqual([]);
  });

  it('keeps a reservation whose run is still alive (another run is waiting for its answer)', async () => {
    await mkdir(join(dir, '.reauth', 'rescue'), { recursive: true });
    const mine = join(dir, '.reauth', 'rescue', 'weather-2026-01-01T00-00-00-000Z.json');
    await writeFile(mine, JSON.stringify({ reauth_rescue: 1, state: 'reserved', profile: 'weather', service: 'netatmo', saved_at: '2026-01-01T00:00:00.000Z', pid: process.pid, host: (await import('node:os')).hostname() }));
    expect((await refresh()).exitCode).toBe(0);
    expect(await rescueFiles()).toEqual(['weather-2026-01-01T00-00-00-000Z.json']);
  });
});
