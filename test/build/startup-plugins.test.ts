/**
 * The build plugins that keep built-in modules off the start-up path (issue 9) give the same
 * values as the built-ins, and really defer what they say they defer: each bundle runs in a
 * fresh `node`, where Node's own list of loaded modules shows what was loaded when.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build helper, no types
import { lazyNodeCrypto } from '../../build/lazy-node-crypto.mjs';
// @ts-expect-error plain JavaScript build helper, no types
import { processWithoutFacade } from '../../build/process-without-facade.mjs';
// @ts-expect-error plain JavaScript build helper, no types
import { lazyFsPromises } from '../../build/lazy-fs-promises.mjs';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'reauth-startup-plugins-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Bundles `source` (as `src/entry.js` under a project root of its own) and runs it; returns what it printed as JSON. */
async function bundleAndRun(name: string, source: string, plugins: (root: string) => Plugin[]): Promise<Record<string, unknown>> {
  const root = join(folder, name);
  await mkdir(join(root, 'src'), { recursive: true });
  await writeFile(join(root, 'src', 'entry.js'), source);
  const outfile = join(root, 'out.mjs');
  await build({ entryPoints: [join(root, 'src', 'entry.js')], outfile, bundle: true, format: 'esm', platform: 'node', plugins: plugins(root), logLevel: 'error' });
  const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

const loaded = "(name) => process.moduleLoadList.includes('NativeModule ' + name)";

describe('lazy-node-crypto', () => {
  it('loads node:crypto at the first call, and answers as node:crypto does', async () => {
    const out = await bundleAndRun(
      'crypto',
      `import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
       const isLoaded = ${loaded};
       const before = isLoaded('crypto');
       const hash = createHash('sha256').update('fake-code-verifier-1').digest('base64url');
       const after = isLoaded('crypto');
       const { createRequire } = await import('node:module');
       const crypto = createRequire(import.meta.url)('node:crypto');
       console.log(JSON.stringify({ before, after, hash, expected: crypto.createHash('sha256').update('fake-code-verifier-1').digest('base64url'),
         random: randomBytes(16).length, same: timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')) }));`,
      (root) => [lazyNodeCrypto(root) as Plugin],
    );
    expect(out).toEqual({ before: false, after: true, hash: out.expected, expected: out.expected, random: 16, same: true });
  });
});

describe('lazy-fs-promises', () => {
  it('reads, lists and stats without loading node:fs/promises, with its results and errors, and loads it for the rest', async () => {
    const out = await bundleAndRun(
      'fs-promises',
      `import { readFile, readdir, stat, lstat, access, realpath, open } from 'node:fs/promises';
       import { mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
       import { join } from 'node:path';
       import { tmpdir } from 'node:os';
       const isLoaded = ${loaded};
       const dir = mkdtempSync(join(tmpdir(), 'reauth-lazy-fsp-'));
       writeFileSync(join(dir, 'a.env'), 'ACCESS_TOKEN=fake-1\\n');
       symlinkSync(join(dir, 'a.env'), join(dir, 'link'));
       const text = await readFile(join(dir, 'a.env'), 'utf8');
       const names = (await readdir(dir, { withFileTypes: true })).map((e) => e.name + ':' + e.isFile()).sort();
       const size = (await stat(join(dir, 'a.env'))).size;
       const link = (await lstat(join(dir, 'link'))).isSymbolicLink();
       await access(join(dir, 'a.env'));
       const real = (await realpath(join(dir, 'link'))) === join(await realpath(dir), 'a.env');
       const missing = await readFile(join(dir, 'none'), 'utf8').catch((e) => [e.code, e.syscall, e.path === join(dir, 'none')]);
       const before = isLoaded('fs/promises');
       const handle = await open(join(dir, 'a.env'), 'r');
       const viaHandle = (await handle.readFile('utf8')) === text;
       await handle.close();
       console.log(JSON.stringify({ text, names, size, link, real, missing, before, after: isLoaded('fs/promises'), viaHandle }));`,
      (root) => [lazyFsPromises(root) as Plugin],
    );
    expect(out).toEqual({
      text: 'ACCESS_TOKEN=fake-1\n',
      names: ['a.env:true', 'link:false'],
      size: 20,
      link: true,
      real: true,
      missing: ['ENOENT', 'open', true],
      before: false,
      after: true,
      viaHandle: true,
    });
  });
});

describe('process-without-facade', () => {
  it('gives the global process and its values, without loading what the facade would', async () => {
    const out = await bundleAndRun(
      'process',
      `import process, { env, cwd, platform, hrtime, execPath, execArgv } from 'node:process';
       const isLoaded = ${loaded};
       console.log(JSON.stringify({ same: process === globalThis.process, env: env === globalThis.process.env, cwd: cwd() === globalThis.process.cwd(),
         platform: platform === globalThis.process.platform, bigint: typeof hrtime.bigint() === 'bigint', pair: hrtime().length,
         execPath: execPath === globalThis.process.execPath, execArgv: Array.isArray(execArgv), report: isLoaded('internal/process/report') }));`,
      () => [processWithoutFacade() as Plugin],
    );
    expect(out).toEqual({ same: true, env: true, cwd: true, platform: true, bigint: true, pair: 2, execPath: true, execArgv: true, report: false });
  });

  it('is what makes the difference: the built-in facade loads the report module', async () => {
    const out = await bundleAndRun('process-facade', `import process from 'node:process'; console.log(JSON.stringify({ report: process.moduleLoadList.includes('NativeModule internal/process/report') }));`, () => []);
    expect(out).toEqual({ report: true });
  });
});
