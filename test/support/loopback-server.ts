/**
 * A tiny HTTP server on 127.0.0.1 for service emulations. Each emulation is a plain
 * request handler; this file only does the socket, body and reply plumbing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordIssuedTokens } from './secret-audit.js';

export interface LoopbackRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  /** Raw body text. */
  readonly body: string;
  /** Form fields when the body is application/x-www-form-urlencoded, else empty. */
  readonly form: URLSearchParams;
  /** Parsed JSON body when the body is JSON, else undefined. */
  readonly json: unknown;
}

export interface LoopbackReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export type LoopbackHandler = (request: LoopbackRequest) => LoopbackReply | Promise<LoopbackReply>;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly origin: string;
  readonly port: number;
  /** Every request seen, in order (tests assert on what reauth sent). */
  readonly requests: LoopbackRequest[];
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): LoopbackReply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function html(status: number, body: string): LoopbackReply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

export function redirect(location: string): LoopbackReply {
  return { status: 302, headers: { location }, body: '' };
}

export async function startLoopbackServer(handler: LoopbackHandler, port = 0): Promise<LoopbackServer> {
  const requests: LoopbackRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    let parsedJson: unknown;
    if (type.includes('json') && body) {
      try {
        parsedJson = JSON.parse(body);
      } catch {
        parsedJson = undefined;
      }
    }
    const request: LoopbackRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', `http://127.0.0.1`),
      headers: req.headers,
      body,
      form: type.includes('application/x-www-form-urlencoded') ? new URLSearchParams(body) : new URLSearchParams(),
      json: parsedJson,
    };
    requests.push(request);
    try {
      const reply = await handler(request);
      // Token answers in JSON or as a form (some servers answer form-encoded, even as text/plain).
      if (reply.body && /json|x-www-form-urlencoded|text\/plain/.test(String(reply.headers?.['content-type'] ?? ''))) recordIssuedTokens(reply.body);
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`emulator error: ${String(error)}`);
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
