/**
 * A successful token answer, in reauth's one provider-neutral shape (TokenSet). Lifetimes
 * become absolute UTC times at once, so nothing later depends on when the answer arrived.
 */
import type { ResolvedProvider } from '../providers/types.js';
import type { TokenSet } from '../tokens/token-set.js';
import { safeText } from '../system/terminal-text.js';
import { snippet } from './http.js';
import { OAuthError } from './token-errors.js';

type ResponseProvider = Pick<ResolvedProvider, 'name' | 'scopeSeparator' | 'extraTokenFields'>;

export function tokenSetFromResponse(provider: ResponseProvider, body: unknown, nowMs: number): TokenSet {
  const record = asRecord(body);
  const accessToken = record.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new OAuthError({
      kind: 'unavailable',
      message: `${provider.name} answered without an access token — not the answer a token request gets.`,
      next: 'Try again in a few minutes; if it keeps happening, check the token URL in reauth.yaml.',
    });
  }
  refuseUnknownTokenType(provider, record.token_type);
  return readTokenFields(provider, record, nowMs);
}

/**
 * Whatever tokens an answer holds, read without judging it: what the safety copy keeps before
 * the answer is interpreted (a wrong token type, an answer that also says "error"), so no
 * interpretation can lose a refresh token that the request already rotated. Undefined when
 * it holds no token at all.
 */
export function tokensInAnswer(provider: ResponseProvider, body: unknown, nowMs: number): TokenSet | undefined {
  const record = asRecord(body);
  if (!nonEmpty(record.access_token) && !nonEmpty(record.refresh_token)) return undefined;
  return readTokenFields(provider, record, nowMs);
}

/**
 * RFC 6750 Bearer is the only kind reauth can use and write (a `mac` token needs a key and a
 * signature on every request). Many servers leave `token_type` out: that is taken as Bearer.
 */
function refuseUnknownTokenType(provider: ResponseProvider, tokenType: unknown): void {
  if (tokenType === undefined || tokenType === null || tokenType === '') return;
  if (typeof tokenType === 'string' && tokenType.trim().toLowerCase() === 'bearer') return;
  const shown = snippet(safeText(String(typeof tokenType === 'string' ? tokenType : JSON.stringify(tokenType))));
  throw new OAuthError(
    {
      kind: 'config',
      message: `${provider.name} handed out a "${shown}" token, but reauth only knows Bearer tokens (the kind nearly every service uses, sent as "Authorization: Bearer …"), so it did not write it anywhere.`,
      next: `Look in the app's settings at ${provider.name} for Bearer tokens, or get this kind of token another way.`,
    },
    'unsupported_token_type',
  );
}

function asRecord(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function readTokenFields(provider: ResponseProvider, record: Record<string, unknown>, nowMs: number): TokenSet {
  // Netatmo sends both `expires_in` and its older spelling `expire_in`; either will do.
  const expiresIn = seconds(record.expires_in) ?? seconds(record.expire_in);
  const refreshExpiresIn = seconds(record.refresh_expires_in);
  const extras: Record<string, string> = {};
  for (const field of provider.extraTokenFields) {
    const value = stringify(record[field]);
    if (value !== undefined) extras[field] = value;
  }

  return {
    access_token: nonEmpty(record.access_token) ? (record.access_token as string) : '',
    ...(nonEmpty(record.refresh_token) ? { refresh_token: record.refresh_token as string } : {}),
    // No lifetime (or 0) means "unknown", not "as before": '' clears an older expiry in every
    // target, so no program reads a stale time as "this new token is dead".
    expires_at: expiresIn !== undefined ? isoUtc(nowMs + expiresIn * 1000) : '',
    ...(refreshExpiresIn !== undefined ? { refresh_expires_at: isoUtc(nowMs + refreshExpiresIn * 1000) } : {}),
    ...(nonEmpty(record.token_type) ? { token_type: record.token_type as string } : {}),
    ...scopeField(record.scope, provider.scopeSeparator),
    extras,
    obtained_at: isoUtc(nowMs),
  };
}

/** ISO 8601 UTC to the second: what lands in .env files and is compared by `reauth status`. */
export function isoUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Netatmo answers `scope` as a JSON array; others as a string. Always stored as a string. */
function scopeField(scope: unknown, separator: string): { scope?: string } {
  if (Array.isArray(scope)) {
    const joined = scope.filter((s): s is string => typeof s === 'string').join(separator);
    return joined ? { scope: joined } : {};
  }
  return typeof scope === 'string' && scope !== '' ? { scope } : {};
}

function seconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function stringify(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
