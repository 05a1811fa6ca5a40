/**
 * `reauth refresh` of one profile into a large target file, spawned from the built bundle as
 * cron runs it, against the same refresh into a small .env (issue 9: a 10,000-line YAML or a
 * 2 MB JSON ≤ 300 ms more, a 10,000-line .env or env.py ≤ 50 ms more; a 2 MB JSON refresh
 * ≤ 100 MB peak memory). Every folder is answered by the same loopback Netatmo emulator, and
 * the runs are interleaved so a busy machine slows all of them alike; what differs is only the
 * target file, so the difference of the medians is what the file costs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import type { TargetSpec } from '../../src/targets/types.js';
import type { LargeFile } from './large-files.js';
import { maxRssProbe } from './max-rss-preload.js';
import { summarize, type Summary } from './stats.js';
import { BENCH_NODE } from './bench-node.js';

export interface RefreshFileFigure {
  readonly label: string;
  /** Size of the target file (0: the small .env baseline). */
  readonly bytes: number;
  readonly time: Summary;
  readonly maxRss?: number;
}

interface Folder {
  readonly label: string;
  readonly folder: string;
  readonly bytes: number;
  /** A text the new refresh token must be in after a run (the file the target writes). */
  readonly file: string;
}

const SMALL_ENV_KEYS = { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', expires_at: 'NETATMO_TOKEN_EXPIRES_AT' };

function spawnRefresh(script: string, cwd: string, nodeArgs: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(BENCH_NODE, [...nodeArgs, script, 'refresh', 'weather'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`reauth refresh in ${cwd} exited ${code}: ${output}`));
    });
  });
}

async function liveTokens(emulator: NetatmoEmulator): Promise<{ access: string; refresh: string }> {
  const code = emulator.issueCode('https://localhost/callback');
  const response = await fetch(`${emulator.origin}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emulator.clientId, client_secret: emulator.clientSecret, code, redirect_uri: 'https://localhost/callback' }),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

/** A folder with reauth.yaml and the target, holding a live pair; `file` undefined: the small .env. */
async function makeFolder(emulator: NetatmoEmulator, file: LargeFile | undefined): Promise<Folder> {
  const folder = await mkdtemp(join(tmpdir(), 'reauth-bench-refresh-file-'));
  const pair = await liveTokens(emulator);
  const urls = netatmoOverride(emulator);
  const spec: TargetSpec = file?.spec ?? { type: 'dotenv', file: '.env', keys: SMALL_ENV_KEYS };
  const keys = Object.entries(spec.keys)
    .map(([field, key]) => `${field}: ${key}`)
    .join(', ');
  const target = `{ type: ${spec.type}, file: ${spec.file}${spec.at ? `, at: ${spec.at}` : ''}, keys: { ${keys} } }`;
  await writeFile(
    join(folder, 'reauth.yaml'),
    [
      'version: 1',
      'profiles:',
      '  weather:',
      '    provider: netatmo',
      `    client_id: ${emulator.clientId}`,
      `    client_secret: ${emulator.clientSecret}`,
      '    targets:',
      `      - ${target}`,
      'providers:',
      '  netatmo:',
      `    authorize_url: ${urls.authorize_url}`,
      `    token_url: ${urls.token_url}`,
      `    verify_url: ${urls.verify_url}`,
      '',
    ].join('\n'),
  );
  const text = file
    ? file.text.replace('fake-netatmo-access-0000|00', pair.access).replace('fake-netatmo-refresh-0000|00', pair.refresh)
    : `# app\nNETATMO_ACCESS_TOKEN='${pair.access}'\nNETATMO_REFRESH_TOKEN='${pair.refresh}'\nNETATMO_TOKEN_EXPIRES_AT=2030-01-01T00:00:00Z\n`;
  if (!text.includes(pair.refresh)) throw new Error(`${file?.label}: the generated file has no refresh token to replace`);
  await writeFile(join(folder, spec.file as string), text, { mode: 0o600 });
  return { label: file ? `reauth refresh → ${file.label}` : 'reauth refresh → small .env (baseline)', folder, bytes: file ? Buffer.byteLength(text) : 0, file: join(folder, spec.file as string) };
}

export async function benchRefreshFiles(script: string, files: readonly LargeFile[], runs: number, memoryRuns: number): Promise<RefreshFileFigure[]> {
  const emulator = await startNetatmoEmulator();
  const folders: Folder[] = [];
  try {
    folders.push(await makeFolder(emulator, undefined));
    for (const file of files) folders.push(await makeFolder(emulator, file));
    const samples = folders.map(() => [] as number[]);
    const rss = folders.map(() => [] as number[]);
    const tokensBefore = new Map<string, string>();
    for (const f of folders) {
      await spawnRefresh(script, f.folder); // warm the file cache
      tokensBefore.set(f.folder, await readFile(f.file, 'utf8'));
    }
    for (let run = 0; run < runs; run++) {
      for (const [i, f] of folders.entries()) samples[i]!.push(await spawnRefresh(script, f.folder));
    }
    for (let run = 0; run < memoryRuns; run++) {
      for (const [i, f] of folders.entries()) {
        const probe = maxRssProbe();
        try {
          await spawnRefresh(script, f.folder, probe.nodeArgs, probe.env);
          const value = probe.read();
          if (value !== undefined) rss[i]!.push(value);
        } finally {
          probe.dispose();
        }
      }
    }
    // Every run must really have refreshed into its file, or the bench timed something else.
    for (const f of folders) {
      if ((await readFile(f.file, 'utf8')) === tokensBefore.get(f.folder)) throw new Error(`${f.label}: the target file was not rewritten`);
    }
    return folders.map((f, i) => ({
      label: f.label,
      bytes: f.bytes,
      time: summarize(samples[i]!),
      ...(rss[i]!.length > 0 ? { maxRss: summarize(rss[i]!).median } : {}),
    }));
  } finally {
    await emulator.close();
    for (const f of folders) await rm(f.folder, { recursive: true, force: true });
  }
}
