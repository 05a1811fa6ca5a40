/**
 * V8's compiled code for reauth's CommonJS chunks kept on disk between runs (issue 9), taken
 * once the start is over (the wizard's first question, or the end of any other command), so it
 * holds every function the start ran and not only what compiling a file makes. Each chunk is compiled with `vm.Script` and its cached data; V8 checks that the
 * data fits (its version, its flags, the source's length) and compiles afresh when it does not.
 *
 * Why not a library or Node's own: v8-compile-cache and Node 22's `module.enableCompileCache`
 * keep what V8 produces at compile time — the top level of each file, while the functions that
 * run are compiled lazily, later. Measured in a pseudo-terminal on Node 20, 21 interleaved
 * runs, time to the wizard's first question: no cache 131 ms, v8-compile-cache 144 ms, this
 * (data taken after the run) 100 ms.
 *
 * V8 refuses data made under other flags, and the wizard changes flags once it knows it is the
 * wizard (wizard-memory.ts): `beforeV8FlagsChange` keeps what was compiled until then, and files
 * compiled later are keyed by the new flags' name. Data is written only when a chunk had none
 * that fitted, so a run that found its cache writes nothing. Files are named after the build (a
 * hash of all its chunks: V8 checks only the source's length), the chunk and V8's version; written
 * whole (temp file, rename), owner-only, in the private cache folder (private-cache-folder.ts).
 * Only a saving: a failure to read or write is a start without it.
 */
import nodeModule, { createRequire } from 'node:module';
import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface Compiled {
  readonly script: Script;
  readonly file: string;
}

interface CacheState {
  readonly folder: string;
  /** Chunks compiled without data that fitted: their data is written at the next save. */
  readonly unsaved: Compiled[];
  /** The V8 flags in force, as a name in the file names ('default' until the wizard sets its own). */
  flags: string;
}

type CompileHook = (this: nodeModule, content: string, filename: string) => unknown;

let state: CacheState | undefined;

/** Data older than this is removed when data is next written (an earlier version's chunks). */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Compiles the CommonJS files `covers` accepts with their cached data from `folder`, and writes
 * the data of those that had none when told the start is over (keepCompiledCodeNow), before a
 * flag change, or when the process exits. Returns whether it is in place.
 */
export function installCodeCache(options: {
  readonly folder: string;
  /** Which build the files belong to (a hash of its chunks): V8 checks only a source's length. */
  readonly build: string;
  readonly covers: (filename: string) => boolean;
}): boolean {
  // The chunks hold no import(): the build routes it through dist/esm-import.js, which Node
  // compiles itself (import() in vm.Script code needs an option Node calls experimental, and
  // prints a warning about on stderr).
  if (state) return false;
  const current: CacheState = { folder: options.folder, unsaved: [], flags: 'default' };
  state = current;
  const proto = nodeModule.prototype as unknown as { _compile: CompileHook };
  const compile = proto._compile;
  proto._compile = function (this: nodeModule, content: string, filename: string): unknown {
    if (!options.covers(filename)) return compile.call(this, content, filename);
    const file = join(current.folder, `${options.build}.${basename(filename)}.${process.versions.v8}.${current.flags}.v8`);
    const cachedData = readIfThere(file);
    const script = new Script(nodeModule.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) current.unsaved.push({ script, file });
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return run.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
  process.on('exit', saveCodeCache);
  return true;
}

/**
 * Call once the start is over (the wizard's first question is on screen): what was compiled so
 * far is kept now, for the files that had no data. A file's data is taken once and then used
 * by every later start, so taken at exit it held whatever that first run went on to do — after
 * a whole sign-in and write, 40% more than the start needs (683 vs 481 KB for the wizard's
 * group), all read and deserialized again at each start. What runs later compiles as it comes.
 */
export function keepCompiledCodeNow(): void {
  saveCodeCache();
}

/** Call just before changing V8's flags: what was compiled under the old ones is kept now. */
export function beforeV8FlagsChange(flagsName: string): void {
  if (!state) return;
  saveCodeCache();
  state.flags = flagsName;
}

function saveCodeCache(): void {
  if (!state || state.unsaved.length === 0) return;
  const compiled = state.unsaved.splice(0);
  for (const { script, file } of compiled) {
    const temp = `${file}.tmp-${process.pid}`;
    try {
      writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      renameSync(temp, file);
    } catch {
      // A full disk or a folder gone: the next start compiles. Nothing here may throw: this
      // runs as the process exits, after the command's own work and its exit code.
      try {
        rmSync(temp, { force: true });
      } catch {
        // left for removeStale
      }
    }
  }
  removeStale(state.folder);
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function removeStale(folder: string): void {
  try {
    const now = Date.now();
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    }
  } catch {
    // another reauth removed it first, or the folder is gone
  }
}
