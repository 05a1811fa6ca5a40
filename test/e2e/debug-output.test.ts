/**
 * `--debug` through the installed package (SECURITY.md): the technical details it adds — stack
 * traces, the service's own words — never hold a whole secret, in success and in every kind of
 * failure, with and without `--json`. The whole-suite secret grep reads these outputs too; the
 * assertions here name the secrets this file knows of, so a leak fails right here as well.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { netatmoPair, netatmoSecrets, refreshElsewhere, weatherProject, type NetatmoPair } from '../commands/refresh-fixtures.js';
import { makeFolder, runWithoutTerminal, type CommandRun } from './e2e-support.js';

let emu: NetatmoEmulator;
/** A gateway that answers 502 and quotes back everything it was sent, as some proxies' error pages do. */
let echo: LoopbackServer;
const seen: NetatmoPair[] = [];
const env = (): Record<string, string> => ({ NETATMO_CLIENT_SECRET: emu.clientSecret });

beforeAll(async () => {
  emu = await startNetatmoEmulator();
  echo = await startLoopbackServer((req) => ({ status: 502, headers: { 'content-type': 'text/html' }, body: `<h1>Bad gateway</h1><pre>${req.body}\n${String(req.headers.authorization ?? '')}</pre>` }));
});
afterAll(async () => {
  await emu.close();
  await echo.close();
});

async function project(options: { tokenUrl?: string } = {}): Promise<{ dir: string; pair: NetatmoPair }> {
  const dir = await makeFolder('debug');
  const pair = await netatmoPair(emu);
  seen.push(pair);
  await weatherProject(dir, emu, pair, options);
  return { dir, pair };
}

function expectNoSecretIn(run: CommandRun, what: string): void {
  const text = `${run.stdout}\n${run.stderr}`;
  for (const secret of netatmoSecrets(emu, ...seen)) expect(text.includes(secret), `${what} shows a whole secret (${secret.slice(0, 4)}…)`).toBe(false);
}

const debugRuns = [
  ['refresh', 'weather', '--debug'],
  ['refresh', 'weather', '--debug', '--json'],
  ['status', 'weather', '--debug'],
  ['status', 'weather', '--debug', '--json'],
] as const;

describe('--debug never shows a whole secret', () => {
  it('when every refresh works (the rotating pair twice)', async () => {
    const { dir } = await project();
    for (const args of debugRuns) {
      const run = await runWithoutTerminal(dir, args, env());
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expectNoSecretIn(run, args.join(' '));
    }
  });

  it('when the refresh token was spent elsewhere (exit 3), with the trace it adds', async () => {
    const { dir, pair } = await project();
    seen.push(await refreshElsewhere(emu, pair.refresh));
    const run = await runWithoutTerminal(dir, ['refresh', 'weather', '--debug'], env());
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/\n\s+at /); // --debug really adds the stack
    expectNoSecretIn(run, 'refresh --debug after a spent token');
    const json = await runWithoutTerminal(dir, ['refresh', 'weather', '--debug', '--json'], env());
    expect(json.code).toBe(3);
    expectNoSecretIn(json, 'refresh --debug --json after a spent token');
  });

  it('when a gateway quotes back the request, the refresh token and client secret in it (exit 4)', async () => {
    const { dir } = await project({ tokenUrl: `${echo.origin}/oauth2/token` });
    for (const args of debugRuns.slice(0, 2)) {
      const run = await runWithoutTerminal(dir, args, env());
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(4);
      expectNoSecretIn(run, `${args.join(' ')} behind an echoing gateway`);
    }
  });

  it('when a target file is broken, before anything is spent (exit 2)', async () => {
    const { dir } = await project();
    await writeFile(join(dir, 'config.yaml'), 'weather: [unclosed\n');
    const run = await runWithoutTerminal(dir, ['refresh', 'weather', '--debug'], env());
    expect(run.code).toBe(2);
    expectNoSecretIn(run, 'refresh --debug with a broken target');
  });
});
