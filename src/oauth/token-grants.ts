/**
 * The token requests: code exchange, refresh, password grant, revocation. Every difference
 * between services is a preset field (parameter names, Basic auth, scope on the exchange,
 * MD5 passwords, a callback-named token server); nothing here asks which service it is.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import type { ResolvedProvider } from '../providers/types.js';
import type { TokenSet } from '../tokens/token-set.js';
import { clientAuthParts, explainEncodedBasicRefused, type ClientCredentials } from './client-auth.js';
import { UnreadableAnswerError, assertAllowedUrl, requestJson, type JsonRequest, type JsonResponse } from './http.js';
import { providerUrl } from './provider-url.js';
import { OAuthError, explainTokenError, serverWordsOf, withServerWords, type GrantContext } from './token-errors.js';
import { tokenSetFromResponse, tokensInAnswer } from './token-response.js';
import { signInExpiry } from '../tokens/refresh-expiry.js';

type GrantDeps = Pick<Deps, 'fetch' | 'now'>;

/**
 * Called with whatever tokens an answer holds the moment it arrives — before it is judged —
 * so the caller can put them in the safety copy: once a code or a rotating refresh token was
 * spent, no error in reading the answer may lose what came back (src/delivery/obtain.ts).
 */
export type AnswerKeeper = (tokens: TokenSet) => Promise<void>;

export interface GrantOptions {
  readonly onAnswer?: AnswerKeeper;
}

export interface ExchangeCodeArgs extends ClientCredentials {
  readonly code: string;
  /** Omitted from the request when undefined (Zoho Self Client codes have no redirect). */
  readonly redirectUri?: string;
  readonly codeVerifier?: string;
  readonly scopes?: readonly string[];
  /** The server the callback named (Zoho `accounts-server`); used only when trusted. */
  readonly callbackServer?: string;
}

export async function exchangeCode(provider: ResolvedProvider, args: ExchangeCodeArgs, deps: GrantDeps, options: GrantOptions = {}): Promise<TokenSet> {
  const form: Record<string, string> = { grant_type: 'authorization_code', code: args.code };
  if (args.redirectUri !== undefined) form.redirect_uri = args.redirectUri;
  if (args.codeVerifier !== undefined) form.code_verifier = args.codeVerifier;
  if (provider.scopeInCodeExchange && args.scopes && args.scopes.length > 0) form.scope = args.scopes.join(provider.scopeSeparator);
  const url = (args.callbackServer !== undefined ? trustedCallbackTokenUrl(provider, args.callbackServer) : undefined) ?? providerUrl(provider, provider.tokenUrl);
  const body = await postTokenRequest(deps, provider, url, form, args, 'code', [args.code, args.codeVerifier], options.onAnswer);
  return withSignInExpiry(provider, tokenSetFromResponse(provider, body, deps.now()));
}

export async function refreshGrant(
  provider: ResolvedProvider,
  args: ClientCredentials & { readonly refreshToken: string },
  deps: GrantDeps,
  options: GrantOptions = {},
): Promise<TokenSet> {
  const form = { grant_type: 'refresh_token', refresh_token: args.refreshToken };
  // Zoho answers a refresh without a refresh token: the old one stays valid, never blank it.
  const keepOld = (tokens: TokenSet): TokenSet => (tokens.refresh_token ? tokens : { ...tokens, refresh_token: args.refreshToken });
  const onAnswer = options.onAnswer;
  const body = await postTokenRequest(deps, provider, providerUrl(provider, provider.tokenUrl), form, args, 'refresh', [args.refreshToken], onAnswer && ((tokens) => onAnswer(keepOld(tokens))));
  return keepOld(tokenSetFromResponse(provider, body, deps.now()));
}

export async function passwordGrant(
  provider: ResolvedProvider,
  args: ClientCredentials & { readonly username: string; readonly password: string },
  deps: GrantDeps,
  options: GrantOptions = {},
): Promise<TokenSet> {
  const grant = provider.passwordGrant;
  if (!grant) throw new UserError(`${provider.name} has no account-and-password sign-in.`, 'Choose the browser sign-in instead.');
  // TTLock wants the lowercase hex MD5 of the password; it is computed in memory and never kept.
  const password = grant.passwordHash === 'md5-hex' ? createHash('md5').update(args.password, 'utf8').digest('hex') : args.password;
  const form: Record<string, string> = { [grant.usernameParam]: args.username, [grant.passwordParam]: password };
  if (grant.grantType) form.grant_type = grant.grantType;
  const body = await postTokenRequest(deps, provider, providerUrl(provider, provider.tokenUrl), form, args, 'password', [args.password, password], options.onAnswer);
  return withSignInExpiry(provider, tokenSetFromResponse(provider, body, deps.now()));
}

/**
 * A sign-in is the refresh token's first issue: where the service sends no expiry but the
 * preset knows the lifetime (TTLock's ten years), the hard date is computed from now.
 */
function withSignInExpiry(provider: Pick<ResolvedProvider, 'refreshTokenLife'>, tokens: TokenSet): TokenSet {
  if (!tokens.refresh_token) return tokens;
  const expiry = signInExpiry(provider.refreshTokenLife, tokens.refresh_expires_at, tokens.obtained_at);
  return expiry ? { ...tokens, refresh_expires_at: expiry } : tokens;
}

/** How a revoke ended when it did not fail: the token is dead either way. */
export type RevokeOutcome = 'revoked' | 'already-invalid';

