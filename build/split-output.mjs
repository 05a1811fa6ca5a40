// How esbuild builds the bundle's split output (esbuild.config.mjs), and how that output's import
// graph is read afterwards (commonjs-output.mjs, chunk-groups.mjs). The tests that convert and
// group small projects build them with these same options, so they test what the build makes.
import { relative, resolve, sep } from 'node:path';

/** esbuild options for split ES-module output, written to memory with its metafile. */
export const SPLIT_OUTPUT = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  write: false,
};

/** A relative path as it is written in an import and in the metafile (forward slashes, also when building on Windows). */
export function posixRelative(from, to) {
  return relative(from, to).split(sep).join('/');
}

/**
 * The output files a file imports statically, as absolute paths, from its metafile entry's
 * `imports` (packages left outside the bundle are not files of it).
 * @param {{ path: string, kind: string, external?: boolean }[]} imports
 * @param {string} root the metafile's working directory
 */
export function staticImportPaths(imports, root) {
  return imports.filter((i) => !i.external && i.kind === 'import-statement').map((i) => resolve(root, i.path));
}
