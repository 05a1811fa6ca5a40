/**
 * The built binary's help and usage answers (issue 11): `reauth COMMAND --help` for every
 * command, mistakes told in reauth's words on stderr, and under `--json` every error one JSON
 * object on stdout with stderr empty and the same exit code — what a script reading stdout needs.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startLoopbackServer } from '../support/loopback-server.js';
import { netatmoPair, weatherProject } from '../commands/refresh-fixtures.js';
import { recordOutput } from '../support/secret-audit.js';
import { TEST_CACHE_HOME } from '../support/cache-home.js';
import { REAUTH_BIN } from '../support/reauth-bin.js';

const binary = REAUTH_BIN;
const COMMANDS = ['setup', 'refresh', 'status', 'providers', 'schedule', 'demo', 'run'] as const;
/** Node's own parseArgs wording: none of it may reach a person or a script. */
const NODE_WORDING = /positional argument|ERR_PARSE_ARGS|argument is ambiguous|Unknown option|<value>|To specify|TypeError|at .*\.js:\d+/;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'reauth-help-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** No TTY, a cron-like environment, cwd a folder with no reauth.yaml. */
function reauth(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = home): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [binary, ...args], { cwd, env: { HOME: home, XDG_CACHE_HOME: TEST_CACHE_HOME, PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      recordOutput(`reauth ${args.join(' ')}`, `${stdout}\n${stderr}`);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The one object `--json` prints for an error. */
function jsonError(run: Run, exitCode: number): { message: string; next: string | null } {
  expect(run.stderr, 'stderr stays empty under --json').toBe('');
  expect(run.code).toBe(exitCode);
  const parsed = JSON.parse(run.stdout) as { ok: boolean; exit_code: number; error: { message: string; next: string | null } };
  expect(parsed).toEqual({ ok: false, exit_code: exitCode, error: { message: expect.any(String), next: expect.any(String) } });
  expect(`${parsed.error.message} ${parsed.error.next}`).not.toMatch(NODE_WORDING);
  expect(parsed.error.message).not.toMatch(/^✘/);
  return parsed.error;
}

describe('reauth COMMAND --help', () => {
  it.each(COMMANDS)('`reauth %s --help` prints its own help, examples first, within 60 columns', async (command) => {
    const [asked, viaHelp] = await Promise.all([reauth([command, '--help']), reauth(['help', command])]);
    expect(asked.code).toBe(0);
    expect(asked.stderr).toBe('');
    expect(asked.stdout.split('\n')[0]).toMatch(new RegExp(`^reauth ${command} — `));
    expect(asked.stdout.split('\n')[2]).toBe('Examples');
    expect(asked.stdout).toMatch(new RegExp(`^  reauth ${command}\\b`, 'm'));
    expect(asked.stdout.split('\n').filter((line) => [...line].length > 60)).toEqual([]);
    expect(viaHelp).toEqual(asked);
  });

  it('`reauth --help` is the overview, and points to each command\'s own', async () => {
    const run = await reauth(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^reauth — /);
    expect(run.stdout).toContain('reauth COMMAND --help');
    expect(run.stdout.split('\n').filter((line) => [...line].length > 60)).toEqual([]);
  });
});

describe('usage mistakes, in reauth words', () => {
  it.each([
    [['--bogus'], /^✘ reauth has no option --bogus\.\n  Without a command reauth starts the wizard/],
    [['refresh', '--jsn'], /^✘ reauth has no option --jsn; did you mean --json\?\n  `reauth refresh` takes -c\/--config FILE, --json, --debug/],
    [['status', '--sytemd'], /^✘ reauth has no option --sytemd; did you mean --systemd\? It goes with `reauth schedule`\./],
    [['refresh', '-c'], /^✘ --config needs a value after it \(e\.g\. -c \/opt\/app\/reauth\.yaml\)\./],
    [['status', '--config='], /^✘ --config is empty/],
    [['demo', '--plain=yes'], /^✘ --plain takes no value\./],
    [['providers', 'netatmo'], /^✘ `reauth providers` takes no names \(found: netatmo\)\./],
    [['demo', 'now'], /^✘ `reauth demo` takes no names/],
    [['schedule', '--margin', '5m'], /^✘ --margin only goes with `reauth run`\./],
    [['staus'], /^✘ "staus" is not a reauth command; did you mean `reauth status`\?/],
    [['run', 'weather', 'python3'], /^✘ `reauth run` needs `--` before the command to run/],
  ])('%j: exit 2, one sentence and the next step on stderr', async (args, expected) => {
    const run = await reauth(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).not.toMatch(NODE_WORDING);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('--json errors are JSON on stdout', () => {
  it.each([
    [['refresh', '--json', '--jsn'], /did you mean --json/],
    [['status', '--json=yes'], /--json takes no value/],
    [['refresh', '--json', '-c'], /--config needs a value/],
    [['status', '--json', '--config='], /--config is empty/],
    [['providers', '--json', 'netatmo'], /takes no names/],
    [['setup', '--json'], /--json only goes with `reauth refresh`, `reauth status` and `reauth providers`/],
    [['refrsh', '--json'], /did you mean `reauth refresh`/],
    [['refresh', '--json', '--', 'x'], /takes nothing after `--`/],
  ])('%j: exit 2 and one JSON object', async (args, message) => {
    expect(jsonError(await reauth(args), 2).message).toMatch(message);
  });

  it.each(['refresh', 'status', 'providers'])('`reauth %s --json` with a broken reauth.yaml: the configuration error as JSON, exit 2', async (command) => {
    const dir = await mkdtemp(join(home, 'broken-'));
    await writeFile(join(dir, 'reauth.yaml'), 'version: 1\nprofiles:\n  weather: [unclosed\n');
    const error = jsonError(await reauth([command, '--json'], {}, dir), 2);
    expect(error.message).toMatch(/reauth\.yaml/);
  });

  it('`reauth refresh --json` with no reauth.yaml at all says how to make one, as JSON', async () => {
    const error = jsonError(await reauth(['refresh', '--json', '-c', join(home, 'none', 'reauth.yaml')]), 2);
    expect(error.message).toMatch(/reauth\.yaml/);
  });

  it('`reauth status PROFILE --json` for a profile that does not exist: JSON, exit 2', async () => {
    const dir = await mkdtemp(join(home, 'empty-'));
    await writeFile(join(dir, 'reauth.yaml'), 'version: 1\nprofiles: {}\n');
    jsonError(await reauth(['status', 'nosuch', '--json'], {}, dir), 2);
  });

  describe('a refresh that fails', () => {
    let emu: NetatmoEmulator;
    beforeAll(async () => {
      emu = await startNetatmoEmulator();
    });
    afterAll(async () => {
      await emu.close();
    });
    afterEach(async () => {
      await rm(join(home, 'weather'), { recursive: true, force: true });
    });

    it('a rejected refresh token: the per-profile rows on stdout, exit 3, nothing on stderr', async () => {
      const dir = join(home, 'weather');
      await mkdir(dir);
      const pair = await netatmoPair(emu);
      await weatherProject(dir, emu, pair);
      // Netatmo rotates: refreshing behind reauth's back makes the stored refresh token dead.
      await fetch(`${emu.origin}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.clientId, client_secret: emu.clientSecret, refresh_token: pair.refresh }),
      });
      const run = await reauth(['refresh', '--json', '-c', join(dir, 'reauth.yaml')], { NETATMO_CLIENT_SECRET: emu.clientSecret });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(3);
      const rows = JSON.parse(run.stdout) as { ok: boolean; exit_code: number; error: { message: string; next: string } }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ ok: false, exit_code: 3, error: { next: 'Run `reauth setup weather` and sign in to Netatmo again.' } });
    });

    it('a ${VAR} the environment lacks: JSON on stdout, exit 2, nothing on stderr', async () => {
      const dir = join(home, 'weather');
      await mkdir(dir);
      await weatherProject(dir, emu, await netatmoPair(emu));
      const run = await reauth(['refresh', '--json', '-c', join(dir, 'reauth.yaml')]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(2);
      const parsed = JSON.parse(run.stdout) as unknown;
      const error = (Array.isArray(parsed) ? parsed[0] : parsed) as { ok: boolean; error: { message: string } };
      expect(error.ok).toBe(false);
      expect(error.error.message).toMatch(/NETATMO_CLIENT_SECRET/);
    });

    it('stopped by SIGTERM with nothing in flight (a live check hanging): one JSON object, exit 143, nothing on stderr', async () => {
      let answer = () => {};
      const hanging = await startLoopbackServer(() => new Promise((done) => (answer = () => done({ status: 503, body: 'late' }))));
      try {
        const dir = join(home, 'weather');
        await mkdir(dir);
        await weatherProject(dir, emu, await netatmoPair(emu));
        const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
        await writeFile(join(dir, 'reauth.yaml'), yaml.replace(/verify_url: .*/, `verify_url: ${hanging.origin}/api/getstationsdata`));
        const child = spawn(process.execPath, [binary, 'status', '--json'], { cwd: dir, env: { HOME: home, XDG_CACHE_HOME: TEST_CACHE_HOME, PATH: '/usr/bin:/bin', NETATMO_CLIENT_SECRET: emu.clientSecret }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        const ended = new Promise<number | null>((done) => child.on('close', done));
        for (let i = 0; i < 200 && hanging.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        expect(hanging.requests.length, 'the live check reached the hanging server').toBeGreaterThan(0);
        child.kill('SIGTERM');
        const code = await ended;
        recordOutput('reauth status --json (SIGTERM)', `${stdout}\n${stderr}`);
        expect(stderr).toBe('');
        expect(code).toBe(143);
        expect(JSON.parse(stdout)).toEqual({ ok: false, exit_code: 143, error: { message: 'Stopped by SIGTERM; no token was in flight.', next: expect.any(String) } });
      } finally {
        answer();
        await hanging.close();
      }
    });
  });
});
