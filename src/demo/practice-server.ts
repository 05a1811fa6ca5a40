/**
 * The practice authorization server behind `reauth demo` (DESIGN.md): a small, honest OAuth 2.0
 * server on 127.0.0.1 so a newcomer can walk the whole flow without any account. It behaves
 * like the real ones reauth meets: a consent page in the browser, S256 PKCE required, codes
 * that expire and work once, the client secret checked, a refresh token only with
 * `offline_access`, and refresh tokens that rotate — the old one dies, as on Netatmo.
 */
import { createHash, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consentPage, homePage, problemPage } from './practice-pages.js';

/** Made up, and printed on screen on purpose: they only work with this server, for this run. */
export const PRACTICE_CLIENT = { id: 'practice-client-id', secret: 'practice-secret-not-real' } as const;
export const PRACTICE_SCOPES = ['read', 'offline_access'] as const;
/** Short, so the countdown means something: 2 minutes. */
export const PRACTICE_CODE_LIFETIME_S = 120;

export interface PracticeServerOptions {
  /** Redirect URIs registered for the practice app; anything else is refused, as a real service does. */
  readonly redirectUris: readonly string[];
  readonly now?: () => number;
  readonly codeLifetimeSeconds?: number;
  readonly accessTokenLifetimeSeconds?: number;
}

export interface PracticeServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** The live check: answers JSON for a valid access token. */
  readonly apiUrl: string;
  close(): Promise<void>;
}

interface PendingRequest {
  readonly redirectUri: string;
  readonly state: string | null;
  readonly scopes: readonly string[];
  readonly challenge: string;
}
interface IssuedCode extends PendingRequest {
  readonly expiresAt: number;
}
interface Grant {
  readonly scopes: readonly string[];
}

