/**
 * A custom OAuth 2.0 service from `providers:` in reauth.yaml, driven through reauth's real
 * oauth modules against oidc-provider — an independent, certified server on loopback — so the
 * generic mechanism is checked against someone else's reading of the RFCs, not our emulation.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { isUserError } from '../../src/errors.js';
import { createAuthorizationRequest } from '../../src/oauth/authorization-request.js';
import { runLiveCheck } from '../../src/oauth/live-check.js';
import { parsePastedCallback } from '../../src/oauth/parse-pasted-callback.js';
import { OAuthError } from '../../src/oauth/token-errors.js';
import { exchangeCode, refreshGrant } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { OIDC_REDIRECT_HTTPS, startOidcServer, type OidcServer, type OidcTestClient } from '../support/oidc-server.js';

let oidc: OidcServer;
const deps = { fetch: globalThis.fetch, now: () => Date.now(), randomBytes: (n: number) => randomBytes(n) };
const SCOPES = ['openid', 'offline_access'];

beforeAll(async () => {
  oidc = await startOidcServer();
});
afterAll(async () => {
  await oidc.close();
});

/** A real reauth.yaml with one custom service, read by the real loader and resolver. */
async function customProvider(fields: { pkce: 'S256' | 'none'; client_auth: 'body' | 'basic' | 'none'; verify?: boolean }): Promise<ResolvedProvider> {
  const dir = await mkdtemp(join(tmpdir(), 'reauth-custom-'));
  const yaml = [
    'version: 1',
    'profiles: {}',
    'providers:',
    '  my-api:',
    '    name: My API',
    `    authorize_url: ${oidc.authorizeUrl}`,
    `    token_url: ${oidc.tokenUrl}`,
    '    scopes: [openid, offline_access]',
    `    pkce: ${fields.pkce}`,
    `    client_auth: ${fields.client_auth}`,
    // oidc-provider hands out a refresh token only when the sign-in asked for consent.
    '    authorize_params: { prompt: consent }',
    ...(fields.verify === false ? [] : [`    verify_url: ${oidc.userinfoUrl}`]),
    '',
  ].join('\n');
  await writeFile(join(dir, 'reauth.yaml'), yaml);
  const config = await loadConfig(join(dir, 'reauth.yaml'));
  return resolveProvider(config, { provider: 'my-api', settings: {} });
}

/** Link → the person allows → the pasted address → a code, all through reauth's own modules. */
async function signIn(provider: ResolvedProvider, client: OidcTestClient, redirectUri = OIDC_REDIRECT_HTTPS): Promise<{ code: string; codeVerifier?: string; link: URL }> {
  const request = createAuthorizationRequest(provider, { clientId: client.id, redirectUri, scopes: SCOPES }, deps);
  const address = await oidc.approve(request.url);
  const pasted = parsePastedCallback(`  "${address}"\n`, { state: request.state });
  if (!pasted.ok) throw new Error(`paste not accepted: ${pasted.message}`);
  return { code: pasted.code, ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}), link: new URL(request.url) };
}

