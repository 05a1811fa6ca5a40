/**
 * Zoho's device flow ("non-browser applications", Zoho OAuth docs: initiation and polling
 * requests) as the Zoho presets speak it, against a loopback endpoint shaped like those pages:
 * Zoho's own parameter names, HTTP 200 for every answer, one poll per 30 s, `expired` and
 * `other_dc`, and the times that one version of the page gives in milliseconds. Documented,
 * not confirmed against Zoho itself: the wizard says so beside the option.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startDeviceAuthorization } from '../../src/oauth/device-authorization.js';
import { DEVICE_LINES, pollDeviceToken } from '../../src/oauth/device-poll.js';
import { OAuthError } from '../../src/oauth/token-errors.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { json, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { recordIssuedTokens } from '../support/secret-audit.js';

let server: LoopbackServer;
let deviceAnswer: Record<string, unknown> = {};
let polls: unknown[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((request) => {
    if (request.url.pathname === '/oauth/v3/device/code') return json(200, deviceAnswer);
    if (request.url.pathname === '/oauth/v3/device/token') {
      const next = polls.shift() ?? { error: 'authorization_pending' };
      recordIssuedTokens(next);
      return json(200, next);
    }
    return json(404, { error: 'not_found' });
  });
});
afterAll(async () => {
  await server.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function zohoDesk(): Promise<ResolvedProvider> {
  const dir = await mkdtemp(join(tmpdir(), 'reauth-zoho-device-'));
  dirs.push(dir);
  await writeFile(join(dir, 'reauth.yaml'), ['version: 1', 'providers:', '  zoho-desk:', `    accounts_url: ${server.origin}`, ''].join('\n'));
  return resolveProvider(await loadConfig(join(dir, 'reauth.yaml')), { provider: 'zoho-desk', region: 'com', settings: {} });
}

function fakeClock(start = 1_000_000) {
  let now = start;
  const waits: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (waits.push(ms), (now += ms)), waits };
}

const client = { clientId: '1000.FAKEZOHOCLIENT', clientSecret: 'fake-zoho-secret-1' };

describe('Zoho device sign-in (documented by Zoho, unconfirmed against Zoho itself)', () => {
  it('asks with Zoho’s names, reads verification_url, and the times in ms as seconds, never polling faster than every 30 s', async () => {
    const provider = await zohoDesk();
    expect(provider.flows).toContain('device');
    expect(provider.deviceFlowNote).toMatch(/not yet tried against the real service/);
    deviceAnswer = { user_code: 'ABCD1234', device_code: 'fake-zoho-device-code-1', verification_url: 'https://accounts.zoho.com/oauth/v3/device', interval: 30000, expires_in: 300000 };
    const grant = await startDeviceAuthorization(provider, { ...client, scopes: ['Desk.tickets.READ', 'Desk.basic.READ'] }, { fetch, now: () => 1000 });
    expect(grant).toMatchObject({ userCode: 'ABCD1234', verificationUri: 'https://accounts.zoho.com/oauth/v3/device', intervalSeconds: 30, expiresAt: 1000 + 300_000 });
    const asked = server.requests.at(-1)!;
    expect(asked.url.pathname).toBe('/oauth/v3/device/code');
    expect(Object.fromEntries(asked.form)).toMatchObject({ grant_type: 'device_request', client_id: client.clientId, scope: 'Desk.tickets.READ,Desk.basic.READ', access_type: 'offline', prompt: 'consent' });

    // Seconds, as RFC 8628 has them, are read as seconds, and still held to Zoho's 30 s.
    deviceAnswer = { ...deviceAnswer, interval: 5, expires_in: 300 };
    const inSeconds = await startDeviceAuthorization(provider, { ...client, scopes: ['Desk.basic.READ'] }, { fetch, now: () => 1000 });
    expect(inSeconds).toMatchObject({ intervalSeconds: 30, expiresAt: 1000 + 300_000 });
  });

  it('polls the device token address with grant_type=device_token and code=, and keeps what Zoho hands out', async () => {
    const provider = await zohoDesk();
    const clock = fakeClock();
    polls = [
      { error: 'authorization_pending' },
      { error: 'slow_down' },
      { access_token: '1000.fake-zoho-access-1', refresh_token: '1000.fake-zoho-refresh-1', api_domain: 'https://www.zohoapis.com', token_type: 'Bearer', expires_in: 3600 },
    ];
    const grant = { deviceCode: 'fake-zoho-device-code-2', userCode: 'ABCD1234', verificationUri: 'https://accounts.zoho.com/oauth/v3/device', expiresAt: clock.now() + 300_000, intervalSeconds: 30 };
    const tokens = await pollDeviceToken(provider, client, grant, { fetch, ...clock });
    expect(tokens.access_token).toBe('1000.fake-zoho-access-1');
    expect(tokens.refresh_token).toBe('1000.fake-zoho-refresh-1');
    expect(clock.waits).toEqual([30_000, 30_000, 35_000]);
    const polled = server.requests.at(-1)!;
    expect(polled.url.pathname).toBe('/oauth/v3/device/token');
    expect(Object.fromEntries(polled.form)).toMatchObject({ grant_type: 'device_token', code: 'fake-zoho-device-code-2', client_id: client.clientId, client_secret: client.clientSecret });
  });

  it('says the code ran out on Zoho’s `expired`, and names the other data centre on `other_dc`', async () => {
    const provider = await zohoDesk();
    const grant = { deviceCode: 'fake-zoho-device-code-3', userCode: 'ABCD1234', verificationUri: 'https://accounts.zoho.com/oauth/v3/device', expiresAt: 10_000_000, intervalSeconds: 30 };
    polls = [{ error: 'expired' }];
    const expired = await pollDeviceToken(provider, client, grant, { fetch, ...fakeClock() }).catch((e: unknown) => e);
    expect((expired as OAuthError).message).toBe(DEVICE_LINES.expired);
    polls = [{ error: 'other_dc', user_location: 'eu' }];
    const elsewhere = await pollDeviceToken(provider, client, grant, { fetch, ...fakeClock() }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(OAuthError);
    expect((elsewhere as OAuthError).message).toContain('another data centre (eu)');
    expect((elsewhere as OAuthError).nextStep).toMatch(/choose that data centre \(eu\)/);
    polls = [{ error: 'access_denied' }];
    const denied = await pollDeviceToken(provider, client, grant, { fetch, ...fakeClock() }).catch((e: unknown) => e);
    expect((denied as OAuthError).message).toBe(DEVICE_LINES.denied);
  });
});
