/**
 * Reads whatever the person pasted after signing in: a bare code, the whole address-bar
 * URL, or just its query — wrapped by the terminal, quoted, in angle brackets — and says
 * plainly what is wrong when it is not usable. Pure: no I/O, so the paste box, the plain
 * prompt and the loopback catch all share it.
 */
import { safeText } from '../system/terminal-text.js';

export type PasteProblem = 'empty' | 'denied' | 'error' | 'redirect-mismatch' | 'wrong-issuer' | 'wrong-state' | 'earlier-attempt' | 'truncated' | 'no-code';

export type PasteResult =
  | {
      readonly ok: true;
      readonly code: string;
      /** Zoho's `accounts-server`: where to exchange — only if trusted (token-grants.ts decides). */
      readonly callbackServer?: string;
      /** Zoho's `location` (data centre, e.g. `in`). */
      readonly location?: string;
    }
  | { readonly ok: false; readonly problem: PasteProblem; readonly message: string; readonly next: string };

export interface PasteExpectation {
  /** The state of the newest link; empty when there is none to check (Zoho Self Client). */
  readonly state: string;
  /** States of links opened earlier in this run, so an old tab is recognised, not called an attack. */
  readonly earlierStates?: readonly string[];
  /** Name of the parameter naming the server to exchange at (Zoho: `accounts-server`). */
  readonly callbackServerParam?: string;
  /** The redirect URI the link asked for, to point at it when the service refused it. */
  readonly redirectUri?: string;
  /**
   * The service's issuer identifier (`issuer:` in reauth.yaml): an `iss` in the answer must be
   * exactly this (RFC 9207), so an answer from another server the browser was steered to —
   * a mix-up — is refused before its code is sent anywhere.
   */
  readonly issuer?: string;
  /**
   * The service promised `iss` in every answer (RFC 9207 `authorization_response_iss_parameter_supported`
   * in its discovery document): an answer without one is refused as well, since an attacker's
   * server would simply leave it out.
   */
  readonly requireIssuer?: boolean;
}

type Problem = Extract<PasteResult, { ok: false }>;

