// After commonjs-output.mjs: the small CommonJS chunks that always load together, put in one
// file each (issue 9).
//
// Why: esbuild makes a chunk for every combination of entry points that shares code, and the
// wizard's first question needed about twenty of them, most under 4 KB. Node pays for each file
// it requires — resolving the name, a stat, reading it, reading its cached code, a wrapper —
// about 0.2 ms apiece on the 2-core machine, before any of its code runs. Measured in a
// pseudo-terminal, 15 interleaved runs: the first question ~4 ms sooner with its chunks in two
// files (the command line's, the wizard's) rather than twenty. A group is made from entry
// points (source files): every CommonJS chunk they import statically, and not an earlier
// group's or the bin's. The bin's own chunks stay files: they install the code cache
// (src/system/code-cache.ts), which must be in place before the groups load.
//
// In a group file each chunk is a function, run the first time it is required, with its own
// `exports`, `module` and `__filename` (the chunk's path, so `import.meta.url` and files looked
// up beside it are as before). A require between chunks of any group goes straight to its group;
// anything else goes to Node's require. Each grouped chunk's own file becomes a one-line stub
// that asks its group for it, so code outside the groups (the ES-module chunks, the bin) gets
// the same instance, and the export names Node reads off a CommonJS file for an ES importer
// (esbuild's `0&&(module.exports={…})` line) are kept in the stub.
//
// Groups should hold what runs under one set of V8 flags: a file's cached code is taken once,
// when the flags change, when the start is over or at exit (code-cache.ts), so a file whose
// chunks run before and after the wizard sets its flags would keep the later ones uncompiled. Unneeded chunks in a loaded
// group cost little: a function never run is neither executed nor, in the code cache, compiled.
import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { posixRelative, staticImportPaths } from './split-output.mjs';

/** esbuild's hint for Node's CommonJS export detection, at the end of a converted chunk. */
const EXPORT_NAMES = /0&&\(module\.exports=\{[^}]*\}\);?\s*$/;

/**
 * @param {{ path: string, text: string }[]} files the output of toCommonJs (ES-module chunks named .mjs)
 * @param {Record<string, { entryPoint?: string, imports: { path: string, kind: string, external?: boolean }[] }>} outputs esbuild's metafile outputs, keyed by path relative to `root`
 * @param {{ root: string, entry: string, groups: { name: string, entries: string[] }[] }} options entries relative to `root`, with forward slashes
 * @returns {{ path: string, text: string }[]} the files to write
 */
export function groupChunks(files, outputs, { root, entry, groups }) {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const commonJs = (path) => path.endsWith('.js') && byPath.has(path);
  const staticImports = (path) => staticImportPaths(outputs[posixRelative(root, path)]?.imports ?? [], root);
  const closure = (start) => {
    const seen = new Set();
    const walk = (path) => {
      for (const next of staticImports(path)) {
        if (seen.has(next)) continue;
        seen.add(next);
        walk(next);
      }
    };
    for (const path of start) walk(path);
    return seen;
  };
  const entryChunk = (source) => {
    const found = Object.entries(outputs).find(([, info]) => info.entryPoint === source);
    if (!found) throw new Error(`chunk group: no output has the entry point ${source} (is it still imported with import()?)`);
    return resolve(root, found[0]);
  };

  const taken = new Set([entry, ...closure([entry])]);
  const members = groups.map(({ name, entries }) => {
    const starts = entries.map(entryChunk);
    // Only chunks, in the one folder where the group file goes (__dirname is theirs).
    const chunks = [...new Set([...starts, ...closure(starts)])].filter((path) => commonJs(path) && !taken.has(path) && dirname(path) === dirname(starts[0]));
    for (const path of chunks) taken.add(path);
    return { name, chunks: chunks.sort() };
  });

  // Named by a hash of everything grouped: two builds of different sources in one checkout
  // (chunk names carry content hashes for that reason, esbuild.config.mjs) never share a group file.
  const hash = createHash('sha256');
  for (const { name, chunks } of members) for (const path of chunks) hash.update(`${name}\0${basename(path)}\0${byPath.get(path).text}\0`);
  const suffix = hash.digest('base64url').replace(/[-_]/g, '').slice(0, 8).toUpperCase();
  const fileOf = (name) => `group-${name}-${suffix}.js`;
  const groupFile = new Map();
  for (const { name, chunks } of members) for (const path of chunks) groupFile.set(basename(path), fileOf(name));

  const grouped = new Set(members.flatMap((group) => group.chunks));
  const out = files.filter((file) => !grouped.has(file.path));
  for (const { name, chunks } of members) {
    if (chunks.length === 0) continue;
    const file = fileOf(name);
    const definitions = chunks.map((path) => `${JSON.stringify(basename(path))}:function(exports,require,module,__filename,__dirname){${byPath.get(path).text}\n}`);
    out.push({ path: resolve(dirname(chunks[0]), file), text: groupText(file, groupFile, definitions) });
    for (const path of chunks) {
      const names = EXPORT_NAMES.exec(byPath.get(path).text)?.[0] ?? '';
      out.push({ path, text: `"use strict";module.exports=require(${JSON.stringify(`./${file}`)}).load(${JSON.stringify(basename(path))});${names}\n` });
    }
  }
  return out;
}

/** A group file: its chunks as functions, and `load`, which runs one once and returns its exports. */
function groupText(self, groupFile, definitions) {
  return `"use strict";
var groupOf=${JSON.stringify(Object.fromEntries(groupFile))},made={},chunks={
${definitions.join(',\n')}
};
function load(name){var existing=made[name];if(existing)return existing.exports;var filename=require("node:path").join(__dirname,name),module={id:filename,filename:filename,exports:{},loaded:false};made[name]=module;
var own=function(id){var chunk=id.slice(0,2)==="./"&&id.slice(2),group=chunk&&groupOf[chunk];return group?group===${JSON.stringify(self)}?load(chunk):require("./"+group).load(chunk):require(id)};own.resolve=require.resolve;own.cache=require.cache;
chunks[name].call(module.exports,module.exports,own,module,filename,__dirname);module.loaded=true;return module.exports}
exports.load=load;
`;
}
