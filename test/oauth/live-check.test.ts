import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exchangeCode, refreshGrant } from '../../src/oauth/token-grants.js';
import { isNotChecked, runLiveCheck } from '../../src/oauth/live-check.js';
import { json, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { FIXED_NOW, genericProvider, netatmoAt, testDeps } from './fixtures.js';

const REDIRECT = 'https://localhost/callback';

describe('the Netatmo live check against the emulator', () => {
  let emu: NetatmoEmulator;
  beforeEach(async () => {
    emu = await startNetatmoEmulator();
  });
  afterEach(() => emu.close());
  const deps = testDeps({ now: Date.now });

  async function signIn() {
    return exchangeCode(netatmoAt(emu), { clientId: emu.clientId, clientSecret: emu.clientSecret, code: emu.issueCode(REDIRECT), redirectUri: REDIRECT }, deps);
  }

  it('names the weather stations a fresh token can read', async () => {
    emu.stations = ['Home', 'Cabin'];
    const tokens = await signIn();
    expect(await runLiveCheck(netatmoAt(emu), tokens.access_token, {}, deps)).toEqual({ ok: true, summary: '2 weather stations found (Home, Cabin)' });
    expect(emu.requests.at(-1)?.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
  });

  it('says the token is dead after a refresh killed it (the stale-cache 403 from SCENARIOS.md)', async () => {
    const first = await signIn();
    await refreshGrant(netatmoAt(emu), { clientId: emu.clientId, clientSecret: emu.clientSecret, refreshToken: first.refresh_token ?? '' }, deps);
    const result = await runLiveCheck(netatmoAt(emu), first.access_token, {}, deps);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'sign-in-again', message: expect.stringMatching(/error 2/) } });
  });

  it('says an expired access token needs a refresh (error 3)', async () => {
    const tokens = await signIn();
    emu.expireAccessTokens();
    const result = await runLiveCheck(netatmoAt(emu), tokens.access_token, {}, deps);
    expect(result).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/expired/), next: expect.stringMatching(/reauth refresh/) } });
  });

  it('says Netatmo is throttling (error 26) as unavailable', async () => {
    const tokens = await signIn();
    emu.throttle = true;
    expect(await runLiveCheck(netatmoAt(emu), tokens.access_token, {}, deps)).toMatchObject({ ok: false, problem: { kind: 'unavailable' } });
  });

  it('reports a captive portal as unavailable instead of throwing', async () => {
    const tokens = await signIn();
    emu.answerHtml = true;
    const result = await runLiveCheck(netatmoAt(emu), tokens.access_token, {}, deps);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'unavailable', message: expect.stringMatching(/web page instead of data/) } });
  });
});

describe('live check mechanics', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer(() => json(200, { list: [] }));
  });
  afterEach(() => server.close());
  const deps = testDeps();

  it('sends the token in a query parameter and fills {client_id} and {now_ms} (TTLock)', async () => {
    const provider = genericProvider(server.origin, {
      vars: { api_url: server.origin },
      liveCheck: {
        label: 'locks',
        url: '{api_url}/v3/lock/list',
        auth: { type: 'query', param: 'accessToken' },
        query: { clientId: '{client_id}', pageNo: '1', date: '{now_ms}' },
        interpret: (status, body) => ({ ok: true, summary: `HTTP ${status} ${JSON.stringify(body)}` }),
      },
    });
    const result = await runLiveCheck(provider, 'fake-access-0001', { clientId: 'fake client&1' }, deps);
    expect(result).toEqual({ ok: true, summary: 'HTTP 200 {"list":[]}' });
    const query = server.requests[0]?.url.searchParams;
    expect(server.requests[0]?.url.pathname).toBe('/v3/lock/list');
    expect(query?.get('accessToken')).toBe('fake-access-0001');
    expect(query?.get('clientId')).toBe('fake client&1');
    expect(query?.get('date')).toBe(String(FIXED_NOW));
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('sends the token in a named header with its prefix, plus template headers from settings (Zoho Desk)', async () => {
    const provider = genericProvider(server.origin, {
      liveCheck: {
        label: 'orgs',
        url: `${server.origin}/api/v1/{screen_name}/departments`,
        auth: { type: 'header', name: 'authorization', prefix: 'Zoho-oauthtoken' },
        headers: { orgId: '{org_id}' },
        interpret: () => ({ ok: true, summary: 'fine' }),
      },
    });
    await runLiveCheck(provider, '1000.fake-access', { settings: { org_id: '600001', screen_name: 'acme corp' } }, deps);
    expect(server.requests[0]?.headers.authorization).toBe('Zoho-oauthtoken 1000.fake-access');
    expect(server.requests[0]?.headers.orgid).toBe('600001');
    expect(server.requests[0]?.url.pathname).toBe('/api/v1/acme%20corp/departments');
  });

  it('asks for a required setting instead of calling a half-filled URL', async () => {
    const provider = genericProvider(server.origin, {
      liveCheck: {
        label: 'departments',
        url: `${server.origin}/api/v2/{screen_name}/departments`,
        auth: { type: 'bearer' },
        requiredSettings: [{ key: 'screen_name', label: 'the SalesIQ screen name', help: 'It is in your SalesIQ address.' }],
        interpret: () => ({ ok: true, summary: 'fine' }),
      },
    });
    const result = await runLiveCheck(provider, 'fake-access', {}, deps);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'config', message: expect.stringMatching(/SalesIQ screen name/) } });
    expect(server.requests).toHaveLength(0);
  });

  it('says plainly when there is no check for the service, distinguishable from a pass', async () => {
    const result = await runLiveCheck(genericProvider(server.origin, { liveCheck: undefined }), 'fake-access', {}, deps);
    expect(result.ok).toBe(true);
    expect(isNotChecked(result)).toBe(true);
    expect(isNotChecked({ ok: true, summary: '1 weather station found' })).toBe(false);
  });

  it('reports an unreachable service as unavailable', async () => {
    await server.close();
    const provider = genericProvider(server.origin, {
      liveCheck: { label: 'x', url: `${server.origin}/x`, auth: { type: 'bearer' }, interpret: () => ({ ok: true, summary: 'fine' }) },
    });
    const result = await runLiveCheck(provider, 'fake-access', {}, deps);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'unavailable', message: expect.stringMatching(/Could not reach/) } });
    server = await startLoopbackServer(() => json(200, {}));
  });
});
