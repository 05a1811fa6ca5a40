/**
 * build/commonjs-output.mjs turns esbuild's split ES-module output into CommonJS files (issue 9:
 * Node 20's CommonJS loader starts faster). Each case builds a small project the way
 * esbuild.config.mjs does, converts it, writes it with its package.json and runs it in a fresh
 * `node`: the converted program must behave as the ES one did.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build helper, no types
import { distPackageJson, toCommonJs } from '../../build/commonjs-output.mjs';

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

/** Builds `sources` (file name → text, `entry.js` the entry) with splitting, converts, writes. */
async function buildProject(name: string, sources: Record<string, string>): Promise<Built> {
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
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['not-installed-package'],
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  const converted = (await toCommonJs(
    result.outputFiles.map((file) => ({ path: file.path, text: file.text })),
    result.metafile.outputs,
    { root, entry: join(dist, 'main.js'), target: 'node20' },
  )) as { files: { path: string; text: string }[]; esm: string[] };
  for (const file of [...converted.files, distPackageJson(dist) as { path: string; text: string }]) {
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