/**
 * Zoho: `POST {accounts}/oauth/v2/token/revoke?token=…` frees a slot under the 20-token cap.
 * A token the service no longer knows is not a failure: RFC 7009 §2.2 answers that with
 * success, and services that answer an error instead (`invalid_token`, or the code the service
 * gives a dead refresh token at refresh, Zoho's `invalid_code`) mean the same — typically the
 * old token of a reconnect, dead already, which is why the person signed in again.
 */
export async function revokeToken(provider: ResolvedProvider, token: string, deps: Pick<Deps, 'fetch'>): Promise<RevokeOutcome> {
  if (!provider.revokeUrl) throw new UserError(`${provider.name} offers no way to revoke a token from here.`, 'Revoke it on the service’s website.');
  const url = new URL(providerUrl(provider, provider.revokeUrl));
  url.searchParams.set('token', token);
  const secrets = [token];
  const response = await requestJson(deps, { method: 'POST', url: url.toString(), form: {}, secrets });
  const problem = explainTokenError(provider, response.status, response.body, 'revoke', secrets);
  if (!problem) return 'revoked';
  if (saysTokenIsDead(provider, response.status, response.body)) return 'already-invalid';
  throw new OAuthError(problem, errorCode(response.body));
}

function saysTokenIsDead(provider: ResolvedProvider, status: number, body: unknown): boolean {
  if (status >= 500 || status === 429) return false;
  if (errorCode(body) === 'invalid_token') return true;
  return explainTokenError(provider, status, body, 'refresh')?.kind === 'sign-in-again';
}

/**
 * The token URL on the server a callback named, or undefined when that server is not one
 * the preset trusts. A client secret never goes to a host taken from pasted text
 * (PROVIDERS.md, Zoho: "only if it is a known Zoho accounts host").
 */
export function trustedCallbackTokenUrl(provider: ResolvedProvider, callbackServer: string): string | undefined {
  if (!provider.callbackServer) return undefined;
  let server: URL;
  try {
    server = assertAllowedUrl(callbackServer);
  } catch {
    return undefined;
  }
  if (server.username || server.password || server.search || server.hash) return undefined;
  const host = server.host.toLowerCase();
  const trusted = provider.callbackServer.trustedHosts.map((h) => h.toLowerCase());
  const accountsHost = hostOf(provider.vars.accounts_url);
  // assertAllowedUrl let plain http through only for loopback, so a trusted name is https.
  if (!trusted.includes(host) && host !== accountsHost) return undefined;

  const base = `${server.origin}${server.pathname.replace(/\/+$/, '')}`;
  if (provider.tokenUrl.includes('{accounts_url}')) return providerUrl(provider, provider.tokenUrl, { accounts_url: base });
  const accounts = provider.vars.accounts_url?.replace(/\/+$/, '');
  const tokenUrl = providerUrl(provider, provider.tokenUrl);
  if (accounts && tokenUrl.startsWith(accounts)) return `${base}${tokenUrl.slice(accounts.length)}`;
  return `${server.origin}${new URL(tokenUrl).pathname}`;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}


/**
 * A token request whose answer spends something (a code, a rotating refresh token, a device
 * code): any tokens it holds go to `onAnswer` first, and are judged after — an answer refused
 * later (a "mac" token, an error beside a token, a body reauth cannot read) may still carry the
 * only valid refresh token there is.
 */
export async function requestKeepingTokens(
  deps: Pick<Deps, 'fetch' | 'now'>,
  provider: ResolvedProvider,
  request: JsonRequest,
  onAnswer: AnswerKeeper | undefined,
): Promise<{ readonly response: JsonResponse; readonly held: TokenSet | undefined }> {
  let response;
  try {
    response = await requestJson(deps, request);
  } catch (error) {
    const found = error instanceof UnreadableAnswerError && onAnswer ? tokensInAnswer(provider, error.tokensFound, deps.now()) : undefined;
    if (found) await onAnswer!(found);
    throw error;
  }
  const held = onAnswer ? tokensInAnswer(provider, response.body, deps.now()) : undefined;
  if (held) await onAnswer!(held);
  return { response, held };
}
async function postTokenRequest(
  deps: Pick<Deps, 'fetch' | 'now'>,
  provider: ResolvedProvider,
  url: string,
  form: Record<string, string>,
  client: ClientCredentials,
  context: GrantContext,
  extraSecrets: readonly (string | undefined)[],
  onAnswer?: AnswerKeeper,
): Promise<unknown> {
  const { headers, form: fullForm } = withClientAuth(provider, form, client);
  const secrets = [client.clientSecret, ...extraSecrets];
  const { response, held } = await requestKeepingTokens(deps, provider, { method: 'POST', url, form: fullForm, headers, secrets }, onAnswer);
  const explanation = explainTokenError(provider, response.status, response.body, context, [...secrets, held?.access_token, held?.refresh_token]);
  if (explanation) {
    const code = errorCode(response.body);
    const basic = explainEncodedBasicRefused(provider, client, code);
    const named = basic ? withServerWords(provider, basic, serverWordsOf(provider, response.status, response.body, secrets)) : explanation;
    throw new OAuthError(named, code);
  }
  return response.body;
}

/** The form and headers with the client's credentials where the service wants them (`client_auth`). */
export function withClientAuth(
  provider: Pick<ResolvedProvider, 'clientAuth' | 'clientIdParam' | 'clientSecretParam'>,
  form: Readonly<Record<string, string>>,
  client: ClientCredentials,
): { headers: Record<string, string>; form: Record<string, string> } {
  const auth = clientAuthParts(provider, client);
  return { headers: auth.headers, form: { ...form, ...auth.form } };
}

export function errorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.error === 'string') return record.error;
  if (record.errcode !== undefined && record.errcode !== null) return String(record.errcode);
  return undefined;
}
