// esbuild plugin: the bundle takes the yaml package's ES module build, not its CommonJS one.
// yaml's "node" export is CommonJS: esbuild keeps all of it (it cannot tree-shake CommonJS)
// and wraps each of its ~70 files in a function called at start-up. Its ES build (the one the
// package exports to every other platform) is the same code; it differs only in where a
// warning goes (console.warn, not process.emitWarning, both stderr) and in !!binary values
// (Uint8Array, not Buffer), neither of which reauth reads.
import { dirname, join } from 'node:path';

export function yamlEsm() {
  return {
    name: 'yaml-esm',
    setup(build) {
      build.onResolve({ filter: /^yaml$/ }, async (args) => {
        if (args.pluginData?.real) return undefined;
        const real = await build.resolve('yaml/package.json', { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { real: true } });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: join(dirname(real.path), 'browser', 'dist', 'index.js') };
      });
    },
  };
}
