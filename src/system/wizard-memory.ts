/**
 * Peak memory of the wizard (issue 9: ≤ 60 MB, first question shown then Ctrl+C, in a pty).
 * Three V8 settings, for the interactive commands only (setup, demo), measured on Node 20 with
 * median maxRSS of 4–5 runs each, Ink renderer (test/bench/startup-bench.ts; MB = 10⁶ bytes):
 *
 * - `--no-turbofan`: V8's optimising compiler for JavaScript was at work on the module loader's
 *   hot paths while the wizard's modules loaded; without it the peak is ~1.7 MB lower
 *   (61.8 → 60.0 MB) and the first question no later (reauth's own part of the start, 15
 *   interleaved runs: 119 → 107 ms median). JavaScript still runs in V8's interpreter and its
 *   baseline compiler (Sparkplug; Maglev too on Node 22 and later) — plenty for a screen that
 *   redraws when a key is pressed or a second passes.
 * - `--liftoff-only`: yoga-layout, Ink's layout engine, is WebAssembly, and TurboFan working
 *   on it took ~7 MB at its peak (71.9 → 65.0 MB). Liftoff, the baseline WebAssembly compiler,
 *   is fast enough to lay out a few dozen lines. fetch's HTTP parser (undici's llhttp, also
 *   WebAssembly) gets baseline code too, for token responses of a few hundred bytes.
 * - `--semi-space-growth-factor=1`: loading the wizard's modules keeps most of what it
 *   allocates, so V8 doubled the young generation twice before the first question; kept at
 *   its initial size it costs ~1.6 MB less on Node 20 (63.8 → 62.2 MB; left out later, on the
 *   grouped chunks, 58.1 → 61.0 MB) and ~3 MB less on Node 24 (69.9 → 66.8 MB, 5 runs each,
 *   and the first question no later: 70.0 vs 69.4 ms median, 15 interleaved runs; V8 13.x
 *   takes it at run time without a word on stderr). The price: more young-generation
 *   collections while Ink redraws the sign-in countdown (bench section 7); restoring the factor
 *   once Ink had loaded gave that back but let the peak by the sign-in screen rise by ~4 MB.
 *
 * A wizard waits on a person; `reauth refresh`, which may rewrite a large file, keeps V8's
 * defaults. Set at run time rather than as `node` options: the bin's shebang is `#!/usr/bin/env
 * node` (`env -S` with options is not portable: busybox, npm's Windows shims), and `node
 * dist/reauth.js` would bypass it anyway. Node builds V8 with its flags writable after start
 * (v8/node#141), which v8.setFlagsFromString relies on; the flags are read when used (a
 * function's tier-up, a WebAssembly compile, a young-generation resize), so they act from here
 * on. All three exist in V8 from Node 20 (11.3) to Node 24 (13.6), so V8 prints no
 * "unrecognized flag". Set synchronously (node:v8 through require, ~3 ms) as soon as cli.ts
 * knows the command is the wizard, before its modules start loading: set after an await, as
 * it first was, TurboFan had already compiled what it would and the flag saved 0.4 MB, not 1.7.
 */
import { createRequire } from 'node:module';
import { beforeV8FlagsChange } from './code-cache.js';

const requireBuiltin = createRequire(import.meta.url);

/** node:v8 through require: loaded synchronously, and only by the commands that set flags. */
const setV8Flag = (flag: string): void => (requireBuiltin('node:v8') as typeof import('node:v8')).setFlagsFromString(flag);

let set = false;

export function keepWizardMemorySmall(): void {
  if (set) return;
  set = true;
  // V8 takes no cached code made under other flags (code-cache.ts): what was compiled so far is kept first.
  beforeV8FlagsChange('wizard');
  setV8Flag('--no-turbofan');
  setV8Flag('--liftoff-only');
  setV8Flag('--semi-space-growth-factor=1');
  // With the others, not when it is used: a flag set later would make the cached code taken after it unfit for the next start.
  setV8Flag('--expose-gc');
}

/**
 * One full collection just before Ink loads, once the first question is on screen (Ink
 * wizard only): loading the wizard's modules and reading reauth.yaml leave garbage in the old
 * generation that V8 would collect only later, so Ink's load added to it and the peak rose
 * with it. Collected first, Ink reuses that memory: ~1 MB less peak (62.6 → 61.6 MB median
 * maxRSS, 5 runs). It takes a few ms of the time the person spends reading the question; the
 * pre-drawn frame is already there and keys typed meanwhile wait in the terminal.
 * `gc` is reachable only through the flag and a new context (the flag adds it to contexts
 * made after it is set); nothing else in reauth makes contexts.
 */
export async function collectGarbageBeforeInk(): Promise<void> {
  setV8Flag('--expose-gc');
  const { runInNewContext } = await import('node:vm');
  (runInNewContext('gc') as () => void)();
}
