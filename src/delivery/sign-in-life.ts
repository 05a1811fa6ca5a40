/**
 * A sign-in through the wizard starts a new refresh-token chain: its date and hard expiry go
 * in reauth's own state (`refresh_life`), so `status` can warn before TikTok's 365 days even
 * when no target holds `refresh_expires_at`, and `refresh` never moves that date forward.
 * Only then: a target holding the expiry says it already (and a clean setup leaves no
 * .reauth folder behind), and a service with no known expiry has nothing to keep.
 */
import type { FieldValues } from '../tokens/token-set.js';
import { recordRefreshState, tokenId } from './profile-state.js';

export async function recordSignInLife(baseDir: string, profile: string, values: FieldValues, obtainedAt: string, targetsHoldExpiry: boolean): Promise<void> {
  if (!values.refresh_token || !values.refresh_expires_at || targetsHoldExpiry) return;
  await recordRefreshState(baseDir, profile, {
    refresh_life: {
      token_id: tokenId(values.refresh_token),
      issued_at: obtainedAt,
      ...(values.refresh_expires_at ? { expires_at: values.refresh_expires_at } : {}),
    },
  });
}
