/**
 * The fetch reauth uses when no proxy is configured: one request over node:http or node:https,
 * with just what reauth's callers use of fetch (http.ts, send-notifications.ts) — method,
 * headers, a string body, `redirect: 'manual'`, an abort signal; the answer's status, headers
 * and text. Node's global fetch loads its own HTTP client (undici, with its parser compiled
 * from WebAssembly) on first use: about half of a cron refresh's time and some 40 MB of its
 * memory (issue 9), for one small POST. node:http is part of Node's start-up snapshot.
 *
 * It fails as fetch does, so http.ts words every failure the same: a socket or TLS error keeps
 * its `code` (ECONNREFUSED, CERT_HAS_EXPIRED…), and a timeout rejects with the signal's reason
 * (AbortSignal.timeout's `TimeoutError`). TLS uses Node's default trust store, with
 * NODE_EXTRA_CA_CERTS added, as fetch's does.
 */
import type { IncomingMessage } from 'node:http';

type Fetch = typeof globalThis.fetch;

/** The part of a fetch Response reauth reads. */
export interface DirectResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export async function directFetch(input: Parameters<Fetch>[0], init: RequestInit = {}): Promise<DirectResponse> {
  const url = input instanceof URL ? input : new URL(typeof input === 'string' ? input : input.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`fetch failed: ${url.protocol} is not http or https`);
  if (init.redirect !== 'manual') throw new TypeError('directFetch only answers redirects as they are (redirect: "manual")');
  if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') throw new TypeError('directFetch sends string bodies only');
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const body = init.body ?? undefined;
  if (init.headers !== undefined && (Array.isArray(init.headers) || typeof (init.headers as { get?: unknown }).get === 'function')) {
    throw new TypeError('directFetch takes headers as a plain object');
  }
  // fetch's own user-agent: a service (or its firewall) that refuses requests without one answers both alike.
  const headers: Record<string, string> = { 'user-agent': 'node' };
  for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[name.toLowerCase()] = value;
  if (body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(body));
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
  }

  return new Promise<DirectResponse>((resolve, reject) => {
    let settled = false;
    /** Rejects whatever is waiting: the answer, or the reading of its body. */
    let fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    // One connection per request, closed after it (a cron run asks once or twice).
    const req = request(url, { method: init.method ?? 'GET', headers, agent: false }, (answer: IncomingMessage) => {
      settled = true;
      const chunks: Buffer[] = [];
      let readError: unknown;
      const waiters: { resolve: (text: string) => void; reject: (error: unknown) => void }[] = [];
      let done: string | undefined;
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        // As fetch's text(): UTF-8, a leading byte order mark dropped, bad bytes replaced.
        done = new TextDecoder().decode(Buffer.concat(chunks));
        for (const w of waiters.splice(0)) w.resolve(done);
      });
      const bodyFailed = (error: unknown) => {
        readError ??= error;
        for (const w of waiters.splice(0)) w.reject(readError);
      };
      answer.on('error', bodyFailed);
      answer.on('aborted', () => bodyFailed(Object.assign(new Error('the connection was cut while the answer was read'), { code: 'ECONNRESET' })));
      fail = (error) => {
        bodyFailed(error);
        answer.destroy();
      };
      resolve({
        status: answer.statusCode ?? 0,
        ok: (answer.statusCode ?? 0) >= 200 && (answer.statusCode ?? 0) < 300,
        headers: {
          get(name: string): string | null {
            const value = answer.headers[name.toLowerCase()];
            if (value === undefined) return null;
            return Array.isArray(value) ? value.join(', ') : value;
          },
        },
        text(): Promise<string> {
          if (done !== undefined) return Promise.resolve(done);
          if (readError !== undefined) return Promise.reject(readError);
          return new Promise((resolveText, rejectText) => waiters.push({ resolve: resolveText, reject: rejectText }));
        },
      });
    });
    const onAbort = () => {
      fail(signal?.reason);
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => fail(error));
    req.end(body);
  });
}
