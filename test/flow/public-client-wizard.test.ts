/**
 * A public client (client_auth: none, RFC 8252) described in the wizard and signed in against
 * oidc-provider without a secret; the sign-in asks for offline_access but not prompt=consent,
 * so oidc-provider issues no refresh token — which the wizard, `refresh` and `status` must say
 * plainly with the fix, instead of "All done" and a "run setup" loop.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { refreshProfile } from '../../src/commands/refresh-profile.js';
import { profileStatus } from '../../src/commands/status-profile.js';
import { OIDC_REDIRECT_HTTPS, startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { testDeps } from '../support/test-deps.js';
import { answer, expectQuestion } from '../support/wizard-driver.js';
import { startSetup } from './custom-provider-harness.js';

let oidc: OidcServer;
let dir: string;
beforeAll(async () => {
  oidc = await startOidcServer();
  dir = await mkdtemp(join(tmpdir(), 'reauth-public-client-'));
});
afterAll(async () => {
  await oidc.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a public client that gets no refresh token', () => {
  it('takes an empty secret with one line saying why, and says before the end that no refresh token came', async () => {
    await writeFile(join(dir, 'reauth.yaml'), 'version: 1\nprofiles: {}\n');
    const { run, done, opened } = await startSetup(dir);
    await answer(run, 'provider', '+custom');
    await answer(run, 'custom_issuer', '');
    await answer(run, 'custom_name', 'My API');
    await answer(run, 'custom_authorize_url', oidc.authorizeUrl);
    await answer(run, 'custom_token_url', oidc.tokenUrl);
    await answer(run, 'custom_scopes', 'openid offline_access');
    await answer(run, 'custom_scope_separator', 'space');
    await answer(run, 'custom_pkce', 'none');
    // A public client without PKCE would have nothing to prove the code is its own.
    await answer(run, 'custom_client_auth', 'none');
    expect((await expectQuestion(run, 'custom_client_auth')).error).toMatch(/^A public client needs PKCE/);
    run.answer({ type: 'back', id: 'custom_client_auth' });
    await answer(run, 'custom_pkce', 'S256');
    const auth = await answer(run, 'custom_client_auth', 'none');
    expect(auth.kind === 'select' && auth.options.map((o) => o.value)).toContain('none');
    // No prompt=consent: oidc-provider then issues no refresh token.
    await answer(run, 'custom_authorize_params', '');
    await answer(run, 'custom_verify_url', '');
    await answer(run, 'client_id', oidc.publicClient.id);
    const secret = await expectQuestion(run, 'client_secret');
    expect(secret.help).toContain('public client (client_auth: none): leave this empty');
    await answer(run, 'client_secret', '');
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'redirect_uri', OIDC_REDIRECT_HTTPS);
    await expectQuestion(run, 'paste');
    const link = new URL(opened[0]!);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.searchParams.has('prompt')).toBe(false);
    run.answer({ type: 'value', id: 'paste', value: await oidc.approve(opened[0]!) });

    run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'api');
    const outcome = await done;

    expect(outcome.exitCode).toBe(0);
    expect(outcome.title).toBe('Done, but no refresh token');
    const text = outcome.lines.join('\n');
    expect(text).toMatch(/My API issued no refresh token at the last sign-in, so reauth cannot renew the access token by itself: it stops working when it expires \(\d{2}:\d{2}\)\./);
    expect(text).toContain('add prompt: consent under authorize_params: under providers.my-api in reauth.yaml');
    expect(text).toContain('`reauth setup api`');
    expect(run.getView().history).toContainEqual(expect.objectContaining({ label: 'Client secret', value: 'none (public client)' }));

    const env = await readFile(join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^MY_API_ACCESS_TOKEN=\S{20,}$/m);
    expect(env).not.toMatch(/REFRESH_TOKEN=\S/);
    expect(env).not.toContain('CLIENT_SECRET');
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    expect(config.providers['my-api']).toMatchObject({ client_auth: 'none', pkce: 'S256' });
  });

  it('refresh and status then say the service issued none and how to ask for one, not "run setup" alone', async () => {
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    const refreshed = await refreshProfile(config, 'api', testDeps(), { startedAt: Date.now() });
    expect(refreshed.exitCode).toBe(3);
    expect(refreshed.error?.message).toContain('My API issued no refresh token at the last sign-in');
    expect(refreshed.error?.next).toContain('add prompt: consent under authorize_params:');
    expect(refreshed.error?.next).toContain('`reauth setup api`');

    const status = await profileStatus(config, 'api', testDeps());
    expect(status.findings).toContainEqual(
      expect.objectContaining({ health: 'sign-in-needed', message: expect.stringContaining('My API issued no refresh token'), next: expect.stringContaining('prompt: consent') }),
    );
    expect(status.findings.map((f) => f.message)).not.toContain('No refresh token is stored in any target.');
  });
});
