/**
 * A loopback TTLock Open API (PROVIDERS.md "TTLock / Sciener"), quirks included: the password
 * grant with an MD5 password and no grant_type, both `clientId` and older `client_id`
 * spellings, every error as HTTP 200 `{errcode, errmsg, description}`, a lock list that checks
 * the caller's clock, and 404s for the URLs operators guess.
 */
import { createHash } from 'node:crypto';
import { html, json, startLoopbackServer, type LoopbackReply, type LoopbackRequest } from './loopback-server.js';
import { recordSecret } from './secret-audit.js';

export interface TtlockLock {
  readonly lockId: number;
  readonly lockAlias: string;
}

export interface TtlockEmulatorOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** The TTLock app account (phone with country code, or email). */
  readonly username?: string;
  /** The plain password; the emulator accepts only its lowercase hex MD5. */
  readonly password?: string;
  /** Client ids registered on the other cloud (EU vs China): answered with 10001, not 10000. */
  readonly otherRegionClientIds?: readonly string[];
  readonly locks?: readonly TtlockLock[];
  /** Refresh hands out a new refresh token and kills the old one (undocumented; default false). */
  readonly rotateRefreshTokens?: boolean;
  /** The emulator's clock (ms); `date` more than 5 minutes away from it gives errcode 80000. */
  readonly now?: () => number;
}

interface Grant {
  readonly uid: number;
  readonly clientId: string;
  refreshToken: string;
  refreshAlive: boolean;
  accessToken: string;
  accessAlive: boolean;
}

export const TTLOCK_TYPICAL_EXPIRES_IN = 7_776_000;
const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

const MESSAGES: Record<number, [string, string]> = {
  [-3]: ['Invalid Parameter', 'invalid parameter'],
  10000: ['invalid client_id', 'Unknown client id.'],
  10001: ['invalid client', 'Invalid client id or client secret.'],
  10003: ['invalid token', 'The token is invalid.'],
  10004: ['invalid grant', 'The token has expired or been revoked.'],
  10007: ['invalid account or invalid password', 'Wrong account or password.'],
  10011: ['invalid refresh_token', 'Invalid refresh token.'],
  30005: ['password must be md5 encrypted', 'Password must be md5 encrypted.'],
  80000: ['date must be current time, in 5 minutes', 'The date parameter must be within 5 minutes of the server time.'],
};

