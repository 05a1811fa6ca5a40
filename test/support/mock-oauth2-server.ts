/**
 * A third independent OAuth 2.0 / OpenID server on loopback: oauth2-mock-server 8.2 (8.x is
 * the line that runs on Node 20; 9.x needs 22). Its habits, which real permissive servers share:
 * any client id and secret are accepted; the authorize endpoint answers at once with a 302 to
 * the redirect URI (no login page); every refresh hands out a new refresh token without
 * checking the one it was sent; access and ID tokens are signed JWTs; PKCE is checked when a
 * challenge was sent; it publishes /.well-known/openid-configuration.
 */
import { OAuth2Server } from 'oauth2-mock-server';
import { freeLoopbackPort } from '../../src/demo/free-loopback-port.js';
import { recordIssuedTokens } from './secret-audit.js';

export interface MockOauth2Server {
  /** `http://127.0.0.1:PORT`, also the issuer. */
  readonly issuer: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly userinfoUrl: string;
  readonly loopbackRedirectUri: string;
  /** Any pair works; these are obviously fake. */
  readonly client: { readonly id: string; readonly secret: string };
  /** How many token requests of each grant it answered. */
  grants(): Record<string, number>;
  approve(authorizeUrl: string, options?: { readonly follow?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startMockOauth2Server(): Promise<MockOauth2Server> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url!.replace(/\/$/, '');
  const counts: Record<string, number> = {};
  server.service.on('beforeResponse', (response: { body: unknown }, req: { body?: Record<string, string> }) => {
    const grant = req.body?.grant_type ?? 'unknown';
    counts[grant] = (counts[grant] ?? 0) + 1;
    recordIssuedTokens(response.body);
  });
  return {
    issuer,
    authorizeUrl: `${issuer}/authorize`,
    tokenUrl: `${issuer}/token`,
    userinfoUrl: `${issuer}/userinfo`,
    loopbackRedirectUri: `http://127.0.0.1:${await freeLoopbackPort()}/callback`,
    client: { id: 'fake-mock-client', secret: 'fake-mock-secret-0001' },
    grants: () => ({ ...counts }),
    approve: async (authorizeUrl, options = {}) => {
      const answer = await fetch(authorizeUrl, { redirect: 'manual' });
      const location = answer.headers.get('location');
      if (answer.status !== 302 || !location) throw new Error(`oauth2-mock-server answered HTTP ${answer.status} at ${authorizeUrl}: ${(await answer.text()).slice(0, 300)}`);
      if (options.follow) await (await fetch(location)).text();
      return location;
    },
    close: () => server.stop(),
  };
}
