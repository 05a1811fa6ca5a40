/**
 * A loopback token endpoint for fault-injection tests: a thin HTTP front for the Netatmo
 * emulator (netatmo-emulator.ts), so rotation is exactly PROVIDERS.md's — every refresh hands
 * out a new pair and kills the old one at once — with three things a test needs on top:
 *
 * - it tells the test, as they happen, when a token request ARRIVED, when the emulator
 *   PROCESSED it (from then on the old refresh token is dead: the token is spent) and when the
 *   answer was SENT (the last byte handed to the socket);
 * - it can STALL a request, either on arrival (nothing spent yet) or after processing (spent,
 *   the answer held back — the worst moment to die), until the test releases it or for a time;
 * - it remembers every token set issued through it, so a test can tell which set a file holds
 *   and whether the access token, refresh token and expiry written together belong together.
 *
 * Point `providers: netatmo: token_url:` at `tokenUrl`; the sign-in page and the live check
 * (`authorize_url`, `verify_url`) stay on the emulator (`emulator.origin`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startNetatmoEmulator, type NetatmoEmulator, type NetatmoEmulatorOptions } from './netatmo-emulator.js';
import { recordSecret } from './secret-audit.js';

/** A token set the emulator handed out (through this server, or seeded with `seedPair`). */
export interface IssuedSet {
  readonly access: string;
  readonly refresh: string;
  /** `expires_in` of the answer, seconds. */
  readonly expiresIn: number;
  /** ms since the epoch: when the emulator made the set (the token it replaced died then). */
  readonly issuedAt: number;
  /** ms: when the answer left this server; absent while held or for a set never sent. */
  sentAt?: number;
  /** The call that produced it; -1 for a seeded set. */
  readonly call: number;
}

export type CallStage = 'arrived' | 'processed' | 'sent';

export interface TokenCall {
  readonly index: number;
  readonly grantType: string;
  /** The refresh token presented (refresh grant). */
  readonly presented?: string;
  readonly arrivedAt: number;
  processedAt?: number;
  sentAt?: number;
  /** HTTP status the emulator answered. */
  status?: number;
  /** The set issued by this call, when it succeeded. */
  issued?: IssuedSet;
  /** The client went away before the answer could be sent (reauth died or aborted). */
  clientGone?: boolean;
}

/**
 * Where to hold the next token request(s):
 * - `arrival`: before the emulator sees it (nothing spent yet);
 * - `answer`: after the emulator processed it (the old pair is dead), before the answer is sent.
 * `ms` releases by itself after that long; without it, only `release()` lets it go.
 */
export interface Stall {
  readonly at: 'arrival' | 'answer';
  readonly ms?: number;
}

export interface FaultTokenServer {
  readonly emulator: NetatmoEmulator;
  /** `http://127.0.0.1:PORT` of this front. */
  readonly origin: string;
  /** What `providers: netatmo: token_url:` should say. */
  readonly tokenUrl: string;
  /** Every token request, in arrival order. */
  readonly calls: TokenCall[];
  /** Every set known: seeded ones first, then each one issued, in order. */
  readonly issued: IssuedSet[];
  /** Applies to every request that arrives while it is set; `undefined` answers at once. */
  stall: Stall | undefined;
  /** Lets every held request go on. */
  release(): void;
  /** How many requests are held right now. */
  held(): number;
  /**
   * Resolves when call number `index` (0-based; default: the next call not yet seen at that
   * stage when this was called) reaches `stage`. Listeners run synchronously at the moment
   * the stage is reached, before the request goes on, so a signal sent from `onStage` lands
   * at exactly that point.
   */
  waitFor(stage: CallStage, index?: number): Promise<TokenCall>;
  /** Runs `listener` synchronously each time any call reaches any stage. Returns the remover. */
  onStage(listener: (stage: CallStage, call: TokenCall) => void): () => void;
  /** A pair issued by a real code exchange (as `reauth setup` would have got it), recorded in `issued`. */
  seedPair(): Promise<IssuedSet>;
  /** The set a refresh token belongs to, if it was ever issued. */
  setOfRefresh(refresh: string): IssuedSet | undefined;
  /** The set an access token belongs to, if it was ever issued. */
  setOfAccess(access: string): IssuedSet | undefined;
  /** The one live pair (throws when there is not exactly one: rotation broke). */
  livePair(): IssuedSet;
  close(): Promise<void>;
}

export interface FaultTokenServerOptions extends NetatmoEmulatorOptions {
  readonly stall?: Stall;
}

