/**
 * The built binary, as cron runs it: no TTY, a bare environment, two runs at once, and the
 * README's crontab line run by `/bin/sh -c` exactly as written (paths substituted).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { netatmoPair, tempProject, tokenRequests, weatherProject, type NetatmoPair } from './refresh-fixtures.js';
import { recordOutput } from '../support/secret-audit.js';
import { TEST_CACHE_HOME } from '../support/cache-home.js';
import { REAUTH_BIN } from '../support/reauth-bin.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The global setup builds once per run and hands out a private copy of dist/ (see global-setup.ts). */
const binary = REAUTH_BIN;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program with stdin from /dev/null: no TTY anywhere, as under cron. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      recordOutput(`${command} ${args.join(' ')}`, `${stdout}\n${stderr}`);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A cron-like environment: almost nothing set. */
function bareEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: home, XDG_CACHE_HOME: TEST_CACHE_HOME, PATH: '/usr/bin:/bin', SHELL: '/bin/sh', LANG: 'C.UTF-8', ...extra };
}

let emu: NetatmoEmulator;
let dir: string;
let home: string;
let pair: NetatmoPair;
const servers: LoopbackServer[] = [];

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject('reauth-cli-');
  home = await mkdtemp(join(tmpdir(), 'reauth-cron-home-'));
  pair = await netatmoPair(emu);
});
afterEach(async () => {
  await emu.close();
  while (servers.length) await servers.pop()!.close();
});

describe('the reauth binary without a terminal', () => {
  it('refreshes and reports status with stdin and stdout not a TTY', async () => {
    await weatherProject(dir, emu, pair);
    const env = bareEnv(home, { NETATMO_CLIENT_SECRET: emu.clientSecret });
    const refreshed = await run(process.execPath, [binary, 'refresh', 'weather', '-c', join(dir, 'reauth.yaml')], env, home);
    expect(refreshed.stderr).toBe('');
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toMatch(/^✔ weather: refreshed, access token valid until .+ \(config\.yaml at weather\.integrations\.netatmo, \.env\)\n$/);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${emu.liveRefreshTokens()[0]}'`);

    const status = await run(process.execPath, [binary, 'status', '--json', '-c', join(dir, 'reauth.yaml')], env, home);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)[0]).toMatchObject({ profile: 'weather', health: 'ok' });
  });

  it('exits 3 with the plain sentence and the fixing command on stderr', async () => {
    await weatherProject(dir, emu, pair);
    const kill = await fetch(`${emu.origin}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.clientId, client_secret: emu.clientSecret, refresh_token: pair.refresh }),
    });
    expect(kill.status).toBe(200);
    const result = await run(process.execPath, [binary, 'refresh', '-c', join(dir, 'reauth.yaml')], bareEnv(home, { NETATMO_CLIENT_SECRET: emu.clientSecret }), home);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^✘ weather: Netatmo no longer accepts the saved refresh token \(invalid_grant\)\. Netatmo hands out a new refresh token/);
    expect(result.stderr).toContain('\n  Run `reauth setup weather` and sign in to Netatmo again.\n');
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('lets two simultaneous processes share one rotating token: one refreshes, the other uses what it stored', async () => {
    // The token endpoint answers slowly, so the second process surely arrives while the first holds the lock.
    const slow = await startLoopbackServer(async (req) => {
      await new Promise((r) => setTimeout(r, 2000));
      const response = await fetch(`${emu.origin}${req.url.pathname}`, { method: req.method, body: req.body, headers: { 'content-type': String(req.headers['content-type']) } });
      return { status: response.status, headers: { 'content-type': 'application/json' }, body: await response.text() };
    });
    servers.push(slow);
    await weatherProject(dir, emu, pair, { tokenUrl: `${slow.origin}/oauth2/token` });
    const env = bareEnv(home, { NETATMO_CLIENT_SECRET: emu.clientSecret });
    const args = [binary, 'refresh', 'weather', '-c', join(dir, 'reauth.yaml')];
    const [a, b] = await Promise.all([run(process.execPath, args, env, home), run(process.execPath, args, env, home)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(tokenRequests(emu)).toBe(1);
    const outputs = [a.stdout, b.stdout].sort();
    expect(outputs[0]).toMatch(/^✔ weather: another reauth run refreshed it moments ago/);
    expect(outputs[1]).toMatch(/^✔ weather: refreshed, /);
    const [live] = emu.liveRefreshTokens();
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${live}'`);
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toContain(`refresh_token: '${live}'`);
  }, 60_000);
});

describe("the README's crontab line", () => {
  it('works as written under /bin/sh with a bare cron environment (paths substituted)', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Keep tokens fresh'));
    const block = /```crontab\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block, 'a ```crontab block in "Keep tokens fresh"').toBeDefined();
    const line = block!.split('\n').find((l) => /^[0-9*]/.test(l))!;
    const fields = line.trim().split(/\s+/);
    const command = line.trim().replace(/^(\S+\s+){5}/, '');
    expect(fields.slice(0, 5).join(' ')).toMatch(/^[0-9*/,-]+( [0-9*/,-]+){4}$/);
    expect(command).not.toContain('%'); // cron turns % into a newline

    // As `reauth setup` leaves it: the client secret in .env, so cron needs no variables.
    await weatherProject(dir, emu, pair);
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    await writeFile(
      join(dir, 'reauth.yaml'),
      yaml.replace('    client_secret: ${NETATMO_CLIENT_SECRET}\n', '').replace('expires_at: NETATMO_TOKEN_EXPIRES_AT }', 'expires_at: NETATMO_TOKEN_EXPIRES_AT, client_secret: NETATMO_CLIENT_SECRET }'),
    );
    await writeFile(join(dir, '.env'), `${await readFile(join(dir, '.env'), 'utf8')}NETATMO_CLIENT_SECRET=${emu.clientSecret}\n`);

    const substituted = command
      .replace('/usr/bin/node', process.execPath)
      .replace('/usr/local/lib/node_modules/reauth/dist/reauth.js', binary)
      .replace('/srv/weather/reauth.yaml', join(dir, 'reauth.yaml'));
    expect(substituted).not.toBe(command);
    const result = await run('/bin/sh', ['-c', substituted], bareEnv(home), home);
    expect(result.code, result.stderr).toBe(0);
    const log = await readFile(join(home, 'reauth.log'), 'utf8');
    expect(log).toMatch(/^✔ weather: refreshed, access token valid until /);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${emu.liveRefreshTokens()[0]}'`);
  });
});
