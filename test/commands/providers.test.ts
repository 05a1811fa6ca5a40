import { describe, expect, it } from 'vitest';
import { listProviders, providersCommand, type ProviderListing } from '../../src/commands/providers.js';
import type { ReauthConfig } from '../../src/config/types.js';
import { PRESETS } from '../../src/providers/catalogue.js';

const config: ReauthConfig = {
  path: '/work/reauth.yaml',
  displayPath: 'reauth.yaml',
  baseDir: '/work',
  exists: true,
  profiles: {},
  providers: {
    netatmo: { token_url: 'http://127.0.0.1:8080/netatmo/oauth2/token' },
    'my-api': { name: 'My API', authorize_url: 'https://id.example.com/oauth2/authorize', token_url: 'https://id.example.com/oauth2/token' },
  },
};

describe('reauth providers', () => {
  it('lists every built-in service with its name, summary and flows', () => {
    const { text } = providersCommand({ json: false });
    for (const preset of PRESETS) {
      expect(text).toContain(`  ${preset.id}`);
      expect(text).toContain(preset.name);
      expect(text).toContain(preset.summary);
    }
    expect(text).toMatch(/ttlock +TTLock \(Sciener\)\n.*\n +flows: password · regions: eu \(default\), cn\n/);
    expect(text).not.toContain('From reauth.yaml');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Connect one with `reauth setup --provider ID`.');
  });

  it('adds custom services from reauth.yaml and marks overridden presets', () => {
    const { text } = providersCommand({ json: false, config });
    expect(text).toMatch(/From reauth\.yaml\n\n  my-api +My API\n +Custom OAuth 2\.0 service defined in reauth\.yaml\.\n +flows: authorization_code\n/);
    expect(text).toMatch(/netatmo +Netatmo\n.*\n +flows: authorization_code · changed in reauth\.yaml: token_url\n/);
  });

  it('prints machine-readable JSON: one object per service', () => {
    const parsed = JSON.parse(providersCommand({ json: true, config }).text) as ProviderListing[];
    expect(parsed.map((entry) => entry.id)).toEqual([...PRESETS.map((preset) => preset.id), 'my-api']);
    const salesiq = parsed.find((entry) => entry.id === 'zoho-salesiq');
    expect(salesiq).toMatchObject({ source: 'built-in', flows: ['authorization_code', 'self_client', 'device'], default_region: 'com', overridden: [] });
    expect(salesiq?.regions.map((region) => region.id)).toContain('in');
    expect(parsed.find((entry) => entry.id === 'netatmo')).toMatchObject({ regions: [], default_region: null, overridden: ['token_url'] });
    expect(parsed.at(-1)).toEqual({
      id: 'my-api',
      name: 'My API',
      summary: 'Custom OAuth 2.0 service defined in reauth.yaml.',
      source: 'reauth.yaml',
      flows: ['authorization_code'],
      regions: [],
      default_region: null,
      overridden: [],
    });
  });

  it('lists whatever presets it is given', () => {
    expect(listProviders(undefined, []).length).toBe(0);
  });
});
