import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRescues, keepTokens } from '../../src/delivery/rescue-files.js';
import { inertJson } from '../../src/system/inert-json.js';
import { CONTROL, PAYLOAD } from '../support/hostile-corpus.js';

describe('inertJson', () => {
  it('writes no control, C1 or bidi character, and parses back to exactly the same value', () => {
    const value = { token_type: `mac${PAYLOAD}`, nested: [PAYLOAD, '\u2028line'], [`k${PAYLOAD}`]: 1 };
    const text = inertJson(value, 2);
    expect(JSON.stringify(value)).toMatch(CONTROL);
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('leaves ordinary text as JSON.stringify writes it', () => {
    const value = { name: 'Zoë — “quoted” ✓', n: 3 };
    expect(inertJson(value, 2)).toBe(JSON.stringify(value, null, 2));
  });
});

describe('a rescue file keeping a hostile answer', () => {
  it('is safe to cat and gives back the values byte for byte', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-inert-'));
    try {
      const values = { access_token: 'fake-access\u009b-0001', refresh_token: 'fake-refresh-0001', token_type: `mac${PAYLOAD}` };
      const path = await keepTokens(dir, { profile: 'hostile' }, values, '2026-01-02T03:04:05Z', Date.parse('2026-01-02T03:04:06Z'));
      expect(await readFile(path, 'utf8')).not.toMatch(CONTROL);
      const [kept] = await findRescues(dir, { profile: 'hostile' });
      expect(kept?.values).toEqual(values);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
