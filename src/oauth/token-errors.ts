/**
 * Turns a token endpoint's refusal into one plain sentence and a way forward. How a service
 * says "no" is a preset field: RFC 6749 `error` (Zoho and TikTok also with HTTP 200) or
 * TTLock's `errcode` (always HTTP 200). Never trust the status alone.
 */
import { ExitCode, UserError, type ExitCodeValue } from '../errors.js';
import type { ErrorExplanation, ErrorKind, ResolvedProvider } from '../providers/types.js';
import { safeText } from '../system/terminal-text.js';
import { snippet } from './http.js';

/** Which request failed: the same code means different things (Netatmo `invalid_grant`). */
export type GrantContext = 'code' | 'refresh' | 'password' | 'revoke';

export class OAuthError extends UserError {
  /** The service's own error code (`invalid_grant`, `10004`), when it sent one: outside text too. */
  readonly code?: string;
  constructor(
    readonly explanation: ErrorExplanation,
    code?: string,
  ) {
    super(explanation.message, explanation.next, exitCodeFor(explanation.kind));
    if (code !== undefined) this.code = safeText(code);
  }
}

export function exitCodeFor(kind: ErrorKind): ExitCodeValue {
  if (kind === 'sign-in-again') return ExitCode.signInAgain;
  if (kind === 'unavailable') return ExitCode.unavailable;
  return ExitCode.usage;
}

type ErrorProvider = Pick<ResolvedProvider, 'name' | 'errorShape' | 'tokenErrors'> & Partial<Pick<ResolvedProvider, 'refreshRejectedHint'>>;

interface ServiceError {
  readonly code: string;
  readonly description?: string;
  /** RFC 6749 §5.2 `error_uri`: a page about the error. */
  readonly uri?: string;
}

/**
 * The explanation of a failed token request, or undefined when the answer is not an error.
 * The service's own `error_description` and `error_uri` always go with reauth's explanation —
 * "client authentication failed" may be the one clue — sanitised, shortened, and with
 * `secrets` and any token value redacted (services echo what they got).
 */
export function explainTokenError(
  provider: ErrorProvider,
  status: number,
  body: unknown,
  context?: GrantContext,
  secrets: readonly (string | undefined)[] = [],
): ErrorExplanation | undefined {
  const found = readServiceError(provider.errorShape, body) ?? (status >= 400 ? readServiceError('oauth', body) : undefined);
  if (found) {
    const known = lookUp(provider.tokenErrors, found.code, context) ?? lookUp(rfc6749Errors(provider.name), found.code, context);
    if (known) {
      const hinted = context === 'refresh' ? explainRefreshRejected(provider, known) : known;
      return withServerWords(provider, hinted, serverWords(provider.name, found, secrets));
    }
  }
  if (status >= 500 || status === 429) {
    return {
      kind: 'unavailable',
      message: `${provider.name} is having trouble right now (HTTP ${status}${found ? `, ${quote(found, secrets)}` : ''}).${moreAt(found, secrets)}`,
      next: 'Try again in a few minutes.',
    };
  }
  if (found) {
    return {
      kind: context === 'password' ? 'credentials' : 'config',
      message: `${provider.name} refused the request: ${quote(found, secrets)}.${moreAt(found, secrets)}`,
      next: 'Check the app’s client ID, secret and settings on the service’s developer site; if they are right, sign in again.',
    };
  }
  if (status >= 400) {
    return {
      kind: 'config',
      message: `${provider.name} refused the request (HTTP ${status}) without saying why.`,
      next: 'Check the client ID and secret and the token URL, then try again.',
    };
  }
  return undefined;
}

/**
 * What the service itself said about an error answer (`error_description`, `error_uri`), as one
 * sentence to put beside an explanation reauth composed elsewhere (client-auth's Basic hint).
 */
