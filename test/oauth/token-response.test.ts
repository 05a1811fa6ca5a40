import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../src/oauth/token-errors.js';
import { isoUtc, tokenSetFromResponse, tokensInAnswer } from '../../src/oauth/token-response.js';
import { netatmoPreset } from '../../src/providers/netatmo.js';
import { FIXED_NOW, resolved } from './fixtures.js';

describe('reading a token answer', () => {
  it('maps Netatmo’s answer: scope array joined with spaces, expiry from expires_in', () => {
    const tokens = tokenSetFromResponse(
      resolved(netatmoPreset),
      {
        access_token: 'fake-netatmo-access-0001|aa',
        refresh_token: 'fake-netatmo-refresh-0001|bb',
        expires_in: 10800,
        expire_in: 10800,
        scope: ['read_station', 'read_thermostat'],
      },
      FIXED_NOW,
    );
    expect(tokens).toEqual({
      access_token: 'fake-netatmo-access-0001|aa',
      refresh_token: 'fake-netatmo-refresh-0001|bb',
      expires_at: '2025-03-01T15:00:00Z',
      scope: 'read_station read_thermostat',
      extras: {},
      obtained_at: '2025-03-01T12:00:00Z',
    });
  });

  it('falls back to Netatmo’s older expire_in spelling', () => {
    const tokens = tokenSetFromResponse(resolved(netatmoPreset), { access_token: 'a-token', expire_in: 60 }, FIXED_NOW);
    expect(tokens.expires_at).toBe('2025-03-01T12:01:00Z');
  });

  it('keeps a string scope, the token type, refresh expiry and the preset’s extras as strings (TikTok-like)', () => {
    const tiktokLike = resolved(netatmoPreset, { scopeSeparator: ',', extraTokenFields: ['open_id', 'uid'] });
    const tokens = tokenSetFromResponse(
      tiktokLike,
      {
        access_token: 'act.fake0001',
        expires_in: '86400',
        open_id: 'fake-open-id',
        uid: 12345,
        refresh_token: 'rft.fake0001',
        refresh_expires_in: 31536000,
        scope: 'user.info.basic,video.publish',
        token_type: 'Bearer',
        log_id: 'not-kept',
      },
      FIXED_NOW,
    );
    expect(tokens).toMatchObject({
      expires_at: '2025-03-02T12:00:00Z',
      refresh_expires_at: '2026-03-01T12:00:00Z',
      scope: 'user.info.basic,video.publish',
      token_type: 'Bearer',
      extras: { open_id: 'fake-open-id', uid: '12345' },
    });
    expect(tokens.extras).not.toHaveProperty('log_id');
  });

  it('leaves out what the answer does not say rather than inventing it (Zoho refresh has no refresh token); no lifetime is an unknown expiry', () => {
    const tokens = tokenSetFromResponse(resolved(netatmoPreset), { access_token: '1000.fake', api_domain: 'https://www.zohoapis.in' }, FIXED_NOW);
    // '' (not absent): an older expires_at in a target is cleared instead of staying stale.
    expect(tokens).toEqual({ access_token: '1000.fake', expires_at: '', extras: {}, obtained_at: '2025-03-01T12:00:00Z' });
  });

  it.each([[{}], [{ access_token: '' }], [[]], ['text'], [undefined], [{ status: 'ok' }]])(
    'calls an answer without an access token unexpected: %j',
    (body) => {
      expect(() => tokenSetFromResponse(resolved(netatmoPreset), body, FIXED_NOW)).toThrow(OAuthError);
      expect(() => tokenSetFromResponse(resolved(netatmoPreset), body, FIXED_NOW)).toThrow(/without an access token/);
    },
  );

  it('writes times as ISO 8601 UTC to the second', () => {
    expect(isoUtc(Date.parse('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03:04:05Z');
  });

  it.each(['Bearer', 'bearer', 'BEARER', undefined])('accepts token_type %s (absent: many servers leave it out)', (tokenType) => {
    const body = { access_token: 'fake-access-1', ...(tokenType ? { token_type: tokenType } : {}) };
    expect(tokenSetFromResponse(resolved(netatmoPreset), body, FIXED_NOW).access_token).toBe('fake-access-1');
  });

  it.each(['mac', 'DPoP', 'N_A'])('refuses token_type %s with a plain explanation (config, exit 2)', (tokenType) => {
    const read = () => tokenSetFromResponse(resolved(netatmoPreset), { access_token: 'fake-access-1', token_type: tokenType }, FIXED_NOW);
    expect(read).toThrow(OAuthError);
    expect(read).toThrow(new RegExp(`"${tokenType}" token, but reauth only knows Bearer tokens`));
    try {
      read();
    } catch (error) {
      expect((error as OAuthError).exitCode).toBe(2);
      expect((error as OAuthError).message).not.toContain('fake-access-1');
    }
  });

  it('reads the tokens of any answer without judging it (what the safety copy keeps first)', () => {
    expect(tokensInAnswer(resolved(netatmoPreset), { access_token: 'a-token', refresh_token: 'r-token', token_type: 'mac' }, FIXED_NOW)).toMatchObject({
      access_token: 'a-token',
      refresh_token: 'r-token',
      token_type: 'mac',
      expires_at: '',
    });
    expect(tokensInAnswer(resolved(netatmoPreset), { refresh_token: 'r-token', error: 'odd' }, FIXED_NOW)).toMatchObject({ access_token: '', refresh_token: 'r-token' });
    expect(tokensInAnswer(resolved(netatmoPreset), { error: 'invalid_grant' }, FIXED_NOW)).toBeUndefined();
  });
});
