/**
 * Node's module compile cache (Node 22.1 and later: `module.enableCompileCache`): V8's compiled
 * code for reauth's ES modules (Ink's chunk) kept on disk, so a start compiles little. On Node 22
 * it took the wizard's first question from ~147 to ~111 ms (issue 9); Node 20 has no such cache
 * and this does nothing there. The CommonJS chunks have reauth's own cache (code-cache.ts), which
 * also keeps the functions a start ran, not only what compiling alone makes.
 *
 * Kept in an owner-only folder of the person's cache folder (private-cache-folder.ts says why),
 * never Node's default under the shared temp folder. The person's own choice wins:
 * NODE_COMPILE_CACHE (Node then already uses it) and NODE_DISABLE_COMPILE_CACHE=1 (none at all).
 * Only a saving: nothing here throws or prints.
 */
import { privateCacheFolder, type PrivateCacheOptions } from './private-cache-folder.js';

export type EnableCompileCache = (directory: string) => { readonly directory?: string };

export interface CompileCacheOptions extends PrivateCacheOptions {
  /** `module.enableCompileCache`, undefined before Node 22.1. */
  readonly enable: EnableCompileCache | undefined;
}

/** The folder the cache is kept in, or undefined when none is (or may be) used. */
export function enablePrivateCompileCache(options: CompileCacheOptions): string | undefined {
  const { env, enable } = options;
  if (!enable || env.NODE_DISABLE_COMPILE_CACHE || env.NODE_COMPILE_CACHE) return undefined;
  const directory = privateCacheFolder('node-compile-cache', options);
  if (!directory) return undefined;
  try {
    return enable(directory).directory;
  } catch {
    return undefined;
  }
}
