/**
 * Start-up: what a person waits for before reauth answers, against bare `node -e 0` (STYLE.md
 * reference: ~25 ms bare node, ~140 ms for a bundled one-line Ink program), and peak memory.
 * Everything runs the built bundle, as `npx reauth` would.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { maxRssProbe } from './max-rss-preload.js';
import { runToFirstFrame } from './pty-first-frame.js';
import { summarize, type Summary } from './stats.js';
import { makeWizardFolder } from './wizard-folder.js';

export interface StartupFigure {
  readonly label: string;
  readonly time: Summary;
  /** Peak resident memory in bytes, from separate runs (the probe itself costs a little time). */
  readonly maxRss?: number;
}

/** The first question of `reauth --provider netatmo` in both renderers (Ink: a line; plain: `? …`). */
const FIRST_QUESTION = /Netatmo client ID/;

function timeSpawn(args: readonly string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

function maxRssOfSpawn(args: readonly string[], cwd: string): number | undefined {
  const probe = maxRssProbe();
  try {
    spawnSync(process.execPath, [...probe.nodeArgs, ...args], { cwd, stdio: 'ignore', env: { ...process.env, ...probe.env } });
    return probe.read();
  } finally {
    probe.dispose();
  }
}

export async function benchStartup(script: string, runs: number, memoryRuns: number): Promise<StartupFigure[]> {
  const figures: StartupFigure[] = [];
  const wizard = await makeWizardFolder();
  try {
    const cwd = wizard.folder;
    const commands: { label: string; args: string[] }[] = [
      { label: 'node -e 0 (bare node)', args: ['-e', '0'] },
      { label: 'reauth --version', args: [script, '--version'] },
      { label: 'reauth --help', args: [script, '--help'] },
    ];
    for (const { label, args } of commands) {
      timeSpawn(args, cwd); // warm the file cache; the first run from disk is not what people see twice
      const samples = Array.from({ length: runs }, () => timeSpawn(args, cwd));
      const rss = Array.from({ length: memoryRuns }, () => maxRssOfSpawn(args, cwd)).filter((v): v is number => v !== undefined);
      figures.push({ label, time: summarize(samples), ...(rss.length > 0 ? { maxRss: summarize(rss).median } : {}) });
    }

    figures.push(...(await refreshAgainstBareFetch(script, wizard.emulator, runs, memoryRuns)));

    for (const [label, extra] of [
      ['wizard first question, Ink', []],
      ['wizard first question, --plain', ['--plain']],
    ] as const) {
      const args = ['--provider', 'netatmo', ...extra];
      const run = (nodeArgs: readonly string[] = [], env: Readonly<Record<string, string>> = {}) =>
        runToFirstFrame({ script, args, cwd, nodeArgs, env, waitFor: FIRST_QUESTION });
      await run();
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push((await run()).firstFrameMs);
      const rss: number[] = [];
      for (let i = 0; i < memoryRuns; i++) {
        const probe = maxRssProbe();
        try {
          await run(probe.nodeArgs, probe.env);
          const value = probe.read();
          if (value !== undefined) rss.push(value);
        } finally {
          probe.dispose();
        }
      }
      figures.push({ label, time: summarize(samples), ...(rss.length > 0 ? { maxRss: summarize(rss).median } : {}) });
    }
  } finally {
    await wizard.dispose();
  }
  return figures;
}

/**
 * Spawned without waiting synchronously: the emulator answering both runs lives in this process.
 * Both commands go through here, so the baseline is timed exactly as reauth is.
 */
function timeSpawnAsync(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${output}`));
    });
  });
}

/** A live refresh token, from a code exchange as `reauth setup` would make it (untimed). */
async function freshRefreshToken(emulator: NetatmoEmulator): Promise<{ access: string; refresh: string }> {
  const code = emulator.issueCode('https://localhost/callback');
  const response = await fetch(`${emulator.origin}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emulator.clientId, client_secret: emulator.clientSecret, code, redirect_uri: 'https://localhost/callback' }),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

/**
 * `reauth refresh` of one profile into a small .env, against what a hand-written script does:
 * `node -e "fetch(…)"` posting the same refresh grant to the same emulator and reading the JSON
 * (issue 9: reauth ≤ 1.2× that). The ratio is in the label: section 1 compares with `node -e 0`.
 */
async function refreshAgainstBareFetch(script: string, emulator: NetatmoEmulator, runs: number, memoryRuns: number): Promise<StartupFigure[]> {
  const folder = await mkdtemp(join(tmpdir(), 'reauth-bench-refresh-'));
  try {
    const urls = netatmoOverride(emulator);
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
        '      - { type: dotenv, file: .env, keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN, expires_at: NETATMO_TOKEN_EXPIRES_AT } }',
        'providers:',
        '  netatmo:',
        `    authorize_url: ${urls.authorize_url}`,
        `    token_url: ${urls.token_url}`,
        `    verify_url: ${urls.verify_url}`,
        '',
      ].join('\n'),
    );
    const pair = await freshRefreshToken(emulator);
    await writeFile(join(folder, '.env'), `# app\nNETATMO_ACCESS_TOKEN='${pair.access}'\nNETATMO_REFRESH_TOKEN='${pair.refresh}'\nNETATMO_TOKEN_EXPIRES_AT=2030-01-01T00:00:00Z\n`, { mode: 0o600 });
    // The same form reauth posts (client credentials in the body); the token comes in through the environment.
    const bareScript =
      `fetch(${JSON.stringify(urls.token_url)},{method:'POST',headers:{accept:'application/json'},body:new URLSearchParams({grant_type:'refresh_token',refresh_token:process.env.REFRESH_TOKEN,` +
      `client_id:${JSON.stringify(emulator.clientId)},client_secret:${JSON.stringify(emulator.clientSecret)}})}).then((r)=>r.json()).then((b)=>{if(!b.access_token)process.exit(1)})`;
    const bare = async (extraArgs: readonly string[] = [], env: Readonly<Record<string, string>> = {}) =>
      timeSpawnAsync([...extraArgs, '-e', bareScript], folder, { ...env, REFRESH_TOKEN: (await freshRefreshToken(emulator)).refresh });
    const reauth = (extraArgs: readonly string[] = [], env: Readonly<Record<string, string>> = {}) => timeSpawnAsync([...extraArgs, script, 'refresh', 'weather'], folder, env);

    const samples = { bare: [] as number[], reauth: [] as number[] };
    await bare();
    await reauth();
    // Interleaved, so a busy machine slows both alike.
    for (let i = 0; i < runs; i++) {
      samples.bare.push(await bare());
      samples.reauth.push(await reauth());
    }
    const rss = { bare: [] as number[], reauth: [] as number[] };
    for (let i = 0; i < memoryRuns; i++) {
      for (const [which, run] of [['bare', bare], ['reauth', reauth]] as const) {
        const probe = maxRssProbe();
        try {
          await run(probe.nodeArgs, probe.env);
          const value = probe.read();
          if (value !== undefined) rss[which].push(value);
        } finally {
          probe.dispose();
        }
      }
    }
    const bareTime = summarize(samples.bare);
    const reauthTime = summarize(samples.reauth);
    const memory = (values: number[]) => (values.length > 0 ? { maxRss: summarize(values).median } : {});
    return [
      { label: 'bare fetch: node -e "fetch(…)", same POST', time: bareTime, ...memory(rss.bare) },
      { label: `reauth refresh, 1 profile → small .env (${(reauthTime.median / bareTime.median).toFixed(2)}× bare fetch)`, time: reauthTime, ...memory(rss.reauth) },
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
