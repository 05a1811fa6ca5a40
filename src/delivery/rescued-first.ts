/**
 * Rescued tokens go back first (DESIGN.md: a token reauth obtained is never lost) — but only
 * over tokens that are older (issue 8). A rescue file of a rotating service may hold the only
 * live pair, so before `refresh` spends anything it is written to every target; one that the
 * targets have outgrown (someone signed in again since) is removed instead, never applied.
 */
import type { Target } from '../targets/types.js';
import type { FieldValues } from '../tokens/token-set.js';
import { deliver, failedWrites, type TargetWrite } from './deliver.js';
import { readRefreshState, tokenId, type RefreshState } from './profile-state.js';
import { compareTimes, findRescues, removeRescue, type RescuedTokens, type RescueOwner } from './rescue-files.js';
import { storedTokens, type TargetReading } from './stored-values.js';

export type RescueOutcome =
  /** Nothing was waiting. */
  | { readonly kind: 'none' }
  /** Written to every target; its file (and older ones) are gone. */
  | { readonly kind: 'applied'; readonly path: string; readonly values: FieldValues; readonly writes: readonly TargetWrite[] }
  /** The targets hold newer tokens: the files were removed, not applied. */
  | { readonly kind: 'superseded'; readonly path: string }
  /** Some target could not take them: the rescue file stays. */
  | { readonly kind: 'failed'; readonly path: string; readonly writes: readonly TargetWrite[] };

export interface RescuedFirstRequest {
  readonly baseDir: string;
  readonly owner: RescueOwner & { readonly profile: string };
  readonly targets: readonly Target[];
  readonly readings: readonly TargetReading[];
  readonly now: () => number;
}

export async function applyRescuedFirst(request: RescuedFirstRequest): Promise<RescueOutcome> {
  const rescues = await findRescues(request.baseDir, request.owner);
  if (rescues.length === 0) return { kind: 'none' };
  const stored = storedTokens(request.readings).values;
  const record = await readRefreshState(request.baseDir, request.owner.profile);
  const live = rescues.filter((rescue) => !isOutgrown(rescue, stored, record));
  for (const rescue of rescues) if (!live.includes(rescue)) await removeRescue(rescue.path);
  const newest = live[0];
  if (!newest) return { kind: 'superseded', path: rescues[0]!.path };
  const delivery = await deliver({
    baseDir: request.baseDir,
    owner: request.owner,
    targets: request.targets,
    values: newest.values,
    obtainedAt: newest.obtainedAt,
    safetyCopy: { path: newest.path, holds: true },
    now: request.now,
  });
  if (!delivery.complete || failedWrites(delivery.writes).length > 0) return { kind: 'failed', path: newest.path, writes: delivery.writes };
  return { kind: 'applied', path: newest.path, values: newest.values, writes: delivery.writes };
}

/**
 * The ordering rule. A rescued set is outgrown when the targets hold a set obtained later:
 * known exactly when the profile's record says which set its targets received and when;
 * for targets reauth has no record of, when their access token expires later than the
 * rescued one. The same tokens are not outgrown: writing them again heals a target that
 * missed them and is a no-op elsewhere.
 */
export function isOutgrown(rescue: RescuedTokens, stored: FieldValues, record: RefreshState | undefined): boolean {
  const storedToken = stored.refresh_token ?? stored.access_token;
  const rescuedToken = rescue.values.refresh_token ?? rescue.values.access_token;
  if (!storedToken || storedToken === rescuedToken) return false;
  const delivered = record?.delivered;
  if (delivered && delivered.token_id === tokenId(storedToken)) return compareTimes(delivered.obtained_at, rescue.obtainedAt) >= 0;
  const rescuedExpiry = Date.parse(rescue.values.expires_at ?? '');
  const storedExpiry = Date.parse(stored.expires_at ?? '');
  return Number.isFinite(rescuedExpiry) && Number.isFinite(storedExpiry) && storedExpiry > rescuedExpiry;
}
