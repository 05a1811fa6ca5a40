/**
 * reauth's folder in the person's own cache folder (`$XDG_CACHE_HOME/reauth`, else
 * `~/.cache/reauth`), for compiled code (compile-cache.ts, code-cache.ts). Never the shared temp
 * folder: whoever can write there can put compiled code into a program that handles production
 * credentials. A folder that is not a real directory, is someone else's, or is open to group or
 * others is not used. Only a saving: nothing here throws.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface PrivateCacheOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home?: () => string;
  readonly uid?: number;
}

/** `<cache>/reauth/<name>`, made owner-only if new; undefined when it cannot be made or is not private. */
export function privateCacheFolder(name: string, options: PrivateCacheOptions): string | undefined {
  try {
    const xdg = options.env.XDG_CACHE_HOME?.trim();
    const base = xdg && isAbsolute(xdg) ? xdg : join((options.home ?? homedir)(), '.cache');
    const own = join(base, 'reauth');
    const directory = join(own, name);
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    return [own, directory].every((path) => isPrivateFolder(path, options.uid)) ? directory : undefined;
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
