import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Ink colours through chalk, which reads FORCE_COLOR once when it loads: set it before any import.
const previousForceColor = vi.hoisted(() => {
  const previous = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  return previous;
});
afterAll(() => {
  if (previousForceColor === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = previousForceColor;
});

import { Countdown } from '../../screens/countdown.js';
import { countdownTone, formatRemaining, msUntilNextTick } from '../../screens/countdown-time.js';
import { renderInAct, update } from './ink-harness.js';

const yellow = '\u001B[33m';
const red = '\u001B[31m';
const start = new Date('2030-01-01T10:00:00Z').getTime();

describe('countdown time', () => {
  it('formats m:ss rounded up, so 0:00 only shows once expired', () => {
    expect(formatRemaining(600_000)).toBe('10:00');
    expect(formatRemaining(539_000)).toBe('8:59');
    expect(formatRemaining(1)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-5_000)).toBe('0:00');
  });

  it('is calm above 2:00, a warning below it and expired at zero', () => {
    expect(countdownTone(120_000)).toBe('calm');
    expect(countdownTone(119_999)).toBe('warning');
    expect(countdownTone(0)).toBe('expired');
  });

  it('schedules the next tick for when the shown second changes', () => {
    expect(msUntilNextTick(599_500)).toBe(500);
    expect(msUntilNextTick(599_000)).toBe(1000);
  });
});

describe('countdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(start);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts down from the clock: 10:00, then 8:59 after 61 seconds', async () => {
    const screen = await renderInAct(<Countdown deadline={start + 600_000} />);
    expect(screen.lastFrame()).toContain('Code expires in 10:00');
    await update(() => vi.advanceTimersByTime(61_000));
    expect(screen.lastFrame()).toContain('Code expires in 8:59');
  });

  it('follows the clock, not a counter, when time jumps (a laptop waking from sleep)', async () => {
    const screen = await renderInAct(<Countdown deadline={start + 600_000} />);
    // The clock moves 5 minutes while only one second of timers runs.
    vi.setSystemTime(start + 300_000);
    await update(() => vi.advanceTimersByTime(1_000));
    expect(screen.lastFrame()).toContain('Code expires in 4:59');
  });

  it('turns yellow under 2:00 and not before', async () => {
    const screen = await renderInAct(<Countdown deadline={start + 121_000} />);
    expect(screen.lastFrame()).toContain('2:01');
    expect(screen.lastFrame()).not.toContain(yellow);
    await update(() => vi.advanceTimersByTime(2_000));
    expect(screen.lastFrame()).toContain('1:59');
    expect(screen.lastFrame()).toContain(`${yellow}Code expires in 1:59`);
  });

  it('says the code expired, in red, with what to do, at zero', async () => {
    const screen = await renderInAct(<Countdown deadline={start + 3_000} expiredAction="press Enter for a fresh link" />);
    await update(() => vi.advanceTimersByTime(3_000));
    const frame = screen.lastFrame();
    expect(frame).toContain(red);
    expect(frame).toContain('The code has expired');
    expect(frame).toContain('press Enter for a fresh link');
  });

  it('says when the lifetime is only assumed', async () => {
    const screen = await renderInAct(<Countdown deadline={start + 600_000} assumed />);
    expect(screen.lastFrame()).toContain('(assumed — the service does not document it)');
  });

  it('restarts from a new deadline when the flow issues a fresh link', async () => {
    const screen = await renderInAct(<Countdown deadline={start + 1_000} />);
    await update(() => vi.advanceTimersByTime(2_000));
    expect(screen.lastFrame()).toContain('expired');
    await screen.rerender(<Countdown deadline={Date.now() + 600_000} />);
    expect(screen.lastFrame()).toContain('Code expires in 10:00');
    await update(() => vi.advanceTimersByTime(1_000));
    expect(screen.lastFrame()).toContain('Code expires in 9:59');
  });
});
