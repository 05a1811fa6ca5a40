// esbuild plugin: yoga-layout decodes its embedded WebAssembly itself instead of fetch()ing
// the data: URL. Emscripten's loader prefers fetch() whenever it exists, and in Node the first
// fetch() loads undici, Node's whole HTTP client, just to read bytes already in memory — ~12%
// of Ink's load before the wizard's first frame. The loader's own synchronous path (base64 →
// bytes) is what it falls back to anyway when fetch fails; it decodes with Buffer here.
import { readFile } from 'node:fs/promises';
import { patchSource } from './patch-source.mjs';

const PATCHES = [
  ['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?'],
  // Node's own base64 decoder instead of atob() and a loop over 90 KB, one character at a time.
  [
    'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
    'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
  ],
];

export function patchYogaLoader(source, what = 'yoga-wasm-base64-esm.js') {
  return patchSource(source, PATCHES, what);
}

export function yogaWasmWithoutFetch() {
  return {
    name: 'yoga-wasm-without-fetch',
    setup(build) {
      build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => ({
        contents: patchYogaLoader(await readFile(args.path, 'utf8'), args.path),
        loader: 'js',
      }));
    },
  };
}
