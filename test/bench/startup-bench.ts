/**
 * Start-up: what a person waits for before reauth answers, against bare node and a bundled
 * one-line Ink program (STYLE.md reference), and peak memory. Everything runs the built bundle,
 * as `npx reauth` would. Every row compared with bare node is timed the same way as bare node
 * itself (issue 9): spawned in a fresh pseudo-terminal, stopped when its text reaches the
 * terminal, runs interleaved so a busy moment of the machine slows them all alike. (Timed
 * outside a terminal, bare node looked twice as slow and every ratio too good.)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { buildInkOneLiner } from './ink-one-liner.js';
import { maxRssProbe } from './max-rss-preload.js';
import { runToFirstFrame } from './pty-first-frame.js';
import { summarize, type Summary } from './stats.js';
import { makeWizardFolder } from './wizard-folder.js';
import { BENCH_NODE } from './bench-node.js';

export interface StartupFigure {
  readonly label: string;
  readonly time: Summary;
  /** Peak resident memory in bytes, from separate runs (the probe itself costs a little time). */
  readonly maxRss?: number;
  /** Timed in a pseudo-terminal like the bare-node row, so a ratio to it means something. */
  readonly inPty?: boolean;
}

/** The first question of `reauth --provider netatmo` in both renderers (Ink: a line; plain: `? …`). */
const FIRST_QUESTION = /Netatmo client ID/;
const FIRST_QUESTION_TEXT = 'Netatmo client ID';
/** reauth's compiled-code caches off (src/main.ts), as on a first run. */
const NO_CODE_CACHE = { NODE_DISABLE_COMPILE_CACHE: '1' };

interface PtyCommand {
  readonly label: string;
  /** What goes after node's own options: a script and its arguments, or `-e CODE`. */
  readonly args: readonly string[];
  readonly waitFor: RegExp;
  readonly env?: Readonly<Record<string, string>>;
}

async function timeInPty(command: PtyCommand, cwd: string, nodeArgs: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<number> {
  const [script, ...args] = command.args;
  return (await runToFirstFrame({ script: script!, args, cwd, nodeArgs, env: { ...command.env, ...env }, waitFor: command.waitFor })).firstFrameMs;
}

async function maxRssInPty(command: PtyCommand, cwd: string): Promise<number | undefined> {
  const probe = maxRssProbe();
  try {
    await timeInPty(command, cwd, probe.nodeArgs, probe.env);
    return probe.read();
  } finally {
    probe.dispose();
  }
}

export async function benchStartup(script: string, runs: number, memoryRuns: number): Promise<StartupFigure[]> {
  const wizard = await makeWizardFolder();
  const ink = await buildInkOneLiner(FIRST_QUESTION_TEXT);
  try {
    const cwd = wizard.folder;
    const version = /^\d+\.\d+\.\d+/m;
    const commands: PtyCommand[] = [
      // The text is written so its arrival can be awaited like every other row's; that write
      // is all the -e program does beyond `node -e 0`.
      { label: 'bare node (node -e, writes one line)', args: ['-e', `process.stdout.write(${JSON.stringify(`${FIRST_QUESTION_TEXT}\n`)})`], waitFor: FIRST_QUESTION },
      { label: 'one-line Ink program, bundled', args: [ink.script], waitFor: FIRST_QUESTION },
      { label: 'reauth --version', args: [script, '--version'], waitFor: version },
      { label: 'reauth --help', args: [script, '--help'], waitFor: /^Exit codes$/m },
      { label: 'wizard first question, Ink', args: [script, '--provider', 'netatmo'], waitFor: FIRST_QUESTION },
      { label: 'wizard first question, --plain', args: [script, '--provider', 'netatmo', '--plain'], waitFor: FIRST_QUESTION },
      // What a person's very first run sees: no compiled code kept from an earlier one.
      { label: 'wizard first question, Ink, first run', args: [script, '--provider', 'netatmo'], waitFor: FIRST_QUESTION, env: NO_CODE_CACHE },
      { label: 'wizard first question, --plain, first run', args: [script, '--provider', 'netatmo', '--plain'], waitFor: FIRST_QUESTION, env: NO_CODE_CACHE },
    ];
    const samples = commands.map(() => [] as number[]);
    // One untimed round warms the file cache; the first run from disk is not what people see twice.
    for (let round = 0; round <= runs; round++) {
      for (const [i, command] of commands.entries()) {
        const ms = await timeInPty(command, cwd);
        if (round > 0) samples[i]!.push(ms);
      }
    }
    const rss = commands.map(() => [] as number[]);
    for (let round = 0; round < memoryRuns; round++) {
      for (const [i, command] of commands.entries()) {
        const value = await maxRssInPty(command, cwd);
        if (value !== undefined) rss[i]!.push(value);
      }
    }
    const figures: StartupFigure[] = commands.map((command, i) => ({
      label: command.label,
      time: summarize(samples[i]!),
      inPty: true,
      ...(rss[i]!.length > 0 ? { maxRss: summarize(rss[i]!).median } : {}),
    }));
    // After the bare-node and --help rows, before the wizard's, as the table always had them.
    figures.splice(4, 0, ...(await refreshAgainstBareFetch(script, wizard.emulator, runs, memoryRuns)));
    return figures;
  } finally {
    await Promise.all([wizard.dispose(), ink.dispose()]);
  }
}

/**
 * Spawned without waiting synchronously: the emulator answering both runs lives in this process.
 * Both commands go through here, so the baseline is timed exactly as reauth is.
 */
function timeSpawnAsync(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(BENCH_NODE, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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
