/**
 * The group files of the installed package (build/chunk-groups.mjs), which every start reads,
 * hold only ASCII. One character beyond it and V8 keeps the whole file as two-byte text:
 * twice the memory, and reading the wizard's two groups took ~1.8 ms more (2.3 + 1.1 ms vs
 * 1.2 + 0.4 ms). esbuild escapes strings but leaves regular expression literals as written,
 * so a `…` or `›` in one must be written as `\u2026`, `\u203A`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAUTH_BIN } from '../support/reauth-bin.js';

const chunks = join(dirname(REAUTH_BIN), 'chunks');

describe('the installed package', () => {
  it('has group files, and each is ASCII only', () => {
    const groups = readdirSync(chunks).filter((name) => /^group-.+\.js$/.test(name));
    expect(groups.map((name) => name.replace(/-\w+\.js$/, '')).sort()).toEqual(['group-start', 'group-unattended', 'group-wizard']);
    for (const name of groups) {
      const text = readFileSync(join(chunks, name), 'utf8');
      const at = text.search(/[^\x00-\x7F]/);
      expect(at === -1 ? '' : `${name}: …${text.slice(Math.max(0, at - 60), at + 20)}…`).toBe('');
    }
  });
});
