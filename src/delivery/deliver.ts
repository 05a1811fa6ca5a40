/**
 * The one way tokens reach their targets — for the wizard, `setup PROFILE` and `refresh`
 * alike (issue 8): plan every target → apply each (one failing does not stop the others, and
 * neither does a stop signal: a program must not be left reading a pair the service has
 * already killed, while the writes take moments) → settle:
 *   - every target written: the safety copy goes, older rescue files of the same owner are
 *     superseded, and the profile's record says which set its targets hold and when it was
 *     obtained;
 *   - otherwise: the tokens stay in (or go to) a safety copy, whose path is returned;
 *   - and when not even that can be written, the result says the tokens are lost.
 */
import { UserError } from '../errors.js';
import type { Target, TargetPlan } from '../targets/types.js';
import type { FieldValues } from '../tokens/token-set.js';
import { recordDelivered, tokenId } from './profile-state.js';
import { describeFsError } from '../system/fs-failure.js';
import { keepTokens, markRescueLost, removeRescue, removeSuperseded, type RescueOwner, type SafetyCopy } from './rescue-files.js';

export type TargetWrite =
  | {
      readonly label: string;
      readonly ok: true;
      readonly summary: string;
      /** The plan's warnings (a duplicate key, a folder others may write to): the preview showed them, unattended runs say them here. */
      readonly warnings?: readonly string[];
    }
  | { readonly label: string; readonly ok: false; readonly error: string; readonly next?: string };

export interface DeliveryRequest {
  /** reauth.yaml's folder: where `.reauth/` is. */
  readonly baseDir: string;
  readonly owner: RescueOwner;
  readonly targets: readonly Target[];
  readonly values: FieldValues;
  /** ISO 8601 UTC: when the service handed out `values`. */
  readonly obtainedAt: string;
  /** The plans the person saw in the preview (same order as targets); planned here when absent. */
  readonly plans?: readonly TargetPlan[];
  /** The safety copy reserved when `values` were obtained. */
  readonly safetyCopy?: SafetyCopy;
  readonly now: () => number;
}

export interface Delivery {
  readonly writes: readonly TargetWrite[];
  /** Every target holds the values. */
  readonly complete: boolean;
  /** Not complete: where the values are kept. */
  readonly rescuePath?: string;
  /** Not complete, and no safety copy could be written: why. The tokens are gone. */
  readonly lost?: string;
  /** Older rescue files of the same owner that this delivery made obsolete (removed). */
  readonly superseded: readonly string[];
}

/** Plans for every target; the first that cannot be planned (unparseable, unreadable) throws, nothing written. */
export async function planDelivery(targets: readonly Target[], values: FieldValues): Promise<TargetPlan[]> {
  const plans: TargetPlan[] = [];
  for (const target of targets) plans.push(await target.plan(values));
  return plans;
}

export async function deliver(request: DeliveryRequest): Promise<Delivery> {
  const writes: TargetWrite[] = [];
  for (const [i, target] of request.targets.entries()) {
    try {
      const plan = request.plans?.[i] ?? (await target.plan(request.values));
      const applied = await target.apply(plan);
      writes.push({ label: target.label, ok: true, summary: applied.summary, ...(plan.warnings.length > 0 ? { warnings: plan.warnings } : {}) });
    } catch (error) {
      writes.push({
        label: target.label,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof UserError && error.nextStep ? { next: error.nextStep } : {}),
      });
    }
  }
  return settle(request, writes);
}

async function settle(request: DeliveryRequest, writes: readonly TargetWrite[]): Promise<Delivery> {
  const complete = writes.length === request.targets.length && writes.every((w) => w.ok);
  const safety = request.safetyCopy;
  if (complete) {
    if (safety) await removeRescue(safety.path);
    const superseded = await removeSuperseded(request.baseDir, request.owner, request.obtainedAt).catch(() => []);
    const token = request.values.refresh_token ?? request.values.access_token;
    if (request.owner.profile && token) {
      await recordDelivered(request.baseDir, request.owner.profile, {
        obtained_at: request.obtainedAt,
        token_id: tokenId(token),
        ...(request.values.refresh_token ? {} : { no_refresh_token: true as const }),
      });
    }
    return { writes, complete, superseded };
  }
  if (safety?.holds) return { writes, complete, superseded: [], rescuePath: safety.path };
  try {
    const rescuePath = await keepTokens(request.baseDir, request.owner, request.values, request.obtainedAt, request.now());
    if (safety) await removeRescue(safety.path);
    return { writes, complete, superseded: [], rescuePath };
  } catch (error) {
    if (safety) await markRescueLost(safety.path, request.obtainedAt);
    return { writes, complete, superseded: [], lost: describeFsError(error) };
  }
}

export function failedWrites(writes: readonly TargetWrite[]): Extract<TargetWrite, { ok: false }>[] {
  return writes.filter((w): w is Extract<TargetWrite, { ok: false }> => !w.ok);
}
