/**
 * Issue 13's corpus of hostile answers: every field of every service's answer shape that
 * reauth may quote or store (PROVIDERS.md), each carrying escape sequences, C1 controls and
 * bidi overrides — plus portal pages, text bodies, a Location header, the heroku CLI's stderr
 * and the after_write command's last line. One loopback server plays every service at once
 * (each in its own shape), so the whole corpus runs through a handful of reauth processes:
 * which case a request belongs to is read from the client id or the access token it carries,
 * both of which name the case.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { html, json, startLoopbackServer, type LoopbackReply, type LoopbackRequest, type LoopbackServer } from './loopback-server.js';

/** Every byte that could steer a terminal, overwrite a line or reorder one. */
export const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

/** A line the service wrote that reads like one of reauth's own (PAYLOAD starts two). */
export const SPOOFED_LINE = /^\s*[✔✘] spoofed/m;

/** What the sanitiser leaves so a person can tell something was there. */
export const MARK = /[␛�]/;

/**
 * CSI (clear screen), OSC 0 (window title) ended by BEL, an OSC 8 hyperlink ended by ST, DCS
 * and APC bodies, the 8-bit C1 CSI and OSC, RLO and an isolate pair (bidi), backspace, DEL, a
 * carriage return (a line that overwrites itself), NUL and a lone ESC at the end — after a
 * newline and a CR that would each start a line of the service's own, dressed as reauth's.
 */
export const PAYLOAD =
  'A\n✔ spoofed: refreshed\r✘ spoofed too\u001B[2J\u001B]0;owned\u0007\u001B]8;;https://evil.example/\u001B\\link\u001B]8;;\u001B\\\u009B2J\u009D0;t\u0007\u202Egnp.exe\u2066x\u2069\u0008\u007F\rZ\u001BP1$r\u001B\\\u001B_apc\u001B\\\u0000\u001B';

/** The services as reauth.yaml names them; `my-api` is a custom OAuth service, `disc-*` custom by issuer. */
export type HostileService = 'netatmo' | 'tiktok' | 'ttlock' | 'zoho-desk' | 'zoho-salesiq' | 'my-api' | 'discovery' | 'heroku' | 'after_write' | 'notify';

/**
 * Where the hostile text must show up as a mark (the field is quoted there), or `never` when
 * reauth does not quote that field at all (only "no control byte anywhere" is asserted then).
 */
export type Shown = 'refresh' | 'status' | 'both' | 'never';

export interface HostileCase {
  /** Also the profile's name. */
  readonly id: string;
  readonly service: HostileService;
  /** `token`: the refresh answer; `verify`: the live check `status` runs; the rest as named. */
  readonly endpoint: 'token' | 'verify' | 'discovery' | 'heroku-api' | 'heroku-cli' | 'after_write' | 'notify';
  readonly field: string;
  /** The hostile answer (for heroku-cli and after_write the program's stderr is PAYLOAD). */
  readonly reply?: LoopbackReply;
  readonly shown: Shown;
}

/**
 * What an HTTP header can carry: Node (and the wire) refuse C0 controls there, but bytes
 * 0x80–0xFF pass and fetch reads them as Latin-1 — the C1 CSI, OSC and ST.
 */
export const HEADER_PAYLOAD = 'A\u009B2J\u009D0;owned\u009C\u00ADZ';

