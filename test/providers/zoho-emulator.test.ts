import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoEmulator, type ZohoEmulator } from '../support/zoho-emulator.js';

let emu: ZohoEmulator;
beforeEach(async () => {
  emu = await startZohoEmulator();
});
afterEach(async () => {
  await emu.close();
});

async function token(fields: Record<string, string>, origin = emu.origin): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function browserCode(scope: string, extra: Record<string, string> = { access_type: 'offline', prompt: 'consent' }): Promise<URL> {
  const q = new URLSearchParams({ client_id: emu.credentials.clientId, response_type: 'code', redirect_uri: emu.credentials.redirectUri, scope, state: 'fake-state', ...extra });
  const response = await fetch(`${emu.origin}/oauth/v2/auth?${q.toString()}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

function exchange(code: string, withRedirect = true): Record<string, string> {
  const c = emu.credentials;
  return { grant_type: 'authorization_code', client_id: c.clientId, client_secret: c.clientSecret, code, ...(withRedirect ? { redirect_uri: c.redirectUri } : {}) };
}

function selfExchange(code: string): Record<string, string> {
  const c = emu.credentials;
  return { grant_type: 'authorization_code', client_id: c.selfClientId, client_secret: c.selfClientSecret, code };
}

describe('Zoho emulator', () => {
  it('names its data centre and accounts server in the callback', async () => {
    const back = await browserCode('SalesIQ.departments.READ');
    expect(back.searchParams.get('location')).toBe('in');
    expect(back.searchParams.get('accounts-server')).toBe(emu.origin);
    expect(back.searchParams.get('state')).toBe('fake-state');
  });

  it('answers every token error with HTTP 200', async () => {
    const code = (await browserCode('Desk.basic.READ')).searchParams.get('code') ?? '';
    expect(await token({ ...exchange(code), client_id: 'fake-other-dc-client' })).toEqual({ status: 200, body: { error: 'invalid_client' } });
    expect(await token({ ...exchange(code), client_secret: 'fake-wrong' })).toEqual({ status: 200, body: { error: 'invalid_client_secret' } });
    expect(await token({ ...exchange(code), redirect_uri: 'http://127.0.0.1:1/else' })).toEqual({ status: 200, body: { error: 'invalid_redirect_uri' } });
    expect((await token(exchange(code))).body['refresh_token']).toBeTruthy();
    expect(await token(exchange(code))).toEqual({ status: 200, body: { error: 'invalid_code' } });
    emu.switches.rateLimited = true;
    expect(await token(exchange(code))).toEqual({ status: 200, body: { error: 'Access Denied' } });
  });

  it('gives no refresh token for a repeat consent without prompt=consent', async () => {
    await token(exchange((await browserCode('Desk.basic.READ')).searchParams.get('code') ?? ''));
    const again = (await browserCode('Desk.basic.READ', { access_type: 'offline' })).searchParams.get('code') ?? '';
    const body = (await token(exchange(again))).body;
    expect(body['access_token']).toBeTruthy();
    expect(body['refresh_token']).toBeUndefined();
  });

  it('exchanges Self Client codes without redirect_uri, and lets them expire by the chosen duration', async () => {
    let clock = Date.now();
    const timed = await startZohoEmulator({ now: () => clock });
    try {
      const c = timed.credentials;
      const code = timed.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'], minutes: 5 });
      clock += 4 * 60_000;
      const ok = await token({ grant_type: 'authorization_code', client_id: c.selfClientId, client_secret: c.selfClientSecret, code }, timed.origin);
      expect(ok.body['refresh_token']).toBeTruthy();
      const late = timed.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'], minutes: 3 });
      clock += 3 * 60_000 + 1;
      expect((await token({ grant_type: 'authorization_code', client_id: c.selfClientId, client_secret: c.selfClientSecret, code: late }, timed.origin)).body).toEqual({ error: 'invalid_code' });
    } finally {
      await timed.close();
    }
  });

  it('refreshes without handing out a refresh token, and reports a dead one as invalid_code', async () => {
    const first = (await token(selfExchange(emu.issueSelfClientCode({ scopes: ['Desk.basic.READ'] })))).body;
    const c = emu.credentials;
    const refresh = { grant_type: 'refresh_token', client_id: c.selfClientId, client_secret: c.selfClientSecret, refresh_token: String(first['refresh_token']) };
    const refreshed = (await token(refresh)).body;
    expect(refreshed['access_token']).toBeTruthy();
    expect(refreshed).not.toHaveProperty('refresh_token');
    expect(refreshed['api_domain']).toBe('https://www.zohoapis.in');
    const revoke = await fetch(`${emu.origin}/oauth/v2/token/revoke?token=${encodeURIComponent(String(first['refresh_token']))}`, { method: 'POST' });
    expect(await revoke.json()).toEqual({ status: 'success' });
    expect(await token(refresh)).toEqual({ status: 200, body: { error: 'invalid_code' } });
  });

  it('silently deletes the oldest refresh token when a 21st is made', async () => {
    const made: string[] = [];
    for (let i = 0; i < 21; i++) {
      made.push(String((await token(selfExchange(emu.issueSelfClientCode({ scopes: ['Desk.basic.READ'] })))).body['refresh_token']));
    }
    expect(emu.isRefreshTokenAlive(made[0] as string)).toBe(false);
    expect(emu.isRefreshTokenAlive(made[1] as string)).toBe(true);
    expect(emu.liveRefreshTokens(emu.credentials.selfClientId)).toHaveLength(20);
  });

  it('lets SalesIQ accept only SalesIQ tokens and Desk only Desk tokens, with the Zoho-oauthtoken header', async () => {
    const salesiq = String((await token(selfExchange(emu.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'] })))).body['access_token']);
    const desk = String((await token(selfExchange(emu.issueSelfClientCode({ scopes: ['Desk.basic.READ'] })))).body['access_token']);
    const departments = (t: string, scheme = 'Zoho-oauthtoken') =>
      fetch(`${emu.origin}/salesiq/api/v2/acme/departments`, { headers: { authorization: `${scheme} ${t}` } });
    const organizations = (t: string) => fetch(`${emu.origin}/desk/api/v1/organizations`, { headers: { authorization: `Zoho-oauthtoken ${t}` } });

    expect(await (await departments(salesiq)).json()).toMatchObject({ data: [{ name: 'Support' }, { name: 'Sales' }] });
    const wrongSlot = await departments(desk);
    expect(wrongSlot.status).toBe(200);
    expect(await wrongSlot.json()).toMatchObject({ error: { code: 1001 } });
    expect(await (await departments(salesiq, 'Bearer')).json()).toMatchObject({ error: { code: 1001 } });

    expect(await (await organizations(desk)).json()).toMatchObject({ data: [{ id: '600001', companyName: 'Acme Support' }] });
    const deskWrongSlot = await organizations(salesiq);
    expect(deskWrongSlot.status).toBe(401);
    expect(await deskWrongSlot.json()).toEqual({ errorCode: 'INVALID_OAUTH', message: 'The OAuth Token you provided is invalid.' });

    emu.expireAccessTokens();
    const expired = await departments(salesiq);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ error: { code: 1001 } });
  });
});