export function serverWordsOf(provider: Pick<ResolvedProvider, 'name' | 'errorShape'>, status: number, body: unknown, secrets: readonly (string | undefined)[] = []): string | undefined {
  const found = readServiceError(provider.errorShape, body) ?? (status >= 400 ? readServiceError('oauth', body) : undefined);
  return found ? serverWords(provider.name, found, secrets) : undefined;
}

/**
 * `explanation` with the service's words added after it, whole: a quotation is never cut into
 * sentences (that could leave half a quote), and it is the service's, not a repeat of reauth's.
 */
export function withServerWords(_provider: Pick<ResolvedProvider, 'name'>, explanation: ErrorExplanation, words: string | undefined): ErrorExplanation {
  if (!words || explanation.message.includes(words)) return explanation;
  return { ...explanation, message: `${explanation.message} ${words}` };
}

/**
 * A refresh token being rejected almost always has a service-specific cause (Netatmo: another
 * program refreshed the same pair), so the preset's hint goes with the sentence — minus any
 * sentence the explanation already says (a hint that restates it, or repeats the next step).
 */
export function explainRefreshRejected(provider: Partial<Pick<ResolvedProvider, 'name' | 'refreshRejectedHint'>>, explanation: ErrorExplanation): ErrorExplanation {
  if (explanation.kind !== 'sign-in-again' || !provider.refreshRejectedHint) return explanation;
  return { ...explanation, message: joinSentences(provider.name, [explanation.message, provider.refreshRejectedHint], explanation.next) };
}

/**
 * The sentences of `parts`, each once: a sentence already said (in an earlier part, or in
 * `next`, which is shown right below) is left out. Sentences are compared without case,
 * punctuation, and with the service's name read as "the service" — a preset's hint that says
 * "My API no longer accepts…" repeats "The service no longer accepts…".
 */
export function joinSentences(serviceName: string | undefined, parts: readonly string[], next?: string): string {
  const nextSentences = splitSentences(next ?? '');
  const seen = new Set(nextSentences.map((s) => sentenceKey(s, serviceName)));
  const commands = new Set(nextSentences.flatMap(commandsIn));
  const kept: string[] = [];
  for (const [index, part] of parts.entries()) {
    for (const sentence of splitSentences(part)) {
      const key = sentenceKey(sentence, serviceName);
      if (key === '' || seen.has(key)) continue;
      // A later part's "run `reauth setup PROFILE`…" says again what is already said.
      if (index > 0 && commandsIn(sentence).some((c) => commands.has(c))) continue;
      seen.add(key);
      for (const command of commandsIn(sentence)) commands.add(command);
      kept.push(sentence);
    }
  }
  return kept.join(' ');
}

