// esbuild plugin: in the bundle, `@inquirer/prompts` holds only the prompts `--plain` asks with.
// The package re-exports every prompt, and esbuild keeps them all even though the package
// declares sideEffects: false (the editor prompt reaches CommonJS iconv-lite and chardet, which
// esbuild cannot prove unused): ~530 KB that every plain run compiled before its first question.
// A prompt used but not listed here fails the build ("No matching export"), never the run.
import { dirname } from 'node:path';

export const USED_PROMPTS = ['checkbox', 'confirm', 'input', 'password', 'select'];

export function onlyUsedInquirerPrompts(names = USED_PROMPTS) {
  return {
    name: 'only-used-inquirer-prompts',
    setup(build) {
      build.onResolve({ filter: /^@inquirer\/prompts$/ }, async (args) => {
        if (args.pluginData?.real) return undefined;
        const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { real: true } });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: 'used-prompts', namespace: 'reauth-inquirer', pluginData: { resolveDir: dirname(real.path) } };
      });
      build.onLoad({ filter: /.*/, namespace: 'reauth-inquirer' }, (args) => ({
        // Resolved from @inquirer/prompts' own folder: these are its dependencies, not reauth's.
        contents: names.map((name) => `export { default as ${name} } from '@inquirer/${name}';`).join('\n'),
        resolveDir: args.pluginData.resolveDir,
        loader: 'js',
      }));
    },
  };
}