const WRAPPERS = /^["'`\u201C\u201D\u2018\u2019\u00AB\u00BB<\s]+|["'`\u201C\u201D\u2018\u2019\u00AB\u00BB>\s]+$/g;

export function parsePastedCallback(text: string, expect: PasteExpectation): PasteResult {
  const pasted = normalise(text);
  if (pasted === '') {
    return problem('empty', 'Nothing was pasted.', 'Paste the code, or the whole address from the browser’s address bar after you pressed Allow.');
  }
  const query = queryPart(pasted);
  if (query === undefined) return readBareCode(pasted);
  return readCallbackParams(query, expect);
}

/**
 * Terminals wrap a long URL over several lines and some insert the line breaks into the
 * copied text: lines are joined without spaces, since neither URLs nor codes contain any.
 */
function normalise(text: string): string {
  const joined = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .join('');
  return joined.replace(WRAPPERS, '');
}

interface QueryPart {
  /** Parameters from the query and, when the service put them there, the fragment. */
  readonly params: { get(name: string): string | null };
  /** The raw text the parameters came from, to notice a cut-off copy. */
  readonly raw: string;
}

function queryPart(pasted: string): QueryPart | undefined {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(pasted);
  const looksLikeQuery = /^[?#&]/.test(pasted) || /(^|[?&#])(code|error|state)=/.test(pasted);
  if (!hasScheme && !looksLikeQuery) return undefined;

  const hashAt = pasted.indexOf('#');
  const beforeHash = hashAt >= 0 ? pasted.slice(0, hashAt) : pasted;
  const fragment = hashAt >= 0 ? pasted.slice(hashAt + 1) : '';
  const queryAt = beforeHash.indexOf('?');
  const search = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : hasScheme ? '' : beforeHash;
  // Some services answer in the fragment (`#code=…`); others append a meaningless `#_=_` or
  // `#` that must not hide the query or look like a cut.
  const fragmentHasParams = fragment.includes('=');
  // URLSearchParams decodes each value exactly once; nothing below decodes again.
  const fromQuery = new URLSearchParams(search);
  const fromFragment = new URLSearchParams(fragmentHasParams ? fragment : '');
  return {
    params: { get: (name) => fromQuery.get(name) ?? fromFragment.get(name) },
    raw: fragmentHasParams ? pasted : beforeHash,
  };
}

function readBareCode(pasted: string): PasteResult {
  if (/\s/.test(pasted)) {
    return problem(
      'no-code',
      'That does not look like a code or an address: it has spaces in it.',
      'Paste only the code, or the whole address from the browser’s address bar.',
    );
  }
  // `localhost/callback` copied without its query; Google-style codes (`4/0Af…`) also hold a
  // slash, so only a host-like first segment counts as an address.
  if (/^(localhost|127\.0\.0\.1|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,})(:\d+)?\//i.test(pasted)) {
    return noCodeInAddress();
  }
  // A code copied out of an address bar is still URL-encoded (TikTok's end in `%21…`); the
  // service wants it decoded exactly once (PROVIDERS.md, TikTok: "URL-decoded, once").
  return { ok: true, code: decodeOnce(pasted) };
}

function decodeOnce(value: string): string {
  if (!/%[0-9a-f]{2}/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function readCallbackParams({ params, raw }: QueryPart, expect: PasteExpectation): PasteResult {
  const iss = params.get('iss');
  if (expect.issuer && iss !== null && iss !== expect.issuer) {
    return problem(
      'wrong-issuer',
      `This answer says it comes from ${shorten(iss)}, not from ${expect.issuer}, the service reauth sent you to: the sign-in may have been redirected to another server, so its code is not used.`,
      'Open the newest link reauth printed yourself (not from a message or another page), press Allow, and paste the address of the page you land on.',
    );
  }
  if (expect.issuer && expect.requireIssuer && iss === null) {
    return problem(
      'wrong-issuer',
      `This answer does not say which server it comes from (no iss), although ${expect.issuer} puts it in every answer it sends (RFC 9207): it may come from another server, so its code is not used.`,
      'Open the newest link reauth printed yourself (not from a message or another page), press Allow, and paste the whole address of the page you land on.',
    );
  }
  const error = params.get('error');
  if (error) return explainCallbackError(error, params.get('error_description'), expect.redirectUri);

  const code = params.get('code');
  const state = params.get('state');
  const cut = looksCut(raw) || code === '';
  const expected = expect.state;
  const earlier = expect.earlierStates ?? [];

  if (expected && state !== null && state !== expected) {
    if (earlier.includes(state)) {
      return problem(
        'earlier-attempt',
        'This address is from an earlier sign-in attempt; its code is no longer valid.',
        'Use the newest tab (or the newest link reauth printed), press Allow, and paste that address.',
      );
    }
    if (state.length > 0 && [expected, ...earlier].some((known) => known.startsWith(state))) return truncated();
    return problem(
      'wrong-state',
      'This address does not belong to the sign-in reauth just started (its state value is different): it may come from another program’s sign-in or an old bookmark.',
      'Open the newest link reauth printed, press Allow, and paste the address of the page you land on.',
    );
  }
  if (cut) return truncated();
  if (!code) {
    if (params.get('response_type') !== null || params.get('client_id') !== null) {
      // The service's own page: either the link before Allow, or the page where the service
      // said it will not send the browser to this redirect URI (the browser never left it).
      return problem(
        'no-code',
        'This is the address of the service’s own sign-in page, not of the page it sends you to afterwards.',
        expect.redirectUri
          ? `If that page says the redirect URI is invalid or does not match, ${redirectFix(expect.redirectUri)} Otherwise press Allow on it, then copy the address of the page you land on.`
          : 'Open the link, press Allow, then copy the address of the page you land on — even if that page shows an error.',
      );
    }
    return noCodeInAddress();
  }
  if (expected && state === null) {
    return problem(
      'wrong-state',
      'This address has no state value, so reauth cannot tell it comes from this sign-in.',
      'Copy the whole address again from the tab that opened after you pressed Allow, or paste only the value after code=.',
    );
  }

  const result: { ok: true; code: string; callbackServer?: string; location?: string } = { ok: true, code };
  const server = expect.callbackServerParam ? params.get(expect.callbackServerParam) : null;
  if (server) result.callbackServer = server;
  const location = params.get('location');
  if (location) result.location = location;
  return result;
}

/**
 * A copy that stopped early ends mid-parameter: on `&`, `?`, `#`, a bare `name=`, a
 * parameter name without `=`, or half a `%XX` escape.
 */
function looksCut(raw: string): boolean {
  if (/[&?#%]$|%[0-9a-f]$/i.test(raw)) return true;
  const at = Math.max(raw.lastIndexOf('&'), raw.lastIndexOf('?'), raw.lastIndexOf('#'));
  if (at < 0) return false;
  const last = raw.slice(at + 1);
  return !last.includes('=') || /^[^=]*=$/.test(last);
}

/** What a service's "invalid redirect_uri" means, and the one way to fix it. */
function redirectFix(redirectUri: string): string {
  return `the redirect URI reauth used does not match the one registered in the app’s developer portal character for character (http or https, port, trailing slash). reauth used ${redirectUri} — press Esc to go back and correct it (for a saved profile: redirect_uri in reauth.yaml), or correct it in the portal, then open the new link.`;
}

function mentionsRedirectUri(error: string, description: string | null): boolean {
  return error === 'redirect_uri_mismatch' || /redirect[ _-]?ur[il]/i.test(`${error} ${description ?? ''}`);
}

function explainCallbackError(error: string, description: string | null, redirectUri: string | undefined): PasteResult {
  if (error === 'access_denied') {
    return problem(
      'denied',
      'The sign-in was refused: Deny or Cancel was pressed on the service’s page (error=access_denied).',
      'Open the link again and choose Allow.',
    );
  }
  const detail = description ? ` — “${shorten(description)}”` : '';
  if (redirectUri && mentionsRedirectUri(error, description)) {
    return problem('redirect-mismatch', `The service refused the redirect URI: ${shorten(error)}${detail}.`, `That means ${redirectFix(redirectUri)}`);
  }
  return problem(
    'error',
    `The service sent back an error instead of a code: ${shorten(error)}${detail}.`,
    'Check the app’s settings (client ID, redirect URI, scopes) on the service’s developer site, then open the link again.',
  );
}

function shorten(text: string): string {
  const oneLine = safeText(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine;
}

function truncated(): Problem {
  return problem(
    'truncated',
    'This address looks cut off: part of it is missing, so the code may be incomplete.',
    'Copy the whole address again (click the address bar, select all, copy) and paste it in one go.',
  );
}

function noCodeInAddress(): Problem {
  return problem(
    'no-code',
    'There is no code in this address.',
    'After you press Allow, the browser goes to an address containing code=…; copy that whole address, even if the page shows an error.',
  );
}

function problem(kind: Problem['problem'], message: string, next: string): Problem {
  return { ok: false, problem: kind, message, next };
}
