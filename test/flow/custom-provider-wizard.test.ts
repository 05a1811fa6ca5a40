/**
 * "Another OAuth 2.0 service…": the wizard asks for what `providers:` would say, uses the
 * answers as the provider (against oidc-provider on loopback) and saves them to reauth.yaml.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { OIDC_REDIRECT_HTTPS, startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { answer, expectQuestion } from '../support/wizard-driver.js';
import { startSetup } from './custom-provider-harness.js';

let oidc: OidcServer;

beforeAll(async () => {
  oidc = await startOidcServer();
});
afterAll(async () => {
  await oidc.close();
});

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'reauth-custom-wizard-'));
}

/** Answers `id` and returns the error the wizard showed for it, if any. */
async function answerExpectingError(run: WizardRun, id: string, value: string): Promise<string | undefined> {
  await answer(run, id, value);
  return (await expectQuestion(run, id)).error;
}

describe('describing a service that is not built in', () => {
  it('asks for its addresses and options, signs in with them and saves the service with the profile', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'reauth.yaml'), '# kept as written\nversion: 1\nprofiles: {}\n');
    const { run, done, opened } = await startSetup(dir);

    const service = await answer(run, 'provider', '+custom');
    expect(service.kind === 'select' && service.options.at(-1)?.label).toBe('Another OAuth 2.0 service…');

    await answer(run, 'custom_issuer', '');
    await answer(run, 'custom_name', 'My API');
    expect(await answerExpectingError(run, 'custom_authorize_url', 'http://id.example.com/auth')).toMatch(/^Plain http:\/\/ is allowed only for this computer/);
    await answer(run, 'custom_authorize_url', oidc.authorizeUrl);
    expect(await answerExpectingError(run, 'custom_token_url', 'id.example.com/token')).toMatch(/not a whole address/);
    await answer(run, 'custom_token_url', oidc.tokenUrl);
    await answer(run, 'custom_scopes', 'openid, offline_access');
    await answer(run, 'custom_scope_separator', 'space');
    await answer(run, 'custom_pkce', 'none');
    await answer(run, 'custom_client_auth', 'basic');
    expect(await answerExpectingError(run, 'custom_authorize_params', 'state=x')).toBe('reauth sets state itself: leave it out.');
    await answer(run, 'custom_authorize_params', 'prompt=consent');
    await answer(run, 'custom_verify_url', oidc.userinfoUrl);

    const clientId = await answer(run, 'client_id', oidc.basicClient.id);
    expect(clientId.title).toBe('My API client ID');
    await answer(run, 'client_secret', oidc.basicClient.secret);
    // The scopes were given with the service: the list question is not asked again.
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'redirect_uri', OIDC_REDIRECT_HTTPS);
    await expectQuestion(run, 'paste');
    const link = new URL(opened[0]!);
    expect(link.origin + link.pathname).toBe(oidc.authorizeUrl);
    expect(link.searchParams.get('scope')).toBe('openid offline_access');
    expect(link.searchParams.get('prompt')).toBe('consent');
    expect(link.searchParams.has('code_challenge')).toBe(false);
    run.answer({ type: 'value', id: 'paste', value: await oidc.approve(opened[0]!) });

    run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    const name = await answer(run, 'profile_name', 'api');
    await answer(run, 'schedule', 'later');
    expect(name.kind === 'text' && name.initial).toBe('my-api');
    const outcome = await done;
    expect(outcome.exitCode).toBe(0);

    const history = run.getView().history.map(({ label, value }) => ({ label, value }));
    expect(history).toContainEqual({ label: 'Name', value: 'My API (saved as providers.my-api)' });
    expect(history).toContainEqual({ label: 'Live check', value: 'the check address answered HTTP 200' });
    expect(await readFile(join(dir, '.env'), 'utf8')).toMatch(/^MY_API_REFRESH_TOKEN=\S{20,}$/m);

    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml.startsWith('# kept as written\nversion: 1\n')).toBe(true);
    expect(yaml).not.toContain(oidc.basicClient.secret);
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    expect(config.providers['my-api']).toEqual({
      name: 'My API',
      authorize_url: oidc.authorizeUrl,
      token_url: oidc.tokenUrl,
      verify_url: oidc.userinfoUrl,
      scopes: ['openid', 'offline_access'],
      scope_separator: ' ',
      pkce: 'none',
      client_auth: 'basic',
      authorize_params: { prompt: 'consent' },
    });
    expect(config.profiles['api']?.provider).toBe('my-api');
  });

  it('gives the service an id that no built-in service or reauth.yaml entry already uses', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'reauth.yaml'), 'version: 1\nproviders:\n  acme:\n    authorize_url: https://id.example.com/a\n    token_url: https://id.example.com/t\n');
    const { run } = await startSetup(dir);
    await answer(run, 'provider', '+custom');
    await answer(run, 'custom_issuer', '');
    await answer(run, 'custom_name', 'ACME!');
    await expectQuestion(run, 'custom_authorize_url');
    expect(run.getView().history.at(-1)).toMatchObject({ label: 'Name', value: 'ACME! (saved as providers.acme-2)' });
    run.answer({ type: 'cancel' });
  });

  it('skips the separator question for a single scope and keeps answers when going back', async () => {
    const { run } = await startSetup(await folder());
    await answer(run, 'provider', '+custom');
    await answer(run, 'custom_issuer', '');
    await answer(run, 'custom_name', 'Solo');
    await answer(run, 'custom_authorize_url', 'https://id.example.com/authorize');
    await answer(run, 'custom_token_url', 'https://id.example.com/token');
    await answer(run, 'custom_scopes', 'read');
    await expectQuestion(run, 'custom_pkce');
    run.answer({ type: 'back', id: 'custom_pkce' });
    const scopes = await expectQuestion(run, 'custom_scopes');
    expect(scopes.kind === 'text' && scopes.initial).toBe('read');
    run.answer({ type: 'cancel' });
  });

  it('forgets the described service when the person goes back and picks a built-in one', async () => {
    const { run } = await startSetup(await folder());
    await answer(run, 'provider', '+custom');
    await answer(run, 'custom_issuer', '');
    await answer(run, 'custom_name', 'Changed My Mind');
    await expectQuestion(run, 'custom_authorize_url');
    run.answer({ type: 'back', id: 'custom_authorize_url' });
    await expectQuestion(run, 'custom_name');
    run.answer({ type: 'back', id: 'custom_name' });
    await expectQuestion(run, 'custom_issuer');
    run.answer({ type: 'back', id: 'custom_issuer' });
    await answer(run, 'provider', 'netatmo');
    const clientId = await expectQuestion(run, 'client_id');
    expect(clientId.title).toBe('Netatmo client ID');
    run.answer({ type: 'cancel' });
  });
});
