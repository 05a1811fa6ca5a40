/**
 * The Heroku tests run the real CLI (npm package `heroku`, v11), which is a test-only tool,
 * not a dependency of reauth: it is installed once into `<repo>/.cache/heroku-cli` (ignored by
 * git) and reused by later runs. The install is ~700 packages and takes about a minute.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultInstallDir = join(repoRoot, '.cache', 'heroku-cli');
const installTimeoutMs = 8 * 60_000;

/** The installed CLI's entry point (`heroku.cmd` on Windows, where npm writes a batch shim). */
export function herokuBinPath(installDir = defaultInstallDir): string {
  return join(installDir, 'node_modules', '.bin', process.platform === 'win32' ? 'heroku.cmd' : 'heroku');
}

export interface EnsureHerokuCliOptions {
  /** Where to install (default `<repo>/.cache/heroku-cli`). */
  readonly installDir?: string;
  /** Environment for npm (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Installs the CLI unless it is already there. Prints one line when it had to install. */
export async function ensureHerokuCli(options: EnsureHerokuCliOptions = {}): Promise<string> {
  const installDir = options.installDir ?? defaultInstallDir;
  const bin = herokuBinPath(installDir);
  if (existsSync(bin)) return bin;
  // Install beside the final folder and rename at the end, so an interrupted install never
  // leaves a `.bin/heroku` that looks complete.
  const partialDir = `${installDir}.partial-${process.pid}`;
  await rm(partialDir, { recursive: true, force: true });
  await mkdir(partialDir, { recursive: true });
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', partialDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', 'heroku@11'];
  const result = await runQuietly(npm, args, repoRoot, options.env ?? process.env);
  if (result.code !== 0) {
    await rm(partialDir, { recursive: true, force: true });
    throw new Error(installFailure(result, installDir));
  }
  await rm(installDir, { recursive: true, force: true });
  await rename(partialDir, installDir);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`heroku CLI (test tool) installed in ${installDir} in ${seconds} s\n`);
  return bin;
}

interface QuietResult {
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
  readonly spawnError?: Error;
}

function runQuietly(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<QuietResult> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, installTimeoutMs);
    child.once('error', (spawnError) => {
      clearTimeout(timer);
      done({ code: null, output, timedOut, spawnError });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, output, timedOut });
    });
  });
}

function installFailure(result: QuietResult, installDir: string): string {
  const head = `Could not install the heroku CLI that the Heroku tests run (npm install heroku@11 into ${installDir}).`;
  if (result.spawnError) return `${head} npm could not be started: ${result.spawnError.message}.`;
  if (result.timedOut) return `${head} npm did not finish within ${installTimeoutMs / 60_000} minutes.`;
  const unreachable = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network|proxy/i.test(result.output);
  const reason = unreachable
    ? 'npm could not reach the package registry (check the network, HTTPS_PROXY, or `npm config get registry`).'
    : `npm exited with code ${String(result.code)}.`;
  const lines = result.output.trim().split('\n');
  const telling = lines.filter((line) => /npm error (code|errno|network|request to)|npm ERR! (code|network)/.test(line)).slice(0, 4);
  const said = (telling.length > 0 ? telling : lines.slice(-8)).join('\n');
  return `${head} ${reason}\nnpm said:\n${said}`;
}
