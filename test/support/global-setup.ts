/**
 * Runs once before the whole suite. Each part that needs preparing (the installed package, the
 * real heroku CLI) adds itself here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureHerokuCli } from './ensure-heroku-cli.js';
import { startSecretAudit } from './secret-audit.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The installed package's reauth.js that end-to-end tests run (see below). */
    reauthBin: string;
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const runsDir = join(repoRoot, '.cache', 'e2e-bin');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * End-to-end tests run what a user installs, never the sources: `npm pack` (whose prepack
 * builds dist/) into a folder of this run's own, then `npm install` of that tarball into it, as
 * a user would. A bundling mistake (a missing chunk, an import esbuild could not follow, a file
 * a package looks up next to itself) or a packaging one (a file left out of `files`, a script
 * that runs at install) fails them. The installed copy is private to the run: a rebuild while
 * tests run — another `vitest` or `npm run build` in the same checkout — cannot pull chunks out
 * from under a running binary. The install is offline: the package has no dependencies.
 */
function installedPackage(): { runDir: string; bin: string } {
  for (let attempt = 1; ; attempt++) {
    const runDir = join(runsDir, `run-${process.pid}-${Date.now()}`);
    mkdirSync(runDir, { recursive: true });
    npmIn(repoRoot, ['pack', '--pack-destination', runDir], 'packing reauth (npm pack)');
    const tarball = readdirSync(runDir).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${runDir}`);
    writeFileSync(join(runDir, 'package.json'), '{ "name": "reauth-e2e-install", "private": true }\n');
    npmIn(runDir, ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], 'installing the packed reauth (npm install)');
    const bin = installedBin(runDir);
    if (chunksComplete(dirname(bin))) return { runDir, bin };
    rmSync(runDir, { recursive: true, force: true });
    if (attempt === 3) throw new Error('dist/ kept changing while it was packed (another build running?); run the tests again.');
  }
}

function npmIn(cwd: string, args: string[], what: string): void {
  const result = spawnSync(npm, [...args, '--loglevel=error'], { cwd, encoding: 'utf8', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stderr}${result.stdout}`);
}

/** The file npm linked as the `reauth` command (the tests run it with this node, as the link would). */
function installedBin(runDir: string): string {
  const packageDir = join(runDir, 'node_modules', 'reauth');
  const { bin } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const file = join(packageDir, bin.reauth!);
  if (process.platform !== 'win32' && realpathSync(join(runDir, 'node_modules', '.bin', 'reauth')) !== realpathSync(file)) {
    throw new Error(`npm linked the reauth command to something other than ${file}`);
  }
  return file;
}

/** Every chunk a bundled file imports is in the copy. */
function chunksComplete(dir: string): boolean {
  if (!existsSync(join(dir, 'chunks'))) return false;
  const files = [join(dir, 'reauth.js'), ...readdirSync(join(dir, 'chunks')).filter((name) => name.endsWith('.js')).map((name) => join(dir, 'chunks', name))];
  for (const file of files) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/["'](?:\.\/|\.\/chunks\/)(chunk-[\w-]+\.js|[\w-]+-[A-Z0-9]{8}\.js)["']/g)) {
      if (!existsSync(join(dir, 'chunks', name!))) return false;
    }
  }
  return true;
}

/** Folders of earlier runs that were killed before their teardown (their process is gone). */
function removeAbandonedRuns(): void {
  if (!existsSync(runsDir)) return;
  for (const name of readdirSync(runsDir)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(runsDir, name), { recursive: true, force: true });
    }
  }
}

export default async function globalSetup(project: TestProject): Promise<() => void> {
  removeAbandonedRuns();
  const auditDir = startSecretAudit();
  await ensureHerokuCli();
  const { runDir, bin } = installedPackage();
  project.provide('reauthBin', bin);
  return () => {
    rmSync(runDir, { recursive: true, force: true });
    rmSync(auditDir, { recursive: true, force: true });
  };
}
