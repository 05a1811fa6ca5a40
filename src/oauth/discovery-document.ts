/**
 * Reads a service's metadata from its issuer alone: RFC 8414 `/.well-known/oauth-authorization-server`
 * first, then OpenID Connect's `/.well-known/openid-configuration`. A document is used only when
 * the issuer it names is exactly the configured one (RFC 8414 §3.3) — otherwise a server the
 * request was steered to could hand out its own endpoints — and every endpoint in it obeys the
 * same https-or-loopback rule as reauth.yaml.
 */
import type { Deps } from '../deps.js';
import { ExitCode, UserError, type ExitCodeValue } from '../errors.js';
import { safeLine, safeText } from '../system/terminal-text.js';
import { assertAllowedUrl, isLoopbackHost, requestJson } from './http.js';

/** What reauth takes from a discovery document; everything else in it is ignored. */
export interface DiscoveryDocument {
  readonly issuer: string;
  /** The address the document was read from (shown to the person). */
  readonly source: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly deviceAuthorizationEndpoint?: string;
  readonly revocationEndpoint?: string;
  readonly userinfoEndpoint?: string;
  /** `code_challenge_methods_supported`; absent when the document does not say. */
  readonly codeChallengeMethods?: readonly string[];
  /** `token_endpoint_auth_methods_supported`; absent when the document does not say. */
  readonly tokenEndpointAuthMethods?: readonly string[];
  /** RFC 9207: every sign-in answer carries `iss`, so one without it is refused. */
  readonly issParameterSupported: boolean;
}

export interface DiscoveryOptions {
  readonly timeoutMs?: number;
  /** The way out when discovery cannot work, as the caller phrases it (file or wizard). */
  readonly writeEndpointsHint?: string;
}

/** Metadata documents are a few kB (Google's ~1.5 kB, Okta's ~5 kB): anything far larger is not one. */
export const MAX_DOCUMENT_BYTES = 100_000;
export const DISCOVERY_TIMEOUT_MS = 10_000;
const DEFAULT_HINT = 'Write authorize_url and token_url (the service’s documentation lists them) under providers: in reauth.yaml yourself.';

/**
 * RFC 8414 §3.1 puts the well-known segment between host and path (`https://h/.well-known/oauth-authorization-server/tenant`);
 * OpenID Connect Discovery §4 appends it to the issuer (`https://h/tenant/.well-known/openid-configuration`).
 */
export function discoveryUrls(issuer: string): readonly string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}${path}/.well-known/openid-configuration`];
}

/** An issuer identifier as RFC 8414 §2 defines it: https (loopback may be http), no query, no fragment. */
export function checkIssuer(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return `"${issuer}" is not a whole address: an issuer starts with https://.`;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `The issuer ${issuer} is a plain http:// address: reauth reads discovery only over https (plain http only for localhost, 127.0.0.1, ::1), because the endpoints it names decide where the client secret goes.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `The issuer ${issuer} must start with https://.`;
  if (url.search || url.hash || issuer.includes('#')) return `The issuer ${issuer} may not have a query or a fragment (RFC 8414): remove everything from "?" or "#" on.`;
  if (url.username || url.password) return `Leave the user name and password out of the issuer address.`;
  return undefined;
}

interface Failure {
  readonly url: string;
  readonly reason: string;
  /** No answer, a redirect or a 5xx: trying again later may work. */
  readonly unavailable: boolean;
}

export async function discoverIssuer(issuer: string, deps: Pick<Deps, 'fetch'>, options: DiscoveryOptions = {}): Promise<DiscoveryDocument> {
  const hint = options.writeEndpointsHint ?? DEFAULT_HINT;
  const problem = checkIssuer(issuer);
  if (problem) throw new UserError(problem, `Use the issuer exactly as the service’s documentation gives it (https://…), or: ${lowerFirst(hint)}`, ExitCode.usage);
  const failures: Failure[] = [];
  for (const url of discoveryUrls(issuer)) {
    const read = await readDocument(url, deps, options.timeoutMs ?? DISCOVERY_TIMEOUT_MS);
    if ('reason' in read) {
      failures.push(read);
      continue;
    }
    const document = interpret(read.body, url, issuer, hint);
    if ('reason' in document) failures.push(document);
    else return document;
  }
  const exitCode: ExitCodeValue = failures.some((f) => f.unavailable) ? ExitCode.unavailable : ExitCode.usage;
  throw new UserError(
    `reauth could not read the discovery document of ${issuer}: ${describeFailures(failures)}.`,
    `Check that the issuer is the address the service’s documentation calls its issuer, or: ${lowerFirst(hint)}`,
    exitCode,
  );
}

/** The answer's status and type, seen by the fetch wrapper: requestJson says "a web page" but not which status. */
interface Seen {
  status?: number;
  contentType?: string;
}

