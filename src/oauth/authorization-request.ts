/**
 * The sign-in link: everything a service needs to show its consent page and send the person
 * back with a code. Which parameter carries the client id, how scopes are joined and which
 * extras are sent are all preset fields (TikTok's `client_key`, Zoho's `prompt=consent`).
 */
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import type { ResolvedProvider } from '../providers/types.js';
import { base64Url, createPkce } from './pkce.js';
import { providerUrl } from './provider-url.js';

export interface AuthorizationRequest {
  /** The whole link, to print on its own line, open and copy. */
  readonly url: string;
  /** Checked against the `state` that comes back (parse-pasted-callback.ts, loopback-catch.ts). */
  readonly state: string;
  /** Kept in memory for the code exchange; absent when the service uses no PKCE. */
  readonly codeVerifier?: string;
}

/** 32 bytes = 256 bits, comfortably above the 128 bits a guessable-state attack would need. */
const STATE_BYTES = 32;

export function createAuthorizationRequest(
  provider: ResolvedProvider,
  args: { clientId: string; redirectUri: string; scopes: readonly string[] },
  deps: Pick<Deps, 'randomBytes'>,
): AuthorizationRequest {
  if (!provider.authorizeUrl) {
    throw new UserError(
      `${provider.name} has no browser sign-in, so there is no link to open.`,
      provider.flows.includes('password') ? 'Choose the account-and-password sign-in instead.' : 'Choose another way to sign in.',
    );
  }
  const url = new URL(providerUrl(provider, provider.authorizeUrl));
  const state = base64Url(deps.randomBytes(STATE_BYTES));
  const pkce = createPkce(provider.pkce, deps.randomBytes);

  const params: [string, string][] = [
    ['response_type', 'code'],
    [provider.clientIdParam, args.clientId],
    ['redirect_uri', args.redirectUri],
  ];
  if (args.scopes.length > 0) params.push(['scope', args.scopes.join(provider.scopeSeparator)]);
  params.push(['state', state]);
  if (pkce) params.push(['code_challenge', pkce.challenge], ['code_challenge_method', pkce.method]);

  // The preset's extras may not replace what this sign-in depends on (state, PKCE, client id).
  const reserved = new Set(params.map(([name]) => name));
  for (const [name, value] of Object.entries(provider.authorizeParams ?? {})) {
    if (!reserved.has(name)) params.push([name, value]);
  }

  for (const [name] of params) url.searchParams.delete(name);
  const existing = url.search.length > 1 ? `${url.search.slice(1)}&` : '';
  url.search = `?${existing}${params.map(([name, value]) => `${encodeQuery(name)}=${encodeQuery(value)}`).join('&')}`;

  return pkce ? { url: url.toString(), state, codeVerifier: pkce.verifier } : { url: url.toString(), state };
}

/**
 * Spaces as %20 rather than `+` (some servers do not read `+` as a space in a query), commas
 * left readable: the person sees this link whole, and `scope=a,b` is what TikTok and Zoho show.
 */
function encodeQuery(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',');
}
