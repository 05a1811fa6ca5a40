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
import { sep } from 'node:path';

/** Answered by node:fs's callback API (in Node's snapshot). */
export const ON_CALLBACKS = ['readFile', 'readdir', 'stat', 'lstat', 'access', 'readlink'];
/** Forwarded to node:fs/promises, loaded when first called. */
export const FORWARDED = ['open', 'writeFile', 'rename', 'rm', 'rmdir', 'mkdir', 'mkdtemp', 'link', 'unlink', 'chmod', 'chown'];

export function lazyFsPromises(root) {
  const own = [`${root.replace(/[\\/]$/, '')}${sep}src${sep}`, `${root.replace(/[\\/]$/, '')}${sep}screens${sep}`];
  return {
    name: 'lazy-fs-promises',
    setup(build) {
      build.onResolve({ filter: /^node:fs\/promises$/ }, (args) => {
        if (!own.some((dir) => args.importer.startsWith(dir))) return undefined;
        return { path: 'lazy-fs-promises', namespace: 'reauth-lazy-fs-promises' };
      });
      build.onLoad({ filter: /.*/, namespace: 'reauth-lazy-fs-promises' }, () => ({
        contents: [
          "import * as fs from 'node:fs';",
          "import { createRequire } from 'node:module';",
          '// reauth build patch (build/lazy-fs-promises.mjs): node:fs/promises is loaded on first use.',
          'const viaCallback = (call) => (...args) => new Promise((resolve, reject) => call(...args, (error, value) => (error ? reject(error) : resolve(value))));',
          ...ON_CALLBACKS.map((name) => `export const ${name} = viaCallback(fs.${name});`),
          'export const realpath = viaCallback(fs.realpath.native);',
          'let promises;',
          "const real = () => (promises ??= createRequire(import.meta.url)('node:fs/promises'));",
          ...FORWARDED.map((name) => `export function ${name}(...args) { return real().${name}(...args); }`),
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}
