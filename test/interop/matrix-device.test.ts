/**
 * Issue 10's interoperability matrix, device sign-in (RFC 8628) rows: the wizard's device flow
 * against every server of the matrix that implements it, then `reauth refresh` twice from the
 * saved profile. Of the matrix's servers only oidc-provider has a device flow
 * (`features.deviceFlow`); for the other two a row checks that they still have none, so the
 * day one gains it this file says so instead of silently testing less.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSetup } from '../../src/commands/setup.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Prompt } from '../../src/flow/prompt.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { envValues } from '../e2e/e2e-support.js';
import { refreshCommand } from '../support/audited-commands.js';
import { startMockOauth2Server } from '../support/mock-oauth2-server.js';
import { startNodeOauthServer } from '../support/node-oauth-server.js';
import { DEVICE_CODE_GRANT_TYPE, startOidcServer, type OidcServer, type OidcTestClient } from '../support/oidc-server.js';
import { testDeps } from '../support/test-deps.js';
import { answer, answerPlaces, expectQuestion, nextQuestion } from '../support/wizard-driver.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function deviceYaml(oidc: OidcServer, clientAuth: 'body' | 'basic' | 'none'): string {
  return [
    'version: 1',
    'providers:',
    '  my-api:',
    '    name: My API',
    `    authorize_url: ${oidc.authorizeUrl}`,
    `    token_url: ${oidc.tokenUrl}`,
    `    device_authorization_url: ${oidc.deviceAuthorizationUrl}`,
    `    verify_url: ${oidc.userinfoUrl}`,
    '    scopes: [openid, offline_access]',
    `    client_auth: ${clientAuth}`,
    '',
  ].join('\n');
}

function deviceScreen(run: WizardRun): Promise<Extract<Prompt, { kind: 'busy' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no device screen; showing ${run.getView().prompt.id}`)), 10_000);
    const check = () => {
      const prompt = run.getView().prompt;
      if (prompt.kind === 'busy' && prompt.device) {
        clearTimeout(timer);
        unsubscribe();
        resolve(prompt);
      }
    };
    const unsubscribe = run.subscribe(check);
    check();
  });
}

/** The whole wizard over SSH, signing in on the "phone", up to the saved profile. */
async function deviceSignIn(oidc: OidcServer, clientAuth: 'body' | 'basic' | 'none', client: OidcTestClient): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reauth-interop-device-'));
  dirs.push(dir);
  await writeFile(join(dir, 'reauth.yaml'), deviceYaml(oidc, clientAuth));
  let resolveRun!: (run: WizardRun) => void;
  const started = new Promise<WizardRun>((resolve) => (resolveRun = resolve));
  const opened: string[] = [];
  const done = runSetup(
    { configPath: 'reauth.yaml', provider: 'my-api', noBrowser: false, cwd: dir, commandName: 'reauth', render: async (run) => { resolveRun(run); await run.outcome; } },
    testDeps({ opened, env: { SSH_CONNECTION: '203.0.113.9 50000 192.0.2.1 22' } }),
  );
  const run = await started;
  const flow = await expectQuestion(run, 'flow');
  expect(flow.kind === 'select' && flow.initial).toBe('device');
  await answer(run, 'flow', 'device');
  await answer(run, 'client_id', client.id);
  await answer(run, 'client_secret', client.secret);
  await answerPlaces(run);
  await answer(run, 'scopes', ['openid', 'offline_access']);
  const screen = await deviceScreen(run);
  expect(screen.device?.verificationUriComplete).toContain('user_code=');
  await oidc.approveDevice(screen.device!.userCode);
  // oidc-provider's interval is 5 s: the first poll comes after it.
  const afterApproval = await nextQuestion(run, 20_000);
  expect(afterApproval.prompt.id, 'help' in afterApproval.prompt ? afterApproval.prompt.help : '').toBe('preview');
  expect(opened).toEqual([]);
  run.answer({ type: 'confirm', id: 'preview', value: true });
  await answer(run, 'after_write', '');
  await answer(run, 'save', true);
  await answer(run, 'profile_name', 'api');
  await answer(run, 'schedule', 'later');
  const outcome = await done;
  expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);
  expect((await loadConfig(join(dir, 'reauth.yaml'))).profiles['api']?.flow).toBe('device');
  return dir;
}

async function tokensIn(dir: string): Promise<{ access: string; refresh: string }> {
  const values = envValues(await readFile(join(dir, '.env'), 'utf8'));
  return { access: values.MY_API_ACCESS_TOKEN ?? '', refresh: values.MY_API_REFRESH_TOKEN ?? '' };
}

/** oidc-provider rotates on every refresh (oidc-server.ts): each round must store the new pair. */
async function refreshesTwice(dir: string, client: OidcTestClient): Promise<void> {
  let before = await tokensIn(dir);
  expect(before.access.length).toBeGreaterThan(10);
  expect(before.refresh.length).toBeGreaterThan(10);
  for (let round = 1; round <= 2; round++) {
    const output = await refreshCommand(
      { configPath: 'reauth.yaml', profiles: ['api'], json: false, cwd: dir },
      testDeps({ env: client.secret ? { MY_API_CLIENT_SECRET: client.secret } : {} }),
    );
    expect(output.exitCode, `round ${round}: ${output.stderr}`).toBe(0);
    const after = await tokensIn(dir);
    expect(after.access).not.toBe(before.access);
    expect(after.refresh).not.toBe(before.refresh);
    before = after;
  }
}

describe('device sign-in against oidc-provider 8.8 (features.deviceFlow)', () => {
  let oidc: OidcServer;
  beforeAll(async () => {
    oidc = await startOidcServer({ deviceFlow: true });
  });
  afterAll(async () => {
    await oidc.close();
  });

  it('signs in on the other device and refreshes twice (client secret in the body)', async () => {
    const dir = await deviceSignIn(oidc, 'body', oidc.bodyClient);
    await refreshesTwice(dir, oidc.bodyClient);
  }, 60_000);

  it('signs in on the other device and refreshes twice (client secret in a Basic header)', async () => {
    const dir = await deviceSignIn(oidc, 'basic', oidc.basicClient);
    await refreshesTwice(dir, oidc.basicClient);
  }, 60_000);

  it('signs in on the other device and refreshes twice as a public client (no secret)', async () => {
    const dir = await deviceSignIn(oidc, 'none', oidc.publicClient);
    expect(await readFile(join(dir, '.env'), 'utf8')).not.toMatch(/CLIENT_SECRET/);
    await refreshesTwice(dir, oidc.publicClient);
  }, 60_000);
});

describe('servers of the matrix without a device flow', () => {
  it('oauth2-mock-server 8.2 publishes no device endpoint and refuses the device grant', async () => {
    const server = await startMockOauth2Server();
    try {
      const metadata = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(metadata.device_authorization_endpoint).toBeUndefined();
      expect(metadata.grant_types_supported).not.toContain(DEVICE_CODE_GRANT_TYPE);
      const answer = await fetch(server.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: 'fake-device-code-9', client_id: server.client.id }),
      });
      expect(answer.status).toBeGreaterThanOrEqual(400);
    } finally {
      await server.close();
    }
  });

  it('@node-oauth/oauth2-server 5.3 refuses the device grant (unsupported_grant_type)', async () => {
    const server = await startNodeOauthServer();
    try {
      const answer = await fetch(server.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: 'fake-device-code-9', client_id: server.client.id, client_secret: server.client.secret! }),
      });
      expect(((await answer.json()) as { error?: string }).error).toBe('unsupported_grant_type');
    } finally {
      await server.close();
    }
  });
});
