import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReauthConfig } from '../../src/config/types.js';
import { runLiveCheck } from '../../src/oauth/live-check.js';
import { exchangeCode } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { zohoDeskPreset } from '../../src/providers/zoho-desk.js';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';

const deps = { fetch: globalThis.fetch, now: Date.now };

describe('the Zoho Desk preset', () => {
  it('asks for Desk scopes including Desk.basic.READ and prefers Desk.activities.calls.* over Desk.calls.*', () => {
    expect(zohoDeskPreset.defaultScopes).toContain('Desk.basic.READ');
    expect(zohoDeskPreset.knownScopes).toEqual(expect.arrayContaining(['Desk.tickets.READ', 'Desk.tickets.ALL', 'Desk.contacts.READ', 'Desk.settings.READ', 'Desk.activities.calls.READ', 'Desk.activities.calls.CREATE']));
    expect(zohoDeskPreset.knownScopes.some((s) => s.startsWith('Desk.calls.'))).toBe(false);
    expect(zohoDeskPreset.defaultEnvKeys).toMatchObject({ access_token: 'DESK_ACCESS_TOKEN', refresh_token: 'DESK_REFRESH_TOKEN', client_id: 'ZOHO_CLIENT_ID' });
  });

  it('checks /organizations, which needs no orgId header and no setting', () => {
    const check = zohoDeskPreset.liveCheck;
    expect(check?.url).toBe('{api_url}/api/v1/organizations');
    expect(check?.auth).toEqual({ type: 'header', name: 'Authorization', prefix: 'Zoho-oauthtoken ' });
    expect(check?.headers).toBeUndefined();
    expect(check?.requiredSettings ?? []).toEqual([]);
  });
});

describe('the Desk live check against the emulator', () => {
  let emu: ZohoEmulator;
  let provider: ResolvedProvider;
  beforeEach(async () => {
    emu = await startZohoEmulator();
    const config: ReauthConfig = { path: '/tmp/reauth.yaml', baseDir: '/tmp', exists: false, profiles: {}, providers: { 'zoho-desk': zohoOverride(emu, 'desk') } };
    provider = resolveProvider(config, { provider: 'zoho-desk', region: 'in', settings: {} });
  });
  afterEach(async () => {
    await emu.close();
  });

  async function tokenFor(scopes: readonly string[]): Promise<string> {
    const c = emu.credentials;
    const code = emu.issueSelfClientCode({ scopes });
    return (await exchangeCode(provider, { clientId: c.selfClientId, clientSecret: c.selfClientSecret, code }, deps)).access_token;
  }

  it('names the organization for a Desk token', async () => {
    const token = await tokenFor(zohoDeskPreset.defaultScopes);
    expect(await runLiveCheck(provider, token, {}, deps)).toEqual({ ok: true, summary: 'organization Acme Support (id 600001)' });
    const sent = emu.requests.at(-1);
    expect(sent?.url.pathname).toBe('/desk/api/v1/organizations');
    expect(sent?.headers.authorization).toBe(`Zoho-oauthtoken ${token}`);
    expect(sent?.headers['orgid']).toBeUndefined();
  });

  it('reports a SalesIQ token in the Desk slot as exactly that', async () => {
    const salesIqToken = await tokenFor(['SalesIQ.departments.READ']);
    const result = await runLiveCheck(provider, salesIqToken, {}, deps);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.message).toContain('a SalesIQ token in the Desk slot');
      expect(result.problem.next).toBeTruthy();
    }
  });
});
