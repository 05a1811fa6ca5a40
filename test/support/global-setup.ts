/**
 * Runs once before the whole suite. Each part that needs preparing (the built binary, the
 * real heroku CLI) adds itself here.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureHerokuCli } from './ensure-heroku-cli.js';

/**
 * End-to-end tests run the BUILT binary (dist/reauth.js), never the sources, so a bundling
 * mistake (a missing chunk, an import esbuild could not follow) fails them. Built once a run.
 */
function buildBinary(): void {
  const config = fileURLToPath(new URL('../../esbuild.config.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [config], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building dist/reauth.js failed (exit ${result.status}):\n${result.stderr}`);
}

export default async function globalSetup(): Promise<void> {
  await ensureHerokuCli();
  buildBinary();
}
