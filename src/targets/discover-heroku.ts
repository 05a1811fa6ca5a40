/**
 * Whether to offer "Heroku app…" at all: only when the heroku CLI that the target runs is
 * there (REAUTH_HEROKU_BIN, or `heroku` on PATH). Looked up on disk rather than by running
 * it: the CLI takes about a second to start, and this runs before the first question.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Deps } from '../deps.js';

async function runnable(path: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    // Windows has no execute bit: existing is enough there.
    await access(path, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function herokuCliAvailable(deps: Pick<Deps, 'env' | 'platform'>): Promise<boolean> {
  const override = deps.env.REAUTH_HEROKU_BIN?.trim();
  if (override) return runnable(override, deps.platform);
  const names = deps.platform === 'win32' ? ['heroku.cmd', 'heroku.exe'] : ['heroku'];
  const folders = (deps.env.PATH ?? deps.env.Path ?? '').split(deps.platform === 'win32' ? ';' : delimiter).filter((folder) => folder !== '');
  // Asked all at once: one by one, each folder of PATH was a round trip to the thread pool
  // before the wizard's first question (~0.1 ms each on a quiet machine, more on a busy one).
  const candidates = folders.flatMap((folder) => names.map((name) => join(folder, name)));
  return (await Promise.all(candidates.map((path) => runnable(path, deps.platform)))).some(Boolean);
}
