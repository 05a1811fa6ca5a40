import { describe, expect, it } from 'vitest';
import { suggestName } from '../../src/config/suggest-name.js';

const fields = ['provider', 'region', 'scopes', 'token_url', 'authorize_url', 'after_write'];

describe('suggestName', () => {
  it.each([
    ['scoeps', 'scopes'],
    ['tokn_url', 'token_url'],
    ['tokenUrl', 'token_url'],
    ['after-write', 'after_write'],
    ['Provider', 'provider'],
    ['regoin', 'region'],
  ])('suggests %s → %s', (typo, expected) => {
    expect(suggestName(typo, fields)).toBe(expected);
  });

  it('suggests nothing for a name that is simply different', () => {
    expect(suggestName('notes', fields)).toBeUndefined();
    expect(suggestName('owner', fields)).toBeUndefined();
  });

  it('is strict with very short names, where one letter changes the meaning', () => {
    expect(suggestName('ap', ['at', 'app'])).toBeUndefined();
  });
});
