import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { createAuthorizationRequest } from '../../src/oauth/authorization-request.js';
import { parsePastedCallback } from '../../src/oauth/parse-pasted-callback.js';
import { OAuthError } from '../../src/oauth/token-errors.js';
import { exchangeCode, passwordGrant, refreshGrant, revokeToken, trustedCallbackTokenUrl } from '../../src/oauth/token-grants.js';
import { json, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from '../support/loopback-server.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { genericProvider, netatmoAt, testDeps } from './fixtures.js';

const REDIRECT = 'https://localhost/callback';
const deps = testDeps();

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OAuthError)) throw new Error(`expected an OAuthError, got ${String(error)}`);
  return error;
}

describe('Netatmo grants against the emulator', () => {
  let emu: NetatmoEmulator;
  let clock: number;
  beforeEach(async () => {
    clock = Date.now();
    emu = await startNetatmoEmulator({ now: () => clock });
  });
  afterEach(() => emu.close());

  const client = () => ({ clientId: emu.clientId, clientSecret: emu.clientSecret });

  it('exchanges a code, sending scope too, and reads the array scope', async () => {
    const code = emu.issueCode(REDIRECT, ['read_station']);
    const tokens = await exchangeCode(netatmoAt(emu), { ...client(), code, redirectUri: REDIRECT, scopes: ['read_station'] }, deps);
    expect(tokens).toMatchObject({ scope: 'read_station', expires_at: '2025-03-01T15:00:00Z', obtained_at: '2025-03-01T12:00:00Z' });
    expect(emu.liveRefreshTokens()).toEqual([tokens.refresh_token]);
    const form = emu.requests.at(-1)?.form;
    expect(Object.fromEntries(form ?? [])).toEqual({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      scope: 'read_station',
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
    });
  });

  it('walks the sign-in link to a code and exchanges it, as a browser would', async () => {
    emu.redirectUris.push(REDIRECT);
    const provider = netatmoAt(emu);
    const request = createAuthorizationRequest(provider, { clientId: emu.clientId, redirectUri: REDIRECT, scopes: ['read_station', 'read_thermostat'] }, deps);
    const consent = await fetch(request.url, { redirect: 'manual' });
    const location = consent.headers.get('location') ?? '';
    expect(location).toMatch(/^https:\/\/localhost\/callback\?state=.+&code=/);
    const pasted = parsePastedCallback(location, { state: request.state });
    if (!pasted.ok) throw new Error(pasted.message);
    const tokens = await exchangeCode(provider, { ...client(), code: pasted.code, redirectUri: REDIRECT, scopes: ['read_station', 'read_thermostat'] }, deps);
    expect(tokens.scope).toBe('read_station read_thermostat');
  });

  it('reads a pressed Deny from the emulator’s redirect', async () => {
    emu.nextConsent = 'deny';
    const request = createAuthorizationRequest(netatmoAt(emu), { clientId: emu.clientId, redirectUri: REDIRECT, scopes: ['read_station'] }, deps);
    const location = (await fetch(request.url, { redirect: 'manual' })).headers.get('location') ?? '';
    expect(parsePastedCallback(location, { state: request.state })).toMatchObject({ ok: false, problem: 'denied' });
  });

  it('explains a reused code as used or expired (exit 2, not "sign in again")', async () => {
    const code = emu.issueCode(REDIRECT);
    await exchangeCode(netatmoAt(emu), { ...client(), code, redirectUri: REDIRECT, scopes: ['read_station'] }, deps);
    const error = await rejection(exchangeCode(netatmoAt(emu), { ...client(), code, redirectUri: REDIRECT, scopes: ['read_station'] }, deps));
    expect(error.code).toBe('invalid_grant');
    expect(error.explanation.kind).toBe('code');
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(/already used or has expired/);
  });

  it('refuses a code that has expired', async () => {
    const code = emu.issueCode(REDIRECT);
    clock += 601_000;
    const error = await rejection(exchangeCode(netatmoAt(emu), { ...client(), code, redirectUri: REDIRECT }, deps));
    expect(error.code).toBe('invalid_grant');
  });

  it('refuses a code used with another redirect URI', async () => {
    const code = emu.issueCode(REDIRECT);
    const error = await rejection(exchangeCode(netatmoAt(emu), { ...client(), code, redirectUri: 'https://localhost/other' }, deps));
    expect(error.code).toBe('invalid_grant');
  });

  it('explains a wrong secret without repeating it', async () => {
    const wrong = 'fake-wrong-secret-0099';
    const error = await rejection(exchangeCode(netatmoAt(emu), { clientId: emu.clientId, clientSecret: wrong, code: emu.issueCode(REDIRECT), redirectUri: REDIRECT }, deps));
    expect(error.explanation.kind).toBe('config');
    expect(error.message).toMatch(/wrong client id or secret/);
    expect(`${error.message} ${error.nextStep}`).not.toContain(wrong);
  });

  it('refresh rotates the pair, and the old refresh token then says "sign in again" with the rotation hint (exit 3)', async () => {
    const first = await exchangeCode(netatmoAt(emu), { ...client(), code: emu.issueCode(REDIRECT), redirectUri: REDIRECT }, deps);
    const second = await refreshGrant(netatmoAt(emu), { ...client(), refreshToken: first.refresh_token ?? '' }, deps);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(emu.liveRefreshTokens()).toEqual([second.refresh_token]);
    expect(emu.liveAccessTokens()).toEqual([second.access_token]);
    expect(Object.fromEntries(emu.requests.at(-1)?.form ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
    });

    const error = await rejection(refreshGrant(netatmoAt(emu), { ...client(), refreshToken: first.refresh_token ?? '' }, deps));
    expect(error.exitCode).toBe(ExitCode.signInAgain);
    expect(error.message).toMatch(/another program/);
    expect(error.message).not.toContain(first.refresh_token ?? 'never');
  });

  it('explains a captive portal answering the token request (exit 4)', async () => {
    emu.answerHtml = true;
    const failure = await exchangeCode(netatmoAt(emu), { ...client(), code: 'fake-code', redirectUri: REDIRECT }, deps).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).exitCode).toBe(ExitCode.unavailable);
    expect((failure as UserError).message).toMatch(/web page instead of data/);
  });
});

