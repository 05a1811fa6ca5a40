/**
 * Issue 10's matrix, discovery rows: a reauth.yaml that names the service by its `issuer:` alone
 * (no authorize_url, token_url, pkce or client_auth) against each independent server, signing
 * in through the loopback catch and refreshing twice from the saved profile; and RFC 9207 against
 * oidc-provider, which advertises `authorization_response_iss_parameter_supported`: a pasted
 * answer without `iss` is refused, the same answer with it taken; and device sign-in (RFC 8628)
 * through the discovered device_authorization_endpoint. README "Tested against".
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envValues } from '../e2e/e2e-support.js';
import { startSetup } from '../flow/custom-provider-harness.js';
import { refreshCommand } from '../support/audited-commands.js';
import { json, startLoopbackServer } from '../support/loopback-server.js';
import { startMockOauth2Server } from '../support/mock-oauth2-server.js';
import { startNodeOauthServer } from '../support/node-oauth-server.js';
import { runSetup } from '../../src/commands/setup.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { testDeps } from '../support/test-deps.js';
import { answer, answerPlaces, expectQuestion, nextQuestion } from '../support/wizard-driver.js';

interface Client {
  readonly id: string;
  readonly secret: string;
}

/** One server as these rows see it: an issuer, and the client its discovered auth method suits. */
interface Peer {
  readonly issuer: string;
  readonly loopbackRedirectUri: string;
  /** The client matching what discovery picks: Basic where listed first, a public client where only `none` is. */
  readonly client: Client;
  readonly scopes: readonly string[];
  readonly authorizeParams?: Readonly<Record<string, string>>;
  readonly rotates: boolean;
  readonly sameAccessTokenWithinASecond?: boolean;
  approve(authorizeUrl: string, options?: { readonly follow?: boolean }): Promise<string>;
  close(): Promise<void>;
}

