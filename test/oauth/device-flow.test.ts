/**
 * Device sign-in (RFC 8628) through reauth's real oauth modules: against oidc-provider with
 * its device flow on (an independent reading of the RFC), and against a small loopback
 * endpoint for the answers oidc-provider cannot be made to give on cue (slow_down sequences,
 * expired_token, access_denied), on a fake clock.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { parseDeviceAnswer, startDeviceAuthorization, type DeviceGrant } from '../../src/oauth/device-authorization.js';
import { DEVICE_CODE_GRANT, DEVICE_LINES, pollDeviceToken, type PollStatus } from '../../src/oauth/device-poll.js';
import { OAuthError } from '../../src/oauth/token-errors.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { json, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { startOidcServer, type OidcServer } from '../support/oidc-server.js';

let oidc: OidcServer;
const realDeps = { fetch: globalThis.fetch, now: () => Date.now() };

beforeAll(async () => {
  oidc = await startOidcServer({ deviceFlow: true });
});
afterAll(async () => {
  await oidc.close();
});

async function providerFor(tokenUrl: string, deviceUrl: string, clientAuth: 'body' | 'basic' = 'body'): Promise<ResolvedProvider> {
  const dir = await mkdtemp(join(tmpdir(), 'reauth-device-'));
  const yaml = [
    'version: 1',
    'profiles: {}',
    'providers:',
    '  my-tv-api:',
    '    name: My TV API',
    `    authorize_url: ${oidc.authorizeUrl}`,
    `    token_url: ${tokenUrl}`,
    `    device_authorization_url: ${deviceUrl}`,
    '    scopes: [openid, offline_access]',
    `    client_auth: ${clientAuth}`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'reauth.yaml'), yaml);
  return resolveProvider(await loadConfig(join(dir, 'reauth.yaml')), { provider: 'my-tv-api', settings: {} });
}

describe('device sign-in against oidc-provider', () => {
  it('offers the device flow when device_authorization_url is set', async () => {
    const provider = await providerFor(oidc.tokenUrl, oidc.deviceAuthorizationUrl);
    expect(provider.flows).toEqual(['authorization_code', 'device']);
    expect(provider.deviceAuthorizationUrl).toBe(oidc.deviceAuthorizationUrl);
  });

  for (const clientAuth of ['body', 'basic'] as const) {
    it(`gets a user code, waits while it is pending, and gets tokens once approved (client_auth: ${clientAuth})`, async () => {
      const provider = await providerFor(oidc.tokenUrl, oidc.deviceAuthorizationUrl, clientAuth);
      const client = clientAuth === 'body' ? oidc.bodyClient : oidc.basicClient;
      const grant = await startDeviceAuthorization(provider, { clientId: client.id, clientSecret: client.secret, scopes: ['openid', 'offline_access'] }, realDeps);
      expect(grant.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      expect(grant.verificationUri).toBe(`${oidc.issuer}/device`);
      expect(grant.verificationUriComplete).toContain('user_code=');
      expect(grant.intervalSeconds).toBeGreaterThan(0);
      expect(grant.expiresAt).toBeGreaterThan(Date.now());

      const statuses: PollStatus[] = [];
      const waits: number[] = [];
      let approved = false;
      // The wait is short in real time, but honours what the poller asks for (recorded).
      const sleep = async (ms: number) => {
        waits.push(ms);
        if (waits.length === 2 && !approved) {
          approved = true;
          await oidc.approveDevice(grant.userCode);
        }
        await new Promise((r) => setTimeout(r, 20));
      };
      const tokens = await pollDeviceToken(provider, { clientId: client.id, clientSecret: client.secret }, grant, { ...realDeps, sleep }, {
        onStatus: (s) => statuses.push(s),
      });
      expect(tokens.access_token).toBeTruthy();
      expect(tokens.refresh_token).toBeTruthy();
      // The first request was pending (nobody had approved yet); polling fast gets slow_down from oidc-provider.
      expect(statuses[0]?.type === 'pending' || statuses[0]?.type === 'slow_down').toBe(true);
      expect(waits[0]).toBe(grant.intervalSeconds * 1000);
    });
  }

  it('says plainly when the person aborts on the device page (access_denied)', async () => {
    const provider = await providerFor(oidc.tokenUrl, oidc.deviceAuthorizationUrl);
    const client = oidc.bodyClient;
    const grant = await startDeviceAuthorization(provider, { clientId: client.id, clientSecret: client.secret, scopes: ['openid'] }, realDeps);
    await oidc.approveDevice(grant.userCode, { deny: true });
    const error = await pollDeviceToken(provider, { clientId: client.id, clientSecret: client.secret }, grant, { ...realDeps, sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).message).toBe(DEVICE_LINES.denied);
    expect((error as OAuthError).code).toBe('access_denied');
  });
});

describe('device sign-in against a scripted endpoint, on a fake clock', () => {
  let server: LoopbackServer;
  let script: unknown[] = [];
  beforeAll(async () => {
    server = await startLoopbackServer((request) => {
      if (request.url.pathname === '/device') {
        return json(200, { device_code: 'fake-device-code-1', user_code: 'WDJB-MJHT', verification_uri: 'https://example.test/device', expires_in: 900 });
      }
      const next = script.shift() ?? { error: 'server_error' };
      return json((next as { error?: string }).error ? 400 : 200, next);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  function fakeClock(start = 1_000_000) {
    let now = start;
    const waits: number[] = [];
    return { now: () => now, sleep: async (ms: number) => void (waits.push(ms), (now += ms)), waits };
  }

  const grantAt = (nowMs: number, overrides: Partial<DeviceGrant> = {}): DeviceGrant => ({
    deviceCode: 'fake-device-code-1',
    userCode: 'WDJB-MJHT',
    verificationUri: 'https://example.test/device',
    expiresAt: nowMs + 900_000,
    intervalSeconds: 5,
    ...overrides,
  });

  it('defaults the interval to 5 s and reads the answer (RFC 8628 §3.2)', async () => {
    const provider = await providerFor(`${server.origin}/token`, `${server.origin}/device`);
    const grant = await startDeviceAuthorization(provider, { clientId: 'fake-client', clientSecret: 'fake-secret-1', scopes: ['openid'] }, { fetch, now: () => 1000 });
    expect(grant).toEqual({ deviceCode: 'fake-device-code-1', userCode: 'WDJB-MJHT', verificationUri: 'https://example.test/device', expiresAt: 901_000, intervalSeconds: 5 });
    const sent = server.requests.at(-1)!;
    expect(sent.form.get('client_id')).toBe('fake-client');
    expect(sent.form.get('scope')).toBe('openid');
  });

  it('slows down by 5 s for good after slow_down, keeps waiting on authorization_pending', async () => {
    const provider = await providerFor(`${server.origin}/token`, `${server.origin}/device`);
    const clock = fakeClock();
    script = [{ error: 'authorization_pending' }, { error: 'slow_down' }, { error: 'authorization_pending' }, { error: 'slow_down' }, { access_token: 'fake-access-token-1', expires_in: 3600 }];
    const statuses: PollStatus[] = [];
    const tokens = await pollDeviceToken(provider, { clientId: 'fake-client', clientSecret: 'fake-secret-1' }, grantAt(clock.now()), { fetch, ...clock }, { onStatus: (s) => statuses.push(s) });
    expect(tokens.access_token).toBe('fake-access-token-1');
    expect(clock.waits).toEqual([5000, 5000, 10_000, 10_000, 15_000]);
    expect(statuses.map((s) => s.type)).toEqual(['pending', 'slow_down', 'pending', 'slow_down']);
    const polled = server.requests.at(-1)!;
    expect(polled.form.get('grant_type')).toBe(DEVICE_CODE_GRANT);
    expect(polled.form.get('device_code')).toBe('fake-device-code-1');
  });

  it('stops with a plain line on expired_token', async () => {
    const provider = await providerFor(`${server.origin}/token`, `${server.origin}/device`);
    const clock = fakeClock();
    script = [{ error: 'authorization_pending' }, { error: 'expired_token' }];
    const error = await pollDeviceToken(provider, { clientId: 'fake-client', clientSecret: 'fake-secret-1' }, grantAt(clock.now()), { fetch, ...clock }).catch((e: unknown) => e);
    expect((error as OAuthError).message).toBe(DEVICE_LINES.expired);
    expect((error as OAuthError).nextStep).toBe(DEVICE_LINES.expiredNext);
  });

  it('stops at expires_in by its own clock, without asking again', async () => {
    const provider = await providerFor(`${server.origin}/token`, `${server.origin}/device`);
    const clock = fakeClock();
    script = Array.from({ length: 10 }, () => ({ error: 'authorization_pending' }));
    const before = server.requests.length;
    const error = await pollDeviceToken(provider, { clientId: 'fake-client', clientSecret: 'fake-secret-1' }, grantAt(clock.now(), { expiresAt: clock.now() + 12_000 }), { fetch, ...clock }).catch((e: unknown) => e);
    expect((error as OAuthError).message).toBe(DEVICE_LINES.expired);
    expect(server.requests.length - before).toBe(2);
  });

  it('stops with a plain line on access_denied', async () => {
    const provider = await providerFor(`${server.origin}/token`, `${server.origin}/device`);
    const clock = fakeClock();
    script = [{ error: 'access_denied' }];
    const error = await pollDeviceToken(provider, { clientId: 'fake-client', clientSecret: 'fake-secret-1' }, grantAt(clock.now()), { fetch, ...clock }).catch((e: unknown) => e);
    expect((error as OAuthError).message).toBe(DEVICE_LINES.denied);
  });

  it('hands the approved answer\'s tokens to onAnswer before judging it (a "mac" token is refused, its tokens kept)', async () => {
    const provider = await providerFor(`${server.origin}/token`, `${server.origin}/device`);
    const clock = fakeClock();
    script = [{ error: 'authorization_pending' }, { access_token: 'fake-device-access-mac-1', refresh_token: 'fake-device-refresh-mac-1', token_type: 'mac', expires_in: 3600 }];
    const kept: string[] = [];
    const error = await pollDeviceToken(provider, { clientId: 'fake-client', clientSecret: 'fake-secret-1' }, grantAt(clock.now()), { fetch, ...clock }, {
      onAnswer: async (t) => void kept.push(t.refresh_token ?? ''),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).message).not.toContain('fake-device-access-mac-1');
    expect(kept).toEqual(['fake-device-refresh-mac-1']);
  });

  it('can be cancelled while it waits', async () => {
    const provider = await providerFor(`${server.origin}/token`, `${server.origin}/device`);
    const controller = new AbortController();
    script = [];
    const before = server.requests.length;
    const polling = pollDeviceToken(provider, { clientId: 'fake-client', clientSecret: 'fake-secret-1' }, grantAt(Date.now()), { fetch, now: () => Date.now() }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(polling).rejects.toThrow(/stopped before it was approved/);
    expect(server.requests.length).toBe(before);
  });

  it('names what is missing from a bad device answer', () => {
    expect(() => parseDeviceAnswer('My TV API', { device_code: 'x' }, 0)).toThrow(/without user_code, verification_uri, expires_in/);
  });
});
