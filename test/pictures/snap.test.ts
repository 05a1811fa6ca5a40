import { describe, expect, it } from 'vitest';
import { assertNoSecret } from './snap.js';

describe('assertNoSecret', () => {
  it('refuses a picture with a whole secret on it, also when the terminal wrapped it', () => {
    expect(() => assertNoSecret('token fake-access-token-1 here', ['fake-access-token-1'], 'p')).toThrow(/1 whole secret/);
    expect(() => assertNoSecret('token fake-acc\ness-token-1', ['fake-access-token-1'], 'p')).toThrow(/1 whole secret/);
  });

  it('lets a masked secret through', () => {
    expect(() => assertNoSecret('access fake…en-1 (19 chars)', ['fake-access-token-1'], 'p')).not.toThrow();
  });
});
