// esbuild plugin: reauth's own modules read files before the first question without loading
// node:fs/promises. Node builds that module at its first import from internal modules outside
// its start-up snapshot (internal/fs/promises with perf_hooks, readline's interface, fs/dir,
// the watchers: ~1.8 ms in a terminal, measured), and reading reauth.yaml and scanning the
// folder was all the wizard needed of it before its first question. The calls a first question
// makes (read a file, list a folder, stat, lstat, access, realpath, readlink) go through
// node:fs's callback functions, which are in the snapshot: the same system calls, the same
// results and errors (realpath is the native one, as fs/promises' is). Everything else (open
// and its FileHandle, rename, writeFile, …: the writers and the delivery) is forwarded to the
// real node:fs/promises, loaded on first use. Only functions are provided: a src/ file importing
// another name from node:fs/promises fails the build ("No matching export") and is added here.
// Packages' own imports are left as they are.
import { forwardedOnFirstUse, ownModulesBuiltin } from './own-modules-builtin.mjs';

/** Answered by node:fs's callback API (in Node's snapshot). */
export const ON_CALLBACKS = ['readFile', 'readdir', 'stat', 'lstat', 'access', 'readlink'];
/** Forwarded to node:fs/promises, loaded when first called. */
export const FORWARDED = ['open', 'writeFile', 'rename', 'rm', 'rmdir', 'mkdir', 'mkdtemp', 'link', 'unlink', 'chmod', 'chown'];

export function lazyFsPromises(root) {
  return ownModulesBuiltin({
    name: 'lazy-fs-promises',
    root,
    builtin: 'node:fs/promises',
    contents: [
      '// reauth build patch (build/lazy-fs-promises.mjs): node:fs/promises is loaded on first use.',
      "import * as fs from 'node:fs';",
      "import { promisify } from 'node:util';",
      ...ON_CALLBACKS.map((name) => `export const ${name} = promisify(fs.${name});`),
      'export const realpath = promisify(fs.realpath.native);',
      ...forwardedOnFirstUse('node:fs/promises', FORWARDED),
    ].join('\n'),
  });
}
