/**
 * Issue 10's interoperability matrix: the same custom-service journeys against independent
 * OAuth 2.0 server implementations from npm, each on loopback — oidc-provider (a certified
 * OpenID provider), @node-oauth/oauth2-server (with and without refresh-token rotation) and
 * oauth2-mock-server. Every row is one journey a person takes: sign in through the loopback
 * catch, through a pasted address, then `reauth refresh` twice from the saved profile.
 * README "Tested against" lists the matrix.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envValues } from '../e2e/e2e-support.js';
import { startSetup } from '../flow/custom-provider-harness.js';
import { refreshCommand } from '../support/audited-commands.js';
import { startMockOauth2Server } from '../support/mock-oauth2-server.js';
import { startNodeOauthServer } from '../support/node-oauth-server.js';
import { startOidcServer } from '../support/oidc-server.js';
import { testDeps } from '../support/test-deps.js';
import { answer, answerPlaces, expectQuestion, nextQuestion } from '../support/wizard-driver.js';

interface Client {
  readonly id: string;
  readonly secret: string;
}

/** One server implementation, as the matrix sees it. */
interface Peer {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly userinfoUrl: string;
  readonly loopbackRedirectUri: string;
  /** A client that may send its secret in the form body. */
  readonly bodyClient: Client;
  /** A client that authenticates with HTTP Basic. */
  readonly basicClient: Client;
  /** A Basic client whose secret holds `/ + : =`. */
  readonly reservedClient: Client;
  /** Whether the server form-decodes Basic credentials as RFC 6749 §2.3.1 says (else `basic_raw` is needed). */
  readonly decodesBasic: boolean;
  /** A public client: no secret (an empty one here), PKCE instead. */
  readonly publicClient: Client;
  readonly scopes: readonly string[];
  /** Extra authorize parameters the server needs to hand out a refresh token. */
  readonly authorizeParams?: Readonly<Record<string, string>>;
  /** Whether a refresh hands out a new refresh token. */
  readonly rotates: boolean;
  /** oauth2-mock-server signs the same claims again within one second: the same JWT. */
  readonly sameAccessTokenWithinASecond?: boolean;
  approve(authorizeUrl: string, options?: { readonly follow?: boolean }): Promise<string>;
  close(): Promise<void>;
}

const PEERS: Readonly<Record<string, () => Promise<Peer>>> = {
  'oidc-provider 8.8': async () => {
    const s = await startOidcServer();
    return {
      ...s,
      reservedClient: s.reservedBasicClient,
      decodesBasic: true,
      scopes: ['openid', 'offline_access'],
      authorizeParams: { prompt: 'consent' },
      rotates: true,
      approve: s.approve,
      close: s.close,
    };
  },
  '@node-oauth/oauth2-server 5.3, rotating': async () => {
    const s = await startNodeOauthServer({ rotate: true });
    const client = { id: s.client.id, secret: s.client.secret! };
    const reservedClient = { id: s.reservedClient.id, secret: s.reservedClient.secret! };
    const publicClient = { id: s.publicClient.id, secret: '' };
    return { ...s, bodyClient: client, basicClient: client, reservedClient, decodesBasic: false, publicClient, scopes: ['read'], rotates: true, approve: s.approve, close: s.close };
  },
  '@node-oauth/oauth2-server 5.3, not rotating': async () => {
    const s = await startNodeOauthServer({ rotate: false });
    const client = { id: s.client.id, secret: s.client.secret! };
    const reservedClient = { id: s.reservedClient.id, secret: s.reservedClient.secret! };
    const publicClient = { id: s.publicClient.id, secret: '' };
    return { ...s, bodyClient: client, basicClient: client, reservedClient, decodesBasic: false, publicClient, scopes: ['read'], rotates: false, approve: s.approve, close: s.close };
  },
  'oauth2-mock-server 8.2': async () => {
    const s = await startMockOauth2Server();
    const reservedClient = { id: s.client.id, secret: 'fake/mock+secret:with=0002' };
    const publicClient = { id: 'fake-mock-public', secret: '' };
    return { ...s, bodyClient: s.client, basicClient: s.client, reservedClient, decodesBasic: true, publicClient, scopes: ['openid'], rotates: true, sameAccessTokenWithinASecond: true, approve: s.approve, close: s.close };
  },
};

type ClientAuth = 'body' | 'basic' | 'basic_raw' | 'none';

function serviceYaml(peer: Peer, clientAuth: ClientAuth, redirectUri: string): string {
  const params = peer.authorizeParams ? `    authorize_params: { ${Object.entries(peer.authorizeParams).map(([k, v]) => `${k}: ${v}`).join(', ')} }\n` : '';
  return [
    'version: 1',
    'providers:',
    '  my-api:',
    '    name: My API',
    `    authorize_url: ${peer.authorizeUrl}`,
    `    token_url: ${peer.tokenUrl}`,
    `    verify_url: ${peer.userinfoUrl}`,
    `    scopes: [${peer.scopes.join(', ')}]`,
    '    pkce: S256',
    `    client_auth: ${clientAuth}`,
    `${params}    redirect_uri: ${redirectUri}`,
    '',
  ].join('\n');
}

