import { useEffect, useState } from 'react';
import { msUntilNextTick } from './countdown-time.js';

/**
 * Milliseconds until `deadline`, re-read from the clock each time the shown second changes.
 * Each tick asks the clock again instead of subtracting 1 s, so a late timer (a busy event loop,
 * a laptop waking from sleep) never leaves the countdown behind the truth.
 */
export function useMsLeft(deadline: number, now: () => number = Date.now): number {
  const [current, setCurrent] = useState(now);

  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      const time = now();
      setCurrent(time);
      const left = deadline - time;
      if (left > 0) timer = setTimeout(tick, msUntilNextTick(left));
    };
    tick();
    return () => clearTimeout(timer);
  }, [deadline, now]);

  return deadline - current;
}
