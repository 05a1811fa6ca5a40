/**
 * A second independent OAuth 2.0 server on loopback: @node-oauth/oauth2-server 5.3 (the
 * maintained fork of oauth2-server, used inside many Express apps), with a small in-memory
 * model. Its readings differ from oidc-provider's where real servers differ:
 *   - Basic credentials are Base64-decoded but not form-decoded (it uses the `basic-auth`
 *     package), so a secret holding `/ + : =` sent per RFC 6749 §2.3.1 is refused;
 *   - a public client (no secret) may use the code with PKCE, and refresh when the server lets
 *     refresh grants go without client authentication;
 *   - the refresh token rotates by default (`alwaysIssueNewRefreshToken`), or not, per option.
 * The authorize endpoint signs the person in by itself (there is no page to click): the
 * redirect it answers is what the browser would land on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import { freeLoopbackPort } from '../../src/demo/free-loopback-port.js';
import { recordIssuedTokens, recordSecret } from './secret-audit.js';

export interface NodeOauthClient {
  readonly id: string;
  /** Absent for a public client. */
  readonly secret?: string;
}

export interface NodeOauthServer {
  readonly origin: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** A bearer-token check (`authenticate`), for reauth's live check. */
  readonly userinfoUrl: string;
  readonly loopbackRedirectUri: string;
  readonly client: NodeOauthClient;
  /** Its secret holds `/ + : =`. */
  readonly reservedClient: NodeOauthClient;
  readonly publicClient: NodeOauthClient;
  /** Every refresh token still accepted. */
  liveRefreshTokens(): string[];
  /** The address the browser lands on after "Allow" (the redirect URI with code and state); with `follow`, visits it. */
  approve(authorizeUrl: string, options?: { readonly follow?: boolean }): Promise<string>;
  close(): Promise<void>;
}

interface StoredToken {
  accessToken: string;
  accessTokenExpiresAt?: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  scope?: string[];
  client: { id: string };
  user: { id: string };
}

export async function startNodeOauthServer(options: { readonly rotate?: boolean } = {}): Promise<NodeOauthServer> {
  const port = await freeLoopbackPort();
  const origin = `http://127.0.0.1:${port}`;
  const loopbackRedirectUri = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  const redirectUris = [loopbackRedirectUri, 'https://localhost/callback'];
  const client: NodeOauthClient = { id: 'fake-node-oauth-client', secret: 'fake-node-oauth-secret-0001' };
  const reservedClient: NodeOauthClient = { id: 'fake-node-oauth-reserved', secret: 'fake/secret+with:reserved=0002' };
  const publicClient: NodeOauthClient = { id: 'fake-node-oauth-public' };
  recordSecret(client.secret, reservedClient.secret);
  const clients = new Map([client, reservedClient, publicClient].map((c) => [c.id, c]));
  const codes = new Map<string, Record<string, unknown>>();
  const tokens = new Map<string, StoredToken>();
  const refreshTokens = new Map<string, StoredToken>();
  const person = { id: 'fake-person' };
  const modelClient = (c: NodeOauthClient) => ({ id: c.id, redirectUris, grants: ['authorization_code', 'refresh_token'] });

  const model = {
    getClient: async (id: string, secret: string | null | undefined) => {
      const found = clients.get(id);
      if (!found) return null;
      // `null` is the authorize endpoint asking about the client alone; a confidential
      // client must otherwise prove its secret, a public one has none to prove.
      if (secret === null) return modelClient(found);
      if (found.secret !== undefined && secret !== found.secret) return null;
      return modelClient(found);
    },
    saveAuthorizationCode: async (code: Record<string, unknown>, c: { id: string }, user: { id: string }) => {
      const saved = { ...code, client: c, user };
      codes.set(code.authorizationCode as string, saved);
      return saved;
    },
    getAuthorizationCode: async (code: string) => codes.get(code) ?? null,
    revokeAuthorizationCode: async (code: { authorizationCode: string }) => codes.delete(code.authorizationCode),
    saveToken: async (token: Omit<StoredToken, 'client' | 'user'>, c: { id: string }, user: { id: string }) => {
      const saved: StoredToken = { ...token, client: c, user };
      tokens.set(saved.accessToken, saved);
      if (saved.refreshToken) refreshTokens.set(saved.refreshToken, saved);
      return saved;
    },
    getAccessToken: async (accessToken: string) => tokens.get(accessToken) ?? null,
    getRefreshToken: async (refreshToken: string) => refreshTokens.get(refreshToken) ?? null,
    revokeToken: async (token: { refreshToken: string }) => refreshTokens.delete(token.refreshToken),
    validateScope: async (_user: unknown, _client: unknown, scope?: string[]) => scope ?? ['read'],
    verifyScope: async () => true,
  };
  const oauth = new OAuth2Server({
    model,
    accessTokenLifetime: 3600,
    refreshTokenLifetime: 14 * 86_400,
    alwaysIssueNewRefreshToken: options.rotate ?? true,
    requireClientAuthentication: { refresh_token: false },
  } as unknown as ConstructorParameters<typeof OAuth2Server>[0]);

  const server: Server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', origin);
    const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const request = new OAuth2Server.Request({ method: req.method ?? 'GET', headers: req.headers as Record<string, string>, query: Object.fromEntries(url.searchParams), body });
    const response = new OAuth2Server.Response({ headers: {} });
    try {
      if (url.pathname === '/authorize') await oauth.authorize(request, response, { authenticateHandler: { handle: () => person } });
      else if (url.pathname === '/token') await oauth.token(request, response);
      else if (url.pathname === '/me') {
        await oauth.authenticate(request, response);
        response.body = { sub: person.id };
      } else response.status = 404;
    } catch (error) {
      const e = error as { code?: number; name?: string; message?: string };
      response.status = e.code ?? 500;
      response.body = { error: e.name ?? 'server_error', error_description: e.message ?? String(error) };
    }
    if (url.pathname === '/token') recordIssuedTokens(response.body);
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...(response.headers as Record<string, string>) });
    res.end(response.status === 302 ? '' : JSON.stringify(response.body ?? {}));
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));

  return {
    origin,
    authorizeUrl: `${origin}/authorize`,
    tokenUrl: `${origin}/token`,
    userinfoUrl: `${origin}/me`,
    loopbackRedirectUri,
    client,
    reservedClient,
    publicClient,
    liveRefreshTokens: () => [...refreshTokens.keys()],
    approve: async (authorizeUrl, approveOptions = {}) => {
      const answer = await fetch(authorizeUrl, { redirect: 'manual' });
      const location = answer.headers.get('location');
      if (answer.status !== 302 || !location) throw new Error(`node-oauth2-server answered HTTP ${answer.status} at ${authorizeUrl}: ${(await answer.text()).slice(0, 300)}`);
      if (approveOptions.follow) await (await fetch(location)).text();
      return location;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

