/**
 * The one way reauth talks to a service: a JSON request with a timeout, refusing plain
 * http to anything but this machine, and turning every way it can go wrong (no network,
 * a captive portal's web page, a proxy's error page) into one plain sentence.
 */
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import { redactSecrets, redactTokenValues, tokenValuesIn } from '../secret-mask.js';

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  /** Sent as application/x-www-form-urlencoded (every token endpoint here wants a form). */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as application/json (the Heroku Platform API). */
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Values that must never appear in an error message (tokens, client secret, password). */
  readonly secrets?: readonly (string | undefined)[];
}

export interface JsonResponse {
  readonly status: number;
  /** Parsed JSON (or a form-encoded answer as a record of strings); undefined when the body was empty. */
  readonly body: unknown;
  readonly text: string;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
const SNIPPET_LENGTH = 80;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Plain http would send client secrets and tokens readable by anyone on the path, so it is
 * allowed only to this machine — which is how tests and `reauth demo` point presets at
 * loopback servers (DESIGN.md: "plain http is refused for anything but loopback hosts").
 */
export function assertAllowedUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`"${url}" is not a web address reauth can use.`, 'Check the URL in the providers: section of reauth.yaml.');
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return parsed;
  if (parsed.protocol === 'http:') {
    throw new UserError(
      `reauth will not send sign-in data over plain http to ${parsed.host}: anyone on the way could read it.`,
      `Use the https:// address of the service (plain http is allowed only for 127.0.0.1 and localhost).`,
    );
  }
  throw new UserError(`"${parsed.protocol}" addresses are not supported (${parsed.host}).`, 'Use an https:// address.');
}

export async function requestJson(deps: Pick<Deps, 'fetch'>, req: JsonRequest): Promise<JsonResponse> {
  const url = assertAllowedUrl(req.url);
  const host = url.host;
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.form) {
    body = new URLSearchParams(Object.entries(req.form)).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  }

  let status: number;
  let contentType: string;
  let location: string | null;
  let retryAfter: string | null;
  let text: string;
  try {
    const response = await deps.fetch(url, {
      method: req.method,
      headers,
      body,
      // A redirect from a token endpoint is a portal or proxy, never the service: following a
      // 307 would re-send the client secret to whatever host it names.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    contentType = response.headers.get('content-type') ?? '';
    location = response.headers.get('location');
    retryAfter = response.headers.get('retry-after');
    // The signal also covers reading the body: a server that sends headers and stalls still times out.
    text = await response.text();
  } catch (error) {
    throw networkError(error, host, timeoutMs);
  }

  if (status >= 300 && status < 400) {
    const where = redirectHost(location, url);
    throw new UserError(
      `${host} answered with a redirect${where ? ` to ${where}` : ''} instead of data (HTTP ${status}) — a proxy, a captive portal (hotel/airport Wi-Fi) or a wrong URL.`,
      portalNextStep(url),
      ExitCode.unavailable,
    );
  }
  // Some older servers answer a token request form-encoded (RFC 6749 says JSON): read it alike.
  const form = formBody(contentType, text);
  if (form) return { status, body: form, text };
  try {
    if (status >= 500 && !looksLikeJson(text)) throw serviceDown(host, status, retryAfter);
    if (text.trim() === '') return { status, body: undefined, text };
    if (looksLikeHtml(contentType, text)) {
      const title = pageTitle(text);
      throw new UserError(
        `${host} answered with a web page instead of data (HTTP ${status}${title ? `, "${snippet(title, req.secrets)}"` : ''}) — a proxy, a captive portal (hotel/airport Wi-Fi) or a wrong URL.`,
        portalNextStep(url),
        ExitCode.unavailable,
      );
    }
    try {
      return { status, body: JSON.parse(text) as unknown, text };
    } catch {
      throw new UserError(
        `${host} answered with something that is not data (HTTP ${status}: "${snippet(text, req.secrets)}") — a proxy or a wrong URL.`,
        portalNextStep(url),
        ExitCode.unavailable,
      );
    }
  } catch (error) {
    throw withTokensFound(error, text);
  }
}

/**
 * An answer reauth could not read, and the tokens it still recognised in it (a cut-off JSON
 * answer): the caller keeps those before saying what went wrong, since the request that
 * brought them may have spent the only code or refresh token there was.
 */
export class UnreadableAnswerError extends UserError {
  constructor(
    error: UserError,
    readonly tokensFound: Readonly<Record<string, string>>,
  ) {
    super(error.message, error.nextStep, error.exitCode);
  }
}

function withTokensFound(error: unknown, text: string): unknown {
  if (!(error instanceof UserError)) return error;
  const found = tokenValuesIn(text);
  return Object.keys(found).length > 0 ? new UnreadableAnswerError(error, found) : error;
}

/**
 * A form-encoded answer as a record: by its content type, or sent as text/plain (or another
 * type that is not JSON or a page) when it parses as a form that holds an access token.
 */
export function formBody(contentType: string, text: string): Record<string, string> | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const labelled = type === 'application/x-www-form-urlencoded';
  if (!labelled && /json|html|xml/.test(type)) return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || /[\s<{[]/.test(trimmed[0]!) || !trimmed.includes('=')) return undefined;
  const record: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(trimmed)) if (!(key in record)) record[key] = value;
  if (labelled) return record;
  return typeof record.access_token === 'string' && record.access_token !== '' ? record : undefined;
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

const SERVER_TROUBLE: Readonly<Record<number, string>> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/**
 * A 5xx without the service's own JSON is an outage (its gateway or load balancer answering),
 * whatever page or text comes with it — not a proxy or a wrong URL, and not the person's to fix.
 * A JSON 5xx is the service speaking: its token-error explanation says the same in its words.
 */
function serviceDown(host: string, status: number, retryAfter: string | null): UserError {
  const name = SERVER_TROUBLE[status];
  const wait = retryAfterText(retryAfter);
  return new UserError(
    `${host} is down right now (HTTP ${status}${name ? ` ${name}` : ''}): the problem is on the service's side, not in your settings.`,
    `Try again in a few minutes${wait ? ` (it asks to wait ${wait})` : ''}; a scheduled \`reauth refresh\` tries again at its next run by itself.`,
    ExitCode.unavailable,
  );
}

/** Retry-After is seconds or an HTTP date; anything else is ignored rather than repeated. */
function retryAfterText(value: string | null, nowMs = Date.now()): string | undefined {
  if (!value) return undefined;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) : (Date.parse(value) - nowMs) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) return undefined;
  return seconds < 90 ? `${Math.max(1, Math.round(seconds))} seconds` : `about ${Math.round(seconds / 60)} minutes`;
}

