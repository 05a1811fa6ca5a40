/**
 * Writer time on large files: the whole read → plan → apply of a file target (createTarget),
 * as `reauth refresh` does it, in a real temp folder. Each run starts from the original file
 * (rewritten untimed), so every run is an update of three keys plus the atomic write and .bak.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../src/deps.js';
import { createTarget } from '../../src/targets/create-target.js';
import type { FieldValues } from '../../src/tokens/token-set.js';
import type { LargeFile } from './large-files.js';
import { summarize, type Summary } from './stats.js';

export interface WriterFigure {
  readonly label: string;
  readonly bytes: number;
  readonly read: Summary;
  readonly plan: Summary;
  readonly apply: Summary;
  readonly total: Summary;
}

/** File targets never reach deps; a call would mean the bench measures something else. */
function fileOnlyDeps(): Deps {
  const unused = (): never => {
    throw new Error('file targets must not use deps');
  };
  return { fetch: unused, now: () => Date.now(), randomBytes: unused, env: {}, platform: process.platform, openUrl: unused, copyText: unused, runCommand: unused };
}

function freshValues(run: number): FieldValues {
  const serial = String(run + 1).padStart(4, '0');
  return {
    access_token: `fake-netatmo-access-${serial}|bench`,
    refresh_token: `fake-netatmo-refresh-${serial}|bench`,
    expires_at: new Date(Date.UTC(2030, 0, 1, 3, 0, run)).toISOString().replace('.000', ''),
  };
}

export async function benchWriter(file: LargeFile, runs: number, warmup: number): Promise<WriterFigure> {
  const folder = await mkdtemp(join(tmpdir(), 'reauth-bench-writer-'));
  const path = join(folder, file.fileName);
  const ctx = { baseDir: folder, deps: fileOnlyDeps() };
  const samples = { read: [] as number[], plan: [] as number[], apply: [] as number[], total: [] as number[] };
  try {
    for (let run = 0; run < warmup + runs; run++) {
      await writeFile(path, file.text);
      const values = freshValues(run);
      const t0 = performance.now();
      const target = createTarget(file.spec, ctx);
      await target.read();
      const t1 = performance.now();
      const plan = await target.plan(values);
      const t2 = performance.now();
      await target.apply(plan);
      const t3 = performance.now();
      if (plan.changes.length !== 3) throw new Error(`${file.label}: expected 3 planned changes, got ${plan.changes.length}`);
      if (!(await readFile(path, 'utf8')).includes(values.refresh_token as string)) throw new Error(`${file.label}: the new refresh token was not written`);
      if (run < warmup) continue;
      samples.read.push(t1 - t0);
      samples.plan.push(t2 - t1);
      samples.apply.push(t3 - t2);
      samples.total.push(t3 - t0);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return {
    label: file.label,
    bytes: Buffer.byteLength(file.text),
    read: summarize(samples.read),
    plan: summarize(samples.plan),
    apply: summarize(samples.apply),
    total: summarize(samples.total),
  };
}
