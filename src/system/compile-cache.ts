/**
 * Node's module compile cache (Node 22.1 and later: `module.enableCompileCache`): V8's compiled
 * code for reauth's modules kept on disk, so a start compiles little. On Node 22 it took the
 * wizard's first question from ~147 to ~111 ms (issue 9); Node 20 has no such cache and this
 * does nothing there.
 *
 * Kept in an owner-only folder of the person's own cache folder (`$XDG_CACHE_HOME/reauth`, else
 * `~/.cache/reauth`), never Node's default under the shared temp folder: whoever can write the
 * cache can put compiled code into a program that handles production credentials. A folder
 * that is not a real directory, is someone else's, or is open to group or others is not used.
 * The person's own choice wins: NODE_COMPILE_CACHE (Node then already uses it) and
 * NODE_DISABLE_COMPILE_CACHE=1 (none at all). Only a saving: nothing here throws or prints.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export type EnableCompileCache = (directory: string) => { readonly directory?: string };

export interface CompileCacheOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `module.enableCompileCache`, undefined before Node 22.1. */
  readonly enable: EnableCompileCache | undefined;
  readonly home?: () => string;
  readonly uid?: number;
}

/** The folder the cache is kept in, or undefined when none is (or may be) used. */
export function enablePrivateCompileCache(options: CompileCacheOptions): string | undefined {
  const { env, enable } = options;
  if (!enable || env.NODE_DISABLE_COMPILE_CACHE || env.NODE_COMPILE_CACHE) return undefined;
  try {
    const xdg = env.XDG_CACHE_HOME?.trim();
    const base = xdg && isAbsolute(xdg) ? xdg : join((options.home ?? homedir)(), '.cache');
    const own = join(base, 'reauth');
    const directory = join(own, 'node-compile-cache');
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (![own, directory].every((path) => isPrivateFolder(path, options.uid))) return undefined;
    return enable(directory).directory;
  } catch {
    return undefined; // no home, a read-only one, a full disk: start without the cache
  }
}

function isPrivateFolder(path: string, uid: number | undefined): boolean {
  const stats = lstatSync(path);
  if (!stats.isDirectory()) return false; // a symlink is not followed
  if (process.platform === 'win32') return true; // per-user profile folders; modes mean little there
  return stats.uid === uid && (stats.mode & 0o077) === 0;
}
