import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRate, summarize, timeRuns } from './stats.js';

describe('bench statistics', () => {
  it('reports the middle sample as the median of an odd count, and the smallest as the minimum', () => {
    expect(summarize([30, 10, 20])).toEqual({ runs: 3, median: 20, min: 10 });
  });

  it('averages the two middle samples for an even count', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ runs: 4, median: 2.5, min: 1 });
  });

  it('refuses to summarise no samples at all', () => {
    expect(() => summarize([])).toThrow(/at least one sample/);
  });

  it('times only the measured call, not the warm-up or the untimed preparation', async () => {
    const calls: string[] = [];
    const summary = await timeRuns(2, () => void calls.push('run'), { warmup: 1, prepare: () => void calls.push('prepare') });
    expect(calls).toEqual(['prepare', 'run', 'prepare', 'run', 'prepare', 'run']);
    expect(summary.runs).toBe(2);
  });

  it('prints small durations with decimals and large ones rounded', () => {
    expect([formatMs(0.314), formatMs(42.26), formatMs(1234.4)]).toEqual(['0.31 ms', '42.3 ms', '1234 ms']);
  });

  it('prints sizes and throughput in binary megabytes', () => {
    expect([formatBytes(512), formatBytes(100_000), formatBytes(3_000_000), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '100 kB', '3.0 MB', '3.1 MB']);
    expect(formatRate(2 * 1024 * 1024, 500)).toBe('4.0 MB/s');
  });
});