describe('grant shapes other services use', () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function serve(handler: LoopbackHandler): Promise<LoopbackServer> {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  }
  const client = { clientId: 'fake-client-0001', clientSecret: 'fake-secret-0001' };

  it('password grant: TTLock-style names, lowercase hex MD5 password, no grant_type', async () => {
    const server = await serve(() => json(200, { access_token: 'fake-ttlock-access-0001', uid: 4242, refresh_token: 'fake-ttlock-refresh-0001', expires_in: 7776000 }));
    const ttlockLike = genericProvider(server.origin, {
      clientIdParam: 'clientId',
      clientSecretParam: 'clientSecret',
      errorShape: 'errcode',
      extraTokenFields: ['uid'],
      passwordGrant: { usernameParam: 'username', passwordParam: 'password', passwordHash: 'md5-hex', usernameHelp: '' },
    });
    const tokens = await passwordGrant(ttlockLike, { ...client, username: '+447700900000', password: 'fake-password-1' }, deps);
    expect(tokens).toMatchObject({ access_token: 'fake-ttlock-access-0001', extras: { uid: '4242' }, expires_at: '2025-05-30T12:00:00Z' });
    expect(Object.fromEntries(server.requests[0]?.form ?? [])).toEqual({
      clientId: 'fake-client-0001',
      clientSecret: 'fake-secret-0001',
      username: '+447700900000',
      password: createHash('md5').update('fake-password-1').digest('hex'),
    });
  });

  it('password grant: sends grant_type when the preset sets one, and the password as typed without hashing', async () => {
    const server = await serve(() => json(200, { access_token: 'fake-access' }));
    const provider = genericProvider(server.origin, {
      passwordGrant: { usernameParam: 'user', passwordParam: 'pass', passwordHash: 'none', grantType: 'password', usernameHelp: '' },
    });
    await passwordGrant(provider, { ...client, username: 'me', password: 'fake-password-2' }, deps);
    expect(server.requests[0]?.form.get('grant_type')).toBe('password');
    expect(server.requests[0]?.form.get('pass')).toBe('fake-password-2');
  });

  it('explains an errcode answer with HTTP 200 and never echoes the password or its hash', async () => {
    const hash = createHash('md5').update('fake-password-3').digest('hex');
    const server = await serve(() => json(200, { errcode: 10007, errmsg: `wrong password ${hash}` }));
    const ttlockLike = genericProvider(server.origin, {
      errorShape: 'errcode',
      tokenErrors: { '10007': { kind: 'credentials', message: 'Wrong account or password.' } },
      passwordGrant: { usernameParam: 'username', passwordParam: 'password', passwordHash: 'md5-hex', usernameHelp: '' },
    });
    const error = await rejection(passwordGrant(ttlockLike, { ...client, username: 'me', password: 'fake-password-3' }, deps));
    expect(error).toMatchObject({ code: '10007', message: expect.stringMatching(/^Wrong account or password\. .*said: "wrong password /), exitCode: ExitCode.usage });
    expect(error.message).not.toContain(hash);

    const unknown = await serve(() => json(200, { errcode: 12345, errmsg: `odd ${hash}` }));
    const again = await rejection(passwordGrant(genericProvider(unknown.origin, { ...ttlockLike, tokenUrl: `${unknown.origin}/token` }), { ...client, username: 'me', password: 'fake-password-3' }, deps));
    expect(again.message).toContain('12345');
    expect(again.message).not.toContain(hash);
  });

  it('client_auth basic: credentials in the Authorization header, none in the body', async () => {
    const server = await serve(() => json(200, { access_token: 'fake-access', refresh_token: 'fake-refresh' }));
    const provider = genericProvider(server.origin, { clientAuth: 'basic' });
    await exchangeCode(provider, { clientId: 'fake client:1', clientSecret: 'fake/secret+1', code: 'c1', redirectUri: REDIRECT }, deps);
    const request = server.requests[0];
    const decoded = Buffer.from(String(request?.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(decoded).toBe('fake%20client%3A1:fake%2Fsecret%2B1');
    expect(request?.form.has('client_id')).toBe(false);
    expect(request?.form.has('client_secret')).toBe(false);
    expect(request?.body).not.toContain('secret');
  });

  it('omits redirect_uri when there is none (Zoho Self Client) and sends the PKCE verifier when there is one', async () => {
    const server = await serve(() => json(200, { access_token: 'fake-access' }));
    const provider = genericProvider(server.origin);
    await exchangeCode(provider, { ...client, code: 'c1' }, deps);
    expect(server.requests[0]?.form.has('redirect_uri')).toBe(false);
    expect(server.requests[0]?.form.has('code_verifier')).toBe(false);
    expect(server.requests[0]?.form.has('scope')).toBe(false);
    await exchangeCode(provider, { ...client, code: 'c2', redirectUri: REDIRECT, codeVerifier: 'fake-verifier-0001' }, deps);
    expect(server.requests[1]?.form.get('code_verifier')).toBe('fake-verifier-0001');
  });

  it('keeps the old refresh token when the refresh answer has none (Zoho)', async () => {
    const server = await serve(() => json(200, { access_token: '1000.fake-access-2', api_domain: 'https://www.zohoapis.in', expires_in: 3600 }));
    const zohoLike = genericProvider(server.origin, { extraTokenFields: ['api_domain'] });
    const tokens = await refreshGrant(zohoLike, { ...client, refreshToken: '1000.fake-refresh-1' }, deps);
    expect(tokens).toMatchObject({ access_token: '1000.fake-access-2', refresh_token: '1000.fake-refresh-1', extras: { api_domain: 'https://www.zohoapis.in' } });
  });

  it('reads an HTTP 200 error at refresh as an error (Zoho), never as success', async () => {
    const server = await serve(() => json(200, { error: 'invalid_code' }));
    const zohoLike = genericProvider(server.origin, { tokenErrors: { 'refresh:invalid_code': { kind: 'sign-in-again', message: 'Zoho refused the refresh token.' } } });
    const error = await rejection(refreshGrant(zohoLike, { ...client, refreshToken: '1000.fake-refresh-1' }, deps));
    expect(error.exitCode).toBe(ExitCode.signInAgain);
    expect(error.message).toMatch(/^Zoho refused the refresh token\. Example refresh tokens die/);
  });

  describe('a token server named by the callback (Zoho accounts-server)', () => {
    it('exchanges at a trusted server', async () => {
      const named = await serve(() => json(200, { access_token: 'from-named' }));
      const home = await serve(() => json(200, { access_token: 'from-home' }));
      const zohoLike = genericProvider(home.origin, {
        tokenUrl: '{accounts_url}/oauth/v2/token',
        vars: { accounts_url: home.origin },
        callbackServer: { param: 'accounts-server', trustedHosts: [`127.0.0.1:${named.port}`] },
      });
      const tokens = await exchangeCode(zohoLike, { ...client, code: 'c1', redirectUri: REDIRECT, callbackServer: named.origin }, deps);
      expect(tokens.access_token).toBe('from-named');
      expect(named.requests[0]?.url.pathname).toBe('/oauth/v2/token');
      expect(home.requests).toHaveLength(0);
    });

    it('ignores an untrusted server: it receives nothing, the secret goes only to the preset’s server', async () => {
      const stranger = await serve(() => json(200, { access_token: 'from-stranger' }));
      const home = await serve(() => json(200, { access_token: 'from-home' }));
      const zohoLike = genericProvider(home.origin, {
        tokenUrl: '{accounts_url}/oauth/v2/token',
        vars: { accounts_url: home.origin },
        callbackServer: { param: 'accounts-server', trustedHosts: ['accounts.zoho.in'] },
      });
      const tokens = await exchangeCode(zohoLike, { ...client, code: 'c1', redirectUri: REDIRECT, callbackServer: stranger.origin }, deps);
      expect(tokens.access_token).toBe('from-home');
      expect(stranger.requests).toHaveLength(0);
      expect(home.requests[0]?.url.pathname).toBe('/oauth/v2/token');
    });

    it('decides trust by host, https and a clean address', () => {
      const zohoLike = genericProvider('https://accounts.zoho.com', {
        tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
        vars: { accounts_url: 'https://accounts.zoho.com' },
        callbackServer: { param: 'accounts-server', trustedHosts: ['accounts.zoho.in', 'accounts.zoho.com'] },
      });
      expect(trustedCallbackTokenUrl(zohoLike, 'https://accounts.zoho.in')).toBe('https://accounts.zoho.in/oauth/v2/token');
      expect(trustedCallbackTokenUrl(zohoLike, 'https://ACCOUNTS.zoho.in/')).toBe('https://accounts.zoho.in/oauth/v2/token');
      expect(trustedCallbackTokenUrl(zohoLike, 'https://accounts.zoho.in.evil.example')).toBeUndefined();
      expect(trustedCallbackTokenUrl(zohoLike, 'http://accounts.zoho.in')).toBeUndefined();
      expect(trustedCallbackTokenUrl(zohoLike, 'https://user:pw@accounts.zoho.in')).toBeUndefined();
      expect(trustedCallbackTokenUrl(zohoLike, 'not a url')).toBeUndefined();
      expect(trustedCallbackTokenUrl({ ...zohoLike, callbackServer: undefined }, 'https://accounts.zoho.in')).toBeUndefined();
    });
  });

  it('revokes a token by POST with ?token= and reads an HTTP 200 error as failure', async () => {
    const server = await serve((req) => (req.url.searchParams.get('token') === '1000.fake-old' ? json(200, { status: 'success' }) : json(200, { error: 'invalid_client' })));
    const zohoLike = genericProvider(server.origin, { revokeUrl: '{accounts_url}/oauth/v2/token/revoke', vars: { accounts_url: server.origin } });
    expect(await revokeToken(zohoLike, '1000.fake-old', deps)).toBe('revoked');
    expect(server.requests[0]).toMatchObject({ method: 'POST' });
    expect(server.requests[0]?.url.pathname).toBe('/oauth/v2/token/revoke');
    const error = await rejection(revokeToken(zohoLike, '1000.fake-other', deps));
    expect(error.code).toBe('invalid_client');
    expect(error.message).not.toContain('1000.fake-other');
  });

  it('reads "this token is not valid" from a revoke as already invalid, but an outage as a failure', async () => {
    const answers: Record<string, () => ReturnType<LoopbackHandler>> = {
      'fake-dead-1': () => json(200, { error: 'invalid_token' }),
      // The code this service gives a dead refresh token at refresh (RFC 6749 invalid_grant).
      'fake-dead-2': () => json(400, { error: 'invalid_grant' }),
      'fake-down-1': () => json(503, { error: 'invalid_token' }),
    };
    const server = await serve((req) => answers[req.url.searchParams.get('token') ?? '']!());
    const provider = genericProvider(server.origin, { revokeUrl: `${server.origin}/revoke` });
    expect(await revokeToken(provider, 'fake-dead-1', deps)).toBe('already-invalid');
    expect(await revokeToken(provider, 'fake-dead-2', deps)).toBe('already-invalid');
    const down = await rejection(revokeToken(provider, 'fake-down-1', deps));
    expect(down.exitCode).toBe(4);
  });
});

