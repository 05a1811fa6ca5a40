// After esbuild: the bundle's files as CommonJS, except those that cannot be (issue 9).
//
// Why: Node 20 starts its ES module loader on the first `import` — its own modules are not in
// Node's start-up snapshot and load at every start — and then resolves, links and evaluates
// each chunk through a chain of promises. Its CommonJS loader is in the snapshot and loads a
// file in one synchronous step. Measured in a pseudo-terminal on the 2-core machine, the same
// chunks as CommonJS reach `--version` ~10 ms and the wizard's first question ~13 ms sooner.
// esbuild splits code into shared chunks only for ES modules, so it builds those and each
// chunk is then converted on its own with esbuild's transform (the same compiler, file by file).
//
// A chunk with a top-level await (Ink's: yoga's WebAssembly start and its devtools hook) cannot
// be CommonJS, nor can a chunk that imports one statically, and one that imports a package left
// out of the bundle (react-devtools-core) stays as it was; those stay ES modules, named .mjs,
// and are loaded with a real import(). They load after the first question, so the ES loader's
// start costs nothing a person waits for. dist/package.json says `"type": "commonjs"`, so the
// other chunks keep the .js names the rest of the build and the tests know.
import { transform } from 'esbuild';
import { isBuiltin } from 'node:module';
import { basename, dirname, relative, resolve } from 'node:path';
import { posixRelative, staticImportPaths } from './split-output.mjs';

const TOP_LEVEL_AWAIT = /Top-level await is currently not supported with the "cjs" output format/;
/** An import() that must stay one, hidden from the transform (which makes every import() a require()). */
const ESM_IMPORT = '__reauthImportEsm';

/**
 * @param {{ path: string, text: string }[]} files esbuild's output files (ES modules)
 * @param {Record<string, { imports: { path: string, kind: string, external?: boolean }[] }>} outputs the metafile's outputs, keyed by path relative to `root`
 * @param {{ root: string, entry: string, target: string }} options
 * @returns {Promise<{ files: { path: string, text: string }[], esm: string[] }>} the files to write (ES modules renamed .mjs), and which stayed ES modules
 */
export async function toCommonJs(files, outputs, { root, entry, target }) {
  const js = files.filter((file) => file.path.endsWith('.js'));
  /** Each file's imports, as esbuild's metafile lists them. */
  const importsOf = new Map(
    js.map((file) => {
      const info = outputs[posixRelative(root, file.path)];
      if (!info) throw new Error(`esbuild's metafile has no output ${relative(root, file.path)}`);
      return [file.path, info.imports];
    }),
  );
  const staticImports = new Map(js.map((file) => [file.path, staticImportPaths(importsOf.get(file.path), root)]));

  const converted = new Map();
  const esm = new Set();
  for (const file of js) {
    const result = await convert(file.text, target).catch((error) => {
      if (error.errors?.length > 0 && error.errors.every((e) => TOP_LEVEL_AWAIT.test(e.text))) return undefined;
      throw new Error(`${relative(root, file.path)} could not be made CommonJS: ${error.message}`);
    });
    // A package left outside the bundle is imported as an ES module (what the importing code's error handling expects).
    const importsExternal = importsOf.get(file.path).some((i) => i.external && i.kind === 'import-statement' && !isBuiltin(i.path));
    if (result === undefined || importsExternal) esm.add(file.path);
    else converted.set(file.path, result);
  }
  // A CommonJS file cannot require an ES module with a top-level await: its static importers stay ES modules too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [path, imports] of staticImports) {
      if (!esm.has(path) && imports.some((i) => esm.has(i))) {
        esm.add(path);
        grew = true;
      }
    }
  }
  if (esm.has(entry)) throw new Error(`the entry ${relative(root, entry)} would have to stay an ES module: something it imports statically has a top-level await`);

  const renamed = new Map([...esm].map((path) => [basename(path), basename(path).replace(/\.js$/, '.mjs')]));
  const pointAtRenamed = (text) => {
    for (const [from, to] of renamed) text = text.replaceAll(`/${from}"`, `/${to}"`);
    return text;
  };

  // import() itself lives in one small file that reauth's code cache does not compile
  // (src/system/code-cache.ts): V8 gives import() in code compiled by vm.Script only with an
  // option Node 20 and 22 call experimental, printing a warning to stderr when it is used.
  const importHelper = { path: resolve(dirname(entry), 'esm-import.js'), text: '"use strict";module.exports=(url)=>import(url);\n' };
  let needsHelper = false;
  const out = [];
  for (const file of files) {
    if (!file.path.endsWith('.js')) {
      out.push(file);
    } else if (esm.has(file.path)) {
      // The bundled CommonJS packages' require() needs one in an ES module.
      const banner = "import{createRequire as __reauthRequire}from'node:module';const require=__reauthRequire(import.meta.url);";
      out.push({ path: file.path.replace(/\.js$/, '.mjs'), text: banner + pointAtRenamed(file.text) });
    } else {
      const keptImports = importsOf.get(file.path).filter((i) => i.kind === 'dynamic-import' && ((i.external && !isBuiltin(i.path)) || esm.has(resolve(root, i.path))));
      const hidden = hideImports(pointAtRenamed(file.text), keptImports.map((i) => (i.external ? i.path : `./${posixRelative(dirname(file.path), resolve(root, i.path)).replace(/\.js$/, '.mjs')}`)));
      let text = hidden === file.text ? converted.get(file.path) : await convert(hidden, target);
      const prelude = ['"use strict";'];
      if (text.includes('__reauthMetaUrl')) prelude.push('var __reauthMetaUrl=require("node:url").pathToFileURL(__filename).href;');
      if (text.includes(ESM_IMPORT)) {
        const helper = `./${posixRelative(dirname(file.path), importHelper.path)}`.replace(/^\.\/\.\.\//, '../');
        prelude.push(`var ${ESM_IMPORT}=(s)=>require(${JSON.stringify(helper)})(s.startsWith(".")?require("node:url").pathToFileURL(require("node:path").resolve(__dirname,s)).href:s);`);
        needsHelper = true;
      }
      text = prelude.join('') + text;
      if (file.path === entry) text = `#!/usr/bin/env node\n${text}`;
      out.push({ path: file.path, text });
    }
  }
  if (needsHelper) out.push(importHelper);
  return { files: out, esm: [...esm].map((path) => relative(root, path)) };
}

/**
 * import() calls that must stay import(): of a chunk that stayed an ES module, and of a package
 * left outside the bundle (its ES "not found" error is the one the importing package checks for).
 * Built-in modules become require() like the chunks. (Not a parser: only calls to the exact
 * specifiers esbuild's metafile lists are touched, never text such as clipboardy's `ObjC.import("AppKit")`.)
 */
function hideImports(text, specifiers) {
  let hidden = text;
  for (const specifier of specifiers) {
    const quoted = JSON.stringify(specifier).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    hidden = hidden.replace(new RegExp(`(?<![.\\w$])import\\((${quoted})\\)`, 'g'), `${ESM_IMPORT}($1)`);
  }
  return hidden;
}

async function convert(text, target) {
  const { code } = await transform(text.replace(/^#!.*\n/, ''), {
    format: 'cjs',
    platform: 'node',
    target,
    minify: true,
    legalComments: 'none',
    // import() of another chunk becomes require(): synchronous, and no ES loader at all.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__reauthMetaUrl' },
    logLevel: 'silent',
  });
  return code;
}

/** dist/package.json: the .js files in dist/ are CommonJS, whatever the project's own package.json says. */
export function distPackageJson(dist) {
  return { path: resolve(dist, 'package.json'), text: `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n` };
}

