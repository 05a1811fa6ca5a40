/**
 * Rescued tokens go back first (DESIGN.md: a token reauth obtained is never lost). A rescue
 * file holds the newest tokens reauth ever got for the profile — with a rotating service the
 * only live ones — so before a refresh spends anything they are written to every target, and
 * only then is the file removed. Exported for `reauth setup` to do the same before it signs in.
 */
import type { Target } from '../targets/types.js';
import { findRescues, removeRescue, type RescuedTokens } from '../tokens/rescue.js';
import type { FieldValues } from '../tokens/token-set.js';
import { storedTokens, type TargetReading } from './refresh-sources.js';
import { failedWrites, writeEveryTarget, type TargetWrite } from './refresh-write.js';

export type RescueOutcome =
  /** Nothing was waiting. */
  | { readonly kind: 'none' }
  /** Written to every target; the rescue files are gone. */
  | { readonly kind: 'applied'; readonly path: string; readonly values: FieldValues; readonly writes: readonly TargetWrite[] }
  /** The targets hold newer tokens (someone signed in again since): the files were removed. */
  | { readonly kind: 'superseded'; readonly path: string }
  /** Some target could not take them: the rescue file stays. */
  | { readonly kind: 'failed'; readonly path: string; readonly writes: readonly TargetWrite[] };

export async function applyRescuedTokens(baseDir: string, profile: string, targets: readonly Target[], readings: readonly TargetReading[]): Promise<RescueOutcome> {
  const rescues = await findRescues(baseDir, profile);
  const newest = rescues[0];
  if (!newest) return { kind: 'none' };
  const stored = storedTokens(readings).values;
  if (isSuperseded(newest, stored)) {
    await removeAll(rescues);
    return { kind: 'superseded', path: newest.path };
  }
  const writes = await writeEveryTarget(targets, newest.values);
  if (failedWrites(writes).length > 0) return { kind: 'failed', path: newest.path, writes };
  await removeAll(rescues);
  return { kind: 'applied', path: newest.path, values: newest.values, writes };
}

/**
 * The targets are newer than the rescue when their access token expires later than the rescued
 * one: someone signed in again after the rescue was written. (Equal values are written anyway:
 * that is a no-op where a target already has them and heals the one that failed.)
 */
function isSuperseded(rescue: RescuedTokens, stored: FieldValues): boolean {
  const rescuedExpiry = Date.parse(rescue.values.expires_at ?? '');
  const storedExpiry = Date.parse(stored.expires_at ?? '');
  return Number.isFinite(rescuedExpiry) && Number.isFinite(storedExpiry) && storedExpiry > rescuedExpiry;
}

async function removeAll(rescues: readonly RescuedTokens[]): Promise<void> {
  for (const rescue of rescues) await removeRescue(rescue.path);
}
