/**
 * Deps for in-process tests: real fetch (to loopback emulators), real clock and randomness,
 * an empty environment unless given, and a "browser" that records the links it was asked to
 * open. Tests change only what they need through `overrides`.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../src/deps.js';

export function testDeps(options: { opened?: string[]; env?: NodeJS.ProcessEnv; overrides?: Partial<Deps> } = {}): Deps {
  return {
    fetch: globalThis.fetch,
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    env: options.env ?? {},
    platform: process.platform,
    openUrl: async (url) => {
      options.opened?.push(url);
      return { ok: true };
    },
    copyText: async () => ({ ok: false, detail: 'no clipboard in tests' }),
    runCommand: async () => ({ code: 0, stdout: '', stderr: '' }),
    ...options.overrides,
  };
}
