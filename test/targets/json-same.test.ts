import { describe, expect, it } from 'vitest';
import { sameButFor } from '../../src/targets/json-same.js';

const BEFORE = '{\n  "records": [1, {"a": "x"}],\n  "weather": {"netatmo": {"refresh_token": "old", "uid": 7}}\n}\n';
const PATH = ['weather', 'netatmo'];

describe('sameButFor', () => {
  it('accepts an edit that changed only the named values of the object at the path', () => {
    const after = BEFORE.replace('"old"', '"new|1"').replace('"uid": 7', '"uid": 8');
    expect(sameButFor(BEFORE, after, PATH, new Map<string, unknown>([['refresh_token', 'new|1'], ['uid', 8]]))).toBe(true);
  });

  it('refuses an edit that touched anything else, or wrote another value', () => {
    const token = new Map<string, unknown>([['refresh_token', 'new']]);
    expect(sameButFor(BEFORE, BEFORE.replace('"old"', '"new"').replace('"x"', '"y"'), PATH, token)).toBe(false);
    expect(sameButFor(BEFORE, BEFORE.replace('"old"', '"other"'), PATH, token)).toBe(false);
    expect(sameButFor(BEFORE, BEFORE.replace('"old"', '"new"').replace('"uid": 7', '"uid": 7.0'), PATH, token)).toBe(false);
    expect(sameButFor(BEFORE, BEFORE.replace('"old"', '"new",'), PATH, token)).toBe(false);
  });

  it('refuses a number that runs on in the edited text, where only the value before it was read', () => {
    const before = '{"n": 12, "list": [1, 2e3], "weather": {"netatmo": {"refresh_token": "old"}}, "m": 5}';
    const token = new Map<string, unknown>([['refresh_token', 'new']]);
    const edited = before.replace('"old"', '"new"');
    expect(sameButFor(before, edited, PATH, token)).toBe(true);
    expect(sameButFor(before, edited.replace('"n": 12', '"n": 123'), PATH, token)).toBe(false);
    expect(sameButFor(before, edited.replace('"n": 12', '"n": 12 3'), PATH, token)).toBe(false);
    expect(sameButFor(before, edited.replace('2e3]', '2e34]'), PATH, token)).toBe(false);
    expect(sameButFor(before, edited.replace('"m": 5}', '"m": 5.5}'), PATH, token)).toBe(false);
    expect(sameButFor(before, `${edited}7`, PATH, token)).toBe(false);
    expect(sameButFor('12', '123', [], new Map())).toBe(false);
  });

  it('cannot tell when a key is added or the path repeats a key, and says so', () => {
    const added = BEFORE.replace('"uid": 7', '"uid": 7, "access_token": "a"');
    expect(sameButFor(BEFORE, added, PATH, new Map([['access_token', 'a']]))).toBe(false);
    const twice = '{"weather": {"netatmo": {"refresh_token": "x"}}, "weather": {"netatmo": {"refresh_token": "old"}}}';
    expect(sameButFor(twice, twice.replace('"old"', '"new"'), PATH, new Map([['refresh_token', 'new']]))).toBe(false);
  });
});
