/**
 * What reauth last did for a profile, for `reauth status` ("last refresh 12 min ago", "the
 * last refresh was refused") and for ordering token sets: when the set its targets hold was
 * obtained, so an older rescue file is never written over it. One small file per profile
 * under `.reauth/state/`, so two profiles refreshed at once never overwrite each other's
 * record. No secret goes in it: a token is identified by 12 hex digits of its SHA-256, enough
 * to tell whether the token refused last time is still the one stored.
 */
import { safeText } from '../system/terminal-text.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../system/atomic-write.js';
import { join } from 'node:path';
import { ensureReauthFolder, safeName } from './reauth-folder.js';

/**
 * `tokens-lost`: the service answered but the tokens could be neither written nor kept;
 * `interrupted`: a signal stopped the run (the tokens, if any came, are in a rescue file).
 */
export type RefreshResultKind = 'ok' | 'sign-in-again' | 'unavailable' | 'write-failed' | 'config' | 'bug' | 'tokens-lost' | 'interrupted';

export interface RefreshState {
  /** ISO 8601 UTC of the last refresh that wrote every target. */
  readonly last_refresh_at?: string;
  readonly last_attempt_at?: string;
  readonly last_result?: RefreshResultKind;
  /** The plain sentence of the last failure (already free of secrets). */
  readonly last_message?: string;
  /** tokenId() of the refresh token the last attempt used or stored. */
  readonly refresh_token_id?: string;
  /**
   * The stored refresh token's hard-expiry facts, for the token `token_id` names (a refresh
   * that rotates it carries them on; a token stored by hand matches nothing and is ignored).
   * `issued_at`: the first sign-in of its chain — a refresh never moves it (TikTok's refresh
   * token dies 365 days after it, refreshed or not). `expires_at`: the hard expiry as last
   * known, for targets that have no key for it.
   */
  readonly refresh_life?: RefreshLife;
  /** The set every target received last (wizard or refresh): when it was obtained, and its tokenId(). */
  readonly delivered?: {
    readonly obtained_at: string;
    readonly token_id: string;
    /** The set came without a refresh token (the service issued none at sign-in). */
    readonly no_refresh_token?: true;
  };
}

export interface RefreshLife {
  readonly token_id: string;
  readonly issued_at?: string;
  readonly expires_at?: string;
}

/** The hard-expiry facts of `refreshToken`, when the state has them for that very token. */
export function refreshLifeOf(state: RefreshState | undefined, refreshToken: string | undefined): RefreshLife | undefined {
  const life = state?.refresh_life;
  return life && refreshToken && life.token_id === tokenId(refreshToken) ? life : undefined;
}

export function tokenId(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12);
}

function statePath(baseDir: string, profile: string): string {
  return join(baseDir, '.reauth', 'state', `${safeName(profile)}.json`);
}

export async function readRefreshState(baseDir: string, profile: string): Promise<RefreshState | undefined> {
  try {
    const parsed = JSON.parse(await readFile(statePath(baseDir, profile), 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return withSafeMessage(parsed as RefreshState);
  } catch {
    return undefined;
  }
}

/** The one text field that quotes the outside world: no escape sequence is stored or shown back. */
function withSafeMessage(state: RefreshState): RefreshState {
  return typeof state.last_message === 'string' ? { ...state, last_message: safeText(state.last_message) } : state;
}

/**
 * Best effort: a refresh that worked must not fail because its record could not be written.
 * Without it `status` knows less, and ordering falls back to comparing expiry times.
 */
export async function recordRefreshState(baseDir: string, profile: string, update: RefreshState): Promise<void> {
  try {
    const before = (await readRefreshState(baseDir, profile)) ?? {};
    const next: RefreshState = withSafeMessage({ ...before, ...update });
    if (update.last_result === 'ok') delete (next as { last_message?: string }).last_message;
    await ensureReauthFolder(baseDir, 'state');
    await writeFileAtomically(statePath(baseDir, profile), `${JSON.stringify(next, null, 2)}\n`, { backup: false });
  } catch {
    // See above: nothing is lost with it.
  }
}

/** Every target of `profile` now holds the set obtained at `delivered.obtained_at`. */
export async function recordDelivered(baseDir: string, profile: string, delivered: NonNullable<RefreshState['delivered']>): Promise<void> {
  await recordRefreshState(baseDir, profile, { delivered });
}

/**
 * A new profile saved after its sign-in brought no refresh token: its targets were written
 * before it had a name, so the record `deliver` keeps is made here, saying there was none.
 */
export async function recordNoRefreshToken(baseDir: string, profile: string, obtainedAt: string, accessToken: string): Promise<void> {
  await recordRefreshState(baseDir, profile, { delivered: { obtained_at: obtainedAt, token_id: tokenId(accessToken), no_refresh_token: true } });
}
