/**
 * Writing one set of values to every target of a profile. Each target is planned and applied
 * on its own, so one that fails (Heroku down, a file changed on disk) does not stop the others;
 * the caller keeps the values in a rescue file when any failed.
 */
import { UserError } from '../errors.js';
import type { Target } from '../targets/types.js';
import type { FieldValues } from '../tokens/token-set.js';

export type TargetWrite =
  | { readonly label: string; readonly ok: true; readonly summary: string }
  | { readonly label: string; readonly ok: false; readonly error: string; readonly next?: string };

export async function writeEveryTarget(targets: readonly Target[], values: FieldValues): Promise<TargetWrite[]> {
  const results: TargetWrite[] = [];
  for (const target of targets) {
    try {
      const plan = await target.plan(values);
      const applied = await target.apply(plan);
      results.push({ label: target.label, ok: true, summary: applied.summary });
    } catch (error) {
      results.push({
        label: target.label,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof UserError && error.nextStep ? { next: error.nextStep } : {}),
      });
    }
  }
  return results;
}

export function failedWrites(results: readonly TargetWrite[]): Extract<TargetWrite, { ok: false }>[] {
  return results.filter((r): r is Extract<TargetWrite, { ok: false }> => !r.ok);
}
