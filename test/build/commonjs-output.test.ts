/**
 * build/commonjs-output.mjs turns esbuild's split ES-module output into CommonJS files (issue 9:
 * Node 20's CommonJS loader starts faster), and build/chunk-groups.mjs puts chunks that load
 * together into one file. Each case builds a small project the way esbuild.config.mjs does,
 * converts (and groups) it, writes it with its package.json and runs it in a fresh `node`: the
 * program must behave as the ES one did.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build helper, no types
import { distPackageJson, toCommonJs } from '../../build/commonjs-output.mjs';
// @ts-expect-error plain JavaScript build helper, no types
import { groupChunks } from '../../build/chunk-groups.mjs';
// @ts-expect-error plain JavaScript build helper, no types
import { SPLIT_OUTPUT } from '../../build/split-output.mjs';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'reauth-commonjs-output-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Built {
  readonly dist: string;
  readonly esm: string[];
  readonly files: string[];
  run(env?: Record<string, string>): { stdout: string; stderr: string; status: number | null };
}

interface Group {
  readonly name: string;
  /** Source files, relative to the project (`src/a.js`). */
  readonly entries: readonly string[];
}

/** Builds `sources` (file name → text, `entry.js` the entry) with splitting, converts, groups, writes. */
async function buildProject(name: string, sources: Record<string, string>, groups: readonly Group[] = []): Promise<Built> {
  const root = join(folder, name);
  const dist = join(root, 'dist');
  for (const [file, text] of Object.entries(sources)) {
    await mkdir(dirname(join(root, 'src', file)), { recursive: true });
    await writeFile(join(root, 'src', file), text);
  }
  // The project itself is an ES-module package, as reauth is.
  await writeFile(join(root, 'package.json'), '{"type":"module"}\n');
  const result = await build({
    entryPoints: { main: join(root, 'src', 'entry.js') },
    outdir: dist,
    absWorkingDir: root,
    ...(SPLIT_OUTPUT as BuildOptions & { metafile: true; write: false }),
    external: ['not-installed-package'],
    logLevel: 'error',
  });
  const converted = (await toCommonJs(
    result.outputFiles.map((file) => ({ path: file.path, text: file.text })),
    result.metafile.outputs,
    { root, entry: join(dist, 'main.js'), target: SPLIT_OUTPUT.target },
  )) as { files: { path: string; text: string }[]; esm: string[] };
  const grouped = groupChunks(converted.files, result.metafile.outputs, { root, entry: join(dist, 'main.js'), groups }) as { path: string; text: string }[];
  for (const file of [...grouped, distPackageJson(dist) as { path: string; text: string }]) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.text);
  }
  const files = [...(await readdir(dist)), ...(await readdir(join(dist, 'chunks')).catch(() => [])).map((f) => `chunks/${f}`)].sort();
  return {
    dist,
    esm: converted.esm,
    files,
    run: (env = {}) => {
      const run = spawnSync(process.execPath, [join(dist, 'main.js')], { encoding: 'utf8', env: { ...process.env, ...env } });
      return { stdout: run.stdout, stderr: run.stderr, status: run.status };
    },
  };
}

const SHARED = `export let count = 0; export function bump() { return ++count; } export const where = import.meta.url;`;

describe('toCommonJs', () => {
  it('makes every chunk CommonJS, shares one instance of a shared module, and keeps import.meta.url per file', async () => {
    const built = await buildProject('plain', {
      'entry.js': `import { bump, count } from './shared.js';
        bump();
        void (async () => {
          const later = await import('./later.js');
          later.bumpAgain();
          const { loaded } = await import('./loaded.js');
          console.log(JSON.stringify({ count, viaLater: later.seen(), where: later.where, commonjs: typeof module === 'object' && typeof require === 'function', loaded }));
        })();`,
      'shared.js': SHARED,
      'later.js': `import { bump, count, where } from './shared.js'; export function bumpAgain() { bump(); } export function seen() { return count; } export { where };`,
      'loaded.js': `export const loaded = typeof require;`,
    });
    expect(built.esm).toEqual([]);
    expect(built.files.filter((f) => f.endsWith('.mjs'))).toEqual([]);
    const run = built.run();
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ count: 2, viaLater: 2, commonjs: true, loaded: 'function' });
    expect(out.where).toMatch(/^file:\/\/.*\/dist\/chunks\/chunk-\w+\.js$/);
  });

  it('keeps a chunk with a top-level await, and its static importers, as ES modules loaded with import()', async () => {
    const built = await buildProject('tla', {
      'entry.js': `import { bump } from './shared.js';
        bump();
        void import('./ink-like.js').then(({ ready, fromShared }) => console.log(JSON.stringify({ ready, fromShared })));`,
      'shared.js': SHARED,
      'ink-like.js': `import { count } from './shared.js'; import { waited } from './waits.js'; export const ready = waited; export const fromShared = count;`,
      'waits.js': `export const waited = await Promise.resolve('after await');`,
    });
    expect(built.esm.length).toBeGreaterThanOrEqual(1);
    expect(built.files.some((f) => f.endsWith('.mjs'))).toBe(true);
    expect(built.files).toContain('main.js');
    const run = built.run();
    expect(run.stderr).toBe('');
    // The ES module sees the CommonJS chunk's one instance (count bumped by the entry).
    expect(JSON.parse(run.stdout)).toEqual({ ready: 'after await', fromShared: 1 });
  });

  it('leaves a package outside the bundle to import(), so its "not found" is the ES one', async () => {
    const built = await buildProject('external', {
      'entry.js': `import('not-installed-package').catch((error) => console.log(JSON.stringify({ code: error.code })));`,
    });
    const run = built.run();
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ code: 'ERR_MODULE_NOT_FOUND' });
  });

  it('touches no text that only looks like an import (clipboardy passes ObjC.import("AppKit") to osascript)', async () => {
    const built = await buildProject('strings', {
      'entry.js': `const script = 'ObjC.import("AppKit"); import("x")'; console.log(JSON.stringify({ script }));`,
    });
    expect(JSON.parse(built.run().stdout)).toEqual({ script: 'ObjC.import("AppKit"); import("x")' });
  });

  it('keeps strict mode, as the ES modules had it', async () => {
    const built = await buildProject('strict', {
      'entry.js': `let threw = false; try { undeclaredName = 1; } catch { threw = true; } console.log(JSON.stringify({ threw }));`,
    });
    expect(JSON.parse(built.run().stdout)).toEqual({ threw: true });
  });
});

