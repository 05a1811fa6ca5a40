import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { md5Hex, startTtlockEmulator, type TtlockEmulator } from '../support/ttlock-emulator.js';

let emu: TtlockEmulator;
beforeEach(async () => {
  emu = await startTtlockEmulator();
});
afterEach(async () => {
  await emu.close();
});

async function post(path: string, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emu.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function passwordGrant(overrides: Record<string, string> = {}): Record<string, string> {
  const c = emu.credentials;
  return { clientId: c.clientId, clientSecret: c.clientSecret, username: c.username, password: c.passwordMd5, ...overrides };
}

async function lockList(query: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${emu.origin}/v3/lock/list?${new URLSearchParams(query).toString()}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('TTLock emulator', () => {
  it('issues a token pair for the app account and the MD5 of its password', async () => {
    const { status, body } = await post('/oauth2/token', passwordGrant());
    expect(status).toBe(200);
    expect(body).toMatchObject({ uid: 7001, expires_in: 7776000 });
    expect(typeof body['access_token']).toBe('string');
    expect(typeof body['refresh_token']).toBe('string');
  });

  it('accepts the older client_id/client_secret spelling', async () => {
    const c = emu.credentials;
    const { body } = await post('/oauth2/token', {
      client_id: c.clientId,
      client_secret: c.clientSecret,
      username: c.username,
      password: c.passwordMd5,
    });
    expect(body['access_token']).toBeTruthy();
  });

  it('answers a plain password with errcode 30005 and a wrong MD5 with 10007, both as HTTP 200', async () => {
    const plain = await post('/oauth2/token', passwordGrant({ password: emu.credentials.password }));
    expect(plain).toMatchObject({ status: 200, body: { errcode: 30005 } });
    const wrong = await post('/oauth2/token', passwordGrant({ password: md5Hex('not-the-password') }));
    expect(wrong).toMatchObject({ status: 200, body: { errcode: 10007 } });
    expect(wrong.body['errmsg']).toBeTruthy();
    expect(wrong.body['description']).toBeTruthy();
  });

  it('tells an unknown client (10000) from a wrong secret or another region (10001)', async () => {
    expect((await post('/oauth2/token', passwordGrant({ clientId: 'fake-unknown-client' }))).body['errcode']).toBe(10000);
    expect((await post('/oauth2/token', passwordGrant({ clientSecret: 'fake-wrong-secret' }))).body['errcode']).toBe(10001);
    const cn = await startTtlockEmulator({ clientId: 'fake-cn-client', otherRegionClientIds: [emu.credentials.clientId] });
    try {
      const c = emu.credentials;
      const response = await fetch(`${cn.origin}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ clientId: c.clientId, clientSecret: c.clientSecret, username: c.username, password: c.passwordMd5 }).toString(),
      });
      expect(((await response.json()) as Record<string, unknown>)['errcode']).toBe(10001);
    } finally {
      await cn.close();
    }
  });

  it('refreshes with grant_type=refresh_token, and rejects unknown (10011) and revoked (10004) refresh tokens', async () => {
    const first = (await post('/oauth2/token', passwordGrant())).body;
    const c = emu.credentials;
    const refreshed = await post('/oauth2/token', {
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: String(first['refresh_token']),
    });
    expect(refreshed.body['access_token']).not.toBe(first['access_token']);
    const unknown = await post('/oauth2/token', { clientId: c.clientId, clientSecret: c.clientSecret, grant_type: 'refresh_token', refresh_token: 'fake-never-issued' });
    expect(unknown.body['errcode']).toBe(10011);
    emu.revokeRefreshTokens();
    const revoked = await post('/oauth2/token', { clientId: c.clientId, clientSecret: c.clientSecret, grant_type: 'refresh_token', refresh_token: String(first['refresh_token']) });
    expect(revoked).toMatchObject({ status: 200, body: { errcode: 10004 } });
  });

  it('lists locks for a current date and refuses a clock more than 5 minutes off', async () => {
    const token = String((await post('/oauth2/token', passwordGrant())).body['access_token']);
    const base = { clientId: emu.credentials.clientId, accessToken: token, pageNo: '1', pageSize: '20' };
    expect(await lockList({ ...base, date: String(Date.now()) })).toMatchObject({ total: 3, pageNo: 1, pageSize: 20, pages: 1 });
    expect(await lockList({ ...base, date: String(Date.now() + 6 * 60_000) })).toMatchObject({ errcode: 80000 });
    expect(await lockList({ ...base, accessToken: 'fake-bad-token', date: String(Date.now()) })).toMatchObject({ errcode: 10003 });
    emu.expireAccessTokens();
    expect(await lockList({ ...base, date: String(Date.now()) })).toMatchObject({ errcode: 10004 });
  });

  it('answers the URLs operators guess with 404', async () => {
    expect((await fetch(`${emu.origin}/oauth/authorize?client_id=x`)).status).toBe(404);
    expect((await fetch(`${emu.origin}/v3/oauth/token`, { method: 'POST' })).status).toBe(404);
  });
});
