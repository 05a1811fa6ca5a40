/**
 * Which history lines a renderer has shown already. Both renderers print finished steps into
 * output that cannot be taken back (Ink's <Static>, the plain log). Going back drops lines from
 * the flow's history, and answering again adds them anew — maybe more than once before the
 * renderer looks again — so what is new is what differs from the lines last shown, not what
 * lies past a count of them.
 */
import type { StepSummary } from './prompt.js';

/** The same step said the same thing (`final` is the engine's note on it, not part of the line). */
function sameSummary(a: StepSummary, b: StepSummary): boolean {
  return a.stepId === b.stepId && a.label === b.label && a.value === b.value && a.failed === b.failed;
}

/** How many lines from the start `history` shares with `shown`: those are on screen already. */
export function shownPrefix(history: readonly StepSummary[], shown: readonly StepSummary[]): number {
  let n = 0;
  while (n < history.length && n < shown.length && sameSummary(history[n]!, shown[n]!)) n++;
  return n;
}
