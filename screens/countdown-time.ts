/**
 * What the countdown shows, as pure functions of "milliseconds left", so the display is always
 * recomputed from the clock (no decrementing counter that drifts when timers fire late).
 */

/** Below this the countdown turns to the warning colour: time to hurry, not yet too late. */
export const warningBelowMs = 2 * 60 * 1000;

export type CountdownTone = 'calm' | 'warning' | 'expired';

/** `m:ss`, rounded up: shared with the plain renderer, which prints the same figure. */
export { formatRemaining } from '../src/flow/format-remaining.js';

export function countdownTone(msLeft: number): CountdownTone {
  if (msLeft <= 0) return 'expired';
  return msLeft < warningBelowMs ? 'warning' : 'calm';
}

/** How long until the shown second changes, so ticks land on the boundaries, not 1 s apart from an arbitrary start. */
export function msUntilNextTick(msLeft: number): number {
  return msLeft % 1000 || 1000;
}
