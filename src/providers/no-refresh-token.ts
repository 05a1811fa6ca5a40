/**
 * A sign-in that brought no refresh token: reauth cannot renew the access token by itself.
 * Said plainly by the wizard, `status` and `refresh` alike, with the way most services are
 * asked for one — instead of "run setup", which would repeat the same sign-in.
 */
import { shellQuote } from '../shell-quote.js';
import type { ResolvedProvider } from './types.js';

type Described = Pick<ResolvedProvider, 'id' | 'name' | 'defaultScopes' | 'authorizeParams'>;

/** What usually makes this service issue one, given what the profile already asks for. */
export function noRefreshTokenFix(provider: Described, again = '`reauth setup`'): string {
  const where = `under providers.${provider.id} in reauth.yaml`;
  const scopes = provider.defaultScopes;
  const params = provider.authorizeParams ?? {};
  if (!scopes.includes('offline_access') && params.access_type === undefined) {
    return (
      `Most services issue one only when asked: add offline_access to scopes: and prompt: consent under authorize_params: ${where} (OpenID Connect services), ` +
      `or access_type: offline with prompt: consent (Google-style services); then sign in again with ${again}.`
    );
  }
  if (params.prompt === undefined) {
    return `Many services issue one only on a consent screen: add prompt: consent under authorize_params: ${where}, then sign in again with ${again}.`;
  }
  return `The sign-in already asks for one, so the app itself may not be allowed refresh tokens: enable the refresh_token grant where the app is registered, then sign in again with ${again}.`;
}

/** The sentences, with when the access token stops working (`expiresAt` already formatted). */
export function noRefreshTokenLines(provider: Described, profile: string | undefined, expiresAt: string | undefined): { message: string; next: string } {
  const until = expiresAt ? `when it expires (${expiresAt})` : 'when it expires (the service did not say when)';
  const again = profile ? `\`reauth setup ${shellQuote(profile)}\`` : '`reauth setup`';
  return {
    // What happened and when it bites; signing in again is the next step's to say (once).
    message: `${provider.name} issued no refresh token at the last sign-in, so reauth cannot renew the access token by itself: it stops working ${until}.`,
    next: noRefreshTokenFix(provider, again),
  };
}
