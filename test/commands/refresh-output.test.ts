import { describe, expect, it } from 'vitest';
import { combinedExitCode, formatWhen } from '../../src/commands/refresh-output.js';
import { duration } from '../../src/commands/status-output.js';

describe('one exit code for several profiles', () => {
  it('is 0 only when every profile is fine', () => {
    expect(combinedExitCode([])).toBe(0);
    expect(combinedExitCode([0, 0])).toBe(0);
  });

  it('puts what needs a person before what only needs time', () => {
    expect(combinedExitCode([4, 3, 0])).toBe(3);
    expect(combinedExitCode([4, 5])).toBe(5);
    expect(combinedExitCode([2, 5])).toBe(5);
    expect(combinedExitCode([4, 2])).toBe(2);
    expect(combinedExitCode([4, 1])).toBe(1);
    expect(combinedExitCode([0, 4])).toBe(4);
    expect(combinedExitCode([3, 5, 2, 1, 4])).toBe(3);
  });
});

describe('times in human output', () => {
  it('shows the clock time for today and the date for another day', () => {
    const now = new Date(2026, 2, 4, 9, 0).getTime();
    expect(formatWhen(new Date(2026, 2, 4, 14, 32).toISOString(), now)).toBe('14:32');
    expect(formatWhen(new Date(2026, 2, 5, 1, 5).toISOString(), now)).toBe('2026-03-05 01:05');
    expect(formatWhen('not a date', now)).toBe('not a date');
  });

  it('says how long in the largest unit that reads naturally', () => {
    expect(duration(45_000)).toBe('45 s');
    expect(duration(12 * 60_000)).toBe('12 min');
    expect(duration(130 * 60_000)).toBe('2 h 10 min');
    expect(duration(3 * 3600_000)).toBe('3 h');
    expect(duration(89 * 86_400_000 + 5)).toBe('89 days');
  });
});
