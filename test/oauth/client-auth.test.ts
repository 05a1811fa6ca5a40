/**
 * client_auth: how the client id and secret travel (RFC-encoded Basic, raw Basic, none for a
 * public client), against a loopback token endpoint that — like many real servers — compares
 * the Basic credentials as sent, without undoing RFC 6749 §2.3.1's form-encoding.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { UserError } from '../../src/errors.js';
import { OAuthError } from '../../src/oauth/token-errors.js';
import { exchangeCode, refreshGrant } from '../../src/oauth/token-grants.js';
import { buildCustomProvider } from '../../src/providers/custom-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { json, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { testDeps } from './fixtures.js';

const deps = testDeps();
const REDIRECT = 'https://localhost/callback';
const CLIENT = { clientId: 'fake-client-0001', clientSecret: 'fake/secret+0002:x=' };
const PLAIN = { clientId: 'fake-client-0001', clientSecret: 'fake-plain-secret-0003' };

let server: LoopbackServer;
beforeAll(async () => {
  // Accepts exactly the raw `id:secret` in Base64, as servers that do not decode do; a public
  // client is accepted with its client_id alone.
  const rawBasic = (c: { clientId: string; clientSecret: string }) => `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
  server = await startLoopbackServer((request) => {
    const auth = request.headers.authorization;
    const ok =
      auth === rawBasic(CLIENT) ||
      auth === rawBasic(PLAIN) ||
      (auth === undefined && request.form.get('client_id') === 'fake-public-client-0004' && !request.form.has('client_secret'));
    return ok
      ? json(200, { access_token: 'fake-access-token-1', refresh_token: 'fake-refresh-token-1', expires_in: 3600 })
      : json(401, { error: 'invalid_client', error_description: 'client authentication failed' });
  });
});
afterAll(async () => {
  await server.close();
});

function provider(clientAuth: ResolvedProvider['clientAuth']): ResolvedProvider {
  const preset = buildCustomProvider('my-api', { name: 'My API', authorize_url: `${server.origin}/auth`, token_url: `${server.origin}/token`, client_auth: clientAuth });
  return { ...preset, vars: {}, assumptions: [] };
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OAuthError)) throw new Error(`expected an OAuthError, got ${String(error)}`);
  return error;
}

function basicOf(request: LoopbackServer['requests'][number] | undefined): string {
  return Buffer.from(String(request?.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
}

describe('client_auth against a server that does not decode Basic credentials', () => {
  it('basic (RFC-encoded) with / + : = in the secret: says exactly that, and the setting that fixes it', async () => {
    const error = await rejection(exchangeCode(provider('basic'), { ...CLIENT, code: 'fake-code-1', redirectUri: REDIRECT }, deps));
    expect(basicOf(server.requests.at(-1))).toBe('fake-client-0001:fake%2Fsecret%2B0002%3Ax%3D');
    expect(error.code).toBe('invalid_client');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('The client secret holds characters such as / + : = that reauth form-encodes before Base64');
    expect(error.nextStep).toContain('client_auth: basic_raw under providers.my-api');
    expect(error.nextStep).toContain('client_auth: body');
    expect(`${error.message} ${error.nextStep}`).not.toContain(CLIENT.clientSecret);
  });

  it('the same refusal on refresh says the same, not "sign in again"', async () => {
    const error = await rejection(refreshGrant(provider('basic'), { ...CLIENT, refreshToken: 'fake-refresh-token-0' }, deps));
    expect(error.exitCode).toBe(2);
    expect(error.nextStep).toContain('basic_raw');
  });

  it('basic_raw sends the id and secret as they are, and the server accepts them', async () => {
    const tokens = await exchangeCode(provider('basic_raw'), { ...CLIENT, code: 'fake-code-2', redirectUri: REDIRECT }, deps);
    expect(tokens.access_token).toBe('fake-access-token-1');
    const request = server.requests.at(-1);
    expect(basicOf(request)).toBe(`${CLIENT.clientId}:${CLIENT.clientSecret}`);
    expect(request?.form.has('client_id')).toBe(false);
    expect(request?.form.has('client_secret')).toBe(false);
  });

  it('a wrong secret without reserved characters keeps the generic hint', async () => {
    const error = await rejection(exchangeCode(provider('basic'), { ...PLAIN, clientSecret: 'fake-wrong-secret-0005', code: 'fake-code-3', redirectUri: REDIRECT }, deps));
    expect(error.code).toBe('invalid_client');
    // reauth's explanation, then the server's own words (issue 10: error_description is always shown).
    expect(error.message).toBe('The service did not accept the client id or client secret. My API said: "client authentication failed".');
    expect(error.nextStep).not.toContain('form-encodes');
  });

  it('none (public client): the client id in the body, no secret and no Authorization header', async () => {
    const tokens = await refreshGrant(provider('none'), { clientId: 'fake-public-client-0004', clientSecret: '', refreshToken: 'fake-refresh-token-0' }, deps);
    expect(tokens.access_token).toBe('fake-access-token-1');
    const request = server.requests.at(-1);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.form.get('client_id')).toBe('fake-public-client-0004');
    expect(request?.form.has('client_secret')).toBe(false);
  });
});

describe('client_auth in reauth.yaml', () => {
  async function load(lines: string[]): Promise<unknown> {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-client-auth-'));
    try {
      await writeFile(join(dir, 'reauth.yaml'), ['version: 1', 'providers:', '  my-api:', '    authorize_url: https://id.example.com/a', '    token_url: https://id.example.com/t', ...lines, ''].join('\n'));
      return await loadConfig(join(dir, 'reauth.yaml')).then(
        (config) => config.providers['my-api'],
        (error: unknown) => error,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('accepts basic_raw and none', async () => {
    expect(await load(['    client_auth: basic_raw'])).toMatchObject({ client_auth: 'basic_raw' });
    expect(await load(['    client_auth: none'])).toMatchObject({ client_auth: 'none' });
  });

  it('refuses a public client without PKCE, and an unknown value', async () => {
    const noPkce = await load(['    client_auth: none', '    pkce: none']);
    expect(noPkce).toBeInstanceOf(UserError);
    expect((noPkce as UserError).message).toContain('a public client needs PKCE');
    expect((noPkce as UserError).nextStep).toContain('pkce: S256');
    const unknown = await load(['    client_auth: secret']);
    expect((unknown as UserError).message).toContain('body, basic, basic_raw, none');
  });
});