const P = PAYLOAD;
const text = (status: number, body: string): LoopbackReply => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });
const form = (status: number, fields: Record<string, string>): LoopbackReply => ({
  status,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const page = (status: number): LoopbackReply => html(status, `<html><head><title>Hotel Wi-Fi ${P}</title></head><body>Log in ${P}</body></html>`);

/** The table: (service, endpoint, field, hostile answer, where it is quoted). */
export const HOSTILE_CASES: readonly HostileCase[] = [
  // Netatmo's token endpoint: RFC 6749 errors with HTTP 400 (PROVIDERS.md), and what may stand in its way.
  { id: 'netatmo-token-description', service: 'netatmo', endpoint: 'token', field: 'error_description (known error)', reply: json(400, { error: 'invalid_grant', error_description: P }), shown: 'both' },
  { id: 'netatmo-token-error', service: 'netatmo', endpoint: 'token', field: 'error (unknown code)', reply: json(400, { error: `bad${P}` }), shown: 'both' },
  { id: 'netatmo-token-uri', service: 'netatmo', endpoint: 'token', field: 'error_uri', reply: json(400, { error: 'invalid_client', error_uri: `https://x.example/${P}` }), shown: 'both' },
  { id: 'netatmo-token-message', service: 'netatmo', endpoint: 'token', field: 'message (no error_description)', reply: json(400, { error: 'invalid_request', message: P }), shown: 'both' },
  { id: 'netatmo-token-outage', service: 'netatmo', endpoint: 'token', field: 'error_description (HTTP 503 JSON)', reply: json(503, { error: 'temporarily_unavailable', error_description: P }), shown: 'both' },
  { id: 'netatmo-token-title-200', service: 'netatmo', endpoint: 'token', field: 'HTML <title> (HTTP 200 portal)', reply: page(200), shown: 'both' },
  { id: 'netatmo-token-title-403', service: 'netatmo', endpoint: 'token', field: 'HTML <title> (HTTP 403 proxy)', reply: page(403), shown: 'both' },
  { id: 'netatmo-token-title-502', service: 'netatmo', endpoint: 'token', field: 'HTML <title> (HTTP 502 gateway)', reply: page(502), shown: 'never' },
  { id: 'netatmo-token-text', service: 'netatmo', endpoint: 'token', field: 'text body', reply: text(400, `gateway says ${P}`), shown: 'both' },
  { id: 'netatmo-token-form', service: 'netatmo', endpoint: 'token', field: 'form-encoded error_description', reply: form(400, { error: 'invalid_grant', error_description: P }), shown: 'both' },
  { id: 'netatmo-token-location', service: 'netatmo', endpoint: 'token', field: 'Location header (302)', reply: { status: 302, headers: { location: `https://ev${HEADER_PAYLOAD}il.example/` }, body: '' }, shown: 'never' },
  { id: 'netatmo-token-retry-after', service: 'netatmo', endpoint: 'token', field: 'Retry-After header (503)', reply: { status: 503, headers: { 'content-type': 'text/plain', 'retry-after': `1${HEADER_PAYLOAD}` }, body: 'down' }, shown: 'never' },
  { id: 'netatmo-token-scope', service: 'netatmo', endpoint: 'token', field: 'scope (array, success)', shown: 'never', reply: undefined },
  // Netatmo's API: HTTP 403 {"error":{"code","message"}}, and station names on success.
  { id: 'netatmo-verify-message', service: 'netatmo', endpoint: 'verify', field: 'error.message', reply: json(403, { error: { code: 99, message: P } }), shown: 'status' },
  { id: 'netatmo-verify-code', service: 'netatmo', endpoint: 'verify', field: 'error.code (a string)', reply: json(403, { error: { code: `9${P}`, message: 'no' } }), shown: 'never' },
  { id: 'netatmo-verify-station', service: 'netatmo', endpoint: 'verify', field: 'body.devices[].station_name', reply: json(200, { body: { devices: [{ station_name: P }] } }), shown: 'status' },
  { id: 'netatmo-verify-module', service: 'netatmo', endpoint: 'verify', field: 'body.devices[].module_name', reply: json(200, { body: { devices: [{ module_name: P }] } }), shown: 'status' },
  { id: 'netatmo-verify-title', service: 'netatmo', endpoint: 'verify', field: 'HTML <title>', reply: page(200), shown: 'status' },
  { id: 'netatmo-verify-text', service: 'netatmo', endpoint: 'verify', field: 'text body', reply: text(200, `proxy says ${P}`), shown: 'status' },

  // TikTok: {error, error_description, log_id}, sometimes with HTTP 200; the API's nested {error:{code,message,log_id}}.
  { id: 'tiktok-token-description', service: 'tiktok', endpoint: 'token', field: 'error_description', reply: json(400, { error: 'invalid_grant', error_description: P, log_id: 'fake-log-0001' }), shown: 'both' },
  { id: 'tiktok-token-error-200', service: 'tiktok', endpoint: 'token', field: 'error (unknown, HTTP 200)', reply: json(200, { error: `x${P}`, error_description: P, log_id: P }), shown: 'both' },
  { id: 'tiktok-token-log-id', service: 'tiktok', endpoint: 'token', field: 'log_id', reply: json(400, { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired.', log_id: P }), shown: 'never' },
  { id: 'tiktok-token-nested', service: 'tiktok', endpoint: 'token', field: 'nested error.code / error.message', reply: json(401, { data: {}, error: { code: `c${P}`, message: P, log_id: P } }), shown: 'both' },
  { id: 'tiktok-token-open-id', service: 'tiktok', endpoint: 'token', field: 'open_id (success)', shown: 'never', reply: undefined },
  { id: 'tiktok-verify-message', service: 'tiktok', endpoint: 'verify', field: 'error.message (unknown code)', reply: json(400, { data: {}, error: { code: 'weird', message: P, log_id: P } }), shown: 'status' },
  { id: 'tiktok-verify-code', service: 'tiktok', endpoint: 'verify', field: 'error.code', reply: json(400, { data: {}, error: { code: `w${P}`, message: '', log_id: 'x' } }), shown: 'status' },
  { id: 'tiktok-verify-display-name', service: 'tiktok', endpoint: 'verify', field: 'data.user.display_name', reply: json(200, { data: { user: { display_name: P } }, error: { code: 'ok', message: '', log_id: P } }), shown: 'status' },
  { id: 'tiktok-verify-log-id', service: 'tiktok', endpoint: 'verify', field: 'error.log_id', reply: json(401, { data: {}, error: { code: 'access_token_invalid', message: 'invalid', log_id: P } }), shown: 'never' },

  // TTLock: HTTP 200 {errcode, errmsg, description} from the token endpoint and the lock list alike.
  { id: 'ttlock-token-description', service: 'ttlock', endpoint: 'token', field: 'description (known errcode)', reply: json(200, { errcode: 10004, errmsg: 'invalid grant', description: P }), shown: 'both' },
  { id: 'ttlock-token-errmsg', service: 'ttlock', endpoint: 'token', field: 'errmsg (no description)', reply: json(200, { errcode: 10004, errmsg: P }), shown: 'both' },
  { id: 'ttlock-token-errcode', service: 'ttlock', endpoint: 'token', field: 'errcode (a string)', reply: json(200, { errcode: `1${P}`, errmsg: 'x', description: 'y' }), shown: 'both' },
  { id: 'ttlock-token-unknown', service: 'ttlock', endpoint: 'token', field: 'description (unknown errcode)', reply: json(200, { errcode: 12345, errmsg: P, description: P }), shown: 'both' },
  { id: 'ttlock-token-uid', service: 'ttlock', endpoint: 'token', field: 'uid (success)', shown: 'never', reply: undefined },
  { id: 'ttlock-verify-errmsg', service: 'ttlock', endpoint: 'verify', field: 'errmsg (unknown errcode)', reply: json(200, { errcode: 12345, errmsg: P, description: P }), shown: 'status' },
  { id: 'ttlock-verify-errcode', service: 'ttlock', endpoint: 'verify', field: 'errcode (a string)', reply: json(200, { errcode: `1${P}`, description: P }), shown: 'never' },

  // Zoho: HTTP 200 {"error": "..."} at the token endpoint; Desk's {errorCode, message}; SalesIQ's {error:{code,message}}.
  { id: 'zoho-desk-token-error', service: 'zoho-desk', endpoint: 'token', field: 'error (unknown, HTTP 200)', reply: json(200, { error: `z${P}` }), shown: 'both' },
  { id: 'zoho-desk-token-description', service: 'zoho-desk', endpoint: 'token', field: 'error_description (known invalid_code)', reply: json(200, { error: 'invalid_code', error_description: P }), shown: 'both' },
  { id: 'zoho-desk-token-api-domain', service: 'zoho-desk', endpoint: 'token', field: 'api_domain (success)', shown: 'never', reply: undefined },
  { id: 'zoho-desk-verify-message', service: 'zoho-desk', endpoint: 'verify', field: 'errorCode / message', reply: json(401, { errorCode: `E${P}`, message: P }), shown: 'status' },
  { id: 'zoho-desk-verify-company', service: 'zoho-desk', endpoint: 'verify', field: 'data[].companyName / id', reply: json(200, { data: [{ companyName: P, id: `7${P}` }] }), shown: 'status' },
  { id: 'zoho-desk-verify-portal', service: 'zoho-desk', endpoint: 'verify', field: 'data[].portalName', reply: json(200, { data: [{ portalName: P, id: 7 }] }), shown: 'status' },
  { id: 'zoho-salesiq-token-error', service: 'zoho-salesiq', endpoint: 'token', field: 'nested error.code / error.message (HTTP 200)', reply: json(200, { error: { code: `1${P}`, message: P } }), shown: 'both' },
  { id: 'zoho-salesiq-verify-message', service: 'zoho-salesiq', endpoint: 'verify', field: 'error.code / error.message', reply: json(200, { error: { code: `9${P}`, message: P } }), shown: 'status' },

  // A custom service: the token_type it hands out is quoted when refused.
  { id: 'my-api-token-type', service: 'my-api', endpoint: 'token', field: 'token_type (success)', shown: 'both', reply: undefined },
  { id: 'my-api-verify-title', service: 'my-api', endpoint: 'verify', field: 'HTML <title> (401)', reply: page(401), shown: 'status' },

  // Discovery documents (custom services given by issuer alone): refused ones name what they said.
  { id: 'disc-issuer', service: 'discovery', endpoint: 'discovery', field: 'issuer (mismatch names both)', shown: 'both' },
  { id: 'disc-token-endpoint', service: 'discovery', endpoint: 'discovery', field: 'token_endpoint', shown: 'both' },
  { id: 'disc-device-endpoint', service: 'discovery', endpoint: 'discovery', field: 'device_authorization_endpoint', shown: 'both' },
  { id: 'disc-title', service: 'discovery', endpoint: 'discovery', field: 'HTML <title>', shown: 'never' },

  // Heroku: the Platform API's {id, message}, and the CLI's own stderr.
  { id: 'heroku-api-message', service: 'heroku', endpoint: 'heroku-api', field: 'message (HTTP 422)', reply: json(422, { id: 'invalid_params', message: P }), shown: 'both' },
  { id: 'heroku-api-id', service: 'heroku', endpoint: 'heroku-api', field: 'id (HTTP 403)', reply: json(403, { id: P, message: 'You do not have access to the app.' }), shown: 'never' },
  { id: 'heroku-api-title', service: 'heroku', endpoint: 'heroku-api', field: 'HTML <title> (HTTP 403)', reply: page(403), shown: 'both' },
  { id: 'heroku-cli-stderr', service: 'heroku', endpoint: 'heroku-cli', field: 'stderr of `heroku config --json`', shown: 'both' },
  // after_write: the command's last output line goes into the failure message.
  { id: 'after-write-line', service: 'after_write', endpoint: 'after_write', field: 'last line of stderr', shown: 'refresh' },
  // notify: command: a refusal (clean here) alerts, and the command's last line says why the alert
  // failed — in a ⚠ line on stderr, never in the profile's JSON row (the e2e test reads it there).
  { id: 'notify-command-line', service: 'notify', endpoint: 'notify', field: 'last line of the notify command', shown: 'never' },
];

/** Hostile values inside a successful token answer (fields reauth stores, never tokens themselves). */
const SUCCESS_EXTRAS: Readonly<Record<string, Record<string, unknown>>> = {
  'netatmo-token-scope': { scope: ['read_station', P] },
  'tiktok-token-open-id': { open_id: P },
  'ttlock-token-uid': { uid: P },
  'zoho-desk-token-api-domain': { api_domain: `https://www.zohoapis.com/${P}` },
  'my-api-token-type': { token_type: `mac${P}` },
};

const CASE_IN = /fake-hostile-(?:client|access|refresh)\.([a-z0-9-]+)\./;

export function clientIdFor(id: string): string {
  return `fake-hostile-client.${id}.0001`;
}

export function tokensFor(id: string, serial: number): { access: string; refresh: string } {
  return { access: `fake-hostile-access.${id}.${String(serial).padStart(4, '0')}`, refresh: `fake-hostile-refresh.${id}.${String(serial).padStart(4, '0')}` };
}

function byId(id: string | undefined): HostileCase | undefined {
  return HOSTILE_CASES.find((c) => c.id === id);
}

function caseOfRequest(request: LoopbackRequest): HostileCase | undefined {
  const f = request.form;
  const carried = [
    f.get('client_id'),
    f.get('client_key'),
    f.get('clientId'),
    request.url.searchParams.get('clientId'),
    request.url.searchParams.get('accessToken'),
    String(request.headers.authorization ?? ''),
  ];
  for (const value of carried) {
    const match = value ? CASE_IN.exec(value) : null;
    if (match) return byId(match[1]);
  }
  return undefined;
}

function goodVerify(service: HostileService): LoopbackReply {
  switch (service) {
    case 'netatmo':
      return json(200, { body: { devices: [{ station_name: 'Home' }] } });
    case 'tiktok':
      return json(200, { data: { user: { display_name: 'Fake Creator' } }, error: { code: 'ok', message: '', log_id: 'fake-log' } });
    case 'ttlock':
      return json(200, { list: [], total: 0 });
    case 'zoho-desk':
      return json(200, { data: [{ companyName: 'Acme', id: '1' }] });
    case 'zoho-salesiq':
      return json(200, { data: [] });
    default:
      return json(200, { ok: true });
  }
}

function discoveryDocument(origin: string, c: HostileCase): LoopbackReply {
  const issuer = `${origin}/disc/${c.id}`;
  const doc: Record<string, unknown> = { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` };
  if (c.id === 'disc-issuer') doc.issuer = `https://issuer.example/${P}`;
  if (c.id === 'disc-token-endpoint') doc.token_endpoint = `${issuer}/tok${P}`;
  if (c.id === 'disc-device-endpoint') doc.device_authorization_endpoint = `${issuer}/dev${P}`;
  if (c.id === 'disc-title') return page(200);
  return json(200, doc);
}

export interface HostileServer {
  readonly server: LoopbackServer;
  readonly origin: string;
  /** Ids of the cases whose hostile answer was actually sent (a case never asked for proves nothing). */
  readonly served: ReadonlySet<string>;
  close(): Promise<void>;
}

/** Every service of the corpus on one loopback port, each in its own shape. */
export async function startHostileServer(): Promise<HostileServer> {
  let serial = 0;
  let origin = '';
  const served = new Set<string>();
  const serve = (c: HostileCase, reply: LoopbackReply): LoopbackReply => {
    served.add(c.id);
    return reply;
  };
  const server = await startLoopbackServer((request) => {
    const path = request.url.pathname;
    const disc = /^\/\.well-known\/(?:oauth-authorization-server|openid-configuration)\/disc\/([a-z0-9-]+)$/.exec(path) ?? /^\/disc\/([a-z0-9-]+)\/\.well-known\/openid-configuration$/.exec(path);
    if (disc) {
      const c = byId(disc[1]);
      return c ? serve(c, discoveryDocument(origin, c)) : json(404, { error: 'not_found' });
    }
    const heroku = /^\/heroku\/apps\/([a-z0-9-]+)\/(config-vars|releases)$/.exec(path);
    if (heroku) {
      const c = byId(heroku[1]);
      if (heroku[2] === 'releases') return json(200, [{ version: 2 }]);
      return c?.endpoint === 'heroku-api' && c.reply ? serve(c, c.reply) : json(200, {});
    }
    const c = caseOfRequest(request);
    if (!c) return json(400, { error: 'invalid_client', error_description: 'not a corpus request' });
    const isToken = request.method === 'POST' && /token\/?$/.test(path);
    if (isToken) {
      if (c.endpoint === 'token' && c.reply) return serve(c, c.reply);
      if (c.endpoint === 'notify') return json(400, { error: 'invalid_grant' });
      const pair = tokensFor(c.id, ++serial);
      const answer = json(200, { access_token: pair.access, refresh_token: pair.refresh, expires_in: 3600, token_type: 'Bearer', ...SUCCESS_EXTRAS[c.id] });
      return SUCCESS_EXTRAS[c.id] ? serve(c, answer) : answer;
    }
    if (c.endpoint === 'verify' && c.reply) return serve(c, c.reply);
    return goodVerify(c.service);
  });
  origin = server.origin;
  return { server, origin, served, close: () => server.close() };
}

/** `printf` format text that prints `text` exactly (octal escapes for every byte outside plain ASCII). */
export function printfFormat(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9 .,:;/_=+-]/.test(ch)) out += ch;
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/**
 * A fake `heroku` (REAUTH_HEROKU_BIN) for the one case the real CLI cannot play: its stderr
 * carrying escape codes. Every other app reads as empty config and a logged-in account; writes
 * go to the Platform API (HEROKU_HOST), i.e. the hostile server. The payload's newline is left
 * out (the CLI's error block is read line by line, so it would only cut the quote short); its
 * bare CR stays.
 */
export async function writeFakeHeroku(dir: string): Promise<string> {
  const path = join(dir, 'fake-heroku.sh');
  await writeFile(
    path,
    [
      '#!/bin/sh',
      'case "$*" in',
      '  *auth:whoami*) echo fake-owner@example.com ;;',
      `  *"-a heroku-cli-stderr"*) printf ' \\342\\200\\272   Error: ${printfFormat(PAYLOAD.replace(/\n/g, ' '))}\\n' >&2; exit 2 ;;`,
      "  *config*) echo '{}' ;;",
      '  *) exit 0 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  await chmod(path, 0o755);
  return path;
}

/** The after_write (and notify) script: fails with PAYLOAD as its last line. */
export async function writeAfterWriteScript(dir: string): Promise<void> {
  await writeFile(join(dir, 'after-write.sh'), `printf 'restarting\\n${printfFormat(PAYLOAD)}\\n' >&2\nexit 3\n`);
}

const PRESET_OF: Readonly<Record<HostileService, string>> = {
  netatmo: 'netatmo',
  tiktok: 'tiktok',
  ttlock: 'ttlock',
  'zoho-desk': 'zoho-desk',
  'zoho-salesiq': 'zoho-salesiq',
  'my-api': 'my-api',
  discovery: 'my-api',
  heroku: 'my-api',
  after_write: 'my-api',
  notify: 'my-api',
};

/** reauth.yaml with one profile per case, every service pointed at the hostile server. */
export function corpusConfig(origin: string, cases: readonly HostileCase[] = HOSTILE_CASES): string {
  const lines = ['# The hostile-answer corpus (test/support/hostile-corpus.ts).', 'version: 1', 'profiles:'];
  for (const c of cases) {
    const provider = c.service === 'discovery' ? c.id : PRESET_OF[c.service];
    lines.push(
      `  ${c.id}:`,
      `    provider: ${provider}`,
      `    client_id: ${clientIdFor(c.id)}`,
      // From the environment: a secret written out in full draws a warning per profile.
      '    client_secret: ${HOSTILE_CLIENT_SECRET}',
      ...(c.service === 'zoho-salesiq' ? ['    settings: { screen_name: acme }'] : []),
      '    targets:',
      '      - type: dotenv',
      `        file: ${c.id}.env`,
      '        keys: { access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN }',
      ...(c.service === 'heroku' ? ['      - type: heroku', `        app: ${c.id}`, '        keys: { access_token: HOSTILE_ACCESS_TOKEN }'] : []),
      ...(c.service === 'after_write' ? ['    after_write: sh ./after-write.sh'] : []),
      ...(c.service === 'notify' ? ['    notify: { command: sh ./after-write.sh }'] : []),
    );
  }
  lines.push(
    'providers:',
    '  netatmo:',
    `    token_url: ${origin}/netatmo/token`,
    `    verify_url: ${origin}/netatmo/verify`,
    '  tiktok:',
    `    token_url: ${origin}/tiktok/token/`,
    `    verify_url: ${origin}/tiktok/verify/`,
    '  ttlock:',
    `    api_url: ${origin}/ttlock`,
    `    token_url: ${origin}/ttlock/oauth2/token`,
    `    verify_url: ${origin}/ttlock/v3/lock/list`,
    '  zoho-desk:',
    `    accounts_url: ${origin}/zoho`,
    `    api_url: ${origin}/zoho-desk`,
    `    verify_url: ${origin}/zoho-desk/verify`,
    '  zoho-salesiq:',
    `    accounts_url: ${origin}/zoho`,
    `    api_url: ${origin}/zoho-salesiq`,
    `    verify_url: ${origin}/zoho-salesiq/verify`,
    '  my-api:',
    '    name: My API',
    `    authorize_url: ${origin}/my-api/authorize`,
    `    token_url: ${origin}/my-api/token`,
    `    verify_url: ${origin}/my-api/verify`,
  );
  for (const c of cases.filter((x) => x.service === 'discovery')) lines.push(`  ${c.id}:`, `    issuer: ${origin}/disc/${c.id}`, '    scopes: [openid]');
  return `${lines.join('\n')}\n`;
}

/** The .env each profile starts from: a pair the server recognises as that case's. */
export function startingEnv(id: string): string {
  const pair = tokensFor(id, 0);
  return `ACCESS_TOKEN=${pair.access}\nREFRESH_TOKEN=${pair.refresh}\n`;
}

/** Every string inside a parsed JSON value that holds a control byte, with where it is. */
export function controlStringsIn(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return CONTROL.test(value) ? [`${path}: ${JSON.stringify(value)}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => controlStringsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...(CONTROL.test(k) ? [`${path} key ${JSON.stringify(k)}`] : []), ...controlStringsIn(v, `${path}.${k}`)]);
  return [];
}

/** Whether a mark (␛ or �) is in any string of a parsed JSON value. */
export function hasMark(value: unknown): boolean {
  return MARK.test(JSON.stringify(value));
}