async function readDocument(url: string, deps: Pick<Deps, 'fetch'>, timeoutMs: number): Promise<{ readonly body: unknown } | Failure> {
  const seen: Seen = {};
  let tooBig = false;
  const fetch = watchedFetch(deps.fetch, seen, () => (tooBig = true));
  try {
    const answer = await requestJson({ fetch }, { method: 'GET', url, timeoutMs });
    if (answer.status !== 200) return { url, reason: `answered HTTP ${answer.status}`, unavailable: answer.status >= 500 || answer.status === 429 };
    return { body: answer.body };
  } catch (error) {
    if (tooBig) return { url, reason: `answered with more than ${MAX_DOCUMENT_BYTES / 1000} kB, far too much for a metadata document`, unavailable: false };
    if (seen.status === undefined || !(error instanceof UserError)) {
      // No answer at all: requestJson's sentence (DNS, refused, timed out) is the reason.
      return { url, reason: `could not be read (${lowerFirst(error instanceof Error ? error.message : String(error)).replace(/\.$/, '')})`, unavailable: true };
    }
    const { status } = seen;
    if (status >= 300 && status < 400) return { url, reason: `answered with a redirect (HTTP ${status}) instead of the document`, unavailable: true };
    const page = /html/i.test(seen.contentType ?? '') ? 'a web page (HTML)' : 'something that is not JSON';
    return { url, reason: `answered HTTP ${status} with ${page}, not a metadata document`, unavailable: status >= 500 };
  }
}

/**
 * deps.fetch, noting the status the answer had and cutting the body off past MAX_DOCUMENT_BYTES
 * (by Content-Length when given, else while it streams), so a huge answer is never held whole.
 */
function watchedFetch(fetch: typeof globalThis.fetch, seen: Seen, onTooBig: () => void): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    seen.status = response.status;
    seen.contentType = response.headers.get('content-type') ?? '';
    const stop = () => {
      onTooBig();
      return new UserError('The answer is too large.');
    };
    if (Number(response.headers.get('content-length') ?? 0) > MAX_DOCUMENT_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      throw stop();
    }
    if (!response.body) return response;
    let bytes = 0;
    const limited = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          bytes += chunk.byteLength;
          if (bytes > MAX_DOCUMENT_BYTES) controller.error(stop());
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function interpret(body: unknown, url: string, issuer: string, hint: string): DiscoveryDocument | Failure {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { url, reason: 'answered with JSON that is not a metadata document', unavailable: false };
  }
  const doc = body as Record<string, unknown>;
  if (doc.issuer !== issuer) {
    const named = typeof doc.issuer === 'string' ? `"${safeLine(doc.issuer).slice(0, 200)}"` : 'no issuer';
    throw new UserError(
      `The discovery document at ${url} names ${named} as its issuer, not ${issuer} as configured: reauth uses a document only when the two are exactly the same (RFC 8414 §3.3), since otherwise it could come from another server.`,
      typeof doc.issuer === 'string'
        ? `If ${safeLine(doc.issuer).slice(0, 200)} is the service’s real issuer, use exactly that as the issuer (a trailing / counts); otherwise: ${lowerFirst(hint)}`
        : hint,
      ExitCode.usage,
    );
  }
  const missing = ['authorization_endpoint', 'token_endpoint'].filter((key) => typeof doc[key] !== 'string' || doc[key] === '');
  if (missing.length > 0) return { url, reason: `has no ${missing.join(' and ')}`, unavailable: false };

  const endpoint = (key: string): string | undefined => {
    const value = doc[key];
    if (value === undefined || value === null) return undefined;
    // Shown in the wizard and offered as answers: no control characters or spaces, which no
    // address needs, can reach the terminal that way.
    if (typeof value !== 'string' || /[\u0000-\u0020\u007f-\u009f]/.test(value)) throw badEndpoint(url, key, String(value), hint);
    try {
      assertAllowedUrl(value);
    } catch {
      throw badEndpoint(url, key, value, hint);
    }
    return value;
  };
  const list = (key: string): readonly string[] | undefined => {
    const value = doc[key];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
  };
  const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value ? ({ [key]: value } as Record<K, string>) : {});
  const methods = list('code_challenge_methods_supported');
  const auths = list('token_endpoint_auth_methods_supported');
  return {
    issuer,
    source: url,
    authorizationEndpoint: endpoint('authorization_endpoint')!,
    tokenEndpoint: endpoint('token_endpoint')!,
    ...optional('deviceAuthorizationEndpoint', endpoint('device_authorization_endpoint')),
    ...optional('revocationEndpoint', endpoint('revocation_endpoint')),
    ...optional('userinfoEndpoint', endpoint('userinfo_endpoint')),
    ...(methods ? { codeChallengeMethods: methods } : {}),
    ...(auths ? { tokenEndpointAuthMethods: auths } : {}),
    issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
  };
}

function badEndpoint(url: string, key: string, value: string, hint: string): UserError {
  return new UserError(
    `The discovery document at ${url} gives ${key} as ${JSON.stringify(safeText(value).slice(0, 200))}: reauth sends sign-in data only to https:// addresses (plain http only to this computer).`,
    hint,
    ExitCode.usage,
  );
}

/** Both addresses failing the same way (no network, say) is said once. */
function describeFailures(failures: readonly Failure[]): string {
  const reasons = new Set(failures.map((f) => f.reason));
  if (failures.length > 1 && reasons.size === 1) return `${failures.map((f) => f.url).join(' and ')} both ${failures[0]!.reason}`;
  return failures.map((f) => `${f.url} ${f.reason}`).join('; ');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