async function failure(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('a custom OAuth 2.0 service against oidc-provider', () => {
  it('exchanges a code with S256 PKCE and the client secret in the form body', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'body' });
    const { code, codeVerifier, link } = await signIn(provider, oidc.bodyClient);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.searchParams.get('prompt')).toBe('consent');
    expect(link.searchParams.get('scope')).toBe('openid offline_access');

    const tokens = await exchangeCode(
      provider,
      { clientId: oidc.bodyClient.id, clientSecret: oidc.bodyClient.secret, code, redirectUri: OIDC_REDIRECT_HTTPS, ...(codeVerifier ? { codeVerifier } : {}) },
      deps,
    );
    expect(tokens.access_token).toMatch(/^\S{20,}$/);
    expect(tokens.refresh_token).toMatch(/^\S{20,}$/);
    expect(tokens.token_type).toBe('Bearer');
    expect(Date.parse(tokens.expires_at!) - Date.now()).toBeGreaterThan(3500_000);
  });

  it('is refused by the server when the PKCE verifier is missing, so the verifier reauth sends really counts', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'body' });
    const { code } = await signIn(provider, oidc.bodyClient);
    const error = await failure(exchangeCode(provider, { clientId: oidc.bodyClient.id, clientSecret: oidc.bodyClient.secret, code, redirectUri: OIDC_REDIRECT_HTTPS }, deps));
    expect(error.code).toBe('invalid_grant');
  });

  it('exchanges a code with HTTP Basic client auth and no PKCE, even with a colon in the secret', async () => {
    const provider = await customProvider({ pkce: 'none', client_auth: 'basic' });
    const { code, codeVerifier, link } = await signIn(provider, oidc.basicClient);
    expect(codeVerifier).toBeUndefined();
    expect(link.searchParams.has('code_challenge')).toBe(false);
    const tokens = await exchangeCode(provider, { clientId: oidc.basicClient.id, clientSecret: oidc.basicClient.secret, code, redirectUri: OIDC_REDIRECT_HTTPS }, deps);
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('a public client (client_auth: none): S256 PKCE, no secret, and its refresh token refreshes', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'none' });
    const { code, codeVerifier, link } = await signIn(provider, oidc.publicClient);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    const client = { clientId: oidc.publicClient.id, clientSecret: '' };
    const tokens = await exchangeCode(provider, { ...client, code, redirectUri: OIDC_REDIRECT_HTTPS, codeVerifier: codeVerifier! }, deps);
    expect(tokens.refresh_token).toMatch(/^\S{20,}$/);
    const refreshed = await refreshGrant(provider, { ...client, refreshToken: tokens.refresh_token! }, deps);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    // The control: the same public client sending a secret as a confidential one is refused.
    const body = await customProvider({ pkce: 'S256', client_auth: 'body' });
    const error = await failure(refreshGrant(body, { clientId: oidc.publicClient.id, clientSecret: 'fake-dummy-secret-0001', refreshToken: refreshed.refresh_token! }, deps));
    expect(error.code).toBe('invalid_client');
  });

  it('RFC-encoded Basic credentials with / + : = in the secret get through to a server that decodes them', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'basic' });
    const { code, codeVerifier } = await signIn(provider, oidc.reservedBasicClient);
    const tokens = await exchangeCode(
      provider,
      { clientId: oidc.reservedBasicClient.id, clientSecret: oidc.reservedBasicClient.secret, code, redirectUri: OIDC_REDIRECT_HTTPS, codeVerifier: codeVerifier! },
      deps,
    );
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('stores the rotated refresh token, and explains plainly when the old one is used again', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'body' });
    const { code, codeVerifier } = await signIn(provider, oidc.bodyClient);
    const client = { clientId: oidc.bodyClient.id, clientSecret: oidc.bodyClient.secret };
    const first = await exchangeCode(provider, { ...client, code, redirectUri: OIDC_REDIRECT_HTTPS, codeVerifier: codeVerifier! }, deps);

    const refreshed = await refreshGrant(provider, { ...client, refreshToken: first.refresh_token! }, deps);
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);

    const error = await failure(refreshGrant(provider, { ...client, refreshToken: first.refresh_token! }, deps));
    expect(error.explanation.kind).toBe('sign-in-again');
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('no longer accepts the stored refresh token');
    expect(error.message).not.toContain(first.refresh_token!);
  });

  it('checks a new access token against the userinfo address (verify_url)', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'body' });
    const { code, codeVerifier } = await signIn(provider, oidc.bodyClient);
    const tokens = await exchangeCode(
      provider,
      { clientId: oidc.bodyClient.id, clientSecret: oidc.bodyClient.secret, code, redirectUri: OIDC_REDIRECT_HTTPS, codeVerifier: codeVerifier! },
      deps,
    );
    const passed = await runLiveCheck(provider, tokens.access_token, { clientId: oidc.bodyClient.id }, deps);
    expect(passed).toEqual({ ok: true, summary: 'the check address answered HTTP 200' });

    const refused = await runLiveCheck(provider, 'fake-not-a-token-0001', {}, deps);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problem.kind).toBe('sign-in-again');
  });

  it('says in one sentence that the client secret is wrong, without repeating it, beside the server’s own words', async () => {
    const provider = await customProvider({ pkce: 'none', client_auth: 'basic' });
    const { code } = await signIn(provider, oidc.basicClient);
    const wrong = 'fake-wrong-secret-0009';
    const error = await failure(exchangeCode(provider, { clientId: oidc.basicClient.id, clientSecret: wrong, code, redirectUri: OIDC_REDIRECT_HTTPS }, deps));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toBe('The service did not accept the client id or client secret. My API said: "client authentication failed".');
    expect(error.nextStep).toContain('client_auth');
    expect(error.exitCode).toBe(2);
    expect(`${error.message} ${error.nextStep}`).not.toContain(wrong);
  });

  it('explains a code used twice as a code to get again, not as a broken setup', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'body' });
    const { code, codeVerifier } = await signIn(provider, oidc.bodyClient);
    const args = { clientId: oidc.bodyClient.id, clientSecret: oidc.bodyClient.secret, code, redirectUri: OIDC_REDIRECT_HTTPS, codeVerifier: codeVerifier! };
    await exchangeCode(provider, args, deps);
    const error = await failure(exchangeCode(provider, args, deps));
    expect(error.explanation.kind).toBe('code');
    expect(error.message).toMatch(/^The service did not accept the code: it was already used/);
    expect(error.nextStep).toMatch(/fresh sign-in link/);
    expect(error.message).not.toContain(code);
  });

  it('reads Cancel on the consent page as a refusal, in plain words', async () => {
    const provider = await customProvider({ pkce: 'S256', client_auth: 'body' });
    const request = createAuthorizationRequest(provider, { clientId: oidc.bodyClient.id, redirectUri: OIDC_REDIRECT_HTTPS, scopes: SCOPES }, deps);
    const address = await oidc.approve(request.url, { deny: true });
    const pasted = parsePastedCallback(address, { state: request.state });
    expect(pasted.ok).toBe(false);
    expect(!pasted.ok && pasted.problem).toBe('denied');
  });

  it('joins scopes with the separator the service asks for and keeps extra authorize parameters', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-custom-'));
    await writeFile(
      join(dir, 'reauth.yaml'),
      `version: 1\nproviders:\n  comma-api:\n    authorize_url: https://id.example.com/authorize?tenant=acme\n    token_url: https://id.example.com/token\n    scopes: [read, write]\n    scope_separator: ","\n    authorize_params: { access_type: offline, state: not-allowed-to-replace }\n`,
    );
    const provider = resolveProvider(await loadConfig(join(dir, 'reauth.yaml')), { provider: 'comma-api', settings: {} });
    const request = createAuthorizationRequest(provider, { clientId: 'fake-client-0001', redirectUri: OIDC_REDIRECT_HTTPS, scopes: ['read', 'write'] }, deps);
    const link = new URL(request.url);
    expect(link.search).toContain('scope=read,write');
    expect(link.searchParams.get('tenant')).toBe('acme');
    expect(link.searchParams.get('access_type')).toBe('offline');
    expect(link.searchParams.get('state')).toBe(request.state);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('refuses a plain http token address that is not this computer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-custom-'));
    await writeFile(join(dir, 'reauth.yaml'), `version: 1\nproviders:\n  my-api:\n    authorize_url: https://id.example.com/authorize\n    token_url: http://id.example.com/token\n`);
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    let caught: unknown;
    try {
      resolveProvider(config, { provider: 'my-api', settings: {} });
    } catch (error) {
      caught = error;
    }
    expect(isUserError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/line 5: providers\.my-api\.token_url .* plain http:\/\//);
  });
});
