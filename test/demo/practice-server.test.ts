/**
 * The practice server must behave like the real services it stands in for — otherwise the demo
 * teaches the wrong lessons: codes that expire and work once, PKCE and the secret checked,
 * refresh tokens that rotate.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PRACTICE_CLIENT, startPracticeServer, type PracticeServer } from '../../src/demo/practice-server.js';
import { pressOnConsentPage } from './practice-browser.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const VERIFIER = 'fake-verifier-0001-fake-verifier-0001-fake-verifier';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

let server: PracticeServer | undefined;
let clock = 1_800_000_000_000;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<PracticeServer> {
  clock = 1_800_000_000_000;
  server = await startPracticeServer({ redirectUris: [REDIRECT], now: () => clock });
  return server;
}

function signInLink(s: PracticeServer, params: Record<string, string> = {}): string {
  const url = new URL(s.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: PRACTICE_CLIENT.id,
    redirect_uri: REDIRECT,
    scope: 'read offline_access',
    state: 'fake-state-1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return url.toString();
}

async function allow(s: PracticeServer, params: Record<string, string> = {}): Promise<string> {
  const { location } = await pressOnConsentPage(signInLink(s, params), 'allow');
  return new URL(location).searchParams.get('code') ?? '';
}

async function tokenRequest(s: PracticeServer, form: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(s.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: PRACTICE_CLIENT.id, client_secret: PRACTICE_CLIENT.secret, ...form }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const exchange = (s: PracticeServer, code: string, extra: Record<string, string> = {}) =>
  tokenRequest(s, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER, ...extra });

describe('the practice server', () => {
  it('shows a consent page naming the permissions, and sends the code and state back on Allow', async () => {
    const s = await start();
    const { location, page } = await pressOnConsentPage(signInLink(s), 'allow');
    expect(page).toContain('See your practice profile');
    expect(page).toContain('a refresh token');
    const back = new URL(location);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('fake-state-1');
    expect(back.searchParams.get('code')).toMatch(/^practice-code-/);
  });

  it('sends access_denied back when the person presses Deny', async () => {
    const s = await start();
    const back = new URL((await pressOnConsentPage(signInLink(s), 'deny')).location);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('fake-state-1');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('refuses, in the browser, a redirect URI that is not registered', async () => {
    const s = await start();
    const response = await fetch(signInLink(s, { redirect_uri: 'http://127.0.0.1:10/other' }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Redirect URI not registered');
  });

  it('requires S256 PKCE and checks the verifier', async () => {
    const s = await start();
    const response = await fetch(signInLink(s, { code_challenge_method: 'plain' }), { redirect: 'manual' });
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const wrong = await exchange(s, await allow(s), { code_verifier: 'fake-other-verifier-0002-fake-other-verifier-0002' });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'PKCE verification failed.' } });
  });

  it('accepts a code once, and not after it expired', async () => {
    const s = await start();
    const code = await allow(s);
    const first = await exchange(s, code);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read offline_access' });
    expect(first.body.refresh_token).toMatch(/^practice-refresh-/);
    expect((await exchange(s, code)).body.error_description).toBe('The code is unknown or was already used.');

    const late = await allow(s);
    clock += 121_000;
    expect((await exchange(s, late)).body).toEqual({ error: 'invalid_grant', error_description: 'The code expired.' });
  });

  it('checks the client secret, in the body or in a Basic header', async () => {
    const s = await start();
    expect(await exchange(s, await allow(s), { client_secret: 'fake-wrong-0003' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const basic = await fetch(s.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${PRACTICE_CLIENT.id}:${PRACTICE_CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: await allow(s), redirect_uri: REDIRECT, code_verifier: VERIFIER }).toString(),
    });
    expect(basic.status).toBe(200);
  });

  it('rotates refresh tokens: the old one stops working once a new one is handed out', async () => {
    const s = await start();
    const first = (await exchange(s, await allow(s))).body;
    const second = await tokenRequest(s, { grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const again = await tokenRequest(s, { grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('hands out no refresh token without offline_access', async () => {
    const s = await start();
    const tokens = (await exchange(s, await allow(s, { scope: 'read' }))).body;
    expect(tokens.access_token).toMatch(/^practice-access-/);
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('answers its API for a valid access token only, until it expires', async () => {
    const s = await start();
    const { access_token: access } = (await exchange(s, await allow(s))).body;
    const me = (token: string) => fetch(s.apiUrl, { headers: { authorization: `Bearer ${token}` } });
    expect((await me(access!)).status).toBe(200);
    expect((await me('fake-access-0004')).status).toBe(401);
    clock += 3601_000;
    expect((await me(access!)).status).toBe(401);
  });
});
