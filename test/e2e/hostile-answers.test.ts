/**
 * Issue 13, point 1, end to end through the installed package: a token endpoint (or whatever
 * stands in its way: a portal, a proxy) answering with terminal escape sequences, C1 controls
 * and bidi overrides in every field reauth may quote. None of those bytes may reach stdout,
 * stderr, `--json` or `.reauth/` — only the sanitiser's visible ␛ / � marks.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, json, startLoopbackServer, type LoopbackReply, type LoopbackServer } from '../support/loopback-server.js';
import { makeFolder, runWithoutTerminal } from './e2e-support.js';

/** Every byte that could steer a terminal or reorder a line. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const PAYLOAD = 'A\u001B[2J\u001B]0;owned\u0007\u001B]8;;https://evil.example/\u001B\\link\u001B]8;;\u001B\\\u009B2J\u009D0;t\u0007\u202Egnp.exe\u0008Z';

const ANSWERS: Readonly<Record<string, LoopbackReply>> = {
  'a known error code with a hostile description': json(400, { error: 'invalid_grant', error_description: PAYLOAD }),
  'an unknown error code that is itself hostile': json(400, { error: `bad${PAYLOAD}`, error_description: PAYLOAD, error_uri: `https://x.example/${PAYLOAD}` }),
  'a portal page whose title is hostile': html(200, `<html><head><title>Hotel ${PAYLOAD}</title></head><body>log in</body></html>`),
  'a text body': { status: 400, headers: { 'content-type': 'text/plain' }, body: `gateway says ${PAYLOAD}` },
  'an outage with a hostile JSON description': json(503, { error: 'temporarily_unavailable', error_description: PAYLOAD }),
};

let server: LoopbackServer;
let answer: LoopbackReply = json(500, {});

beforeAll(async () => {
  server = await startLoopbackServer(() => answer);
});
afterAll(async () => {
  await server.close();
});

async function weatherFolder(): Promise<string> {
  const dir = await makeFolder('hostile');
  await writeFile(
    join(dir, 'reauth.yaml'),
    [
      'version: 1',
      'profiles:',
      '  weather:',
      '    provider: netatmo',
      '    client_id: fake-client-id-0001',
      '    client_secret: fake-client-secret-0001',
      '    targets:',
      '      - type: dotenv',
      '        file: .env',
      '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN }',
      'providers:',
      '  netatmo:',
      `    authorize_url: ${server.origin}/oauth2/authorize`,
      `    token_url: ${server.origin}/oauth2/token`,
      `    verify_url: ${server.origin}/api/getstationsdata`,
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, '.env'), "NETATMO_ACCESS_TOKEN='fake-access-0001'\nNETATMO_REFRESH_TOKEN='fake-refresh-0001'\n");
  return dir;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('hostile answers never reach the terminal or the state files', () => {
  it.each(Object.keys(ANSWERS))('%s', async (name) => {
    answer = ANSWERS[name]!;
    const dir = await weatherFolder();
    for (const args of [['refresh', 'weather'], ['refresh', 'weather', '--json'], ['status', 'weather'], ['status', 'weather', '--json']]) {
      const run = await runWithoutTerminal(dir, args);
      expect(run.code, `${args.join(' ')} crashed:\n${run.stderr}`).not.toBe(1);
      expect(`${run.stdout}${run.stderr}`.length, `${args.join(' ')} said nothing`).toBeGreaterThan(0);
      expect(run.stdout, `${args.join(' ')} stdout`).not.toMatch(CONTROL);
      expect(run.stderr, `${args.join(' ')} stderr`).not.toMatch(CONTROL);
      if (args.includes('--json')) expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    }
    for (const file of await filesUnder(join(dir, '.reauth'))) {
      expect(await readFile(file, 'utf8'), file).not.toMatch(CONTROL);
    }
  });

  it('shows that something was there (the marks), so the person is not misled', async () => {
    answer = ANSWERS['a known error code with a hostile description']!;
    answer = json(400, { error: `bad${PAYLOAD}`, error_description: PAYLOAD });
    const run = await runWithoutTerminal(await weatherFolder(), ['refresh', 'weather']);
    expect(run.stderr).toContain('␛');
    expect(run.stderr).toContain('�');
  });
});