export async function startFaultTokenServer(options: FaultTokenServerOptions = {}): Promise<FaultTokenServer> {
  const emulator = await startNetatmoEmulator(options);
  const calls: TokenCall[] = [];
  const issued: IssuedSet[] = [];
  const listeners = new Set<(stage: CallStage, call: TokenCall) => void>();
  let releaseHeld: (() => void)[] = [];
  let closed = false;

  const emit = (stage: CallStage, call: TokenCall) => {
    for (const listener of [...listeners]) listener(stage, call);
  };

  const hold = (stall: Stall | undefined, at: Stall['at']): Promise<void> => {
    if (!stall || stall.at !== at || closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const go = () => {
        if (timer) clearTimeout(timer);
        releaseHeld = releaseHeld.filter((r) => r !== go);
        resolve();
      };
      releaseHeld.push(go);
      if (stall.ms !== undefined) timer = setTimeout(go, stall.ms);
    });
  };

  const record = (body: unknown, call: number): IssuedSet | undefined => {
    const b = body as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
    if (typeof b?.access_token !== 'string' || typeof b.refresh_token !== 'string') return undefined;
    const set: IssuedSet = { access: b.access_token, refresh: b.refresh_token, expiresIn: Number(b.expires_in), issuedAt: Date.now(), call };
    recordSecret(set.access, set.refresh);
    issued.push(set);
    return set;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/oauth2/token' || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    const form = new URLSearchParams(body);
    const presented = form.get('refresh_token') ?? undefined;
    const call: TokenCall = {
      index: calls.length,
      grantType: form.get('grant_type') ?? '',
      ...(presented !== undefined ? { presented } : {}),
      arrivedAt: Date.now(),
    };
    calls.push(call);
    // Read once per request: a test that changes `stall` later does not affect this one.
    const stall = server.stall;
    let gone = false;
    res.once('close', () => {
      if (!res.writableFinished) {
        gone = true;
        call.clientGone = true;
      }
    });
    // The hold is in place before listeners hear of the stage, so one may release it at once.
    const atArrival = hold(stall, 'arrival');
    emit('arrived', call);
    await atArrival;
    if (gone) return; // reauth died before anything was spent: the emulator never sees it.

    const answer = await fetch(`${emulator.origin}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded') },
      body,
    });
    const text = await answer.text();
    call.status = answer.status;
    call.processedAt = Date.now();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const set = answer.status === 200 ? record(parsed, call.index) : undefined;
    if (set) call.issued = set;
    const atAnswer = hold(stall, 'answer');
    emit('processed', call);
    await atAnswer;
    if (gone || res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text, () => {
      call.sentAt = Date.now();
      if (set) set.sentAt = call.sentAt;
      emit('sent', call);
    });
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fault token server error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const stageReached = (call: TokenCall, stage: CallStage): boolean =>
    stage === 'arrived' ? true : stage === 'processed' ? call.processedAt !== undefined : call.sentAt !== undefined;

  const server: FaultTokenServer = {
    emulator,
    origin,
    tokenUrl: `${origin}/oauth2/token`,
    calls,
    issued,
    stall: options.stall,
    release() {
      for (const go of [...releaseHeld]) go();
    },
    held: () => releaseHeld.length,
    waitFor(stage, index) {
      const wanted = index ?? calls.filter((c) => stageReached(c, stage)).length;
      const already = calls[wanted];
      if (already && stageReached(already, stage)) return Promise.resolve(already);
      return new Promise((resolve) => {
        const remove = server.onStage((s, call) => {
          if (s === stage && call.index === wanted) {
            remove();
            resolve(call);
          }
        });
      });
    },
    onStage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async seedPair() {
      const code = emulator.issueCode('https://localhost/callback');
      const response = await fetch(`${emulator.origin}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: emulator.clientId,
          client_secret: emulator.clientSecret,
          code,
          redirect_uri: 'https://localhost/callback',
        }),
      });
      const set = record(await response.json(), -1);
      if (!set) throw new Error('the Netatmo emulator did not issue a pair for a fresh code');
      set.sentAt = Date.now();
      return set;
    },
    setOfRefresh: (refresh) => issued.find((s) => s.refresh === refresh),
    setOfAccess: (access) => issued.find((s) => s.access === access),
    livePair() {
      const live = emulator.liveRefreshTokens();
      if (live.length !== 1) throw new Error(`the emulator has ${live.length} live refresh tokens, expected exactly 1`);
      const set = issued.find((s) => s.refresh === live[0]);
      if (!set) throw new Error('the live refresh token was not issued through the fault token server');
      return set;
    },
    async close() {
      closed = true;
      server.release();
      await new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      });
      await emulator.close();
    },
  };
  return server;
}
