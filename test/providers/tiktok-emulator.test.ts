import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTiktokEmulator, type TiktokEmulator } from '../support/tiktok-emulator.js';

let emu: TiktokEmulator;
beforeEach(async () => {
  emu = await startTiktokEmulator();
});
afterEach(async () => {
  await emu.close();
});

const VERIFIER = 'fake-verifier-0001-abcdefghijklmnopqrstuvwxyz0123456789';
const hex = (v: string) => createHash('sha256').update(v).digest('hex');
const b64url = (v: string) => createHash('sha256').update(v).digest('base64url');

async function authorize(params: Record<string, string>): Promise<Response> {
  const q = new URLSearchParams({
    client_key: emu.credentials.clientKey,
    response_type: 'code',
    scope: 'user.info.basic,video.upload',
    redirect_uri: emu.credentials.redirectUri,
    state: 'fake-state-0001',
    code_challenge: hex(VERIFIER),
    code_challenge_method: 'S256',
    ...params,
  });
  return fetch(`${emu.origin}/v2/auth/authorize/?${q.toString()}`, { redirect: 'manual' });
}

async function token(fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emu.origin}/v2/oauth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_key: emu.credentials.clientKey, client_secret: emu.credentials.clientSecret, ...fields }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function codeFrom(response: Response): Promise<{ code: string; raw: string; location: URL }> {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  const raw = /[?&]code=([^&]*)/.exec(location.search)?.[1] ?? '';
  return { code: location.searchParams.get('code') ?? '', raw, location };
}

describe('TikTok emulator', () => {
  it('redirects with a percent-encoded code, the granted scopes and the state', async () => {
    const { code, raw, location } = await codeFrom(await authorize({}));
    expect(raw).toMatch(/%2A/);
    expect(raw).toMatch(/%21/);
    expect(code).toContain('*');
    expect(location.searchParams.get('scopes')).toBe('user.info.basic,video.upload');
    expect(location.searchParams.get('state')).toBe('fake-state-0001');
  });

  it('exchanges a code with the verifier whose hex SHA-256 was the challenge', async () => {
    const { code } = await codeFrom(await authorize({}));
    const { status, body } = await token({ grant_type: 'authorization_code', code, redirect_uri: emu.credentials.redirectUri, code_verifier: VERIFIER });
    expect(status).toBe(200);
    expect(body).toMatchObject({ open_id: 'fake-open-id-0001', token_type: 'Bearer', expires_in: 86400, refresh_expires_in: 31536000 });
    expect(String(body['access_token'])).toMatch(/^act\./);
  });

  it('rejects a base64url (RFC 7636) challenge at the exchange: TikTok compares hex', async () => {
    const { code } = await codeFrom(await authorize({ code_challenge: b64url(VERIFIER) }));
    const { status, body } = await token({ grant_type: 'authorization_code', code, redirect_uri: emu.credentials.redirectUri, code_verifier: VERIFIER });
    expect(status).toBe(400);
    expect(body['error']).toBe('invalid_grant');
    expect(body['log_id']).toBeTruthy();
  });

  it('refuses a Desktop sign-in without PKCE, a redirect URI that is not registered, and client_id instead of client_key', async () => {
    expect((await authorize({ code_challenge: '', code_challenge_method: '' })).status).toBe(400);
    expect((await authorize({ redirect_uri: `${emu.credentials.redirectUri}/` })).status).toBe(400);
    const q = new URLSearchParams({ client_id: emu.credentials.clientKey, response_type: 'code', scope: 'user.info.basic', redirect_uri: emu.credentials.redirectUri, state: 's' });
    expect((await fetch(`${emu.origin}/v2/auth/authorize/?${q.toString()}`, { redirect: 'manual' })).status).toBe(400);
  });

  it('accepts a code once only, and says access_denied when the person declines', async () => {
    const { code } = await codeFrom(await authorize({}));
    const fields = { grant_type: 'authorization_code', code, redirect_uri: emu.credentials.redirectUri, code_verifier: VERIFIER };
    expect((await token(fields)).status).toBe(200);
    expect((await token(fields)).body['error']).toBe('invalid_grant');
    emu.switches.deny = true;
    const denied = new URL((await authorize({})).headers.get('location') ?? '');
    expect(denied.searchParams.get('error')).toBe('access_denied');
  });

  it('rotates the refresh token on refresh and kills the old one; errors may come with HTTP 200 on a switch', async () => {
    const { code } = await codeFrom(await authorize({}));
    const first = (await token({ grant_type: 'authorization_code', code, redirect_uri: emu.credentials.redirectUri, code_verifier: VERIFIER })).body;
    const second = (await token({ grant_type: 'refresh_token', refresh_token: String(first['refresh_token']) })).body;
    expect(second['refresh_token']).not.toBe(first['refresh_token']);
    emu.switches.errorsWithHttp200 = true;
    const stale = await token({ grant_type: 'refresh_token', refresh_token: String(first['refresh_token']) });
    expect(stale).toMatchObject({ status: 200, body: { error: 'invalid_grant' } });
  });

  it('serves user info to a valid Bearer token and explains bad tokens and missing scopes', async () => {
    emu.switches.withheldScopes = [];
    const { code } = await codeFrom(await authorize({}));
    const access = String((await token({ grant_type: 'authorization_code', code, redirect_uri: emu.credentials.redirectUri, code_verifier: VERIFIER })).body['access_token']);
    const info = await fetch(`${emu.origin}/v2/user/info/?fields=open_id,display_name`, { headers: { authorization: `Bearer ${access}` } });
    expect(await info.json()).toMatchObject({ data: { user: { display_name: 'Fake Creator' } }, error: { code: 'ok' } });
    const bad = await fetch(`${emu.origin}/v2/user/info/?fields=open_id`, { headers: { authorization: 'Bearer act.fake-nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'access_token_invalid' } });

    emu.switches.withheldScopes = ['user.info.basic'];
    const second = await codeFrom(await authorize({}));
    const narrow = String((await token({ grant_type: 'authorization_code', code: second.code, redirect_uri: emu.credentials.redirectUri, code_verifier: VERIFIER })).body['access_token']);
    const denied = await fetch(`${emu.origin}/v2/user/info/?fields=open_id`, { headers: { authorization: `Bearer ${narrow}` } });
    expect(await denied.json()).toMatchObject({ error: { code: 'scope_not_authorized' } });
  });
});
