/**
 * code-cache.ts in real processes: a small program bundled with it loads two CommonJS chunks
 * through it, twice or more, in fresh `node` processes, as reauth's bin does. What shows the
 * cache was used: the second run writes nothing (data V8 refused would be written again).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let folder: string;
let program: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'reauth-code-cache-'));
  const app = join(folder, 'app');
  mkdirSync(join(app, 'chunks'), { recursive: true });
  writeFileSync(join(app, 'package.json'), '{"type":"commonjs"}\n');
  writeFileSync(join(app, 'chunks', 'first.js'), '"use strict";exports.double=(n)=>n*2;exports.where=__filename;');
  // As the build writes them: import() only in a file outside the cached chunks (the cached code has none).
  writeFileSync(join(app, 'esm-import.js'), '"use strict";module.exports=(url)=>import(url);');
  writeFileSync(join(app, 'chunks', 'second.js'), '"use strict";const first=require("./first.js");exports.later=()=>require("../esm-import.js")(require("node:url").pathToFileURL(require("node:path").resolve(__dirname,"./last.mjs")).href).then((m)=>first.double(m.value));');
  writeFileSync(join(app, 'chunks', 'last.mjs'), 'export const value = 21;');
  writeFileSync(
    join(app, 'entry.ts'),
    `import { beforeV8FlagsChange, installCodeCache, keepCompiledCodeNow } from ${JSON.stringify(join(process.cwd(), 'src/system/code-cache.ts'))};
     import { readdirSync } from 'node:fs';
     const installed = installCodeCache({ folder: process.env.CACHE_FOLDER!, build: process.env.BUILD ?? 'fake-build-1', covers: (file) => file.includes('/chunks/') && file.endsWith('.js') });
     const first = require('./chunks/first.js');
     if (process.env.CHANGE_FLAGS) { beforeV8FlagsChange('wizard'); require('node:v8').setFlagsFromString('--no-turbofan'); }
     const second = require('./chunks/second.js');
     // As the wizard does once its first question is on screen.
     if (process.env.KEEP_NOW) keepCompiledCodeNow();
     const keptBeforeExit = process.env.KEEP_NOW ? readdirSync(process.env.CACHE_FOLDER!).sort() : [];
     second.later().then((value: number) => console.log(JSON.stringify({ installed, double: first.double(4), value, where: first.where, ...(process.env.KEEP_NOW ? { keptBeforeExit } : {}) })));`,
  );
  program = join(app, 'entry.cjs');
  // The chunks stay files of their own, loaded by require at run time as reauth's are.
  buildSync({ entryPoints: [join(app, 'entry.ts')], outfile: program, bundle: true, external: ['./chunks/*'], format: 'cjs', platform: 'node', target: 'node20', logLevel: 'error' });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(cacheFolder: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [program], { encoding: 'utf8', env: { ...process.env, CACHE_FOLDER: cacheFolder, ...env } });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { installed: boolean; double: number; value: number; where: string; keptBeforeExit?: string[] };
}

function cacheFiles(cacheFolder: string): Record<string, number> {
  return Object.fromEntries(readdirSync(cacheFolder).map((name) => [name, statSync(join(cacheFolder, name)).mtimeMs]));
}

const newCacheFolder = (name: string): string => {
  const path = join(folder, name);
  mkdirSync(path, { mode: 0o700 });
  return path;
};

describe('installCodeCache', () => {
  it('runs the chunks as Node would, writes their data once, and the next run takes it without writing', () => {
    const cache = newCacheFolder('once');
    const first = run(cache);
    expect(first).toEqual({ installed: true, double: 8, value: 42, where: join(folder, 'app', 'chunks', 'first.js') });
    const written = cacheFiles(cache);
    expect(Object.keys(written).sort()).toEqual([expect.stringMatching(/^fake-build-1\.first\.js\..+\.default\.v8$/), expect.stringMatching(/^fake-build-1\.second\.js\..+\.default\.v8$/)]);
    for (const name of Object.keys(written)) expect(statSync(join(cache, name)).mode & 0o777).toBe(0o600);
    expect(run(cache)).toEqual(first);
    expect(cacheFiles(cache)).toEqual(written);
  });

  it('keys what is compiled after a flag change by the new flags, so both halves are taken next time', () => {
    const cache = newCacheFolder('flags');
    run(cache, { CHANGE_FLAGS: '1' });
    const written = cacheFiles(cache);
    expect(Object.keys(written).sort()).toEqual([expect.stringMatching(/^fake-build-1\.first\.js\..*\.default\.v8$/), expect.stringMatching(/^fake-build-1\.second\.js\..*\.wizard\.v8$/)]);
    expect(run(cache, { CHANGE_FLAGS: '1' }).value).toBe(42);
    expect(cacheFiles(cache)).toEqual(written);
  });

  it('keeps the data when told the start is over, writes nothing more at exit, and the next run takes it', () => {
    const cache = newCacheFolder('now');
    const first = run(cache, { KEEP_NOW: '1' });
    expect(first.keptBeforeExit).toEqual([expect.stringMatching(/^fake-build-1\.first\.js\./), expect.stringMatching(/^fake-build-1\.second\.js\./)]);
    const written = cacheFiles(cache);
    expect(Object.keys(written).sort()).toEqual(first.keptBeforeExit);
    expect(run(cache, { KEEP_NOW: '1' })).toEqual(first);
    expect(cacheFiles(cache)).toEqual(written);
  });

  it('compiles afresh and writes again when the data on disk is damaged', () => {
    const cache = newCacheFolder('damaged');
    run(cache);
    const [name] = Object.keys(cacheFiles(cache)).filter((n) => n.includes('.first.js.'));
    writeFileSync(join(cache, name!), 'not V8 data at all');
    expect(run(cache)).toMatchObject({ double: 8, value: 42 });
    expect(statSync(join(cache, name!)).size).toBeGreaterThan('not V8 data at all'.length);
  });

  it('never gives one build the data of another (V8 checks only the length of the source)', () => {
    const cache = newCacheFolder('builds');
    run(cache, { BUILD: 'fake-build-1' });
    const first = cacheFiles(cache);
    run(cache, { BUILD: 'fake-build-2' });
    const both = cacheFiles(cache);
    expect(Object.keys(both).filter((n) => n.startsWith('fake-build-2.')).length).toBe(2);
    for (const [name, mtime] of Object.entries(first)) expect(both[name]).toBe(mtime);
  });

  it('starts as usual when the folder cannot be written or is gone', () => {
    const readOnly = newCacheFolder('read-only');
    chmodSync(readOnly, 0o500);
    expect(run(readOnly)).toMatchObject({ double: 8, value: 42 });
    chmodSync(readOnly, 0o700);
    expect(run(join(folder, 'never-made'))).toMatchObject({ double: 8, value: 42 });
  });
});
