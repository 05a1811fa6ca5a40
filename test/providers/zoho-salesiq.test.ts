import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReauthConfig } from '../../src/config/types.js';
import { runLiveCheck } from '../../src/oauth/live-check.js';
import { exchangeCode } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { zohoSalesIqPreset } from '../../src/providers/zoho-salesiq.js';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';

const deps = { fetch: globalThis.fetch, now: Date.now };

describe('the Zoho SalesIQ preset', () => {
  it('asks for SalesIQ scopes, including the one its live check needs', () => {
    expect(zohoSalesIqPreset.defaultScopes).toContain('SalesIQ.departments.READ');
    expect(zohoSalesIqPreset.defaultScopes.every((s) => s.startsWith('SalesIQ.'))).toBe(true);
    expect(zohoSalesIqPreset.knownScopes).toEqual(expect.arrayContaining(['SalesIQ.conversations.READ', 'SalesIQ.conversations.CREATE', 'SalesIQ.conversations.UPDATE', 'SalesIQ.portals.READ']));
  });

  it('checks departments with the Zoho-oauthtoken header and needs the screen name, explained', () => {
    const check = zohoSalesIqPreset.liveCheck;
    expect(check?.url).toBe('{api_url}/api/v2/{screen_name}/departments');
    expect(check?.auth).toEqual({ type: 'header', name: 'Authorization', prefix: 'Zoho-oauthtoken ' });
    expect(check?.requiredSettings?.[0]?.key).toBe('screen_name');
    expect(check?.requiredSettings?.[0]?.help).toContain('salesiq.zoho.in/acme/');
    expect(zohoSalesIqPreset.defaultEnvKeys).toMatchObject({ access_token: 'SALESIQ_ACCESS_TOKEN', refresh_token: 'SALESIQ_REFRESH_TOKEN', client_id: 'ZOHO_CLIENT_ID', client_secret: 'ZOHO_CLIENT_SECRET' });
  });

  it('reads error code 1001 as "not a SalesIQ token, or expired", with HTTP 200 or 400', () => {
    for (const status of [200, 400]) {
      const result = zohoSalesIqPreset.liveCheck?.interpret(status, { error: { code: 1001, message: 'Unknown authentication error occurred' } });
      expect(result?.ok).toBe(false);
      if (result && !result.ok) expect(result.problem.message).toContain('a Desk token in the SalesIQ slot looks exactly like this');
    }
  });
});

describe('the SalesIQ live check against the emulator', () => {
  let emu: ZohoEmulator;
  let provider: ResolvedProvider;
  beforeEach(async () => {
    emu = await startZohoEmulator();
    const config: ReauthConfig = { path: '/tmp/reauth.yaml', baseDir: '/tmp', exists: false, profiles: {}, providers: { 'zoho-salesiq': zohoOverride(emu, 'salesiq') } };
    provider = resolveProvider(config, { provider: 'zoho-salesiq', region: 'in', settings: {} });
  });
  afterEach(async () => {
    await emu.close();
  });

  async function tokenFor(scopes: readonly string[]): Promise<string> {
    const c = emu.credentials;
    const code = emu.issueSelfClientCode({ scopes });
    return (await exchangeCode(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, code }, deps)).access_token;
  }

  it('counts the departments for a SalesIQ token', async () => {
    const token = await tokenFor(zohoSalesIqPreset.defaultScopes);
    expect(await runLiveCheck(provider, token, { settings: { screen_name: 'acme' } }, deps)).toEqual({ ok: true, summary: '2 departments found in SalesIQ' });
    const sent = emu.requests.at(-1);
    expect(sent?.url.pathname).toBe('/salesiq/api/v2/acme/departments');
    expect(sent?.headers.authorization).toBe(`Zoho-oauthtoken ${token}`);
  });

  it('reports a Desk token in the SalesIQ slot as exactly that', async () => {
    const deskToken = await tokenFor(['Desk.basic.READ']);
    const result = await runLiveCheck(provider, deskToken, { settings: { screen_name: 'acme' } }, deps);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.message).toContain('a Desk token in the SalesIQ slot');
      expect(result.problem.next).toBeTruthy();
    }
  });

  it('reports an expired SalesIQ token (HTTP 400, code 1001) the same plain way', async () => {
    const token = await tokenFor(['SalesIQ.departments.READ']);
    emu.expireAccessTokens();
    const result = await runLiveCheck(provider, token, { settings: { screen_name: 'acme' } }, deps);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'config' } });
    if (!result.ok) expect(result.problem.message).toContain('expired');
  });

  it('asks for the screen name before calling SalesIQ without it', async () => {
    const token = await tokenFor(['SalesIQ.departments.READ']);
    const before = emu.requests.length;
    const result = await runLiveCheck(provider, token, {}, deps);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'config' } });
    if (!result.ok) expect(result.problem.message).toContain('SalesIQ screen name');
    expect(emu.requests).toHaveLength(before);
  });

  it('passes on SalesIQ\'s complaint about an unknown portal', async () => {
    const token = await tokenFor(['SalesIQ.departments.READ']);
    const result = await runLiveCheck(provider, token, { settings: { screen_name: 'not-our-portal' } }, deps);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toContain('Invalid screen name');
  });
});
