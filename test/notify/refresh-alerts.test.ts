/**
 * Issue 12, "alerts": `reauth refresh` in-process against the loopback Netatmo, with a real
 * loopback webhook receiver, a real ping receiver and a real child process as the command
 * notifier. Done when a revoked refresh token produces exactly one alert and one recovery.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { startLoopbackServer, type LoopbackReply, type LoopbackServer } from '../support/loopback-server.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { netatmoPair, netatmoSecrets, refreshElsewhere, tempProject, testDeps, weatherEnv, weatherProject, type NetatmoPair } from '../commands/refresh-fixtures.js';

let emu: NetatmoEmulator;
let hooks: LoopbackServer;
let dir: string;
let pair: NetatmoPair;
/** How the receiver answers the next request: 200, 500, or never. */
let mode: 'ok' | 'fail' | 'stall';
const stalled: (() => void)[] = [];

beforeEach(async () => {
  mode = 'ok';
  emu = await startNetatmoEmulator();
  hooks = await startLoopbackServer((): LoopbackReply | Promise<LoopbackReply> => {
    if (mode === 'fail') return { status: 500, body: 'boom' };
    if (mode === 'stall') return new Promise((resolve) => stalled.push(() => resolve({ status: 200 })));
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
  });
  dir = await tempProject('reauth-notify-');
  pair = await netatmoPair(emu);
  await project(pair);
});
afterEach(async () => {
  for (const release of stalled.splice(0)) release();
  await hooks.close();
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

const SCRIPT = `let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => require('fs').appendFileSync(process.argv[2], JSON.stringify({ env: process.env.REAUTH_EVENT, summary: JSON.parse(s) }) + '\\n'));`;

/** The weather profile of DESIGN.md with a webhook, a command notifier and ping URLs. */
async function project(tokens: NetatmoPair, command = `"${process.execPath}" notify.cjs alerts.log`): Promise<void> {
  await weatherProject(dir, emu, tokens);
  await writeFile(join(dir, 'notify.cjs'), SCRIPT);
  const path = join(dir, 'reauth.yaml');
  const text = await readFile(path, 'utf8');
  const notify = [
    '    notify:',
    `      webhook: ${hooks.origin}/hook/fake-hook-secret`,
    `      command: '${command}'`,
    `      ping_url: ${hooks.origin}/ping/weather`,
  ].join('\n');
  await writeFile(path, `${text.replace('providers:\n', `${notify}\nproviders:\n`)}notify:\n  ping_url: ${hooks.origin}/ping/run\n`);
}

const env = () => ({ ...weatherEnv(emu), PATH: process.env.PATH });
const refresh = (json = false) => refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json, cwd: dir, notifyTimeoutMs: 500 }, testDeps(env()));

