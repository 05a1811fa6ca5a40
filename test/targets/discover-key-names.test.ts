import { describe, expect, it } from 'vitest';
import { PRESETS, findPreset } from '../../src/providers/catalogue.js';
import type { ProviderPreset } from '../../src/providers/types.js';
import { keyWords, matchKeys, serviceWords, serviceWordsOf, type MappingContext } from '../../src/targets/discover-key-names.js';

function preset(id: string): ProviderPreset {
  const found = findPreset(id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
}

function match(id: string, keys: readonly string[], context: MappingContext = {}) {
  const provider = preset(id);
  return matchKeys(keys, provider, serviceWords(provider, PRESETS), context);
}

describe('reading key names as words', () => {
  it('treats SCREAMING_SNAKE, camelCase and kebab-case alike', () => {
    expect(keyWords('SCIENER_ACCESS_TOKEN')).toEqual(['sciener', 'access', 'token']);
    expect(keyWords('refreshToken')).toEqual(['refresh', 'token']);
    expect(keyWords('netatmo-client-id')).toEqual(['netatmo', 'client', 'id']);
  });

  it('knows a service by its id, its name and the prefix of its default keys', () => {
    expect([...serviceWordsOf(preset('ttlock'))].sort()).toEqual(['sciener', 'ttlock']);
    expect([...serviceWordsOf(preset('zoho-salesiq'))].sort()).toEqual(['salesiq', 'zoho']);
    expect([...serviceWordsOf(preset('tiktok'))]).toEqual(['tiktok']);
  });
});

describe('matching the keys of one mapping to token fields', () => {
  it('reads the guest house env.py names as TTLock tokens, because Sciener is TTLock', () => {
    const found = match('ttlock', ['DJANGO_SETTINGS_MODULE', 'SCIENER_CLIENT_ID', 'SCIENER_CLIENT_SECRET', 'SCIENER_ACCESS_TOKEN', 'SCIENER_REFRESH_TOKEN', 'DEBUG']);
    expect(found).toEqual({
      keys: {
        access_token: 'SCIENER_ACCESS_TOKEN',
        refresh_token: 'SCIENER_REFRESH_TOKEN',
        client_id: 'SCIENER_CLIENT_ID',
        client_secret: 'SCIENER_CLIENT_SECRET',
      },
      confidence: 'named',
      tokenKeys: ['SCIENER_ACCESS_TOKEN', 'SCIENER_REFRESH_TOKEN'],
      usesDefaultNames: false,
    });
  });

  it('does not take another service’s tokens: Sciener keys are not Netatmo’s', () => {
    expect(match('netatmo', ['SCIENER_ACCESS_TOKEN', 'SCIENER_REFRESH_TOKEN'])).toBeUndefined();
  });

  it('keeps SalesIQ and Desk tokens apart in one .env, sharing the Zoho client credentials', () => {
    const keys = ['ZOHO_CLIENT_ID', 'ZOHO_CLIENT_SECRET', 'SALESIQ_ACCESS_TOKEN', 'SALESIQ_REFRESH_TOKEN', 'DESK_ACCESS_TOKEN', 'DESK_REFRESH_TOKEN', 'SALESIQ_APP_ID'];
    expect(match('zoho-salesiq', keys)?.keys).toEqual({
      access_token: 'SALESIQ_ACCESS_TOKEN',
      refresh_token: 'SALESIQ_REFRESH_TOKEN',
      client_id: 'ZOHO_CLIENT_ID',
      client_secret: 'ZOHO_CLIENT_SECRET',
    });
    expect(match('zoho-desk', keys)?.keys).toEqual({
      access_token: 'DESK_ACCESS_TOKEN',
      refresh_token: 'DESK_REFRESH_TOKEN',
      client_id: 'ZOHO_CLIENT_ID',
      client_secret: 'ZOHO_CLIENT_SECRET',
    });
  });

  it('notices the service’s own default names', () => {
    const found = match('netatmo', ['NETATMO_CLIENT_ID', 'OTHER', 'NETATMO_REFRESH_TOKEN']);
    expect(found?.keys).toEqual({ refresh_token: 'NETATMO_REFRESH_TOKEN', client_id: 'NETATMO_CLIENT_ID' });
    expect(found?.usesDefaultNames).toBe(true);
    expect(found?.confidence).toBe('named');
  });

  it('reads bare YAML keys as this service’s when their path names it', () => {
    const keys = ['enabled', 'client_id', 'client_secret', 'redirect_uri', 'refresh_token'];
    expect(match('netatmo', keys, { file: ['config'], at: ['weather', 'integrations', 'netatmo'] })).toEqual({
      keys: { refresh_token: 'refresh_token', client_id: 'client_id', client_secret: 'client_secret' },
      confidence: 'named',
      tokenKeys: ['refresh_token'],
      usesDefaultNames: false,
    });
  });

  it('skips a mapping whose path names another service', () => {
    expect(match('netatmo', ['access_token', 'refresh_token'], { at: ['social', 'tiktok'] })).toBeUndefined();
  });

  it('calls bare keys with nothing around them plain, and an unknown prefix other', () => {
    expect(match('ttlock', ['access_token', 'refresh_token'], { file: ['guests', 'tokens'] })?.confidence).toBe('plain');
    expect(match('netatmo', ['MYAPP_ACCESS_TOKEN', 'MYAPP_REFRESH_TOKEN'])?.confidence).toBe('other');
    expect(match('netatmo', ['refresh_token'], { at: ['integrations', 'spotify'] })?.confidence).toBe('other');
    expect(match('netatmo', ['refresh_token'], { file: ['tiktok', 'tokens'] })).toBeUndefined();
  });

  it('prefers the group that names the service over bare keys in the same file', () => {
    const found = match('netatmo', ['ACCESS_TOKEN', 'NETATMO_ACCESS_TOKEN', 'NETATMO_REFRESH_TOKEN']);
    expect(found?.keys).toEqual({ access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' });
  });

  it('understands camelCase JSON keys', () => {
    expect(match('ttlock', ['accessToken', 'refreshToken', 'uid'])?.keys).toEqual({ access_token: 'accessToken', refresh_token: 'refreshToken', uid: 'uid' });
  });

  it('takes TTLock’s uid as a sign the bare tokens are TTLock’s, and TikTok’s open_id as a sign they are not Netatmo’s', () => {
    expect(match('ttlock', ['access_token', 'refresh_token', 'uid'])?.confidence).toBe('named');
    expect(match('netatmo', ['access_token', 'refresh_token', 'open_id'])?.confidence).toBe('other');
  });

  it('reads REFRESH_TOKEN_EXPIRES_AT as the refresh token’s expiry, not the access token’s', () => {
    const found = match('tiktok', ['TIKTOK_ACCESS_TOKEN', 'TIKTOK_TOKEN_EXPIRES_AT', 'TIKTOK_REFRESH_TOKEN_EXPIRES_AT', 'TIKTOK_REFRESH_TOKEN']);
    expect(found?.keys).toEqual({
      access_token: 'TIKTOK_ACCESS_TOKEN',
      refresh_token: 'TIKTOK_REFRESH_TOKEN',
      expires_at: 'TIKTOK_TOKEN_EXPIRES_AT',
      refresh_expires_at: 'TIKTOK_REFRESH_TOKEN_EXPIRES_AT',
    });
  });

  it('finds nothing in a mapping with credentials but no token', () => {
    expect(match('netatmo', ['NETATMO_CLIENT_ID', 'NETATMO_CLIENT_SECRET'])).toBeUndefined();
  });
});
