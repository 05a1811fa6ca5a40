/**
 * A token endpoint on loopback that answers in the shapes real servers use (issue 10):
 * JSON or form-encoded (labelled, or sent as text/plain), with or without `expires_in`, with a
 * `token_type` of its choosing, and RFC 6749 errors with `error_description` and `error_uri`.
 * It rotates the refresh token on every refresh and honours only the newest one, as
 * Netatmo and many OAuth servers do, so a lost answer is a dead profile.
 */
import { json, startLoopbackServer, type LoopbackReply, type LoopbackServer } from './loopback-server.js';
import { recordSecret } from './secret-audit.js';

export type AnswerShape = 'json' | 'form' | 'text-form';

export interface AnswerOptions {
  shape: AnswerShape;
  /** Seconds, or undefined to leave `expires_in` out. */
  expiresIn: number | undefined;
  /** undefined: no token_type field. */
  tokenType: string | undefined;
  /** Answer the next token request with this RFC 6749 error instead of tokens. */
  error?: { status: number; code: string; description?: string; uri?: string };
}

export interface AnswerShapeServer {
  readonly server: LoopbackServer;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The one refresh token the server honours now. */
  readonly currentRefresh: () => string;
  /** Every token issued, newest last. */
  readonly issued: { access: string; refresh: string }[];
  /** A code the next exchange accepts (single use). */
  issueCode(): string;
  readonly options: AnswerOptions;
  close(): Promise<void>;
}

let serial = 0;

export async function startAnswerShapeServer(initial: Partial<AnswerOptions> = {}): Promise<AnswerShapeServer> {
  const run = `${process.pid}-${++serial}`;
  const clientId = `fake-answers-client-${run}`;
  const clientSecret = `fake-answers-secret-${run}-0000`;
  recordSecret(clientSecret);
  const options: AnswerOptions = { shape: 'json', expiresIn: 3600, tokenType: 'bearer', ...initial };
  const issued: { access: string; refresh: string }[] = [];
  const codes = new Set<string>();
  let count = 0;
  const issue = (): { access: string; refresh: string } => {
    count += 1;
    const pair = { access: `fake-answers-access-${run}-${count}-a1b2c3`, refresh: `fake-answers-refresh/${run}+${count}=z9` };
    recordSecret(pair.access, pair.refresh);
    issued.push(pair);
    return pair;
  };
  let current = issue().refresh;

  const answer = (pair: { access: string; refresh: string }): LoopbackReply => {
    const fields: Record<string, string> = { access_token: pair.access, refresh_token: pair.refresh };
    if (options.tokenType !== undefined) fields.token_type = options.tokenType;
    if (options.expiresIn !== undefined) fields.expires_in = String(options.expiresIn);
    if (options.shape === 'json') {
      const body: Record<string, unknown> = { ...fields };
      if (options.expiresIn !== undefined) body.expires_in = options.expiresIn;
      return json(200, body);
    }
    const type = options.shape === 'form' ? 'application/x-www-form-urlencoded' : 'text/plain; charset=utf-8';
    return { status: 200, headers: { 'content-type': type }, body: new URLSearchParams(fields).toString() };
  };

  const server = await startLoopbackServer((request) => {
    if (request.method !== 'POST' || request.url.pathname !== '/token') return json(404, { error: 'not_found' });
    const form = request.form;
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return json(401, { error: 'invalid_client', error_description: 'client authentication failed' });
    }
    if (options.error) {
      const { status, code, description, uri } = options.error;
      return json(status, { error: code, ...(description ? { error_description: description } : {}), ...(uri ? { error_uri: uri } : {}) });
    }
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      if (form.get('refresh_token') !== current) return json(400, { error: 'invalid_grant', error_description: 'refresh token is invalid or was rotated' });
      const pair = issue();
      current = pair.refresh;
      return answer(pair);
    }
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      if (!codes.delete(code)) return json(400, { error: 'invalid_grant', error_description: 'code is invalid or was already used' });
      const pair = issue();
      current = pair.refresh;
      return answer(pair);
    }
    return json(400, { error: 'unsupported_grant_type' });
  });

  return {
    server,
    tokenUrl: `${server.origin}/token`,
    clientId,
    clientSecret,
    currentRefresh: () => current,
    issued,
    issueCode() {
      const code = `fake-answers-code-${run}-${codes.size + 1}-${Date.now()}`;
      recordSecret(code);
      codes.add(code);
      return code;
    },
    options,
    close: () => server.close(),
  };
}
