/** Real temp folders for target tests (no fs stubbing): one per test, removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Deps } from '../../src/deps.js';
import type { TargetContext } from '../../src/targets/types.js';

export function useTempFolders(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  });
  return async () => {
    const folder = await mkdtemp(join(tmpdir(), 'reauth-targets-'));
    made.push(folder);
    return folder;
  };
}

/**
 * File targets use nothing in deps but `env` (for `${VAR}` in `file:`); any other use is a
 * mistake these tests should see.
 */
export function fileTargetContext(baseDir: string, env: NodeJS.ProcessEnv = {}): TargetContext {
  const unused = (): never => {
    throw new Error('file targets must not use deps');
  };
  const deps: Deps = {
    fetch: unused,
    now: () => Date.UTC(2030, 0, 1),
    randomBytes: unused,
    env,
    platform: process.platform,
    openUrl: unused,
    copyText: unused,
    runCommand: unused,
  };
  return { baseDir, deps };
}

export function modeOf(stats: { mode: number }): number {
  return stats.mode & 0o777;
}
