/**
 * Start-up: what a person waits for before reauth answers, against bare `node -e 0` (STYLE.md
 * reference: ~25 ms bare node, ~140 ms for a bundled one-line Ink program), and peak memory.
 * Everything runs the built bundle, as `npx reauth` would.
 */
import { spawnSync } from 'node:child_process';
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
