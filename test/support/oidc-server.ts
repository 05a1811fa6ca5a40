/**
 * A real, independent OAuth 2.0 / OpenID server on loopback: oidc-provider 8.8 (DESIGN.md
 * "Testing": 9.x refuses Node 20). Custom providers are tested against it so reauth's generic
 * mechanism is checked by someone else's reading of RFC 6749/7636, not only by our emulations.
 *
 * oidc-provider's habits that shape this file: it issues a refresh token only when the client
 * has the `refresh_token` grant, the scope holds `offline_access` and the sign-in asked for
 * `prompt=consent`; its `devInteractions` login and consent forms are plain HTML forms, so a
 * test can "click" through them with fetch and a cookie jar.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { freeLoopbackPort } from '../../src/demo/free-loopback-port.js';
import { recordIssuedTokens, recordSecret } from './secret-audit.js';

export interface OidcTestClient {
  readonly id: string;
  readonly secret: string;
}

export interface OidcServer {
  /** `http://127.0.0.1:PORT`, also the issuer. */
  readonly issuer: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** The OpenID userinfo endpoint: a live check that needs nothing but a bearer token. */
  readonly userinfoUrl: string;
  /** `http://127.0.0.1:PORT/callback` on a port nothing listens on yet: registered for both clients. */
  readonly loopbackRedirectUri: string;
  /** `client_secret_post` (reauth `client_auth: body`); S256 PKCE required. */
  readonly bodyClient: OidcTestClient;
  /** `client_secret_basic` (reauth `client_auth: basic`); PKCE optional. */
  readonly basicClient: OidcTestClient;
  /** `client_secret_basic` with `/ + : =` in the secret: only RFC 6749 §2.3.1 encoding gets through. */
  readonly reservedBasicClient: OidcTestClient;
  /** `none` (reauth `client_auth: none`): a public client, no secret (`secret` is ''); S256 PKCE required. */
  readonly publicClient: OidcTestClient;
  /**
   * Plays the person in the browser: signs in on the devInteractions form, then allows (or
   * cancels) on the consent form. Returns the address the browser is finally sent to, i.e. the
   * redirect URI with `code` (or `error`) and `state`; with `follow`, also visits it.
   */
  approve(authorizeUrl: string, options?: { readonly deny?: boolean; readonly follow?: boolean }): Promise<string>;
  /** With `deviceFlow`: RFC 8628's device authorization endpoint. */
  readonly deviceAuthorizationUrl: string;
  /**
   * With `deviceFlow`: plays the person on their phone — types the user code on the device
   * page, confirms (or aborts), signs in and allows on the devInteractions forms.
   */
  approveDevice(userCode: string, options?: { readonly deny?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export const OIDC_REDIRECT_HTTPS = 'https://localhost/callback';

const BODY_CLIENT: OidcTestClient = { id: 'fake-oidc-body-client', secret: 'fake-oidc-body-secret-0001' };
const BASIC_CLIENT: OidcTestClient = { id: 'fake-oidc-basic-client', secret: 'fake-oidc-basic-secret:0002' };
const RESERVED_BASIC_CLIENT: OidcTestClient = { id: 'fake-oidc-reserved-client', secret: 'fake/oidc+basic:secret=0003' };
const PUBLIC_CLIENT: OidcTestClient = { id: 'fake-oidc-public-client', secret: '' };

export interface OidcServerOptions {
  /** Turns on RFC 8628 device sign-in (`features.deviceFlow`) and lets both clients use it. */
  readonly deviceFlow?: boolean;
}

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  recordSecret(BODY_CLIENT.secret, BASIC_CLIENT.secret);
  const server = createServer();
  const port = await listen(server, 0);
  const issuer = `http://127.0.0.1:${port}`;
  const loopbackRedirectUri = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  const redirectUris = [loopbackRedirectUri, OIDC_REDIRECT_HTTPS];
  const grants = ['authorization_code', 'refresh_token', ...(options.deviceFlow ? [DEVICE_CODE_GRANT_TYPE] : [])];

  const provider = new Provider(issuer, {
    clients: [
      { client_id: BODY_CLIENT.id, client_secret: BODY_CLIENT.secret, redirect_uris: redirectUris, grant_types: grants, response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' },
      { client_id: BASIC_CLIENT.id, client_secret: BASIC_CLIENT.secret, redirect_uris: redirectUris, grant_types: grants, response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
      {
        client_id: RESERVED_BASIC_CLIENT.id,
        client_secret: RESERVED_BASIC_CLIENT.secret,
        redirect_uris: redirectUris,
        grant_types: grants,
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      { client_id: PUBLIC_CLIENT.id, redirect_uris: redirectUris, grant_types: grants, response_types: ['code'], token_endpoint_auth_method: 'none' },
    ],
    ...(options.deviceFlow ? { features: { deviceFlow: { enabled: true } } } : {}),
    cookies: { keys: ['fake-oidc-cookie-key-0001'] },
    scopes: ['openid', 'offline_access', 'profile'],
    claims: { openid: ['sub'], profile: ['name'] },
    pkce: { required: (_ctx, client) => client.clientId === BODY_CLIENT.id || client.clientId === PUBLIC_CLIENT.id, methods: ['S256'] },
    // Rotate on every refresh, as Netatmo does: reauth must store whatever comes back.
    rotateRefreshToken: true,
    // Explicit lifetimes only keep oidc-provider from printing a notice for each default it uses.
    ttl: { AuthorizationCode: 60, DeviceCode: 600, AccessToken: 3600, IdToken: 3600, RefreshToken: 14 * 86_400, Interaction: 600, Session: 3600, Grant: 14 * 86_400 },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: 'Fake Test Person' }) }),
  });
  // Every token it issues, for the whole-suite secret grep.
  provider.on('grant.success', (ctx) => recordIssuedTokens((ctx as { body?: unknown }).body));
  server.on('request', provider.callback());

  return {
    issuer,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    userinfoUrl: `${issuer}/me`,
    loopbackRedirectUri,
    bodyClient: BODY_CLIENT,
    basicClient: BASIC_CLIENT,
    reservedBasicClient: RESERVED_BASIC_CLIENT,
    publicClient: PUBLIC_CLIENT,
    approve: (authorizeUrl, options = {}) => walkInteractions(issuer, authorizeUrl, options),
    deviceAuthorizationUrl: `${issuer}/device/auth`,
    approveDevice: (userCode, options = {}) => walkDevice(issuer, userCode, options),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One browser request: the jar's cookies sent, the answer's stored, redirects left to the caller. */
async function sendWithCookies(jar: CookieJar, request: { url: string; method: 'GET' | 'POST'; form?: URLSearchParams }): Promise<Response> {
  const response = await fetch(request.url, {
    method: request.method,
    redirect: 'manual',
    headers: { cookie: jar.header(request.url), ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(request.form ? { body: request.form.toString() } : {}),
  });
  jar.store(response.headers.getSetCookie());
  return response;
}

async function walkInteractions(issuer: string, authorizeUrl: string, options: { deny?: boolean; follow?: boolean }): Promise<string> {
  const jar = new CookieJar();
  let request: { url: string; method: 'GET' | 'POST'; form?: URLSearchParams } = { url: authorizeUrl, method: 'GET' };
  for (let hop = 0; hop < 12; hop++) {
    const response = await sendWithCookies(jar, request);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url).href;
      if (new URL(next).origin !== issuer) {
        if (options.follow) await (await fetch(next)).text();
        return next;
      }
      request = { url: next, method: 'GET' };
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`oidc-provider answered HTTP ${response.status} at ${request.url}: ${page.slice(0, 300)}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!prompt || !action) throw new Error(`no devInteractions form at ${request.url}: ${page.slice(0, 300)}`);
    const actionUrl = new URL(decodeEntities(action), request.url).href;
    if (prompt === 'login') {
      request = { url: actionUrl, method: 'POST', form: new URLSearchParams({ prompt: 'login', login: 'fake-person', password: 'fake-password' }) };
    } else if (options.deny) {
      request = { url: `${actionUrl}/abort`, method: 'GET' };
    } else {
      request = { url: actionUrl, method: 'POST', form: new URLSearchParams({ prompt: 'consent' }) };
    }
  }
  throw new Error('oidc-provider kept redirecting: the sign-in never reached the redirect URI');
}

async function walkDevice(issuer: string, userCode: string, options: { deny?: boolean }): Promise<void> {
  const jar = new CookieJar();
  const pageUrl = `${issuer}/device`;
  const first = await fetch(pageUrl, { redirect: 'manual' });
  jar.store(first.headers.getSetCookie());
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(await first.text())?.[1];
  if (!xsrf) throw new Error('no xsrf field on the device page');
  const form = new URLSearchParams({ xsrf, user_code: userCode, ...(options.deny ? { abort: 'yes' } : { confirm: 'yes' }) });
  let request: { url: string; method: 'GET' | 'POST'; form?: URLSearchParams } = { url: pageUrl, method: 'POST', form };
  for (let hop = 0; hop < 12; hop++) {
    const response = await sendWithCookies(jar, request);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      request = { url: new URL(location, request.url).href, method: 'GET' };
      continue;
    }
    const page = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    // The success page (or, after abort, the "interrupted" page) has no interaction form: done.
    if (!prompt || !action) {
      if (options.deny || /Sign-in Success/.test(page)) return;
      throw new Error(`the device sign-in did not finish (HTTP ${response.status}): ${page.slice(0, 300)}`);
    }
    const actionUrl = new URL(decodeEntities(action), request.url).href;
    request =
      prompt === 'login'
        ? { url: actionUrl, method: 'POST', form: new URLSearchParams({ prompt: 'login', login: 'fake-person', password: 'fake-password' }) }
        : { url: actionUrl, method: 'POST', form: new URLSearchParams({ prompt: 'consent' }) };
  }
  throw new Error('oidc-provider kept redirecting: the device sign-in never finished');
}

/** Just enough of RFC 6265 for oidc-provider's cookies: name, value and path. */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at < 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const pathAttr = attributes.map((a) => a.trim()).find((a) => /^path=/i.test(a));
      const path = pathAttr ? pathAttr.slice(5) : '/';
      const expired = attributes.some((a) => /^expires=/i.test(a.trim()) && Date.parse(a.trim().slice(8)) < Date.now()) || value === '';
      const key = `${name}\u0000${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies.entries()]
      .filter(([, cookie]) => path === cookie.path || path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`))
      .map(([key, cookie]) => `${key.split('\u0000')[0]}=${cookie.value}`)
      .join('; ');
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#47;/g, '/');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * A reauth.yaml that describes this server as a custom service `my-api` (body client auth,
 * S256 PKCE, the loopback redirect), as a person would write it under `providers:`.
 */
export function customServiceYaml(server: Pick<OidcServer, 'authorizeUrl' | 'tokenUrl' | 'userinfoUrl' | 'loopbackRedirectUri'>): string {
  return [
    '# my services',
    'version: 1',
    'providers:',
    '  my-api:',
    '    name: My API',
    `    authorize_url: ${server.authorizeUrl}`,
    `    token_url: ${server.tokenUrl}`,
    `    verify_url: ${server.userinfoUrl}`,
    '    scopes: [openid, offline_access]',
    '    pkce: S256',
    '    client_auth: body',
    '    authorize_params: { prompt: consent }',
    `    redirect_uri: ${server.loopbackRedirectUri}`,
    '',
  ].join('\n');
}
