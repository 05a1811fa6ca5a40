// esbuild plugin: chalk's vendored copy of ansi-styles is replaced by the ansi-styles package
// the other text packages (wrap-ansi, slice-ansi) use, so the bundle holds and runs one copy:
// both build their whole table of styles when loaded, before the Ink wizard's pre-drawn frame.
// Only while the two files are the same code (compared without whitespace); when a new chalk
// or ansi-styles differs, the build fails here and this is looked at again.
import { readFile } from 'node:fs/promises';

const VENDORED = /^(#ansi-styles|\.\/vendor\/ansi-styles\/index\.js)$/;
const CHALK_SOURCE = /[\\/]node_modules[\\/]chalk[\\/]source[\\/][^\\/]+$/;

export function oneAnsiStyles() {
  return {
    name: 'one-ansi-styles',
    setup(build) {
      let checked;
      build.onResolve({ filter: VENDORED }, async (args) => {
        if (!CHALK_SOURCE.test(args.importer) || args.pluginData?.real) return undefined;
        const vendored = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { real: true } });
        const shared = await build.resolve('ansi-styles', { kind: args.kind, resolveDir: build.initialOptions.absWorkingDir ?? process.cwd(), pluginData: { real: true } });
        if (vendored.errors.length > 0 || shared.errors.length > 0) return { errors: [...vendored.errors, ...shared.errors] };
        checked ??= Promise.all([readFile(vendored.path, 'utf8'), readFile(shared.path, 'utf8')]).then(([a, b]) => {
          if (a.replace(/\s/g, '') !== b.replace(/\s/g, '')) throw new Error(`chalk's ${vendored.path} is no longer the same code as ${shared.path}: check build/one-ansi-styles.mjs`);
        });
        await checked;
        return { path: shared.path };
      });
    },
  };
}