describe('groupChunks', () => {
  // a.js and b.js are loaded one after the other, as cli.ts and then setup.ts are; late.js has a
  // top-level await (an ES module, as Ink's chunk is); never.js is in a group but never imported.
  const sources = {
    'entry.js': `void (async () => {
        const a = await import('./a.js');
        a.run();
        const b = await import('./b.js');
        b.run();
        const late = await import('./late.js');
        if (process.env.NEVER) await import('./never.js');
        console.log(JSON.stringify({ count: a.count(), late: late.seen, where: a.where, loaded: globalThis.loaded }));
      })();`,
    'shared.js': `${SHARED} (globalThis.loaded ??= []).push('shared');`,
    'log.js': `export function log(what) { (globalThis.loaded ??= []).push(what); }`,
    'a.js': `import { bump, count as shared, where } from './shared.js'; import { log } from './log.js'; log('a'); export function run() { bump(); } export const count = () => shared; export { where };`,
    'b.js': `import { bump } from './shared.js'; import { log } from './log.js'; log('b'); export function run() { bump(); }`,
    'late.js': `import { count } from './shared.js'; await Promise.resolve(); export const seen = count;`,
    'never.js': `import { log } from './log.js'; log('never'); export const never = true;`,
  };

  it('puts each group in one file, keeps one instance across groups and for ES-module importers, and runs a chunk only when required', async () => {
    const built = await buildProject('groups', sources, [
      { name: 'one', entries: ['src/a.js', 'src/never.js'] },
      { name: 'two', entries: ['src/b.js'] },
    ]);
    const groupFiles = built.files.filter((f) => /^chunks\/group-(one|two)-\w+\.js$/.test(f));
    expect(groupFiles).toHaveLength(2);
    const run = built.run();
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    // shared.js (group one) bumped from a.js and from b.js (group two), read by the ES module.
    expect(out).toMatchObject({ count: 2, late: 2, loaded: ['shared', 'a', 'b'] });
    // A grouped chunk's import.meta.url is its own chunk's, not the group file's.
    expect(out.where).toMatch(/^file:\/\/.*\/dist\/chunks\/chunk-\w+\.js$/);
    // Every grouped chunk's file is now a stub that asks its group.
    const stubs = await Promise.all(built.files.filter((f) => f.startsWith('chunks/') && f.endsWith('.js') && !groupFiles.includes(f)).map((f) => readFile(join(built.dist, f), 'utf8')));
    expect(stubs.filter((text) => text.includes('.load(')).length).toBeGreaterThanOrEqual(4);
    // never.js runs when it is imported, through its stub.
    expect(JSON.parse(built.run({ NEVER: '1' }).stdout)).toMatchObject({ loaded: ['shared', 'a', 'b', 'never'] });
  });

  it('behaves as the ungrouped build does', async () => {
    const ungrouped = await buildProject('groups-none', sources);
    expect(ungrouped.files.some((f) => f.includes('group-'))).toBe(false);
    expect(JSON.parse(ungrouped.run().stdout)).toMatchObject({ count: 2, late: 2, loaded: ['shared', 'a', 'b'] });
  });

  it('fails the build when a group names a file that is no longer an entry point', async () => {
    await expect(buildProject('groups-missing', sources, [{ name: 'one', entries: ['src/gone.js'] }])).rejects.toThrow(/no output has the entry point src\/gone\.js/);
  });
});
