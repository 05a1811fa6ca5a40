import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ProviderOverride, ReauthConfig } from '../../src/config/types.js';
import { UserError } from '../../src/errors.js';
import { fillTemplate } from '../../src/providers/fill-template.js';
import { isLoopbackUrl, resolveProvider } from '../../src/providers/resolve-provider.js';
import type { LiveCheckResult, ProviderPreset } from '../../src/providers/types.js';
import { tempFolder, yaml, type TempFolder } from '../config/config-files.js';

const interpretStations = (status: number): LiveCheckResult => ({ ok: status === 200, summary: 'stations listed' }) as LiveCheckResult;

/** A small stand-in preset, so these tests do not depend on the real catalogue's details. */
const station: ProviderPreset = {
  id: 'station',
  name: 'Station Cloud',
  summary: 'A practice service.',
  flows: ['authorization_code'],
  regions: {
    default: 'eu',
    choices: {
      eu: { label: 'Europe', vars: { accounts_url: 'https://eu.station.example', api_tld: 'eu' } },
      us: { label: 'United States', vars: { accounts_url: 'https://us.station.example', api_tld: 'com' } },
    },
    help: 'Where the account lives.',
  },
  authorizeUrl: '{accounts_url}/oauth/authorize',
  tokenUrl: '{accounts_url}/oauth/token',
  authorizeParams: { access_type: 'offline' },
  clientIdParam: 'client_id',
  clientSecretParam: 'client_secret',
  clientAuth: 'body',
  scopeSeparator: ' ',
  defaultScopes: ['read'],
  knownScopes: ['read', 'write'],
  pkce: 'S256',
  appKinds: [
    { id: 'desktop', label: 'Desktop', pkce: 'S256-hex', redirectRule: 'loopback' },
    { id: 'web', label: 'Web', pkce: 'none', redirectRule: 'https' },
  ],
  redirectRule: 'loopback',
  redirectHelp: 'Use the registered one.',
  codeLifetimeSeconds: 600,
  codeLifetimeConfirmed: false,
  rotatesRefreshToken: 'always',
  errorShape: 'oauth',
  tokenErrors: {},
  refreshRejectedHint: 'Sign in again.',
  extraTokenFields: [],
  liveCheck: { label: 'List stations', url: 'https://api.station.{api_tld}/stations/{site}', auth: { type: 'bearer' }, interpret: interpretStations },
  credentialsHelp: 'From the portal.',
  defaultEnvKeys: {},
  defaultFileKeys: {},
};
const presets = [station];

function config(providers: Record<string, ProviderOverride> = {}, extra: Partial<ReauthConfig> = {}): ReauthConfig {
  return { path: '/work/reauth.yaml', displayPath: 'reauth.yaml', baseDir: '/work', exists: true, profiles: {}, providers, ...extra };
}

function errorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('resolveProvider', () => {
  it('starts from the preset, with the default region and the settings as template values', () => {
    const resolved = resolveProvider(config(), { provider: 'station', settings: { site: 'roof' } }, presets);
    expect(resolved.region).toBe('eu');
    expect(resolved.vars).toEqual({ accounts_url: 'https://eu.station.example', api_tld: 'eu', site: 'roof' });
    expect(fillTemplate(resolved.tokenUrl, resolved.vars)).toBe('https://eu.station.example/oauth/token');
    expect(fillTemplate(resolved.liveCheck?.url ?? '', resolved.vars)).toBe('https://api.station.eu/stations/roof');
    expect(resolved.pkce).toBe('S256');
  });

  it('uses the chosen region and says which regions exist when the choice is unknown', () => {
    expect(resolveProvider(config(), { provider: 'station', region: 'us', settings: {} }, presets).vars['accounts_url']).toBe('https://us.station.example');
    const error = errorOf(() => resolveProvider(config(), { provider: 'station', region: 'mars', settings: {} }, presets));
    expect(error.message).toBe('"mars" is not a Station Cloud data centre; valid regions are eu, us.');
  });

  it('states an unconfirmed code lifetime as a plain assumption, and drops it once the person sets one', () => {
    const assumed = resolveProvider(config(), { provider: 'station', settings: {} }, presets);
    expect(assumed.assumptions).toEqual([
      "Station Cloud's code lifetime is not documented; reauth assumes 10 minutes (change with code_lifetime_s under providers: in reauth.yaml).",
    ]);
    const set = resolveProvider(config({ station: { code_lifetime_s: 90 } }), { provider: 'station', settings: {} }, presets);
    expect(set.codeLifetimeSeconds).toBe(90);
    expect(set.codeLifetimeConfirmed).toBe(true);
    expect(set.assumptions).toEqual([]);
  });

  it('applies every override from providers:', () => {
    const resolved = resolveProvider(
      config({
        station: {
          name: 'Station (practice)',
          authorize_url: 'http://127.0.0.1:9001/authorize',
          token_url: 'http://localhost:9001/token',
          revoke_url: 'http://[::1]:9001/revoke',
          verify_url: 'http://127.0.0.1:9001/stations',
          scopes: ['write'],
          scope_separator: ',',
          pkce: 'none',
          client_auth: 'basic',
          authorize_params: { prompt: 'consent' },
          redirect_uri: 'http://127.0.0.1:8976/callback',
        },
      }),
      { provider: 'station', settings: {} },
      presets,
    );
    expect(resolved).toMatchObject({
      name: 'Station (practice)',
      authorizeUrl: 'http://127.0.0.1:9001/authorize',
      tokenUrl: 'http://localhost:9001/token',
      revokeUrl: 'http://[::1]:9001/revoke',
      defaultScopes: ['write'],
      scopeSeparator: ',',
      pkce: 'none',
      clientAuth: 'basic',
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      defaultRedirectUri: 'http://127.0.0.1:8976/callback',
    });
    expect(resolved.knownScopes).toEqual(['read', 'write']);
    // verify_url replaces the address but keeps the preset's way of reading the answer.
    expect(resolved.liveCheck?.url).toBe('http://127.0.0.1:9001/stations');
    expect(resolved.liveCheck?.interpret).toBe(interpretStations);
  });

  it('lets accounts_url and api_url under providers: win over the region', () => {
    const resolved = resolveProvider(config({ station: { accounts_url: 'http://127.0.0.1:9002' } }), { provider: 'station', region: 'us', settings: {} }, presets);
    expect(fillTemplate(resolved.authorizeUrl ?? '', resolved.vars)).toBe('http://127.0.0.1:9002/oauth/authorize');
    expect(fillTemplate(resolved.tokenUrl, resolved.vars)).toBe('http://127.0.0.1:9002/oauth/token');
    expect(resolved.vars['api_tld']).toBe('com');
  });

  it('applies the kind of app: PKCE and redirect rules follow app_type', () => {
    const web = resolveProvider(config(), { provider: 'station', app_type: 'web', settings: {} }, presets);
    expect([web.pkce, web.redirectRule]).toEqual(['none', 'https']);
    const desktop = resolveProvider(config(), { provider: 'station', app_type: 'desktop', settings: {} }, presets);
    expect([desktop.pkce, desktop.redirectRule]).toEqual(['S256-hex', 'loopback']);
    const error = errorOf(() => resolveProvider(config(), { provider: 'station', app_type: 'tv', settings: {} }, presets));
    expect(error.message).toMatch(/"tv" is not a kind of Station Cloud app; valid app types are desktop, web\./);
  });

  it('lets an explicit pkce override beat the kind of app', () => {
    const resolved = resolveProvider(config({ station: { pkce: 'S256' } }), { provider: 'station', app_type: 'web', settings: {} }, presets);
    expect(resolved.pkce).toBe('S256');
    expect(resolved.redirectRule).toBe('https');
  });

  it('refuses an unknown provider and lists the built-in ones', () => {
    const error = errorOf(() => resolveProvider(config(), { provider: 'nope', settings: {} }, presets));
    expect(error.message).toMatch(/"nope" is not a built-in service/);
    expect(error.nextStep).toMatch(/Built-in services: station/);
  });

  it.each([
    ['token_url', 'http://auth.example.com/token'],
    ['authorize_url', 'http://127.0.0.1.example.com/authorize'],
    ['verify_url', 'http://10.0.0.5/stations'],
    ['accounts_url', 'http://accounts.example.com'],
  ])('refuses a plain http %s that leaves this computer', (field, url) => {
    const error = errorOf(() => resolveProvider(config({ station: { [field]: url } }), { provider: 'station', settings: {} }, presets));
    expect(error.message).toContain(`providers.station.${field} makes Station Cloud use http://`);
    expect(error.message).toMatch(/plain http only for this computer/);
  });

  it('refuses plain http that arrives through a setting', () => {
    const error = errorOf(() => resolveProvider(config(), { provider: 'station', settings: { accounts_url: 'http://evil.example' } }, presets));
    expect(error.message).toContain('the accounts_url setting makes Station Cloud use http://evil.example/oauth/authorize');
  });

  describe('with a real reauth.yaml', () => {
    let folder: TempFolder;
    beforeEach(async () => {
      folder = await tempFolder();
    });
    afterEach(async () => {
      await folder.remove();
    });

    it('names the file and line of a plain http override it refuses', async () => {
      const path = await folder.write(
        yaml('version: 1', 'providers:', '  netatmo:', '    # pointed at the wrong place', '    token_url: http://api.netatmo.com/oauth2/token'),
      );
      const loaded = await loadConfig(path);
      const error = errorOf(() => resolveProvider(loaded, { provider: 'netatmo', settings: {} }));
      expect(error.message).toMatch(/reauth\.yaml line 5: providers\.netatmo\.token_url makes Netatmo use http:\/\/api\.netatmo\.com\/oauth2\/token/);
      expect(error.nextStep).toMatch(/on line 5 of .*reauth\.yaml/);
    });

    it('points a built-in Zoho preset at a loopback accounts server for tests', async () => {
      const path = await folder.write(
        yaml(
          'version: 1',
          'profiles:',
          '  chat:',
          '    provider: zoho-salesiq',
          '    region: in',
          '    settings: { screen_name: acme }',
          '    targets: [{ type: dotenv, file: .env, keys: { access_token: SALESIQ_ACCESS_TOKEN } }]',
          'providers:',
          '  zoho-salesiq:',
          '    accounts_url: http://127.0.0.1:9003',
          '    api_url: http://127.0.0.1:9004',
        ),
      );
      const loaded = await loadConfig(path);
      const chat = loaded.profiles['chat'];
      if (!chat) throw new Error('profile missing');
      const resolved = resolveProvider(loaded, chat);
      expect(resolved.region).toBe('in');
      expect(fillTemplate(resolved.tokenUrl, resolved.vars)).toBe('http://127.0.0.1:9003/oauth/v2/token');
      expect(fillTemplate(resolved.liveCheck?.url ?? '', resolved.vars)).toBe('http://127.0.0.1:9004/api/v2/acme/departments');
    });
  });
});