const hookBodies = () => hooks.requests.filter((r) => r.url.pathname.startsWith('/hook/')).map((r) => r.json as { text: string; content: string; reauth: { event: string; state: string; exit_code: number } });
const pings = (which: string) => hooks.requests.filter((r) => r.url.pathname === `/ping/${which}`).length;
async function commandRuns(): Promise<{ env: string; summary: { event: string; state: string; profile: string } }[]> {
  const text = await readFile(join(dir, 'alerts.log'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { env: string; summary: { event: string; state: string; profile: string } });
}

describe('alerts from reauth refresh', () => {
  it('a revoked refresh token gives exactly one alert, then exactly one recovery; the ping follows every success', async () => {
    // A first run that works: nothing to say, but the dead-man's switches are fed.
    const first = await refresh();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(hookBodies()).toEqual([]);
    expect(await commandRuns()).toEqual([]);
    expect([pings('weather'), pings('run')]).toEqual([1, 1]);

    // Another program spends the pair: the saved refresh token is dead. Three cron runs.
    const stored = (await readFile(join(dir, '.env'), 'utf8')).match(/NETATMO_REFRESH_TOKEN='([^']+)'/)![1]!;
    const fresh = await refreshElsewhere(emu, stored);
    for (let run = 0; run < 3; run++) {
      const output = await refresh();
      expect(output.exitCode).toBe(3);
      expect(output.stderr).not.toContain('could not be sent');
    }
    expect(hookBodies().map((b) => [b.reauth.event, b.reauth.state, b.reauth.exit_code])).toEqual([['alert', 'sign-in-again', 3]]);
    expect(hookBodies()[0]!.text).toMatch(/weather \(Netatmo\) needs you\. .*Run `reauth setup weather`/);
    expect(hookBodies()[0]!.content).toBe(hookBodies()[0]!.text);
    expect((await commandRuns()).map((r) => [r.env, r.summary.event, r.summary.state, r.summary.profile])).toEqual([['alert', 'alert', 'sign-in-again', 'weather']]);
    expect([pings('weather'), pings('run')]).toEqual([1, 1]);

    // The person signs in again (the targets get a good pair): one recovery, then silence.
    await project(fresh);
    const fixed = await refresh();
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    await refresh();
    expect(hookBodies().map((b) => b.reauth.event)).toEqual(['alert', 'recovery']);
    expect(hookBodies()[1]!.text).toMatch(/weather \(Netatmo\) works again\. Refreshed; the access token is valid until/);
    expect((await commandRuns()).map((r) => r.summary.event)).toEqual(['alert', 'recovery']);
    expect([pings('weather'), pings('run')]).toEqual([3, 3]);

    // No secret anywhere that left: bodies, headers, addresses, the command's stdin.
    const everything = [...hooks.requests.map((r) => `${r.url.href}\n${JSON.stringify(r.headers)}\n${r.body}`), await readFile(join(dir, 'alerts.log'), 'utf8')].join('\n');
    for (const secret of netatmoSecrets(emu, pair, fresh)) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/[A-Za-z0-9]{2,4}…[A-Za-z0-9]{2,4} \(\d+ chars\)/);
  });

  it('a webhook answering 500 changes no exit code, warns in one line without its secret path, and is tried again next run', async () => {
    await refreshElsewhere(emu, pair.refresh);
    mode = 'fail';
    const output = await refresh();
    expect(output.exitCode).toBe(3);
    const warnings = output.stderr.split('\n').filter((line) => line.includes('could not be sent'));
    expect(warnings).toEqual([`⚠ weather: the alert could not be sent by webhook: ${hooks.origin}/… answered HTTP 500.`]);
    expect(output.stderr).not.toContain('fake-hook-secret');
    // The command notifier did deliver: it stays quiet while the webhook retries.
    mode = 'ok';
    expect((await refresh()).exitCode).toBe(3);
    await refresh();
    expect(hooks.requests.filter((r) => r.url.pathname.startsWith('/hook/')).length).toBe(2);
    expect((await commandRuns()).length).toBe(1);
  });

  it('a stalled webhook and a failing command cost at most the timeout and change no exit code', async () => {
    await project(pair, 'exit 7');
    mode = 'stall';
    await refreshElsewhere(emu, pair.refresh);
    const started = Date.now();
    const output = await refresh(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(output.exitCode).toBe(3);
    // --json stays one parseable document on stdout; the warnings go to stderr.
    expect((JSON.parse(output.stdout) as { exit_code: number }[])[0]!.exit_code).toBe(3);
    expect(output.stderr).toContain(`⚠ weather: the alert could not be sent by webhook: ${hooks.origin}/… did not answer within 500 ms.`);
    expect(output.stderr).toContain('⚠ weather: the alert could not be sent by command: it exited with code 7.');
  });

  it('a command whose pipeline stalls is stopped whole at the timeout, children included', async () => {
    await project(pair, 'sleep 30 | cat');
    await refreshElsewhere(emu, pair.refresh);
    const started = Date.now();
    const output = await refresh();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(output.exitCode).toBe(3);
    expect(output.stderr).toContain('⚠ weather: the alert could not be sent by command: it did not finish within 500 ms and was stopped.');
  });

  it('a ping_url that cannot be reached is a warning on a successful run, which still exits 0', async () => {
    mode = 'fail';
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(0);
    expect(output.stderr).toContain(`⚠ weather: the ping_url could not be reached: ${hooks.origin}/… answered HTTP 500.`);
    expect(output.stderr).toContain(`⚠ the ping_url could not be reached: ${hooks.origin}/… answered HTTP 500.`);
  });
});
