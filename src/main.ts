/**
 * The bin (dist/reauth.js): the compiled-code caches are set up first, so that every chunk
 * after this small file loads through them, then the command line runs (cli.ts).
 */
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { installCodeCache } from './system/code-cache.js';
import { enablePrivateCompileCache, type EnableCompileCache } from './system/compile-cache.js';
import { privateCacheFolder } from './system/private-cache-folder.js';

/** A hash of this build's chunks, written into the bin by esbuild.config.mjs; undefined when run from the sources. */
declare const REAUTH_BUILD_ID: string | undefined;

const cacheOptions = { env: process.env, ...(process.getuid ? { uid: process.getuid() } : {}) };
enablePrivateCompileCache({ ...cacheOptions, enable: (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache });
// NODE_DISABLE_COMPILE_CACHE=1 is the person saying "no compiled-code cache": this one too.
if (!process.env.NODE_DISABLE_COMPILE_CACHE && typeof REAUTH_BUILD_ID === 'string') {
  const chunks = fileURLToPath(new URL('./chunks/', import.meta.url));
  const folder = privateCacheFolder('v8-code-cache', cacheOptions);
  if (folder) installCodeCache({ folder, build: REAUTH_BUILD_ID, covers: (filename) => filename.startsWith(chunks) && filename.endsWith('.js') });
}

void import('./cli.js').then(({ main }) => main(process.argv.slice(2)));
