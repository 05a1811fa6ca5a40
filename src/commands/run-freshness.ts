/**
 * `reauth run`: does the stored access token need a refresh before the command starts?
 * Decided from what the targets hold (as `reauth status` reads it), without asking the service.
 */
import type { FieldValues } from '../tokens/token-set.js';

export type AccessState = 'fresh' | 'expiring' | 'expired' | 'unknown' | 'missing';

export interface Freshness {
  readonly state: AccessState;
  /** Whether to refresh before running. */
  readonly refresh: boolean;
}

/**
 * - `fresh`: more than `marginMs` left — run at once, nothing spent.
 * - `expiring` (inside the margin), `expired`, `missing`: refresh first.
 * - `unknown` (no parseable expires_at): refresh when a refresh token is stored — reauth cannot
 *   tell a live token from a dead one, and a refresh is what avoids the stale-token 403; with
 *   no refresh token there is nothing to refresh with, so the command runs with what is stored.
 */
export function accessFreshness(values: FieldValues, nowMs: number, marginMs: number): Freshness {
  if (!values.access_token) return { state: 'missing', refresh: true };
  const expires = Date.parse(values.expires_at ?? '');
  if (!Number.isFinite(expires)) return { state: 'unknown', refresh: !!values.refresh_token };
  if (expires <= nowMs) return { state: 'expired', refresh: true };
  if (expires - nowMs <= marginMs) return { state: 'expiring', refresh: true };
  return { state: 'fresh', refresh: false };
}
