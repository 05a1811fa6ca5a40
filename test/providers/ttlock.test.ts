import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReauthConfig } from '../../src/config/types.js';
import { ExitCode } from '../../src/errors.js';
import { runLiveCheck } from '../../src/oauth/live-check.js';
import { OAuthError, explainTokenError } from '../../src/oauth/token-errors.js';
import { passwordGrant, refreshGrant } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import { ttlockPreset } from '../../src/providers/ttlock.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { md5Hex, startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';

const DOCUMENTED_ERRCODES = ['10004', '10003', '10007', '10000', '10001', '10011', '30005', '80000', '-3'];

function configFor(emu: TtlockEmulator): ReauthConfig {
  return { path: '/tmp/reauth.yaml', baseDir: '/tmp', exists: false, profiles: {}, providers: { ttlock: ttlockOverride(emu) } };
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe('the TTLock preset', () => {
  it('offers only the password sign-in, with no authorize URL, and says why guessed URLs give 404', () => {
    expect(ttlockPreset.flows).toEqual(['password']);
    expect(ttlockPreset.authorizeUrl).toBeUndefined();
    expect(ttlockPreset.intro).toContain('TTLock has no web sign-in');
    expect(ttlockPreset.intro).toContain('/v3/oauth/token give 404');
    expect(ttlockPreset.passwordGrant).toMatchObject({ usernameParam: 'username', passwordParam: 'password', passwordHash: 'md5-hex' });
    expect(ttlockPreset.passwordGrant?.grantType).toBeUndefined();
    expect(ttlockPreset.passwordGrant?.usernameHelp).toContain('+4477');
  });

  it('has an EU (default) and a China server, both https, and explains that apps do not cross them', () => {
    expect(ttlockPreset.regions?.default).toBe('eu');
    expect(ttlockPreset.regions?.choices['eu']?.vars['api_url']).toBe('https://euapi.ttlock.com');
    expect(ttlockPreset.regions?.choices['cn']?.vars['api_url']).toBe('https://cnapi.ttlock.com');
    expect(ttlockPreset.regions?.help).toContain('an app registered on the EU portal only works on the EU server');
    expect(ttlockPreset.tokenUrl).toBe('{api_url}/oauth2/token');
    expect([ttlockPreset.clientIdParam, ttlockPreset.clientSecretParam]).toEqual(['clientId', 'clientSecret']);
  });

  it('explains every documented errcode with a plain sentence and a next step', () => {
    for (const code of DOCUMENTED_ERRCODES) {
      const explained = explainTokenError(ttlockPreset, 200, { errcode: Number(code), errmsg: 'x', description: 'y' });
      expect(explained, code).toBeDefined();
      expect(explained?.message, code).toMatch(/^TTLock .*\.$/);
      expect(explained?.message, code).toContain(`errcode ${code}`);
      expect(explained?.next, code).toBeTruthy();
    }
    expect(ttlockPreset.tokenErrors['10001']?.message).toContain('an app registered on the EU portal only works on euapi');
    expect(ttlockPreset.tokenErrors['80000']?.message).toContain('more than 5 minutes');
    expect(explainTokenError(ttlockPreset, 200, { access_token: 'fake', errcode: 0 })).toBeUndefined();
  });

  it('keeps help texts and key names filled in', () => {
    expect(ttlockPreset.credentialsHelp).toContain('client id');
    // The causes only: the next step (`reauth setup PROFILE`) is the explanation's own (issue 10, no sentence twice).
    expect(ttlockPreset.refreshRejectedHint).toMatch(/password was changed/);
    expect(ttlockPreset.refreshRejectedHint).not.toContain('reauth setup');
    expect(ttlockPreset.defaultEnvKeys.access_token).toBe('TTLOCK_ACCESS_TOKEN');
    expect(ttlockPreset.extraTokenFields).toEqual(['uid']);
    expect(ttlockPreset.rotatesRefreshToken).toBe('sometimes');
  });
});

describe('TTLock through the real mechanism', () => {
  let emu: TtlockEmulator;
  let provider: ResolvedProvider;
  const deps = { fetch: globalThis.fetch, now: Date.now, randomBytes };

  beforeEach(async () => {
    emu = await startTtlockEmulator();
    provider = resolveProvider(configFor(emu), { provider: 'ttlock', settings: {} });
  });
  afterEach(async () => {
    await emu.close();
  });

  function signIn(overrides: { username?: string; password?: string; clientSecret?: string; clientId?: string } = {}) {
    const c = emu.credentials;
    return passwordGrant(
      provider,
      { clientId: c.clientId, clientSecret: c.clientSecret, username: c.username, password: c.password, ...overrides },
      deps,
    );
  }

  it('signs in with the lowercase hex MD5 of the password, clientId/clientSecret and no grant_type', async () => {
    const tokens = await signIn();
    const sent = emu.requests.at(-1)?.form;
    expect(sent?.get('password')).toBe(md5Hex(emu.credentials.password));
    expect(sent?.get('password')).toMatch(/^[0-9a-f]{32}$/);
    expect(sent?.get('clientId')).toBe(emu.credentials.clientId);
    expect(sent?.has('client_id')).toBe(false);
    expect(sent?.has('grant_type')).toBe(false);
    expect(tokens.extras['uid']).toBe('7001');
    expect(tokens.refresh_token).toBeTruthy();
    const days = (Date.parse(tokens.expires_at ?? '') - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
  });

  it('says a wrong password is the TTLock app login, not the developer portal one', async () => {
    const error = await rejection(signIn({ password: 'fake-wrong-password' }));
    expect(error.code).toBe('10007');
    expect(error.explanation.kind).toBe('credentials');
    expect(error.nextStep).toContain('not your developer-portal login');
    expect(error.message).not.toContain('fake-wrong-password');
  });

  it('tells an unknown client id from a wrong secret or region', async () => {
    expect((await rejection(signIn({ clientId: 'fake-unknown-client' }))).code).toBe('10000');
    const wrong = await rejection(signIn({ clientSecret: 'fake-wrong-secret' }));
    expect(wrong.code).toBe('10001');
    expect(wrong.message).toContain('wrong region');
    expect(wrong.exitCode).toBe(ExitCode.usage);
  });

  it('refreshes with grant_type=refresh_token and keeps what comes back, rotated or not', async () => {
    const first = await signIn();
    const c = emu.credentials;
    const same = await refreshGrant(provider, { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: first.refresh_token ?? '' }, deps);
    const sent = emu.requests.at(-1)?.form;
    expect(sent?.get('grant_type')).toBe('refresh_token');
    expect(sent?.get('clientId')).toBe(c.clientId);
    expect(same.refresh_token).toBe(first.refresh_token);
    expect(same.access_token).not.toBe(first.access_token);

    emu.setRotateRefreshTokens(true);
    const rotated = await refreshGrant(provider, { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: same.refresh_token ?? '' }, deps);
    expect(rotated.refresh_token).not.toBe(same.refresh_token);
    expect(emu.issued()[0]?.refreshToken).toBe(rotated.refresh_token);
  });

  it('asks for a new sign-in (exit 3) when the refresh token is unknown or revoked', async () => {
    const first = await signIn();
    const c = emu.credentials;
    const refresh = (refreshToken: string) => refreshGrant(provider, { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken }, deps);
    const unknown = await rejection(refresh('fake-never-issued'));
    expect(unknown.code).toBe('10011');
    expect(unknown.exitCode).toBe(ExitCode.signInAgain);
    emu.revokeRefreshTokens();
    const revoked = await rejection(refresh(first.refresh_token ?? ''));
    expect(revoked.code).toBe('10004');
    expect(revoked.exitCode).toBe(ExitCode.signInAgain);
    expect(revoked.message).toContain('password was changed');
    expect(revoked.message).not.toContain(first.refresh_token ?? '');
  });

  it('lists the locks as the live check, naming only administered locks', async () => {
    const tokens = await signIn();
    const result = await runLiveCheck(provider, tokens.access_token, { clientId: emu.credentials.clientId }, deps);
    expect(result).toEqual({ ok: true, summary: '3 locks found (only locks this account administers are listed)' });
    const query = emu.requests.at(-1)?.url.searchParams;
    expect(query?.get('accessToken')).toBe(tokens.access_token);
    expect(query?.get('clientId')).toBe(emu.credentials.clientId);
    expect(query?.get('pageNo')).toBe('1');
    expect(query?.get('pageSize')).toBe('20');
  });

  it('reports a clock more than 5 minutes off, and an expired access token, from the live check', async () => {
    const tokens = await signIn();
    const skewed = { ...deps, now: () => Date.now() + 10 * 60_000 };
    const clock = await runLiveCheck(provider, tokens.access_token, { clientId: emu.credentials.clientId }, skewed);
    expect(clock.ok).toBe(false);
    if (!clock.ok) expect(clock.problem.message).toContain('clock');

    emu.expireAccessTokens();
    const expired = await runLiveCheck(provider, tokens.access_token, { clientId: emu.credentials.clientId }, deps);
    expect(expired.ok).toBe(false);
    if (!expired.ok) {
      expect(expired.problem.kind).toBe('sign-in-again');
      expect(expired.problem.next).toContain('reauth refresh');
    }
  });
});
