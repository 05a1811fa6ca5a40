import { describe, expect, it } from 'vitest';
import { compareNames } from '../../src/system/compare-names.js';

describe('compareNames', () => {
  it('orders a folder listing as a person reads it, case aside', () => {
    expect(['app.py', 'Config.yaml', '.env', 'main', 'README.md', 'env.py'].sort(compareNames)).toEqual(['.env', 'app.py', 'Config.yaml', 'env.py', 'main', 'README.md']);
  });

  it('is a total order: names that differ only in case come in a fixed order, equal names compare equal', () => {
    expect(['b', 'B', 'a', 'A'].sort(compareNames)).toEqual(['A', 'a', 'B', 'b']);
    expect(compareNames('same', 'same')).toBe(0);
    expect(Math.sign(compareNames('x', 'X'))).toBe(-Math.sign(compareNames('X', 'x')));
  });

  it('sorts Heroku-style app names (letters, digits, dashes) as localeCompare did', () => {
    const names = ['shop-2', 'shop', 'shop-10', 'api', 'a-b', 'a1'];
    expect([...names].sort(compareNames)).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