/** TTLock answers every failure with HTTP 200. */
function errcode(code: number): LoopbackReply {
  const [errmsg, description] = MESSAGES[code] ?? ['error', 'error'];
  return json(200, { errcode: code, errmsg, description });
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export async function startTtlockEmulator(options: TtlockEmulatorOptions = {}) {
  const clientId = options.clientId ?? 'fake-ttlock-client-0001';
  const clientSecret = options.clientSecret ?? 'fake-ttlock-secret-0001';
  const username = options.username ?? '+447700900123';
  const password = options.password ?? 'fake-ttlock-password-0001';
  recordSecret(clientSecret, password, md5Hex(password));
  const locks = options.locks ?? [
    { lockId: 1001, lockAlias: 'Room 1' },
    { lockId: 1002, lockAlias: 'Room 2' },
    { lockId: 1003, lockAlias: 'Front door' },
  ];
  const now = options.now ?? Date.now;
  const grants: Grant[] = [];
  let serial = 0;
  let rotate = options.rotateRefreshTokens ?? false;

  function nextToken(kind: 'access' | 'refresh'): string {
    serial += 1;
    return `fake-ttlock-${kind}-${String(serial).padStart(4, '0')}`;
  }

  /** Both spellings are accepted (older docs used snake case). */
  function clientOf(form: URLSearchParams): { id: string | null; secret: string | null } {
    return { id: form.get('clientId') ?? form.get('client_id'), secret: form.get('clientSecret') ?? form.get('client_secret') };
  }

  function clientProblem(id: string | null, secret: string | null): LoopbackReply | undefined {
    if (!id || !secret) return errcode(-3);
    if (options.otherRegionClientIds?.includes(id)) return errcode(10001);
    if (id !== clientId) return errcode(10000);
    if (secret !== clientSecret) return errcode(10001);
    return undefined;
  }

  function tokenAnswer(grant: Grant): LoopbackReply {
    return json(200, {
      access_token: grant.accessToken,
      uid: grant.uid,
      refresh_token: grant.refreshToken,
      expires_in: TTLOCK_TYPICAL_EXPIRES_IN,
    });
  }

  function token(req: LoopbackRequest): LoopbackReply {
    const form = req.form;
    const client = clientOf(form);
    const grantType = form.get('grant_type');
    const badClient = clientProblem(client.id, client.secret);
    if (badClient) return badClient;

    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token');
      if (!presented) return errcode(-3);
      const grant = grants.find((g) => g.refreshToken === presented && g.clientId === client.id);
      if (!grant) return errcode(10011);
      if (!grant.refreshAlive) return errcode(10004);
      grant.accessToken = nextToken('access');
      grant.accessAlive = true;
      if (rotate) grant.refreshToken = nextToken('refresh');
      return tokenAnswer(grant);
    }
    // Current docs send no grant_type on the password grant; `password` is tolerated.
    if (grantType !== null && grantType !== 'password') return errcode(-3);
    const user = form.get('username');
    const pass = form.get('password');
    if (!user || !pass) return errcode(-3);
    if (!/^[0-9a-fA-F]{32}$/.test(pass)) return errcode(30005);
    if (user !== username || pass !== md5Hex(password)) return errcode(10007);
    const grant: Grant = {
      uid: 7001,
      clientId: client.id as string,
      refreshToken: nextToken('refresh'),
      refreshAlive: true,
      accessToken: nextToken('access'),
      accessAlive: true,
    };
    grants.push(grant);
    return tokenAnswer(grant);
  }

  function lockList(req: LoopbackRequest): LoopbackReply {
    const q = req.url.searchParams;
    const id = q.get('clientId');
    const accessToken = q.get('accessToken');
    const date = Number(q.get('date'));
    if (!id || !accessToken || !q.get('pageNo') || !q.get('pageSize') || !q.get('date') || !Number.isFinite(date)) return errcode(-3);
    if (id !== clientId) return errcode(10000);
    if (Math.abs(date - now()) > CLOCK_TOLERANCE_MS) return errcode(80000);
    const grant = grants.find((g) => g.accessToken === accessToken);
    if (!grant || grant.clientId !== id) return errcode(10003);
    if (!grant.accessAlive) return errcode(10004);
    const pageNo = Math.max(1, Number(q.get('pageNo')) || 1);
    const pageSize = Math.max(1, Number(q.get('pageSize')) || 20);
    const list = locks.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return json(200, { list, pageNo, pageSize, pages: Math.ceil(locks.length / pageSize), total: locks.length });
  }

  const server = await startLoopbackServer((req) => {
    const path = req.url.pathname;
    if (req.method === 'POST' && path === '/oauth2/token') return token(req);
    if (req.method === 'GET' && path === '/v3/lock/list') return lockList(req);
    // Everything else, including the guessed /oauth/authorize and /v3/oauth/token, is a 404 page.
    return html(404, '<html><head><title>404 Not Found</title></head><body>Not Found</body></html>');
  });

  return {
    origin: server.origin,
    requests: server.requests,
    close: () => server.close(),
    credentials: { clientId, clientSecret, username, password, passwordMd5: md5Hex(password) },
    /** Every token pair handed out so far, oldest first. */
    issued: () => grants.map((g) => ({ uid: g.uid, accessToken: g.accessToken, refreshToken: g.refreshToken })),
    /** Access tokens stop working (lock list → 10004), as after 90 days. */
    expireAccessTokens(): void {
      for (const g of grants) g.accessAlive = false;
    },
    /** Refresh tokens are revoked (refresh → 10004), as after a password change. */
    revokeRefreshTokens(): void {
      for (const g of grants) {
        g.refreshAlive = false;
        g.accessAlive = false;
      }
    },
    setRotateRefreshTokens(value: boolean): void {
      rotate = value;
    },
  };
}

export type TtlockEmulator = Awaited<ReturnType<typeof startTtlockEmulator>>;

/** `providers: { ttlock: … }` values that point the preset at this emulator. */
export function ttlockOverride(emu: Pick<TtlockEmulator, 'origin'>): { api_url: string; token_url: string; verify_url: string } {
  return { api_url: emu.origin, token_url: `${emu.origin}/oauth2/token`, verify_url: `${emu.origin}/v3/lock/list` };
}
