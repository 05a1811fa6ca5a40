/**
 * Repetition and summary for the bench. Median and minimum only: on a shared or busy machine
 * the mean is dragged by one slow outlier, the minimum shows what the code can do and the
 * median what a person typically gets.
 */

export interface Summary {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { runs: sorted.length, median, min: sorted[0] as number };
}

/**
 * Times `run` (milliseconds, via performance.now) `runs` times after `warmup` untimed calls.
 * `prepare` runs before each call, untimed, for work that must not be counted (fresh files).
 */
export async function timeRuns(
  runs: number,
  run: () => unknown | Promise<unknown>,
  options: { readonly warmup?: number; readonly prepare?: () => unknown | Promise<unknown> } = {},
): Promise<Summary> {
  for (let i = 0; i < (options.warmup ?? 0); i++) {
    await options.prepare?.();
    await run();
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await options.prepare?.();
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** `12.3 ms` with a precision that suits the size: sub-millisecond figures keep two decimals. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) < 10) return `${ms.toFixed(2)} ms`;
  if (Math.abs(ms) < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** Decimal units (MB = 10⁶ bytes), as issue 9's targets are written. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** Throughput in MiB/s of `bytes` handled in `ms`. */
export function formatRate(bytes: number, ms: number): string {
  if (ms <= 0) return '—';
  return `${(bytes / (1024 * 1024) / (ms / 1000)).toFixed(1)} MB/s`;
}
