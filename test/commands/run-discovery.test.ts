/**
 * `reauth run` with a service given by its issuer alone: a fresh token needs no discovery, so an
 * issuer that is down cannot stop the program (as for any service that is down for a moment);
 * an expired one is refreshed through discovery.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWithTokens } from '../../src/commands/run.js';
import { json, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { testDeps } from '../support/test-deps.js';

const PRINT_TOKEN = `require('node:fs').writeFileSync(process.argv[1], process.env.MY_ACCESS_TOKEN ?? '');`;

let dir: string;
let server: LoopbackServer;
let issued = 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-run-discovery-'));
  issued = 0;
  server = await startLoopbackServer((req) => {
    if (req.url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer: server.origin, authorization_endpoint: `${server.origin}/authorize`, token_endpoint: `${server.origin}/token`, token_endpoint_auth_methods_supported: ['none'] });
    }
    if (req.url.pathname === '/token' && req.form.get('grant_type') === 'refresh_token') {
      issued++;
      return json(200, { access_token: `fake-access-token-new-${issued}`, token_type: 'Bearer', expires_in: 3600, refresh_token: `fake-refresh-token-new-${issued}` });
    }
    return json(404, { error: 'not_found' });
  });
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function project(issuer: string, expiresAt: string): Promise<void> {
  await writeFile(
    join(dir, 'reauth.yaml'),
    [
      'version: 1',
      'providers:',
      '  my:',
      `    issuer: ${issuer}`,
      'profiles:',
      '  api:',
      '    provider: my',
      '    client_id: fake-public-client',
      '    targets:',
      '      - type: dotenv',
      '        file: .env',
      '        keys: { access_token: MY_ACCESS_TOKEN, refresh_token: MY_REFRESH_TOKEN, expires_at: MY_EXPIRES_AT }',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, '.env'), `MY_ACCESS_TOKEN=fake-access-token-old\nMY_REFRESH_TOKEN=fake-refresh-token-old\nMY_EXPIRES_AT=${expiresAt}\n`);
}

async function runPrinter(): Promise<{ code: number; seen: string | null; said: string }> {
  const out = join(dir, 'seen.txt');
  const said: string[] = [];
  const code = await runWithTokens({ configPath: 'reauth.yaml', profile: 'api', command: [process.execPath, '-e', PRINT_TOKEN, out], cwd: dir, say: (t) => said.push(t) }, testDeps());
  return { code, seen: existsSync(out) ? await readFile(out, 'utf8') : null, said: said.join('') };
}

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('reauth run with an issuer-only service', () => {
  it('runs with a fresh token without reading the discovery document, even when the issuer is down', async () => {
    await project('http://127.0.0.1:1', inHours(2));
    const { code, seen, said } = await runPrinter();
    expect(code, said).toBe(0);
    expect(seen).toBe('fake-access-token-old');
  });

  it('refreshes an expired token through discovery first', async () => {
    await project(server.origin, inHours(-1));
    const { code, seen, said } = await runPrinter();
    expect(code, said).toBe(0);
    expect(seen).toBe('fake-access-token-new-1');
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration', '/token']);
  });
});
