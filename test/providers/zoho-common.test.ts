import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReauthConfig } from '../../src/config/types.js';
import { ExitCode } from '../../src/errors.js';
import { createAuthorizationRequest } from '../../src/oauth/authorization-request.js';
import { parsePastedCallback } from '../../src/oauth/parse-pasted-callback.js';
import { OAuthError, explainTokenError } from '../../src/oauth/token-errors.js';
import { exchangeCode, refreshGrant, revokeToken } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { ZOHO_ACCOUNTS_HOSTS } from '../../src/providers/zoho-common.js';
import { zohoDeskPreset } from '../../src/providers/zoho-desk.js';
import { zohoSalesIqPreset } from '../../src/providers/zoho-salesiq.js';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';

const deps = { fetch: globalThis.fetch, now: Date.now, randomBytes };
const REGIONS = ['com', 'eu', 'in', 'com.au', 'jp', 'ca', 'sa', 'com.cn', 'uk'];

function resolveFor(emu: ZohoEmulator, id: 'zoho-salesiq' | 'zoho-desk' = 'zoho-salesiq'): ResolvedProvider {
  const service = id === 'zoho-salesiq' ? 'salesiq' : 'desk';
  const config: ReauthConfig = { path: '/tmp/reauth.yaml', baseDir: '/tmp', exists: false, profiles: {}, providers: { [id]: zohoOverride(emu, service) } };
  return resolveProvider(config, { provider: id, region: 'in', settings: { screen_name: 'acme' } });
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe('the shared Zoho OAuth data', () => {
  it('covers the nine data centres with https accounts and service hosts, UK marked less certain', () => {
    for (const preset of [zohoSalesIqPreset, zohoDeskPreset]) {
      expect(Object.keys(preset.regions?.choices ?? {})).toEqual(REGIONS);
      for (const choice of Object.values(preset.regions?.choices ?? {})) {
        expect(choice.vars['accounts_url']).toMatch(/^https:\/\/accounts\.zoho(cloud)?\.[a-z.]+$/);
        expect(choice.vars['api_url']).toMatch(/^https:\/\/(salesiq|desk)\.zoho(cloud)?\.[a-z.]+$/);
      }
      expect(preset.regions?.choices['in']?.vars['accounts_url']).toBe('https://accounts.zoho.in');
      expect(preset.regions?.choices['ca']?.vars['accounts_url']).toBe('https://accounts.zohocloud.ca');
      expect(preset.regions?.choices['uk']?.label).toContain('less certain');
    }
    expect(zohoSalesIqPreset.regions?.choices['in']?.vars['api_url']).toBe('https://salesiq.zoho.in');
    expect(zohoDeskPreset.regions?.choices['com.au']?.vars['api_url']).toBe('https://desk.zoho.com.au');
    expect(ZOHO_ACCOUNTS_HOSTS).toHaveLength(9);
    expect(zohoSalesIqPreset.callbackServer).toEqual({ param: 'accounts-server', trustedHosts: ZOHO_ACCOUNTS_HOSTS });
  });

  it('asks for offline access with prompt=consent, comma scopes, and both flows', () => {
    for (const preset of [zohoSalesIqPreset, zohoDeskPreset]) {
      expect(preset.authorizeParams).toEqual({ access_type: 'offline', prompt: 'consent' });
      expect(preset.authorizeUrl).toBe('{accounts_url}/oauth/v2/auth');
      expect(preset.tokenUrl).toBe('{accounts_url}/oauth/v2/token');
      expect(preset.revokeUrl).toBe('{accounts_url}/oauth/v2/token/revoke');
      expect(preset.scopeSeparator).toBe(',');
      expect(preset.flows).toEqual(['authorization_code', 'self_client', 'device']);
      expect(preset.rotatesRefreshToken).toBe('never');
      expect(preset.refreshTokenCap?.count).toBe(20);
      expect(preset.refreshTokenCap?.warning).toContain('silently deletes the oldest');
      expect(preset.selfClientHelp).toContain('Self Client → Generate Code');
      expect(preset.credentialsHelp).toContain('api-console.zoho');
      expect(preset.codeLifetimeSeconds).toBe(120);
      expect(preset.codeLifetimeConfirmed).toBe(false);
    }
  });

  it('explains each documented token error, all arriving with HTTP 200', () => {
    const expectations: [string, string, string][] = [
      ['invalid_code', 'code', 'already used'],
      ['invalid_client', 'config', 'a client made at accounts.zoho.in only works there'],
      ['invalid_redirect_uri', 'config', 'Redirect URI'],
      ['invalid_client_secret', 'config', 'client secret'],
      ['Access Denied', 'unavailable', 'Zoho is limiting requests; wait a few minutes'],
    ];
    for (const [code, kind, phrase] of expectations) {
      const explained = explainTokenError(zohoSalesIqPreset, 200, { error: code });
      expect(explained, code).toMatchObject({ kind });
      expect(explained?.message, code).toContain(phrase);
      expect(explained?.next, code).toBeTruthy();
    }
    expect(explainTokenError(zohoDeskPreset, 200, { error: 'invalid_code' }, 'refresh')?.kind).toBe('sign-in-again');
  });
});

describe('Zoho OAuth through the real mechanism', () => {
  let emu: ZohoEmulator;
  beforeEach(async () => {
    emu = await startZohoEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  async function browserSignIn(provider: ResolvedProvider, scopes: readonly string[] = provider.defaultScopes) {
    const c = emu.credentials;
    const request = createAuthorizationRequest(provider, { clientId: c.clientId, redirectUri: c.redirectUri, scopes }, deps);
    const landedOn = (await fetch(request.url, { redirect: 'manual' })).headers.get('location') ?? '';
    const pasted = parsePastedCallback(landedOn, { state: request.state, callbackServerParam: 'accounts-server' });
    if (!pasted.ok) throw new Error(pasted.message);
    return { pasted, request };
  }

  it('signs in through the browser and keeps api_domain and the refresh token', async () => {
    const provider = resolveFor(emu);
    const { pasted, request } = await browserSignIn(provider);
    const link = new URL(request.url).searchParams;
    expect(link.get('access_type')).toBe('offline');
    expect(link.get('prompt')).toBe('consent');
    expect(link.get('scope')).toBe(zohoSalesIqPreset.defaultScopes.join(','));
    expect(pasted.callbackServer).toBe(emu.origin);
    const c = emu.credentials;
    const tokens = await exchangeCode(provider, { clientId: c.clientId, clientSecret: c.clientSecret, code: pasted.code, redirectUri: c.redirectUri, callbackServer: pasted.callbackServer }, deps);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.extras['api_domain']).toBe('https://www.zohoapis.in');
    expect(emu.requests.at(-1)?.form.get('redirect_uri')).toBe(c.redirectUri);
  });

  it('never contacts an accounts server named in the callback that is not a Zoho host', async () => {
    const stranger = await startZohoEmulator();
    try {
      const provider = resolveFor(emu);
      const { pasted } = await browserSignIn(provider);
      const c = emu.credentials;
      const tokens = await exchangeCode(provider, { clientId: c.clientId, clientSecret: c.clientSecret, code: pasted.code, redirectUri: c.redirectUri, callbackServer: stranger.origin }, deps);
      expect(tokens.access_token).toBeTruthy();
      expect(stranger.requests).toHaveLength(0);
      expect(emu.requests.at(-1)?.url.pathname).toBe('/oauth/v2/token');
    } finally {
      await stranger.close();
    }
  });

  it('exchanges a Self Client code without redirect_uri', async () => {
    const provider = resolveFor(emu);
    const c = emu.credentials;
    const code = emu.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'], minutes: 5 });
    const tokens = await exchangeCode(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, code }, deps);
    expect(tokens.refresh_token).toBeTruthy();
    const sent = emu.requests.at(-1)?.form;
    expect(sent?.has('redirect_uri')).toBe(false);
    expect(sent?.get('grant_type')).toBe('authorization_code');
  });

  it('keeps the stored refresh token, since refresh answers carry none', async () => {
    const provider = resolveFor(emu, 'zoho-desk');
    const c = emu.credentials;
    const first = await exchangeCode(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, code: emu.issueSelfClientCode({ scopes: ['Desk.basic.READ'] }) }, deps);
    const refreshed = await refreshGrant(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, refreshToken: first.refresh_token ?? '' }, deps);
    expect(emu.requests.at(-1)?.form.get('grant_type')).toBe('refresh_token');
    expect(refreshed.refresh_token).toBe(first.refresh_token);
    expect(refreshed.access_token).not.toBe(first.access_token);
  });

  it('maps a used code, a wrong secret, a wrong redirect URI and rate limiting, all HTTP 200', async () => {
    const provider = resolveFor(emu);
    const c = emu.credentials;
    const { pasted } = await browserSignIn(provider);
    const exchange = (over: Partial<{ clientSecret: string; redirectUri: string }> = {}) =>
      exchangeCode(provider, { clientId: c.clientId, clientSecret: c.clientSecret, code: pasted.code, redirectUri: c.redirectUri, ...over }, deps);
    expect((await rejection(exchange({ clientSecret: 'fake-wrong-secret' }))).code).toBe('invalid_client_secret');
    expect((await rejection(exchange({ redirectUri: 'http://127.0.0.1:1/other' }))).code).toBe('invalid_redirect_uri');
    await exchange();
    const reused = await rejection(exchange());
    expect(reused.code).toBe('invalid_code');
    expect(reused.explanation.kind).toBe('code');
    emu.switches.rateLimited = true;
    const limited = await rejection(exchange());
    expect(limited.message).toBe('Zoho is limiting requests; wait a few minutes.');
    expect(limited.exitCode).toBe(ExitCode.unavailable);
  });

  it('says invalid_client probably means the wrong data centre', async () => {
    const otherDc = await startZohoEmulator({ location: 'com', clientId: 'fake-us-client-0001' });
    try {
      const provider = resolveFor(otherDc);
      const c = emu.credentials;
      const error = await rejection(exchangeCode(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, code: emu.issueSelfClientCode({ scopes: ['Desk.basic.READ'] }) }, deps));
      expect(error.code).toBe('invalid_client');
      expect(error.message).toContain('wrong data centre');
    } finally {
      await otherDc.close();
    }
  });

  it('asks for a new sign-in (exit 3) when a refresh token was revoked or pushed out by the 20-token cap', async () => {
    const provider = resolveFor(emu);
    const c = emu.credentials;
    const mint = () => exchangeCode(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, code: emu.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'] }) }, deps);
    const oldest = await mint();
    for (let i = 0; i < 20; i++) await mint();
    const pushedOut = await rejection(refreshGrant(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, refreshToken: oldest.refresh_token ?? '' }, deps));
    expect(pushedOut.code).toBe('invalid_code');
    expect(pushedOut.exitCode).toBe(ExitCode.signInAgain);
    expect(pushedOut.message).toContain('20 newer ones');

    const latest = emu.liveRefreshTokens(c.selfClientId).at(-1) ?? '';
    await revokeToken(provider, latest, deps);
    expect(emu.requests.at(-1)?.url.pathname).toBe('/oauth/v2/token/revoke');
    expect(emu.isRefreshTokenAlive(latest)).toBe(false);
    const revoked = await rejection(refreshGrant(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, refreshToken: latest }, deps));
    expect(revoked.exitCode).toBe(ExitCode.signInAgain);
  });

  it('reports a revoke of a token Zoho already let go (revoked, or pushed out by the cap) as already invalid, not as a failure', async () => {
    const provider = resolveFor(emu);
    const c = emu.credentials;
    const minted = await exchangeCode(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, code: emu.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'] }) }, deps);
    const token = minted.refresh_token ?? '';
    expect(await revokeToken(provider, token, deps)).toBe('revoked');
    expect(emu.isRefreshTokenAlive(token)).toBe(false);
    // The reconnect case: the old token is the dead one that made the person sign in again.
    expect(await revokeToken(provider, token, deps)).toBe('already-invalid');
  });
});
