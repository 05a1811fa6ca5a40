/**
 * A successful token answer, in reauth's one provider-neutral shape (TokenSet). Lifetimes
 * become absolute UTC times at once, so nothing later depends on when the answer arrived.
 */
import type { ResolvedProvider } from '../providers/types.js';
import type { TokenSet } from '../tokens/token-set.js';
import { OAuthError } from './token-errors.js';

type ResponseProvider = Pick<ResolvedProvider, 'name' | 'scopeSeparator' | 'extraTokenFields'>;

export function tokenSetFromResponse(provider: ResponseProvider, body: unknown, nowMs: number): TokenSet {
  const record = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const accessToken = record.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new OAuthError({
      kind: 'unavailable',
      message: `${provider.name} answered without an access token — not the answer a token request gets.`,
      next: 'Try again in a few minutes; if it keeps happening, check the token URL in reauth.yaml.',
    });
  }

  // Netatmo sends both `expires_in` and its older spelling `expire_in`; either will do.
  const expiresIn = seconds(record.expires_in) ?? seconds(record.expire_in);
  const refreshExpiresIn = seconds(record.refresh_expires_in);
  const extras: Record<string, string> = {};
  for (const field of provider.extraTokenFields) {
    const value = stringify(record[field]);
    if (value !== undefined) extras[field] = value;
  }

  return {
    access_token: accessToken,
    ...(nonEmpty(record.refresh_token) ? { refresh_token: record.refresh_token as string } : {}),
    ...(expiresIn !== undefined ? { expires_at: isoUtc(nowMs + expiresIn * 1000) } : {}),
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