describe('custom providers', () => {
  const custom = { 'my-api': { authorize_url: 'https://id.example.com/oauth2/authorize', token_url: 'https://id.example.com/oauth2/token', scopes: ['openid', 'offline_access'] } };

  it('gets plain OAuth 2.0 defaults, named after its id, and says what it assumes', () => {
    const resolved = resolveProvider(config(custom), { provider: 'my-api', settings: {} }, presets);
    expect(resolved).toMatchObject({
      id: 'my-api',
      name: 'my-api',
      flows: ['authorization_code'],
      clientIdParam: 'client_id',
      clientSecretParam: 'client_secret',
      clientAuth: 'body',
      scopeSeparator: ' ',
      pkce: 'S256',
      errorShape: 'oauth',
      codeLifetimeSeconds: 600,
      codeLifetimeConfirmed: false,
      defaultScopes: ['openid', 'offline_access'],
      defaultEnvKeys: { access_token: 'MY_API_ACCESS_TOKEN', refresh_token: 'MY_API_REFRESH_TOKEN' },
    });
    expect(resolved.liveCheck).toBeUndefined();
    expect(resolved.assumptions).toHaveLength(3);
    expect(resolved.assumptions[1]).toMatch(/my-api is not a built-in service, so reauth assumes standard OAuth 2\.0/);
    expect(resolved.assumptions[2]).toMatch(/There is no live check for my-api: add verify_url/);
  });

  it('checks tokens at verify_url when given: 2xx JSON passes, anything else explains itself', () => {
    const resolved = resolveProvider(config({ 'my-api': { ...custom['my-api'], name: 'My API', verify_url: 'https://api.example.com/me' } }), { provider: 'my-api', settings: {} }, presets);
    const check = resolved.liveCheck;
    if (!check) throw new Error('no live check');
    expect(check.url).toBe('https://api.example.com/me');
    expect(check.auth).toEqual({ type: 'bearer' });
    expect(check.interpret(200, { sub: 'someone' }).ok).toBe(true);
    const html = check.interpret(200, '<html>login</html>');
    expect(html.ok).toBe(false);
    expect(html.ok ? '' : html.problem.message).toMatch(/not with JSON/);
    const rejected = check.interpret(401, { error: 'invalid_token' });
    expect(rejected.ok ? '' : rejected.problem.kind).toBe('sign-in-again');
    const down = check.interpret(503, undefined);
    expect(down.ok ? '' : down.problem.kind).toBe('unavailable');
  });

  it('refuses a custom service without a token URL', () => {
    const error = errorOf(() => resolveProvider(config({ half: { authorize_url: 'https://id.example.com/authorize' } }), { provider: 'half', settings: {} }, presets));
    expect(error.message).toMatch(/providers\.half in reauth\.yaml needs token_url/);
  });
});

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/x', true],
    ['http://127.255.0.9/x', true],
    ['http://localhost:1/x', true],
    ['http://[::1]:9/x', true],
    ['http://127.0.0.1.nip.io/x', false],
    ['http://localhost.example.com/x', false],
    ['http://192.168.1.2/x', false],
    ['not a url', false],
  ])('says %s is loopback: %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});
