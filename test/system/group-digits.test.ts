import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/system/group-digits.js';

describe('groupDigits', () => {
  it('writes counts as en-US toLocaleString does', () => {
    const counts = [0, 7, 999, 1000, 1001, 12_345, 100_000, 999_999, 1_000_000, 123_456_789, 2 ** 31];
    for (let i = 0; i < 200; i++) counts.push(Math.floor(Math.random() * 10 ** (1 + (i % 12))));
    for (const n of counts) expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
  });
});