function looksLikeHtml(contentType: string, text: string): boolean {
  if (/html|xml/i.test(contentType)) return true;
  return /^\s*</.test(text);
}

function pageTitle(text: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
  return match?.[1]?.trim() || undefined;
}

/** A short, single-line, redacted piece of an answer: enough to recognise it, never a dump. */
export function snippet(text: string, secrets: readonly (string | undefined)[] = []): string {
  const oneLine = redactTokenValues(redactSecrets(text, secrets)).replace(/\s+/g, ' ').trim();
  return oneLine.length > SNIPPET_LENGTH ? `${oneLine.slice(0, SNIPPET_LENGTH)}…` : oneLine;
}

function redirectHost(location: string | null, base: URL): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).host;
  } catch {
    return undefined;
  }
}

function portalNextStep(url: URL): string {
  return `Open ${url.origin} in a browser: if a sign-in or terms page appears, accept it, then try again. If it keeps happening, check the URL in reauth.yaml and your HTTPS_PROXY setting.`;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A request that never reached the service (its name did not resolve, nothing listened, the
 * connection was not trusted): whatever it carried — a code — was not spent. Any other failure
 * may have reached it, and a code it reached is spent.
 */
export class NotSentError extends UserError {
  readonly notSent = true;
}

/** True when `error` says the request never reached the service. */
export function requestNotSent(error: unknown): boolean {
  return error instanceof NotSentError;
}

/** Turns fetch's "fetch failed" (the real reason is in `cause`) into a sentence naming the host. */
function networkError(error: unknown, host: string, timeoutMs: number): UserError {
  // Already said plainly (a proxy that could not be set up): not a network failure.
  if (error instanceof UserError) return error;
  const retry = 'Check the internet connection (and HTTPS_PROXY/NO_PROXY if you use a proxy), then try again.';
  if (isTimeout(error)) {
    const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} seconds`;
    return new UserError(`${host} did not answer within ${waited}.`, retry, ExitCode.unavailable);
  }
  const code = networkErrorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new NotSentError(`Could not reach ${host}: the name ${host.replace(/:\d+$/, '')} could not be looked up (DNS).`, retry, ExitCode.unavailable);
  }
  if (code === 'ECONNREFUSED') return new NotSentError(`Could not reach ${host}: nothing is listening there (connection refused).`, retry, ExitCode.unavailable);
  let reason: string;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') reason = 'the connection was cut';
  else if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') reason = 'the connection timed out';
  else if (code && TLS_CODES.has(code)) {
    return new NotSentError(
      `The connection to ${host} is not trusted (certificate problem: ${code}).`,
      'A company proxy that inspects traffic can cause this: point NODE_EXTRA_CA_CERTS at its certificate, or try another network.',
      ExitCode.unavailable,
    );
  } else reason = code ? `network error ${code}` : 'the network request failed';
  return new UserError(`Could not reach ${host}: ${reason}.`, retry, ExitCode.unavailable);
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const causeName = ((error as { cause?: { name?: unknown } } | null)?.cause)?.name;
  return name === 'TimeoutError' || causeName === 'TimeoutError';
}

/** The socket's error code (ECONNREFUSED…) under fetch's `fetch failed`. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  // undici nests the socket error one or two levels down (`fetch failed` → cause → cause).
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
