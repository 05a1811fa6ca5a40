/**
 * Seeded random configs through editYaml, whichever way it takes (the outline, the one-line
 * proof, the whole document): whatever it writes must parse cleanly to exactly the old data
 * with the new values set, and a refusal must be one a person can act on.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ParseMemo } from '../../src/targets/engine-types.js';
import { editYaml, readYaml } from '../../src/targets/yaml-edit.js';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = ['v', "'q'", "'it''s'", '"d"', '"e\\n"', '12', '-7', '0123', '~', 'a b', 'a #c', 'x:y', '&anc v', '*anc', '[a, b]', '{}', '|\n  block', '2030-01-01T00:00:00Z', 'yes'];
const NEW_VALUES = ['fake|0002', '42', 'yes', '', "it's", 'a: b', '2031-01-01T00:00:00Z', ' lead', 'line\nbreak'];

function config(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out: string[] = [];
  const block = (depth: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const indent = '  '.repeat(depth);
      const key = depth < 3 && rnd() < 0.6 ? (['weather', 'integrations', 'netatmo'][depth] as string) : pick(['refresh_token', 'access_token', 'other', 'port']);
      if (out.some((line) => line === `${indent}${key}:` || line.startsWith(`${indent}${key}: `)) && rnd() < 0.9) continue;
      if (depth < 3 && rnd() < 0.4) {
        out.push(`${indent}${key}:`);
        if (rnd() < 0.1) out.push(`${indent}- item`);
        else block(depth + 1, 1 + Math.floor(rnd() * 3));
      } else {
        out.push(`${indent}${key}: ${pick(VALUES)}${rnd() < 0.2 ? '   # note' : ''}`.replace('\n', `\n${indent}`));
      }
      if (rnd() < 0.1) out.push(pick(['', '# comment', `${indent}  # deeper`]));
    }
  };
  block(0, 2 + Math.floor(rnd() * 3));
  return `${out.join('\n')}\n`;
}

it('writes only what it means, or refuses with a message, on 600 random configs', () => {
  const rnd = random(9);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  let written = 0;
  for (let i = 0; i < 600; i++) {
    const text = config(rnd);
    const at = pick(['weather.integrations.netatmo', 'weather.integrations', 'weather']);
    const changes = ['refresh_token', 'access_token'].filter(() => rnd() < 0.7).map((key) => ({ key, value: pick(NEW_VALUES) }));
    if (changes.length === 0) continue;
    const options = { fileName: 'config.yaml', at, memo: new ParseMemo() };
    let edited: string;
    try {
      readYaml(text, ['refresh_token', 'access_token'], options);
      edited = editYaml(text, changes, options);
    } catch (error) {
      if (error instanceof UserError) continue;
      // A file whose alias has no anchor parses, and fails only when its data is built.
      if (error instanceof ReferenceError && /Unresolved alias/.test(error.message)) continue;
      throw error;
    }
    const reparsed = parseDocument(edited, { uniqueKeys: false });
    expect(reparsed.errors).toEqual([]);
    const plain = { maxAliasCount: -1 };
    const expected = (parseDocument(text, { uniqueKeys: false }).toJS(plain) ?? {}) as Record<string, unknown>;
    let holder = expected;
    for (const part of at.split('.')) {
      const next = holder[part];
      holder = (holder[part] = next !== null && typeof next === 'object' ? next : {}) as Record<string, unknown>;
    }
    for (const { key, value } of changes) {
      const keepNumber = typeof holder[key] === 'number' && /^-?\d+(?:\.\d+)?$/.test(value) && !/^-?0\d/.test(value);
      holder[key] = keepNumber ? Number(value) : value;
    }
    expect(isDeepStrictEqual(reparsed.toJS(plain), expected), JSON.stringify({ text, at, changes, edited })).toBe(true);
    written++;
  }
  expect(written).toBeGreaterThan(100);
});
