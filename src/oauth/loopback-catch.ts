/**
 * When the redirect URI is `http://localhost:PORT/…` or `http://127.0.0.1:PORT/…`, reauth can
 * catch the browser's redirect itself instead of asking for a paste. It listens on 127.0.0.1
 * only (nothing on the network can reach it), for one request carrying the right state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors.js';
import { parsePastedCallback, type PasteResult } from './parse-pasted-callback.js';

export interface LoopbackCatch {
  readonly port: number;
  /** Stops listening; safe to call more than once. */
  close(): Promise<void>;
}

export interface LoopbackCatchOptions {
  readonly state: string;
  readonly earlierStates?: readonly string[];
  readonly callbackServerParam?: string;
  /** The service's issuer: an `iss` brought back must match it (RFC 9207). */
  readonly issuer?: string;
  /** The service promised `iss` in every answer (RFC 9207): one without it is refused. */
  readonly requireIssuer?: boolean;
  /** Called with what the browser brought back: a refusal (listening goes on), or a code (then it stops). */
  readonly onCallback: (result: PasteResult) => void;
}

/** Only plain http with an explicit port: reauth cannot serve https, nor pick port 80 for you. */
export function isLoopbackRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1') && url.port !== '';
}

export async function startLoopbackCatch(redirectUri: string, options: LoopbackCatchOptions): Promise<LoopbackCatch> {
  if (!isLoopbackRedirect(redirectUri)) {
    throw new UserError(`${redirectUri} is not an http://localhost:PORT or http://127.0.0.1:PORT address, so reauth cannot listen for it.`, 'Paste the address instead.');
  }
  const redirect = new URL(redirectUri);
  const path = redirect.pathname || '/';
  let done = false;

  // Loaded here, not with the module: node:http costs start-up time to every wizard, and only
  // a loopback sign-in needs it.
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    if (done) return page(res, 410, 'This sign-in is already finished', 'You can close this tab and go back to the terminal.');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Browsers also ask for /favicon.ico; only the redirect path is the sign-in coming back.
    if (req.method !== 'GET' || url.pathname !== path) return page(res, 404, 'Not the sign-in address', 'reauth is waiting for the sign-in on another address. You can close this tab.');

    const state = url.searchParams.get('state');
    const result = parsePastedCallback(url.toString(), options);
    if (state !== options.state) {
      // Another tab, an old attempt or a stray visit: explain in the page, keep waiting for the real one.
      const explained = result.ok ? undefined : result;
      return page(
        res,
        400,
        'This is not the sign-in reauth is waiting for',
        explained ? `${explained.message} ${explained.next}` : 'Use the newest link reauth printed in the terminal.',
      );
    }
    if (!result.ok) {
      // A pressed Deny is reported, but the link stays usable: opening it again and choosing
      // Allow must still be caught, so keep listening.
      page(res, 200, 'Sign-in did not finish', `${result.message} You can open the same link again and choose Allow.`);
      options.onCallback(result);
      return;
    }
    done = true;
    page(res, 200, 'Signed in', 'Signed in — you can close this tab and go back to the terminal.');
    // Stop listening once the answer is on its way.
    res.on('finish', () => void stop());
    options.onCallback(result);
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // A browser may keep a connection open for the next request; do not wait for it.
      setTimeout(() => server.closeAllConnections(), 200).unref();
    }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, redirect.port)));
    server.listen(Number(redirect.port), '127.0.0.1', () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, close: stop };
}

function listenError(error: NodeJS.ErrnoException, port: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new UserError(
      `port ${port} is in use by another program, so reauth cannot catch the sign-in by itself; paste the address instead.`,
      'After you press Allow, copy the address from the browser and paste it here.',
    );
  }
  if (error.code === 'EACCES') {
    return new UserError(
      `reauth is not allowed to listen on port ${port}, so it cannot catch the sign-in by itself; paste the address instead.`,
      'After you press Allow, copy the address from the browser and paste it here.',
    );
  }
  return error;
}

function page(res: ServerResponse<IncomingMessage>, status: number, title: string, text: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>reauth: ${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:36em;margin:4em auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
