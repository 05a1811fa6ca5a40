// What the lazy built-in plugins share (lazy-node-crypto.mjs, lazy-fs-promises.mjs): reauth's
// own modules (src/, screens/) get a stand-in module for one built-in; packages' own imports of
// it are left as they are.
import { sep } from 'node:path';

/**
 * An esbuild plugin that resolves `builtin` to `contents` for importers under src/ and screens/.
 * @param {{ name: string, root: string, builtin: string, contents: string }} options
 */
export function ownModulesBuiltin({ name, root, builtin, contents }) {
  const base = root.replace(/[\\/]$/, '');
  const own = [`${base}${sep}src${sep}`, `${base}${sep}screens${sep}`];
  const namespace = `reauth-${name}`;
  const filter = new RegExp(`^${builtin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, (args) => (own.some((dir) => args.importer.startsWith(dir)) ? { path: name, namespace } : undefined));
      build.onLoad({ filter: /.*/, namespace }, () => ({ contents, loader: 'js' }));
    },
  };
}

/** Lines of a stand-in module: `builtin` loaded at the first call of any of `names`, each forwarded with the same arguments. */
export function forwardedOnFirstUse(builtin, names) {
  return [
    "import { createRequire } from 'node:module';",
    'let loaded;',
    `const real = () => (loaded ??= createRequire(import.meta.url)(${JSON.stringify(builtin)}));`,
    ...names.map((name) => `export function ${name}(...args) { return real().${name}(...args); }`),
  ];
}
