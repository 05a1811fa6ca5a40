/**
 * Peak memory of the Ink wizard (issue 9: ≤ 60 MB): yoga-layout, Ink's layout engine, is
 * WebAssembly, and V8's optimising compiler (TurboFan) working on it took ~7 MB at its peak on
 * Node 20 (68.6 → 61.8 MB maxRSS, first question then Ctrl+C, 5 runs each). Liftoff, V8's
 * baseline WebAssembly compiler, is fast enough for laying out a few dozen lines; TurboFan
 * still optimises JavaScript as before.
 *
 * Set at run time, just before Ink loads, rather than as a `node` option: the bin's shebang is
 * `#!/usr/bin/env node` (`env -S` with options is not portable: busybox, npm's shims) and
 * `node dist/reauth.js` would bypass it anyway. The flag only matters to WebAssembly compiled
 * after it is set, and it is a flag of the process: fetch's HTTP parser (undici's llhttp, also
 * WebAssembly) gets baseline code too, for token responses of a few hundred bytes.
 * `liftoff_only` is in V8's flag-definitions.h from Node 20 (V8 11.3) to Node 24 (V8 13.6);
 * Node builds V8 with its flags left writable after start (v8/node#141), which is what
 * v8.setFlagsFromString relies on; a flag read when code is compiled, as this one is, takes effect.
 */
import { setFlagsFromString } from 'node:v8';

let set = false;

export function compileWasmWithBaselineOnly(): void {
  if (set) return;
  set = true;
  setFlagsFromString('--liftoff-only');
}