interface SignInOptions {
  readonly how?: 'loopback catch' | 'paste';
  readonly clientAuth?: ClientAuth;
  /** Default: the peer's body or Basic client, as clientAuth says. */
  readonly client?: Client;
}

/** The wizard up to the code exchange; returns what the exchange led to. */
async function startSignIn(peer: Peer, options: SignInOptions) {
  const clientAuth = options.clientAuth ?? 'body';
  const client = options.client ?? (clientAuth === 'basic' ? peer.basicClient : peer.bodyClient);
  const redirectUri = options.how === 'paste' ? 'https://localhost/callback' : peer.loopbackRedirectUri;
  const dir = await mkdtemp(join(tmpdir(), 'reauth-interop-'));
  await writeFile(join(dir, 'reauth.yaml'), serviceYaml(peer, clientAuth, redirectUri));
  const { run, done, opened } = await startSetup(dir, 'my-api');
  await answer(run, 'client_id', client.id);
  await answer(run, 'client_secret', client.secret);
  await answerPlaces(run);
  await answer(run, 'scopes', [...peer.scopes]);
  await answer(run, 'redirect_uri', redirectUri);
  await expectQuestion(run, 'paste');
  if (options.how === 'paste') await answer(run, 'paste', await peer.approve(opened[0]!));
  else await peer.approve(opened[0]!, { follow: true });
  return { dir, client, run, done };
}

/** The wizard from "which client" to "saved", signing in the way `options.how` says. */
async function signIn(peer: Peer, options: SignInOptions = {}): Promise<{ dir: string; client: Client }> {
  const { dir, client, run, done } = await startSignIn(peer, options);
  run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
  await answer(run, 'after_write', '');
  await answer(run, 'save', true);
  await answer(run, 'profile_name', 'api');
  await answer(run, 'schedule', 'later');
  const outcome = await done;
  expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);
  return { dir, client };
}

async function tokensIn(dir: string): Promise<{ access: string; refresh: string }> {
  const values = envValues(await readFile(join(dir, '.env'), 'utf8'));
  return { access: values.MY_API_ACCESS_TOKEN ?? '', refresh: values.MY_API_REFRESH_TOKEN ?? '' };
}

function refresh(dir: string, client: Client) {
  return refreshCommand({ configPath: 'reauth.yaml', profiles: ['api'], json: false, cwd: dir }, testDeps({ env: client.secret ? { MY_API_CLIENT_SECRET: client.secret } : {} }));
}

describe.each(Object.keys(PEERS))('against %s', (name) => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await PEERS[name]!();
  });
  afterAll(async () => {
    await peer.close();
  });

  it.each(['loopback catch', 'paste'] as const)('signs in through the %s and writes the tokens', async (how) => {
    const { dir } = await signIn(peer, { how });
    const { access, refresh: refreshToken } = await tokensIn(dir);
    expect(access.length).toBeGreaterThan(10);
    expect(refreshToken.length).toBeGreaterThan(10);
  });

  async function refreshesTwice(dir: string, client: Client): Promise<void> {
    let before = await tokensIn(dir);
    for (let round = 1; round <= 2; round++) {
      const output = await refresh(dir, client);
      expect(output.exitCode, `round ${round}: ${output.stderr}`).toBe(0);
      const after = await tokensIn(dir);
      if (!peer.sameAccessTokenWithinASecond) expect(after.access).not.toBe(before.access);
      if (peer.rotates) expect(after.refresh).not.toBe(before.refresh);
      else expect(after.refresh).toBe(before.refresh);
      before = after;
    }
  }

  it.each(['body', 'basic'] as const)('refreshes twice from the saved profile (client secret in the %s), storing what comes back', async (clientAuth) => {
    const { dir, client } = await signIn(peer, { clientAuth });
    await refreshesTwice(dir, client);
  });

  it('signs in and refreshes as a public client: no secret, PKCE S256', async () => {
    const { dir, client } = await signIn(peer, { clientAuth: 'none', client: peer.publicClient });
    expect(await readFile(join(dir, '.env'), 'utf8')).not.toMatch(/CLIENT_SECRET/);
    await refreshesTwice(dir, client);
  });

  it('authenticates with Basic when the secret holds / + : =, or names basic_raw when the server reads Basic raw', async () => {
    if (peer.decodesBasic) {
      const { dir, client } = await signIn(peer, { clientAuth: 'basic', client: peer.reservedClient });
      await refreshesTwice(dir, client);
      return;
    }
    const refused = await startSignIn(peer, { clientAuth: 'basic', client: peer.reservedClient });
    // The caught redirect is answered on a later tick: wait until the paste box has gone.
    let problem = await nextQuestion(refused.run);
    for (let i = 0; problem.prompt.id === 'paste' && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      problem = await nextQuestion(refused.run);
    }
    expect(problem.prompt.kind).toBe('problem');
    expect(`${problem.prompt.help ?? ''} ${problem.prompt.kind === 'problem' ? problem.prompt.next ?? '' : ''}`).toContain('basic_raw');
    refused.run.answer({ type: 'cancel' });
    await refused.done;
    const { dir, client } = await signIn(peer, { clientAuth: 'basic_raw', client: peer.reservedClient });
    await refreshesTwice(dir, client);
  });
});
