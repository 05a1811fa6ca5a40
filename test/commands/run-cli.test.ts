/**
 * `reauth run` through the installed package, as a service manager or cron runs it (pipes, a
 * bare environment): the command's stdout is reauth's stdout, untouched; SIGTERM, SIGHUP and
 * SIGINT sent to reauth reach the command, which decides how to end, and reauth ends with its
 * code — the signal guard does not end reauth first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { netatmoPair, netatmoSecrets, tempProject, tokenRequests, weatherEnv, weatherProject, type NetatmoPair } from './refresh-fixtures.js';
import { TEST_CACHE_HOME } from '../support/cache-home.js';
import { REAUTH_BIN } from '../support/reauth-bin.js';

const binary = REAUTH_BIN;

/**
 * The command: prints its Netatmo variables as one JSON line, then "ready"; on the signal named
 * in argv[2] it says so and exits with argv[3]; it ends itself after 15 s so nothing outlives a test.
 */
const CHILD = `
const [trap, code] = process.argv.slice(2);
const names = ['NETATMO_ACCESS_TOKEN', 'NETATMO_REFRESH_TOKEN', 'NETATMO_TOKEN_EXPIRES_AT'];
process.stdout.write(JSON.stringify(Object.fromEntries(names.map((n) => [n, process.env[n] ?? null]))) + '\\n');
if (trap !== 'none') process.on(trap, () => { process.stdout.write('child got ' + trap + '\\n'); process.exit(Number(code)); });
setTimeout(() => process.exit(99), 15000);
process.stdout.write('ready\\n');
`;

interface Running {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;
const running: Running[] = [];
const servers: LoopbackServer[] = [];

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject('reauth-run-cli-');
  pair = await netatmoPair(emu);
  await writeFile(join(dir, 'child.cjs'), CHILD);
});
afterEach(async () => {
  stopAllSessions();
  for (const r of running.splice(0)) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  while (servers.length) await servers.pop()!.close();
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

function start(args: readonly string[]): Running {
  const child = spawn(process.execPath, [binary, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_CACHE_HOME: TEST_CACHE_HOME, LANG: 'C.UTF-8', ...weatherEnv(emu) } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('close', (code, signal) => done({ code, signal })));
  const r = { child, stdout: () => out, stderr: () => err, ended };
  running.push(r);
  return r;
}

async function waitFor(r: Running, text: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!r.stdout().includes(text)) {
    if (Date.now() > until) throw new Error(`"${text}" never came; stdout: ${r.stdout()} stderr: ${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

const runChild = (trap: string, code = 0) => ['run', 'weather', '--', process.execPath, join(dir, 'child.cjs'), trap, String(code)];

describe('reauth run, the installed package', () => {
  it("refreshes an expired token, and stdout is exactly the command's", async () => {
    await weatherProject(dir, emu, pair, { expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const r = start(runChild('none'));
    await waitFor(r, 'ready');
    r.child.kill('SIGTERM');
    const end = await r.ended;
    expect(end.code, r.stderr()).toBe(143);
    expect(tokenRequests(emu)).toBe(1);
    const [line, ready, ...rest] = r.stdout().split('\n');
    expect(JSON.parse(line!)).toMatchObject({ NETATMO_ACCESS_TOKEN: emu.liveAccessTokens()[0], NETATMO_REFRESH_TOKEN: emu.liveRefreshTokens()[0] });
    expect([ready, ...rest]).toEqual(['ready', '']);
    expect(r.stderr()).toMatch(/^✔ weather: refreshed, access token valid until .*\n$/);
    for (const secret of netatmoSecrets(emu, pair)) expect(r.stderr()).not.toContain(secret);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(emu.liveAccessTokens()[0]);
  });

  for (const [signal, code] of [['SIGTERM', 41], ['SIGHUP', 42], ['SIGINT', 43]] as const) {
    it(`passes ${signal} to the command once, and ends with the exit code the command chose (${code})`, async () => {
      await weatherProject(dir, emu, pair);
      const r = start(runChild(signal, code));
      await waitFor(r, 'ready');
      r.child.kill(signal);
      const end = await r.ended;
      expect(end, r.stderr()).toEqual({ code, signal: null });
      expect(r.stdout().match(/child got \w+/g)).toEqual([`child got ${signal}`]);
      // The guard neither announced nor obeyed it: the command decided.
      expect(r.stderr()).toBe('');
      expect(tokenRequests(emu)).toBe(0);
    });
  }

  it('holds SIGTERM during the refresh, puts the new tokens in every target, and then does not start the command', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((res) => (arrived = res));
    const slow = await startLoopbackServer(async (req) => {
      arrived();
      await new Promise((res) => setTimeout(res, 500));
      const response = await fetch(`${emu.origin}${req.url.pathname}`, { method: req.method, body: req.body, headers: { 'content-type': String(req.headers['content-type']) } });
      return { status: response.status, headers: { 'content-type': 'application/json' }, body: await response.text() };
    });
    servers.push(slow);
    await weatherProject(dir, emu, pair, { expiresAt: new Date(Date.now() - 60_000).toISOString(), tokenUrl: `${slow.origin}/oauth2/token` });
    const r = start(runChild('SIGTERM', 41));
    await arrival;
    r.child.kill('SIGTERM');
    expect((await r.ended).code, r.stderr()).toBe(143);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toContain('SIGTERM received while new tokens are on their way');
    expect(r.stderr()).toContain('Stopped by SIGTERM after the refresh had finished: every target holds the new tokens.');
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${emu.liveRefreshTokens()[0]}'`);
  });

  it('ends with 128 + N when the command dies of the signal, and says nothing itself', async () => {
    await weatherProject(dir, emu, pair);
    const r = start(runChild('none'));
    await waitFor(r, 'ready');
    r.child.kill('SIGHUP');
    expect((await r.ended).code).toBe(129);
    expect(r.stderr()).toBe('');
  });

  it('says plainly that a command is not found, exit 127', async () => {
    await weatherProject(dir, emu, pair);
    const r = start(['run', 'weather', '--', 'no-such-program-reauth-test', '--flag']);
    expect((await r.ended).code).toBe(127);
    expect(r.stderr()).toBe('✘ Could not find the command no-such-program-reauth-test to run. It is not in any folder on PATH.\n  Check its spelling, or give its full path after `--`.\n');
    expect(r.stdout()).toBe('');
  });
});

/** Counts SIGINTs for a moment after the first, then reports how many came and exits 43. */
const COUNT_INTERRUPTS = `
let count = 0;
process.on('SIGINT', () => {
  count += 1;
  if (count === 1) setTimeout(() => { process.stdout.write('child got SIGINT ' + count + ' time(s)\\n'); process.exit(43); }, 400);
});
setTimeout(() => process.exit(99), 15000);
process.stdout.write('ready\\n');
`;

describe('reauth run in a terminal', () => {
  it('Ctrl+C reaches the command once (the terminal sends it to both; reauth does not send it again)', async () => {
    await weatherProject(dir, emu, pair);
    await writeFile(join(dir, 'count.cjs'), COUNT_INTERRUPTS);
    const session = startReauth({ args: ['run', 'weather', '--', process.execPath, join(dir, 'count.cjs')], cwd: dir });
    await session.waitForText('ready');
    session.press('ctrl-c');
    await session.waitForText('child got SIGINT');
    expect(await session.exit()).toBe(43);
    expect(session.plainOutput()).toContain('child got SIGINT 1 time(s)');
    expect(session.plainOutput()).not.toContain('Stopped by');
  });
});
