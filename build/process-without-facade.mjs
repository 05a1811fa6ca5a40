// esbuild plugin: `import process from 'node:process'` in bundled packages (chalk's
// supports-color, is-in-ci, Ink, inquirer's figures…) becomes the global `process` itself.
// Node's ES module facade for a built-in copies every export when first imported, and for
// `process` that means running its lazy getters: process.allowedNodeEnvironmentFlags builds
// the whole option table and process.report loads the diagnostic-report module, ~2–2.5 ms
// measured in a terminal, before the Ink wizard's pre-drawn first frame. The default export is
// the same object either way; the named ones are read from it when the module loads, as the
// facade does (it updates them only on module.syncBuiltinESMExports(), which nothing calls). A named import not listed here fails the build ("No matching export").
export const PROCESS_NAMED_EXPORTS = ['env', 'cwd', 'platform', 'hrtime', 'execPath', 'execArgv'];

export function processWithoutFacade(names = PROCESS_NAMED_EXPORTS) {
  return {
    name: 'process-without-facade',
    setup(build) {
      build.onResolve({ filter: /^(node:)?process$/ }, (args) => {
        if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
        return { path: 'process', namespace: 'reauth-process' };
      });
      build.onLoad({ filter: /.*/, namespace: 'reauth-process' }, () => ({
        contents: [
          '// reauth build patch (build/process-without-facade.mjs): the global process, without the built-in module facade.',
          'const process = globalThis.process;',
          'export default process;',
          // As the facade: each value as it is on process (functions unbound, hrtime with its .bigint).
          ...names.map((name) => `export const ${name} = process.${name};`),
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}
