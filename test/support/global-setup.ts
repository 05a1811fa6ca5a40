/**
 * Runs once before the whole suite. Each part that needs preparing (the built binary, the
 * real heroku CLI) adds itself here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureHerokuCli } from './ensure-heroku-cli.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built reauth.js that end-to-end tests run (a private copy of dist/, see below). */
    reauthBin: string;
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * End-to-end tests run the BUILT binary, never the sources, so a bundling mistake (a missing
 * chunk, an import esbuild could not follow) fails them. Built once a run, then copied next to
 * dist/ (so node_modules still resolve the same way): a rebuild while tests run — another
 * `vitest` or `npm run build` in the same checkout empties dist/chunks/ — must not pull the
 * chunks out from under a running binary.
 */
function buildBinarySnapshot(): string {
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync(process.execPath, [join(repoRoot, 'esbuild.config.mjs')], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`building dist/reauth.js failed (exit ${result.status}):\n${result.stderr}`);
    const snapshot = join(repoRoot, '.cache', 'e2e-bin', `run-${process.pid}-${Date.now()}`);
    cpSync(join(repoRoot, 'dist'), snapshot, { recursive: true });
    if (chunksComplete(snapshot)) return join(snapshot, 'reauth.js');
    rmSync(snapshot, { recursive: true, force: true });
    if (attempt === 3) throw new Error('dist/ kept changing while it was copied (another build running?); run the tests again.');
  }
}

/** Every chunk a bundled file imports is in the copy. */
function chunksComplete(dir: string): boolean {
  if (!existsSync(join(dir, 'chunks'))) return false;
  const files = [join(dir, 'reauth.js'), ...readdirSync(join(dir, 'chunks')).map((name) => join(dir, 'chunks', name))];
  for (const file of files) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/["'](?:\.\/|\.\/chunks\/)(chunk-[\w-]+\.js|[\w-]+-[A-Z0-9]{8}\.js)["']/g)) {
      if (!existsSync(join(dir, 'chunks', name!))) return false;
    }
  }
  return true;
}

export default async function globalSetup(project: TestProject): Promise<() => void> {
  await ensureHerokuCli();
  const reauthBin = buildBinarySnapshot();
  project.provide('reauthBin', reauthBin);
  return () => rmSync(join(reauthBin, '..'), { recursive: true, force: true });
}
