/**
 * Finds where tokens already live, so the wizard can offer those files first and prefill
 * what they hold. Saved targets come first, then files in the folder, then a new `.env`.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedProvider } from '../providers/types.js';
import type { TokenField } from '../tokens/token-set.js';
import type { KeyMap, TargetContext, TargetSpec } from './types.js';
import { createTarget } from './create-target.js';

export interface DiscoveredTarget {
  readonly spec: TargetSpec;
  readonly label: string;
  readonly reason: string;
  readonly exists: boolean;
}

/** Token fields every new target gets; credentials only where the file already has them. */
const TOKEN_FIELDS_TO_WRITE: readonly TokenField[] = ['access_token', 'refresh_token', 'expires_at'];

export function defaultEnvKeyMap(provider: ResolvedProvider, withCredentials: boolean): KeyMap {
  const keys: KeyMap = {};
  const fields: TokenField[] = [...TOKEN_FIELDS_TO_WRITE, ...(provider.extraTokenFields as TokenField[])];
  if (withCredentials) fields.push('client_id', 'client_secret');
  for (const field of fields) {
    const key = provider.defaultEnvKeys[field];
    if (key) keys[field] = key;
  }
  return keys;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function discoverTargets(
  provider: ResolvedProvider,
  saved: readonly TargetSpec[],
  ctx: TargetContext & { readonly cwd: string },
): Promise<DiscoveredTarget[]> {
  const found: DiscoveredTarget[] = [];
  for (const spec of saved) {
    const target = createTarget(spec, ctx);
    found.push({ spec, label: target.label, reason: 'from the saved profile', exists: spec.type === 'heroku' || (await exists(join(ctx.baseDir, spec.file ?? ''))) });
  }
  const dotenvPath = join(ctx.cwd, '.env');
  if (!found.some((f) => f.spec.type === 'dotenv' && join(ctx.baseDir, f.spec.file ?? '') === dotenvPath)) {
    const present = await exists(dotenvPath);
    let keys = defaultEnvKeyMap(provider, true);
    if (present) {
      // Write the app's credentials only where the file already keeps them.
      const current = await createTarget({ type: 'dotenv', file: dotenvPath, keys }, ctx).read();
      keys = Object.fromEntries(
        Object.entries(keys).filter(([field]) => !['client_id', 'client_secret'].includes(field) || current.values[field as TokenField] !== undefined),
      );
    } else {
      keys = defaultEnvKeyMap(provider, false);
    }
    found.push({
      spec: { type: 'dotenv', file: relativeTo(ctx.baseDir, dotenvPath), keys },
      label: '.env',
      reason: present ? 'found in this folder' : 'a new file in this folder',
      exists: present,
    });
  }
  return found;
}

function relativeTo(baseDir: string, path: string): string {
  return path.startsWith(baseDir + '/') ? path.slice(baseDir.length + 1) : path;
}