/** The `reauth …` commands a sentence tells the person to run. */
export function commandsIn(sentence: string): string[] {
  return [...sentence.matchAll(/`(reauth [^`]+)`/g)].map((m) => m[1]!.trim());
}

/** Split after . ! ? (or a closing quote/bracket after one) followed by white space. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?]["'\u201D)]?)\s+(?=\S)/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function sentenceKey(sentence: string, serviceName?: string): string {
  let text = sentence.toLowerCase();
  if (serviceName) text = text.split(serviceName.toLowerCase()).join('the service');
  return text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function readServiceError(shape: ResolvedProvider['errorShape'], body: unknown): ServiceError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (shape === 'errcode') {
    const errcode = record.errcode;
    if (errcode === undefined || errcode === null || errcode === 0 || errcode === '0' || errcode === '') return undefined;
    return { code: String(errcode), description: text(record.description) ?? text(record.errmsg) };
  }
  const error = record.error;
  if (typeof error === 'string' && error !== '') {
    const description = text(record.error_description) ?? text(record.message);
    const uri = text(record.error_uri);
    return { code: error, ...(description ? { description } : {}), ...(uri ? { uri } : {}) };
  }
  // Some APIs nest it: `{"error":{"code":1001,"message":"…"}}` (Zoho SalesIQ).
  if (error && typeof error === 'object') {
    const nested = error as Record<string, unknown>;
    if (nested.code !== undefined && nested.code !== null) return { code: String(nested.code), description: text(nested.message) };
  }
  return undefined;
}

/**
 * Preset keys may be prefixed with the grant they apply to (`refresh:invalid_grant`); the
 * prefixed entry wins over the plain one for that grant.
 */
function lookUp(
  table: Readonly<Record<string, ErrorExplanation>>,
  code: string,
  context: GrantContext | undefined,
): ErrorExplanation | undefined {
  return (context ? table[`${context}:${code}`] : undefined) ?? table[code];
}

function quote(found: ServiceError, secrets: readonly (string | undefined)[]): string {
  const code = outside(found.code, secrets);
  return found.description ? `"${code}" (${outside(found.description, secrets)})` : `"${code}"`;
}

/** ` More: URI.` for an answer that named a page about the error, else ''. */
function moreAt(found: ServiceError | undefined, secrets: readonly (string | undefined)[]): string {
  return found?.uri ? ` More: ${outside(found.uri, secrets)}` : '';
}

/** `Netatmo said: "client authentication failed" (more: URI).` — the service's words, or undefined. */
function serverWords(name: string, found: ServiceError, secrets: readonly (string | undefined)[]): string | undefined {
  const description = found.description && found.description.trim() !== found.code ? outside(found.description, secrets) : undefined;
  const uri = found.uri ? outside(found.uri, secrets) : undefined;
  if (!description && !uri) return undefined;
  if (!description) return `${name} points to ${uri} for details.`;
  return `${name} said: "${description}"${/[.!?\u2026]$/.test(description) ? '' : '.'}${uri ? ` More: ${uri}` : ''}`;
}

/** Text from the service, safe to show: no escape sequences, one short line, nothing secret. */
function outside(value: string, secrets: readonly (string | undefined)[]): string {
  return snippet(safeText(value), secrets);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * RFC 6749 §5.2 codes, for services whose preset does not list them (custom providers).
 * `invalid_grant` means a dead code at the exchange but a dead refresh token at refresh.
 */
function rfc6749Errors(name: string): Readonly<Record<string, ErrorExplanation>> {
  return {
    invalid_grant: {
      kind: 'code',
      message: `${name} did not accept the code: it was already used, has expired, or was issued for another redirect URI.`,
      next: 'Open the sign-in link again and paste the new code promptly.',
    },
    'refresh:invalid_grant': {
      kind: 'sign-in-again',
      message: `${name} no longer accepts the saved refresh token (it expired or was revoked).`,
      next: 'Sign in again with reauth setup.',
    },
    'password:invalid_grant': {
      kind: 'credentials',
      message: `${name} did not accept the account name or password.`,
      next: 'Check them and try again.',
    },
    invalid_client: {
      kind: 'config',
      message: `${name} does not recognise the client ID and secret.`,
      next: 'Copy them again from the service’s developer site.',
    },
    unauthorized_client: {
      kind: 'config',
      message: `${name} does not allow this app to sign in this way.`,
      next: 'Check the app’s settings on the service’s developer site.',
    },
    invalid_scope: {
      kind: 'config',
      message: `${name} does not accept one of the requested scopes.`,
      next: 'Choose scopes the app is allowed to use.',
    },
    invalid_request: {
      kind: 'config',
      message: `${name} says the request was incomplete or malformed (often a redirect URI that differs from the app’s).`,
      next: 'Check the redirect URI and the app’s settings.',
    },
    unsupported_grant_type: {
      kind: 'config',
      message: `${name} does not support this way of getting tokens for this app.`,
      next: 'Check the app’s settings on the service’s developer site.',
    },
    temporarily_unavailable: {
      kind: 'unavailable',
      message: `${name} is temporarily unavailable.`,
      next: 'Try again in a few minutes.',
    },
    server_error: {
      kind: 'unavailable',
      message: `${name} had an internal error.`,
      next: 'Try again in a few minutes.',
    },
  };
}
