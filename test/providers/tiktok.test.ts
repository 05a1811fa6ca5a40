import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderOverride, ReauthConfig } from '../../src/config/types.js';
import { ExitCode } from '../../src/errors.js';
import { createAuthorizationRequest } from '../../src/oauth/authorization-request.js';
import { runLiveCheck } from '../../src/oauth/live-check.js';
import { parsePastedCallback } from '../../src/oauth/parse-pasted-callback.js';
import { OAuthError, explainTokenError } from '../../src/oauth/token-errors.js';
import { exchangeCode, refreshGrant } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import { tiktokPreset } from '../../src/providers/tiktok.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { startTiktokEmulator, tiktokOverride, type TiktokEmulator } from '../support/tiktok-emulator.js';

const deps = { fetch: globalThis.fetch, now: Date.now, randomBytes };

function resolveFor(emu: TiktokEmulator, appType: 'desktop' | 'web', extra: ProviderOverride = {}): ResolvedProvider {
  const config: ReauthConfig = {
    path: '/tmp/reauth.yaml',
    baseDir: '/tmp',
    exists: false,
    profiles: {},
    providers: { tiktok: { ...tiktokOverride(emu), ...extra } },
  };
  return resolveProvider(config, { provider: 'tiktok', app_type: appType, settings: {} });
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe('the TikTok preset', () => {
  it('uses client_key, comma-separated scopes and the documented URLs with their trailing slashes', () => {
    expect(tiktokPreset.clientIdParam).toBe('client_key');
    expect(tiktokPreset.scopeSeparator).toBe(',');
    expect(tiktokPreset.authorizeUrl).toBe('https://www.tiktok.com/v2/auth/authorize/');
    expect(tiktokPreset.tokenUrl).toBe('https://open.tiktokapis.com/v2/oauth/token/');
    expect(tiktokPreset.liveCheck?.url).toMatch(/^https:\/\/open\.tiktokapis\.com\/v2\/user\/info\/$/);
    expect(tiktokPreset.knownScopes).toEqual(['user.info.basic', 'video.upload', 'video.publish', 'video.list']);
  });

  it('knows Desktop apps use hex PKCE and loopback redirects, Web apps neither PKCE nor http', () => {
    expect(tiktokPreset.appKinds).toEqual([
      expect.objectContaining({ id: 'desktop', pkce: 'S256-hex', redirectRule: 'loopback' }),
      expect.objectContaining({ id: 'web', pkce: 'none', redirectRule: 'https' }),
    ]);
    expect(tiktokPreset.redirectHelp).toContain('exactly');
    expect(tiktokPreset.codeLifetimeSeconds).toBe(600);
    expect(tiktokPreset.codeLifetimeConfirmed).toBe(false);
  });

  it('explains every token error it lists, whatever the HTTP status', () => {
    for (const code of Object.keys(tiktokPreset.tokenErrors).filter((c) => !c.includes(':'))) {
      for (const status of [200, 400]) {
        const explained = explainTokenError(tiktokPreset, status, { error: code, error_description: 'x', log_id: 'fake-log' });
        expect(explained?.message, code).toMatch(/\.$/);
        expect(explained?.next, code).toBeTruthy();
      }
    }
    expect(explainTokenError(tiktokPreset, 200, { error: 'invalid_grant' }, 'refresh')?.kind).toBe('sign-in-again');
    expect(tiktokPreset.refreshRejectedHint).toContain('365 days');
    expect(tiktokPreset.defaultEnvKeys.client_id).toBe('TIKTOK_CLIENT_KEY');
    expect(tiktokPreset.extraTokenFields).toEqual(['open_id']);
  });
});

describe('TikTok through the real mechanism', () => {
  let emu: TiktokEmulator;
  beforeEach(async () => {
    emu = await startTiktokEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  /** Plays the person: opens the link, approves, and copies the address the browser lands on. */
  async function signIn(provider: ResolvedProvider): Promise<{ tokens: TokenSet; landedOn: string }> {
    const c = emu.credentials;
    const request = createAuthorizationRequest(provider, { clientId: c.clientKey, redirectUri: c.redirectUri, scopes: provider.defaultScopes }, deps);
    const answer = await fetch(request.url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const landedOn = answer.headers.get('location') ?? '';
    const pasted = parsePastedCallback(landedOn, { state: request.state });
    if (!pasted.ok) throw new Error(pasted.message);
    const tokens = await exchangeCode(
      provider,
      { clientId: c.clientKey, clientSecret: c.clientSecret, code: pasted.code, redirectUri: c.redirectUri, codeVerifier: request.codeVerifier },
      deps,
    );
    return { tokens, landedOn };
  }

  it('signs a Desktop app in with hex PKCE and client_key, decoding the code exactly once', async () => {
    const { tokens, landedOn } = await signIn(resolveFor(emu, 'desktop'));
    expect(landedOn).toMatch(/code=[^&]*%2A/);
    const link = emu.requests[0]?.url.searchParams;
    expect(link?.get('client_key')).toBe(emu.credentials.clientKey);
    expect(link?.has('client_id')).toBe(false);
    expect(link?.get('scope')).toBe('user.info.basic,video.upload,video.publish');
    expect(link?.get('code_challenge')).toMatch(/^[0-9a-f]{64}$/);
    const exchange = emu.requests.at(-1)?.form;
    expect(exchange?.get('client_key')).toBe(emu.credentials.clientKey);
    expect(exchange?.has('client_id')).toBe(false);
    expect(exchange?.get('code')).toBe(emu.issuedCodes()[0]);
    expect(tokens.extras['open_id']).toBe('fake-open-id-0001');
    expect(tokens.scope).toBe('user.info.basic,video.upload,video.publish');
    const days = (Date.parse(tokens.refresh_expires_at ?? '') - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(365);
  });

  it('does not decode a code twice, even one holding a literal percent sign', async () => {
    emu.setNextCode('fake*code%21-0002!');
    await signIn(resolveFor(emu, 'desktop'));
    expect(emu.requests.at(-1)?.form.get('code')).toBe('fake*code%21-0002!');
  });

  it('accepts a bare code copied still percent-encoded from the address bar', async () => {
    const provider = resolveFor(emu, 'desktop');
    const c = emu.credentials;
    const request = createAuthorizationRequest(provider, { clientId: c.clientKey, redirectUri: c.redirectUri, scopes: ['user.info.basic'] }, deps);
    const landedOn = (await fetch(request.url, { redirect: 'manual' })).headers.get('location') ?? '';
    const raw = /[?&]code=([^&]*)/.exec(landedOn)?.[1] ?? '';
    expect(raw).toContain('%21');
    const pasted = parsePastedCallback(raw, { state: request.state });
    expect(pasted.ok).toBe(true);
    if (!pasted.ok) return;
    const tokens = await exchangeCode(provider, { clientId: c.clientKey, clientSecret: c.clientSecret, code: pasted.code, redirectUri: c.redirectUri, codeVerifier: request.codeVerifier }, deps);
    expect(tokens.access_token).toMatch(/^act\./);
  });

  it('fails with base64url (RFC 7636) PKCE, which is why the preset says S256-hex', async () => {
    const error = await rejection(signIn(resolveFor(emu, 'desktop', { pkce: 'S256' })));
    expect(error.code).toBe('invalid_grant');
    expect(error.explanation.kind).toBe('code');
    expect(error.message).toContain('PKCE');
  });

  it('signs a Web app in without PKCE', async () => {
    await emu.close();
    emu = await startTiktokEmulator({ appKind: 'web', redirectUris: ['https://app.example.test/tiktok/callback'] });
    const provider = resolveFor(emu, 'web');
    const c = emu.credentials;
    const request = createAuthorizationRequest(provider, { clientId: c.clientKey, redirectUri: c.redirectUri, scopes: ['user.info.basic'] }, deps);
    expect(request.codeVerifier).toBeUndefined();
    expect(new URL(request.url).searchParams.has('code_challenge')).toBe(false);
    const landedOn = (await fetch(request.url, { redirect: 'manual' })).headers.get('location') ?? '';
    const pasted = parsePastedCallback(landedOn, { state: request.state });
    if (!pasted.ok) throw new Error(pasted.message);
    const tokens = await exchangeCode(provider, { clientId: c.clientKey, clientSecret: c.clientSecret, code: pasted.code, redirectUri: c.redirectUri }, deps);
    expect(tokens.access_token).toBeTruthy();
    expect(emu.requests.at(-1)?.form.has('code_verifier')).toBe(false);
  });

  it('reads a declined sign-in from the address the browser lands on', async () => {
    emu.switches.deny = true;
    const provider = resolveFor(emu, 'desktop');
    const c = emu.credentials;
    const request = createAuthorizationRequest(provider, { clientId: c.clientKey, redirectUri: c.redirectUri, scopes: ['user.info.basic'] }, deps);
    const landedOn = (await fetch(request.url, { redirect: 'manual' })).headers.get('location') ?? '';
    expect(parsePastedCallback(landedOn, { state: request.state })).toMatchObject({ ok: false, problem: 'denied' });
  });

  it('stores the rotated refresh token, and a stale one asks for a new sign-in (exit 3)', async () => {
    const provider = resolveFor(emu, 'desktop');
    const { tokens } = await signIn(provider);
    const c = emu.credentials;
    const refresh = (refreshToken: string) => refreshGrant(provider, { clientId: c.clientKey, clientSecret: c.clientSecret, refreshToken }, deps);
    const rotated = await refresh(tokens.refresh_token ?? '');
    expect(rotated.refresh_token).toMatch(/^rft\./);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(emu.requests.at(-1)?.form.get('client_key')).toBe(c.clientKey);

    const stale = await rejection(refresh(tokens.refresh_token ?? ''));
    expect(stale.exitCode).toBe(ExitCode.signInAgain);
    expect(stale.message).toContain('365 days');
    expect(stale.message).not.toContain(tokens.refresh_token ?? '');

    emu.switches.rotateRefreshTokens = false;
    const kept = await refresh(rotated.refresh_token ?? '');
    expect(kept.refresh_token).toBe(rotated.refresh_token);
  });

  it('treats an error answered with HTTP 200 as an error', async () => {
    emu.switches.errorsWithHttp200 = true;
    const provider = resolveFor(emu, 'desktop');
    const c = emu.credentials;
    const error = await rejection(refreshGrant(provider, { clientId: c.clientKey, clientSecret: 'fake-wrong-secret', refreshToken: 'rft.fake' }, deps));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toContain('client key');
  });

  it('checks the token by reading the user, and tells a dead token from a missing scope', async () => {
    const provider = resolveFor(emu, 'desktop');
    const { tokens } = await signIn(provider);
    expect(await runLiveCheck(provider, tokens.access_token, {}, deps)).toEqual({ ok: true, summary: 'signed in as Fake Creator' });
    expect(emu.requests.at(-1)?.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
    expect(emu.requests.at(-1)?.url.searchParams.get('fields')).toBe('open_id,display_name');

    emu.expireAccessTokens();
    const dead = await runLiveCheck(provider, tokens.access_token, {}, deps);
    expect(dead).toMatchObject({ ok: false, problem: { kind: 'sign-in-again' } });

    emu.switches.withheldScopes = ['user.info.basic'];
    const narrow = await signIn(resolveFor(emu, 'desktop', { scopes: ['user.info.basic', 'video.upload'] }));
    const missing = await runLiveCheck(provider, narrow.tokens.access_token, {}, deps);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.problem.kind).toBe('config');
      expect(missing.problem.message).toContain('user.info.basic');
    }
  });
});