export async function startPracticeServer(options: PracticeServerOptions): Promise<PracticeServer> {
  const now = options.now ?? Date.now;
  const codeLifetimeMs = (options.codeLifetimeSeconds ?? PRACTICE_CODE_LIFETIME_S) * 1000;
  const accessLifetimeS = options.accessTokenLifetimeSeconds ?? 3600;
  const pending = new Map<string, PendingRequest>();
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, Grant & { readonly expiresAt: number }>();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendJson(res, 500, { error: 'server_error', error_description: 'The practice server hit a snag.' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/authorize/decision') return decide(await readForm(req), res);
    if (req.method === 'POST' && url.pathname === '/token') return token(await readForm(req), req, res);
    if (req.method === 'GET' && url.pathname === '/api/me') return api(req, res);
    if (req.method === 'GET' && url.pathname === '/') return sendHtml(res, 200, homePage(origin));
    return sendHtml(res, 404, problemPage('Not found', 'The practice server has no page here.'));
  }

  function authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    // A wrong client or redirect URI is shown in the browser, never redirected (RFC 6749 §4.1.2.1).
    if (q.get('client_id') !== PRACTICE_CLIENT.id) {
      return sendHtml(res, 400, problemPage('Unknown app', `The sign-in link names the app "${q.get('client_id') ?? ''}", but the practice app is ${PRACTICE_CLIENT.id}.`));
    }
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!options.redirectUris.includes(redirectUri)) {
      return sendHtml(
        res,
        400,
        problemPage('Redirect URI not registered', `The link asks to go back to "${redirectUri}", but the practice app only has ${options.redirectUris.join(' and ')} registered. Real services refuse this too: the address must match exactly.`),
      );
    }
    const state = q.get('state');
    const back = (error: string, description: string) => redirect(res, withParams(redirectUri, { error, error_description: description, state }));
    if (q.get('response_type') !== 'code') return back('unsupported_response_type', 'The practice server only does response_type=code.');
    const challenge = q.get('code_challenge');
    if (!challenge || q.get('code_challenge_method') !== 'S256') return back('invalid_request', 'The practice server requires S256 PKCE.');
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = scopes.find((s) => !(PRACTICE_SCOPES as readonly string[]).includes(s));
    if (unknown) return back('invalid_scope', `The practice server has no scope "${unknown}".`);

    const requestId = token64();
    pending.set(requestId, { redirectUri, state, scopes, challenge });
    sendHtml(res, 200, consentPage({ requestId, appName: 'Practice app', scopes, redirectUri, codeLifetimeSeconds: codeLifetimeMs / 1000 }));
  }

  function decide(form: URLSearchParams, res: ServerResponse): void {
    const requestId = form.get('request') ?? '';
    const request = pending.get(requestId);
    if (!request) return sendHtml(res, 400, problemPage('This page has expired', 'Open the newest sign-in link from the terminal again.'));
    pending.delete(requestId);
    if (form.get('decision') !== 'allow') {
      return redirect(res, withParams(request.redirectUri, { error: 'access_denied', error_description: 'The person pressed Deny.', state: request.state }));
    }
    const code = `practice-code-${token64()}`;
    codes.set(code, { ...request, expiresAt: now() + codeLifetimeMs });
    redirect(res, withParams(request.redirectUri, { code, state: request.state }));
  }

  function token(form: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
    const client = clientCredentials(form, req);
    if (client.id !== PRACTICE_CLIENT.id || !sameText(client.secret, PRACTICE_CLIENT.secret)) {
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'Client id or secret is wrong.' });
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = codes.get(code);
      // Single use: a code is gone once presented, whatever happens next.
      codes.delete(code);
      if (!issued) return invalidGrant(res, 'The code is unknown or was already used.');
      if (now() > issued.expiresAt) return invalidGrant(res, 'The code expired.');
      if (form.get('redirect_uri') !== issued.redirectUri) return invalidGrant(res, 'redirect_uri differs from the one used to sign in.');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return invalidGrant(res, 'PKCE verification failed.');
      return sendJson(res, 200, issueTokens(issued.scopes));
    }
    if (grantType === 'refresh_token') {
      const old = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(old);
      if (!grant) return invalidGrant(res, 'The refresh token is unknown, or was already replaced by a newer one.');
      // Rotation: the old refresh token stops working the moment a new one is handed out.
      refreshTokens.delete(old);
      return sendJson(res, 200, issueTokens(grant.scopes));
    }
    sendJson(res, 400, { error: 'unsupported_grant_type', error_description: `grant_type "${grantType ?? ''}" is not supported.` });
  }

  function issueTokens(scopes: readonly string[]): Record<string, unknown> {
    const access = `practice-access-${token64()}`;
    accessTokens.set(access, { scopes, expiresAt: now() + accessLifetimeS * 1000 });
    const body: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: accessLifetimeS, scope: scopes.join(' ') };
    if (scopes.includes('offline_access')) {
      const refresh = `practice-refresh-${token64()}`;
      refreshTokens.set(refresh, { scopes });
      body['refresh_token'] = refresh;
    }
    return body;
  }

  function api(req: IncomingMessage, res: ServerResponse): void {
    const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
    const grant = match ? accessTokens.get(match[1]!) : undefined;
    if (!grant || now() > grant.expiresAt) {
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return sendJson(res, 401, { error: 'invalid_token' });
    }
    if (!grant.scopes.includes('read')) return sendJson(res, 403, { error: 'insufficient_scope', scope: 'read' });
    sendJson(res, 200, { name: 'Practice Person', email: 'practice@example.invalid' });
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    authorizeUrl: `${origin}/authorize`,
    tokenUrl: `${origin}/token`,
    apiUrl: `${origin}/api/me`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function token64(): string {
  return nodeRandomBytes(24).toString('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 6749 §2.3.1: in the form body, or form-encoded inside an HTTP Basic header. */
function clientCredentials(form: URLSearchParams, req: IncomingMessage): { id: string; secret: string } {
  const basic = /^Basic (\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at > 0) {
      try {
        return { id: decodeURIComponent(decoded.slice(0, at)), secret: decodeURIComponent(decoded.slice(at + 1)) };
      } catch {
        return { id: '', secret: '' }; // not form-encoded: answered as a wrong client
      }
    }
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

function invalidGrant(res: ServerResponse, description: string): void {
  sendJson(res, 400, { error: 'invalid_grant', error_description: description });
}

function withParams(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return url.toString();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) break; // a form here is a few hundred bytes; refuse to buffer more
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