const PEERS: Readonly<Record<string, () => Promise<Peer>>> = {
  // Publishes /.well-known/openid-configuration (RFC 8414's address answers 404); lists
  // client_secret_basic first, so reauth picks Basic: the Basic client (its secret holds ":").
  'oidc-provider 8.8 (OpenID discovery)': async () => {
    const s = await startOidcServer();
    return { ...s, client: s.basicClient, scopes: ['openid', 'offline_access'], authorizeParams: { prompt: 'consent' }, rotates: true };
  },
  // Has no discovery of its own. The document is served beside it, on another loopback origin
  // that is the issuer — as a gateway or a static file would publish it — and names the
  // server's own endpoints: the row checks reauth against this server's endpoints, reached
  // through RFC 8414, not a discovery the server itself offers.
  '@node-oauth/oauth2-server 5.3 (RFC 8414 document served beside it)': async () => {
    const s = await startNodeOauthServer({ rotate: true });
    const beside = await startLoopbackServer((req) =>
      req.url.pathname === '/.well-known/oauth-authorization-server'
        ? json(200, {
            issuer: beside.origin,
            authorization_endpoint: s.authorizeUrl,
            token_endpoint: s.tokenUrl,
            code_challenge_methods_supported: ['S256'],
            token_endpoint_auth_methods_supported: ['client_secret_post'],
          })
        : json(404, { error: 'not_found' }),
    );
    return {
      issuer: beside.origin,
      loopbackRedirectUri: s.loopbackRedirectUri,
      client: { id: s.client.id, secret: s.client.secret! },
      scopes: ['read'],
      rotates: true,
      approve: s.approve,
      close: async () => {
        await beside.close();
        await s.close();
      },
    };
  },
  // Publishes /.well-known/openid-configuration with token_endpoint_auth_methods_supported: [none]:
  // reauth signs in as a public client with PKCE.
  'oauth2-mock-server 8.2 (OpenID discovery)': async () => {
    const s = await startMockOauth2Server();
    const issuer = (await (await fetch(`${s.issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
    return { ...s, issuer: issuer.issuer, client: { id: 'fake-mock-public', secret: '' }, scopes: ['openid'], rotates: true, sameAccessTokenWithinASecond: true };
  },
};

/** Only the issuer and the client's own settings: everything else comes from discovery. */
function discoveryYaml(peer: Peer, redirectUri: string): string {
  const params = peer.authorizeParams ? `    authorize_params: { ${Object.entries(peer.authorizeParams).map(([k, v]) => `${k}: ${v}`).join(', ')} }\n` : '';
  return ['version: 1', 'providers:', '  my-api:', '    name: My API', `    issuer: ${peer.issuer}`, `    scopes: [${peer.scopes.join(', ')}]`, `${params}    redirect_uri: ${redirectUri}`, ''].join('\n');
}

async function startSignIn(peer: Peer, how: 'loopback catch' | 'paste') {
  const redirectUri = how === 'paste' ? 'https://localhost/callback' : peer.loopbackRedirectUri;
  const dir = await mkdtemp(join(tmpdir(), 'reauth-interop-discovery-'));
  await writeFile(join(dir, 'reauth.yaml'), discoveryYaml(peer, redirectUri));
  const { run, done, opened } = await startSetup(dir, 'my-api');
  await answer(run, 'client_id', peer.client.id);
  await answer(run, 'client_secret', peer.client.secret);
  await answerPlaces(run);
  await answer(run, 'scopes', [...peer.scopes]);
  await answer(run, 'redirect_uri', redirectUri);
  await expectQuestion(run, 'paste');
  return { dir, run, done, opened };
}

async function finish(started: Awaited<ReturnType<typeof startSignIn>>): Promise<string> {
  const { run, done, dir } = started;
  run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
  await answer(run, 'after_write', '');
  await answer(run, 'save', true);
  await answer(run, 'profile_name', 'api');
  await answer(run, 'schedule', 'later');
  const outcome = await done;
  expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);
  return dir;
}

async function tokensIn(dir: string): Promise<{ access: string; refresh: string }> {
  const values = envValues(await readFile(join(dir, '.env'), 'utf8'));
  return { access: values.MY_API_ACCESS_TOKEN ?? '', refresh: values.MY_API_REFRESH_TOKEN ?? '' };
}

describe.each(Object.keys(PEERS))('discovery against %s', (name) => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await PEERS[name]!();
  });
  afterAll(async () => {
    await peer.close();
  });

  it('signs in and refreshes twice with only issuer: configured', async () => {
    const started = await startSignIn(peer, 'loopback catch');
    const link = new URL(started.opened[0]!);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    await peer.approve(started.opened[0]!, { follow: true });
    const dir = await finish(started);

    const saved = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(saved).toContain(`issuer: ${peer.issuer}`);
    expect(saved).not.toMatch(/authorize_url|token_url|client_auth|pkce/);
    let before = await tokensIn(dir);
    expect(before.refresh.length).toBeGreaterThan(10);

    for (let round = 1; round <= 2; round++) {
      const env = peer.client.secret ? { MY_API_CLIENT_SECRET: peer.client.secret } : {};
      const output = await refreshCommand({ configPath: 'reauth.yaml', profiles: ['api'], json: false, cwd: dir }, testDeps({ env }));
      expect(output.exitCode, `round ${round}: ${output.stderr}`).toBe(0);
      const after = await tokensIn(dir);
      if (!peer.sameAccessTokenWithinASecond) expect(after.access).not.toBe(before.access);
      if (peer.rotates) expect(after.refresh).not.toBe(before.refresh);
      before = after;
    }
  });
});

describe('RFC 9207 against oidc-provider 8.8 (authorization_response_iss_parameter_supported: true)', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await PEERS['oidc-provider 8.8 (OpenID discovery)']!();
  });
  afterAll(async () => {
    await peer.close();
  });

  it('refuses a pasted answer whose iss was removed, then takes the same answer with it', async () => {
    const started = await startSignIn(peer, 'paste');
    const landed = await peer.approve(started.opened[0]!);
    expect(new URL(landed).searchParams.get('iss')).toBe(peer.issuer);
    const stripped = new URL(landed);
    stripped.searchParams.delete('iss');

    await answer(started.run, 'paste', stripped.toString());
    const refused = await expectQuestion(started.run, 'paste');
    expect(refused.error).toContain(`no iss), although ${peer.issuer} puts it in every answer`);

    const forged = new URL(landed);
    forged.searchParams.set('iss', 'https://evil.example');
    await answer(started.run, 'paste', forged.toString());
    expect((await expectQuestion(started.run, 'paste')).error).toContain('not from');

    // Neither refusal spent the code: the real answer still signs in.
    await answer(started.run, 'paste', landed);
    const dir = await finish(started);
    expect((await tokensIn(dir)).access.length).toBeGreaterThan(10);
  });
});

describe('device sign-in through discovery against oidc-provider 8.8 (features.deviceFlow)', () => {
  let oidc: OidcServer;
  beforeAll(async () => {
    oidc = await startOidcServer({ deviceFlow: true });
  });
  afterAll(async () => {
    await oidc.close();
  });

  it('offers device sign-in from the discovered device_authorization_endpoint, signs in and refreshes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-interop-discovery-device-'));
    await writeFile(join(dir, 'reauth.yaml'), ['version: 1', 'providers:', '  my-api:', '    name: My API', `    issuer: ${oidc.issuer}`, '    scopes: [openid, offline_access]', ''].join('\n'));
    let resolveRun!: (run: WizardRun) => void;
    const started = new Promise<WizardRun>((resolve) => (resolveRun = resolve));
    const done = runSetup(
      {
        configPath: 'reauth.yaml',
        provider: 'my-api',
        noBrowser: true,
        cwd: dir,
        commandName: 'reauth',
        render: async (run) => {
          resolveRun(run);
          await run.outcome;
        },
      },
      testDeps({ env: { SSH_CONNECTION: '203.0.113.9 50000 192.0.2.1 22' } }),
    );
    const run = await started;
    const flow = await expectQuestion(run, 'flow');
    expect(flow.kind === 'select' && flow.initial).toBe('device');
    await answer(run, 'flow', 'device');
    await answer(run, 'client_id', oidc.basicClient.id);
    await answer(run, 'client_secret', oidc.basicClient.secret);
    await answerPlaces(run);
    await answer(run, 'scopes', ['openid', 'offline_access']);

    let userCode: string | undefined;
    for (let i = 0; i < 200 && !userCode; i++) {
      const prompt = run.getView().prompt;
      if (prompt.kind === 'busy' && prompt.device) userCode = prompt.device.userCode;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    await oidc.approveDevice(userCode!);
    // oidc-provider's interval is 5 s: the first poll comes after it.
    const preview = await nextQuestion(run, 20_000);
    expect(preview.prompt.id).toBe('preview');
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'api');
    await answer(run, 'schedule', 'later');
    const outcome = await done;
    expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);

    const before = await tokensIn(dir);
    const output = await refreshCommand({ configPath: 'reauth.yaml', profiles: ['api'], json: false, cwd: dir }, testDeps({ env: { MY_API_CLIENT_SECRET: oidc.basicClient.secret } }));
    expect(output.exitCode, output.stderr).toBe(0);
    expect((await tokensIn(dir)).refresh).not.toBe(before.refresh);
  }, 40_000);
});
