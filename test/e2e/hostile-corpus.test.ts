/**
 * Issue 13's corpus (test/support/hostile-corpus.ts) through the installed CLI: one profile
 * per hostile answer, all in one folder, so `refresh`, `refresh --json`, `status` and
 * `status --json` each run once over the whole table. No control byte may reach stdout,
 * stderr, any string of the JSON (a script's `jq -r` would print it raw) or a file under
 * `.reauth/`; where the table says reauth quotes the field, that profile's answer carries a
 * mark (␛ or �), and where it says reauth does not, none.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { validateHeaderValue } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTROL,
  HOSTILE_CASES,
  MARK,
  SPOOFED_LINE,
  controlStringsIn,
  corpusConfig,
  hasMark,
  startHostileServer,
  startingEnv,
  writeAfterWriteScript,
  writeFakeHeroku,
  type HostileServer,
} from '../support/hostile-corpus.js';
import { makeFolder, removeFolders, runWithoutTerminal, type CommandRun } from './e2e-support.js';

const COMMANDS = [
  ['refresh'],
  ['refresh', '--json'],
  ['status'],
  ['status', '--json'],
] as const;

let server: HostileServer;
let dir: string;
const runs = new Map<string, CommandRun>();

beforeAll(async () => {
  server = await startHostileServer();
  dir = await makeFolder('hostile-corpus');
  await writeFile(join(dir, 'reauth.yaml'), corpusConfig(server.origin));
  await Promise.all(HOSTILE_CASES.map((c) => writeFile(join(dir, `${c.id}.env`), startingEnv(c.id))));
  const heroku = await writeFakeHeroku(dir);
  await writeAfterWriteScript(dir);
  const env = { REAUTH_HEROKU_BIN: heroku, HEROKU_HOST: `${server.origin}/heroku`, HEROKU_API_KEY: 'fake-heroku-api-key', HOSTILE_CLIENT_SECRET: 'fake-hostile-secret-0001' };
  // In order: status reads what the refreshes left in .reauth/state.
  for (const args of COMMANDS) runs.set(args.join(' '), await runWithoutTerminal(dir, args, env, 60_000));
}, 120_000);

afterAll(async () => {
  await server?.close();
  await removeFolders();
});

function rows(command: 'refresh --json' | 'status --json'): Record<string, unknown>[] {
  return JSON.parse(runs.get(command)!.stdout) as Record<string, unknown>[];
}

function rowOf(command: 'refresh --json' | 'status --json', profile: string): Record<string, unknown> {
  const row = rows(command).find((r) => r.profile === profile);
  expect(row, `${command} has no entry for ${profile}`).toBeDefined();
  return row!;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('the hostile-answer corpus through the installed CLI', () => {
  it('sent every hostile answer (with headers Node can send as they are)', () => {
    for (const c of HOSTILE_CASES) {
      for (const [name, value] of Object.entries(c.reply?.headers ?? {})) expect(() => validateHeaderValue(name, value), `${c.id} ${name}`).not.toThrow();
    }
    const programs = new Set(['heroku-cli', 'after_write', 'notify']);
    expect(HOSTILE_CASES.filter((c) => !programs.has(c.endpoint) && !server.served.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it.each(COMMANDS.map((args) => args.join(' ')))('`reauth %s` runs to the end and writes no control byte', (command) => {
    const run = runs.get(command)!;
    expect(run.code, `${command} crashed or timed out:\n${run.stderr}`).not.toBe(1);
    expect(run.code).not.toBeNull();
    expect(run.stdout, `${command} stdout`).not.toMatch(CONTROL);
    expect(run.stderr, `${command} stderr`).not.toMatch(CONTROL);
    expect(`${run.stdout}${run.stderr}`, `${command} shows no mark at all`).toMatch(MARK);
    expect(`${run.stdout}\n${run.stderr}`, `${command}: a service's text started a line of its own`).not.toMatch(SPOOFED_LINE);
    if (command.endsWith('--json')) {
      const parsed = JSON.parse(run.stdout) as unknown[];
      expect(parsed).toHaveLength(HOSTILE_CASES.length);
      expect(controlStringsIn(parsed)).toEqual([]);
    }
  });

  it('quotes a failing notify command’s last line in its ⚠ line, marked and on one line', () => {
    const line = runs.get('refresh')!.stderr.split('\n').find((l) => l.startsWith('⚠ notify-command-line: '));
    expect(line, runs.get('refresh')!.stderr).toMatch(MARK);
    expect(runs.get('refresh --json')!.stderr).toMatch(/^⚠ notify-command-line: /m);
  });

  it('leaves no control byte in any file under .reauth/', async () => {
    const files = await filesUnder(join(dir, '.reauth'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = await readFile(file, 'utf8');
      expect(content, file).not.toMatch(CONTROL);
      if (!file.endsWith('.json')) continue;
      // A rescue file's `values` are the service's answer byte for byte (tokens are opaque, and
      // what a program reads must not change): escaped on disk, so only the rest must be clean.
      const { values: _kept, ...rest } = JSON.parse(content) as Record<string, unknown>;
      expect(controlStringsIn(file.includes('/rescue/') ? rest : { values: _kept, ...rest }), file).toEqual([]);
    }
  });

  it.each(HOSTILE_CASES.map((c) => [c.id, c.service, c.endpoint, c.field, c.shown] as const))('%s (%s %s, %s): marked where quoted (%s)', (id, _service, _endpoint, _field, shown) => {
    const refreshed = rowOf('refresh --json', id);
    const status = rowOf('status --json', id);
    const inRefresh = shown === 'refresh' || shown === 'both';
    const inStatus = shown === 'status' || shown === 'both';
    expect(hasMark(refreshed), `refresh --json of ${id}: ${JSON.stringify(refreshed)}`).toBe(inRefresh);
    expect(hasMark(status), `status --json of ${id}: ${JSON.stringify(status)}`).toBe(inStatus);
  });
});
