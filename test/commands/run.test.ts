/**
 * `reauth run PROFILE -- CMD` in-process against the loopback Netatmo, with a real child (node)
 * that writes the token variables it sees to a file: refresh only when needed, the names the
 * profile's .env uses, exit codes passed through. Signals, through the built binary, are in
 * run-cli.test.ts.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli-args.js';
import { runWithTokens, type RunOptions } from '../../src/commands/run.js';
import { childEnv, envNames } from '../../src/commands/run-env.js';
import { accessFreshness } from '../../src/commands/run-freshness.js';
import { parseMargin } from '../../src/commands/run-margin.js';
import { UserError } from '../../src/errors.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { netatmoPair, netatmoSecrets, refreshElsewhere, tempProject, testDeps, tokenRequests, weatherEnv, weatherProject, type NetatmoPair } from './refresh-fixtures.js';

/** Writes the Netatmo variables it was given (and a few it must not get) to argv[1], then exits with argv[2]. */
const PRINT_ENV = `
const names = ['NETATMO_ACCESS_TOKEN', 'NETATMO_REFRESH_TOKEN', 'NETATMO_TOKEN_EXPIRES_AT', 'NETATMO_CLIENT_ID', 'INHERITED'];
const seen = Object.fromEntries(names.filter((n) => n in process.env).map((n) => [n, process.env[n]]));
require('node:fs').writeFileSync(process.argv[1], JSON.stringify(seen));
process.exit(Number(process.argv[2] ?? 0));
`;

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;
let said: string[];

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject('reauth-run-');
  pair = await netatmoPair(emu);
  said = [];
});
afterEach(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

function run(command: readonly string[], extra: Partial<RunOptions> = {}, env: NodeJS.ProcessEnv = {}) {
  return runWithTokens({ configPath: 'reauth.yaml', profile: 'weather', command, cwd: dir, say: (t) => said.push(t), ...extra }, testDeps({ ...weatherEnv(emu), ...env }));
}

/** Runs the env-printing child; resolves to reauth's exit code and what the child saw (null: it never ran). */
async function runPrinter(exitWith = 0, extra: Partial<RunOptions> = {}, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; seen: Record<string, string> | null }> {
  const out = join(dir, 'child-saw.json');
  const code = await run([process.execPath, '-e', PRINT_ENV, out, String(exitWith)], extra, env);
  return { code, seen: existsSync(out) ? (JSON.parse(await readFile(out, 'utf8')) as Record<string, string>) : null };
}

describe('reauth run: refresh only when the stored access token is about to expire', () => {
  it('refreshes an expired token first, and the command sees the new pair under the .env names', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: inHours(-1) });
    const { code, seen } = await runPrinter(0, {}, { INHERITED: 'kept' });
    expect(code, said.join('')).toBe(0);
    expect(tokenRequests(emu)).toBe(1);
    const [access] = emu.liveAccessTokens();
    const [refresh] = emu.liveRefreshTokens();
    expect(access).not.toBe(pair.access);
    expect(seen).toMatchObject({ NETATMO_ACCESS_TOKEN: access, NETATMO_REFRESH_TOKEN: refresh, INHERITED: 'kept' });
    // The new expiry (Netatmo: 3 hours), not the stale one; the client id is not the command's.
    expect(Math.abs(Date.parse(seen!.NETATMO_TOKEN_EXPIRES_AT!) - (Date.now() + 10_800_000))).toBeLessThan(60_000);
    expect(seen).not.toHaveProperty('NETATMO_CLIENT_ID');
    // Every target was written as `reauth refresh` writes them.
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_ACCESS_TOKEN='${access}'`);
    // reauth said it refreshed (stderr), masked.
    expect(said.join('')).toMatch(/^✔ weather: refreshed, access token valid until/);
    for (const secret of netatmoSecrets(emu, pair)) expect(said.join('')).not.toContain(secret);
  });

  it('runs at once with a token that has hours left: no request reaches the service, and a stale exported token is replaced', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: inHours(2) });
    const before = emu.requests.length;
    const { code, seen } = await runPrinter(0, {}, { NETATMO_ACCESS_TOKEN: 'fake-stale-access-token' });
    expect(code).toBe(0);
    expect(emu.requests.length).toBe(before);
    expect(seen).toMatchObject({ NETATMO_ACCESS_TOKEN: pair.access, NETATMO_REFRESH_TOKEN: pair.refresh });
    expect(said.join('')).toBe('');
  });

  it('refreshes inside the margin (2 minutes left < 5), but not when --margin is shorter', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: new Date(Date.now() + 120_000).toISOString() });
    expect((await runPrinter(0, { marginMs: 60_000 })).seen).toMatchObject({ NETATMO_ACCESS_TOKEN: pair.access });
    expect(tokenRequests(emu)).toBe(0);
    const { seen } = await runPrinter();
    expect(tokenRequests(emu)).toBe(1);
    expect(seen!.NETATMO_ACCESS_TOKEN).toBe(emu.liveAccessTokens()[0]);
  });

  it('refreshes when the stored expiry cannot be read, since a live token cannot be told from a dead one', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: 'soon' });
    const { code, seen } = await runPrinter();
    expect(code).toBe(0);
    expect(tokenRequests(emu)).toBe(1);
    expect(seen!.NETATMO_ACCESS_TOKEN).toBe(emu.liveAccessTokens()[0]);
  });
});

describe('reauth run: what the command gets back, and when it does not run', () => {
  it("ends with the command's exit code, and 128 + N when signal N ended it", async () => {
    await weatherProject(dir, emu, pair);
    expect((await runPrinter(7)).code).toBe(7);
    expect(await run([process.execPath, '-e', "process.kill(process.pid, 'SIGTERM')"])).toBe(143);
  });

  it('passes arguments through without a shell: quotes, $ and ; reach the command as typed', async () => {
    await weatherProject(dir, emu, pair);
    const out = join(dir, 'argv.json');
    const args = ['a b', '$HOME', "it's; rm -rf /", '--config', '-c'];
    expect(await run([process.execPath, '-e', 'require("node:fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))', out, ...args])).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(args);
  });

  it('says plainly when the command does not exist (127) or may not be run (126)', async () => {
    await weatherProject(dir, emu, pair);
    const missing = await run(['no-such-program-reauth-test']).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UserError);
    expect((missing as UserError).exitCode).toBe(127);
    expect((missing as UserError).message).toBe("Could not find the command no-such-program-reauth-test to run. It is not in any folder on PATH.");
    await writeFile(join(dir, 'not-executable.sh'), '#!/bin/sh\necho hi\n', { mode: 0o600 });
    const denied = await run([join(dir, 'not-executable.sh')]).catch((e: unknown) => e);
    expect((denied as UserError).exitCode).toBe(126);
    expect((denied as UserError).nextStep).toContain('chmod +x');
  });

  it('does not run the command with a dead pair: exit 3 and `reauth setup weather`', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: inHours(-1) });
    await refreshElsewhere(emu, pair.refresh);
    const { code, seen } = await runPrinter();
    expect(code).toBe(3);
    expect(seen).toBeNull();
    expect(said.join('')).toContain('reauth setup weather');
  });

  it('runs with the stored token, warning, when the service is unavailable but the token has not expired yet', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: new Date(Date.now() + 120_000).toISOString() });
    emu.answerHtml = true;
    const { code, seen } = await runPrinter();
    expect(code).toBe(0);
    expect(seen).toMatchObject({ NETATMO_ACCESS_TOKEN: pair.access });
    expect(said.join('')).toMatch(/✘ weather: .*\n[\s\S]*⚠ Running \S+ with the access token already stored, valid until \d\d:\d\d\.\n$/);
  });

  it('does not run the command when the token has expired and the service is unavailable: exit 4', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: inHours(-1) });
    emu.answerHtml = true;
    const { code, seen } = await runPrinter();
    expect(code).toBe(4);
    expect(seen).toBeNull();
  });

  it('refuses a profile that stores no access token before spending anything', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: inHours(-1) });
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    await writeFile(join(dir, 'reauth.yaml'), yaml.replace('access_token: NETATMO_ACCESS_TOKEN, ', ''));
    const error = await run([process.execPath, '-e', '0']).catch((e: unknown) => e);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toContain('stores the access token');
    expect(tokenRequests(emu)).toBe(0);
  });

  it('names an unknown profile and the saved ones', async () => {
    await weatherProject(dir, emu, pair);
    const error = await runWithTokens({ configPath: 'reauth.yaml', profile: 'nope', command: ['true'], cwd: dir, say: () => undefined }, testDeps()).catch((e: unknown) => e);
    expect((error as UserError).message).toBe('reauth.yaml has no profile called "nope".');
    expect((error as UserError).nextStep).toBe('Saved profiles: weather.');
  });
});

describe('the pieces of reauth run', () => {
  it('takes variable names from dotenv/envpy keys, and the service defaults for fields they do not name', () => {
    const names = envNames(
      [
        { type: 'yaml', file: 'c.yaml', keys: { refresh_token: 'refresh_token', access_token: 'access_token' } },
        { type: 'dotenv', file: '.env', keys: { access_token: 'WEATHER_TOKEN', client_secret: 'WEATHER_SECRET' } },
        { type: 'envpy', file: 'env.py', keys: { access_token: 'ACCESS', expires_at: 'EXPIRES' } },
      ],
      { defaultEnvKeys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', client_id: 'NETATMO_CLIENT_ID' } },
    );
    expect(Object.fromEntries(names)).toEqual({ access_token: ['WEATHER_TOKEN', 'ACCESS'], expires_at: ['EXPIRES'], refresh_token: ['NETATMO_REFRESH_TOKEN'] });
    const env = childEnv({ PATH: '/bin', ACCESS: 'fake-old' }, names, { access_token: 'fake-access-token-1', client_secret: 'fake-secret' });
    expect(env).toEqual({ PATH: '/bin', WEATHER_TOKEN: 'fake-access-token-1', ACCESS: 'fake-access-token-1' });
  });

  it('decides freshness from expires_at and the margin', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const at = (iso: string) => ({ access_token: 'fake-access-token-1', refresh_token: 'fake-refresh-token-1', expires_at: iso });
    expect(accessFreshness(at('2026-01-01T12:06:00Z'), now, 300_000)).toEqual({ state: 'fresh', refresh: false });
    expect(accessFreshness(at('2026-01-01T12:04:00Z'), now, 300_000)).toEqual({ state: 'expiring', refresh: true });
    expect(accessFreshness(at('2026-01-01T11:59:00Z'), now, 300_000)).toEqual({ state: 'expired', refresh: true });
    expect(accessFreshness({ access_token: 'fake-access-token-1', refresh_token: 'fake-refresh-token-1' }, now, 0)).toEqual({ state: 'unknown', refresh: true });
    expect(accessFreshness({ access_token: 'fake-access-token-1' }, now, 0)).toEqual({ state: 'unknown', refresh: false });
    expect(accessFreshness({}, now, 0)).toEqual({ state: 'missing', refresh: true });
  });

  it('reads --margin as seconds or with a unit', () => {
    expect(parseMargin('300')).toBe(300_000);
    expect(parseMargin('90s')).toBe(90_000);
    expect(parseMargin('5m')).toBe(300_000);
    expect(parseMargin('1.5h')).toBe(5_400_000);
    expect(() => parseMargin('5 minutes')).toThrow(/is not a duration/);
  });

  it('parses `reauth run PROFILE [options] -- CMD…`: everything after -- is the command, options included', () => {
    expect(parseCliArgs(['run', 'weather', '-c', 'x.yaml', '--margin', '10m', '--', 'python3', '-c', 'print(1)', '--', '--json'])).toMatchObject({
      command: 'run',
      profiles: ['weather'],
      config: 'x.yaml',
      marginMs: 600_000,
      json: false,
      childArgv: ['python3', '-c', 'print(1)', '--', '--json'],
    });
    const usage = (argv: string[]) => {
      try {
        parseCliArgs(argv);
      } catch (error) {
        return (error as UserError).message;
      }
      return 'parsed';
    };
    expect(usage(['run', 'weather', 'python3'])).toBe('`reauth run` needs `--` before the command to run (`python3` looks like one).');
    expect(usage(['run', '--', 'python3'])).toBe('`reauth run` needs the profile whose tokens the command gets.');
    expect(usage(['run', 'a', 'b', '--', 'python3'])).toBe('`reauth run` takes one profile, not 2: a b.');
    expect(usage(['run', 'weather', '--'])).toBe('`reauth run` needs a command after `--`.');
    expect(usage(['refresh', '--margin', '5m'])).toBe('--margin only goes with `reauth run`.');
    expect(usage(['status', '--', 'x'])).toBe('`reauth status` takes nothing after `--`.');
    expect(usage(['run', 'weather', '--margin', 'soon', '--', 'x'])).toBe('--margin "soon" is not a duration.');
  });
});
