/**
 * "Another OAuth 2.0 service…" given by its issuer: discovery against oidc-provider on loopback
 * skips the address questions (and PKCE, which its document settles), shows what it found, and
 * the saved reauth.yaml holds just `issuer:` with the client's own settings.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { html, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { OIDC_REDIRECT_HTTPS, startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { answer, expectQuestion, nextQuestion } from '../support/wizard-driver.js';
import { startSetup } from './custom-provider-harness.js';

let oidc: OidcServer;
let webPage: LoopbackServer;

beforeAll(async () => {
  oidc = await startOidcServer();
  webPage = await startLoopbackServer(() => html(200, '<!doctype html><title>Acme</title>'));
});
afterAll(async () => {
  await oidc.close();
  await webPage.close();
});

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'reauth-discovery-wizard-'));
}

describe('describing a service by its issuer', () => {
  it('discovers the addresses, asks only what the document leaves open, signs in and saves just the issuer', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'reauth.yaml'), 'version: 1\nprofiles: {}\n');
    const { run, done, opened } = await startSetup(dir);

    await answer(run, 'provider', '+custom');
    const issuerQuestion = await expectQuestion(run, 'custom_issuer');
    expect(issuerQuestion.title).toBe('Issuer URL (or leave empty to enter the endpoints yourself)');
    await answer(run, 'custom_issuer', 'http://id.example.com');
    expect((await expectQuestion(run, 'custom_issuer')).error).toMatch(/plain http:\/\//);
    await answer(run, 'custom_issuer', oidc.issuer);
    await answer(run, 'custom_name', 'My API');
    const discovered = run.getView().history.find((entry) => entry.label === 'Discovered');
    expect(discovered?.value).toContain(`sign-in ${oidc.authorizeUrl} · token ${oidc.tokenUrl}`);
    expect(discovered?.value).toContain('iss required in the answer (RFC 9207)');

    // No address questions; PKCE settled by code_challenge_methods_supported: [S256].
    await answer(run, 'custom_scopes', 'openid offline_access');
    await answer(run, 'custom_scope_separator', 'space');
    // Several usable methods: asked, with the document's first (Basic) offered.
    const auth = await expectQuestion(run, 'custom_client_auth');
    expect(auth.kind === 'select' && auth.initial).toBe('basic');
    await answer(run, 'custom_client_auth', 'body');
    await answer(run, 'custom_authorize_params', 'prompt=consent');
    const verify = await expectQuestion(run, 'custom_verify_url');
    expect(verify.kind === 'text' && verify.initial).toBe(oidc.userinfoUrl);
    await answer(run, 'custom_verify_url', oidc.userinfoUrl);

    await answer(run, 'client_id', oidc.bodyClient.id);
    await answer(run, 'client_secret', oidc.bodyClient.secret);
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'redirect_uri', OIDC_REDIRECT_HTTPS);
    await expectQuestion(run, 'paste');
    const link = new URL(opened[0]!);
    expect(link.origin + link.pathname).toBe(oidc.authorizeUrl);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    run.answer({ type: 'value', id: 'paste', value: await oidc.approve(opened[0]!) });

    run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'api');
    await answer(run, 'schedule', 'later');
    const outcome = await done;
    expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);

    const config = await loadConfig(join(dir, 'reauth.yaml'));
    expect(config.providers['my-api']).toEqual({
      name: 'My API',
      issuer: oidc.issuer,
      verify_url: oidc.userinfoUrl,
      scopes: ['openid', 'offline_access'],
      scope_separator: ' ',
      client_auth: 'body',
      authorize_params: { prompt: 'consent' },
    });
    expect(await readFile(join(dir, '.env'), 'utf8')).toMatch(/^MY_API_REFRESH_TOKEN=\S{20,}$/m);
  });

  it('says plainly when the issuer has no discovery document, and goes back to enter the addresses by hand', async () => {
    const { run } = await startSetup(await folder());
    await answer(run, 'provider', '+custom');
    await answer(run, 'custom_issuer', webPage.origin);
    const view = await nextQuestion(run);
    expect(view.prompt.kind).toBe('problem');
    if (view.prompt.kind !== 'problem') return;
    expect(view.prompt.help).toContain('with a web page (HTML), not a metadata document');
    expect(view.prompt.next).toMatch(/leave the issuer empty to enter the sign-in and token addresses yourself/i);
    const back = view.prompt.options.find((o) => o.value === 'issuer');
    expect(back?.label).toMatch(/leave it empty and enter the addresses yourself/);
    run.answer({ type: 'value', id: view.prompt.id, value: 'issuer' });
    await answer(run, 'custom_issuer', '');
    await answer(run, 'custom_name', 'By Hand');
    await expectQuestion(run, 'custom_authorize_url');
    run.answer({ type: 'cancel' });
  });

  it('reads the document of a saved service given by issuer: alone before asking anything about it', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'reauth.yaml'), `version: 1\nproviders:\n  my-oidc:\n    name: My OIDC\n    issuer: ${oidc.issuer}\n`);
    const { run } = await startSetup(dir, 'my-oidc');
    const clientId = await expectQuestion(run, 'client_id');
    expect(clientId.title).toBe('My OIDC client ID');
    expect(run.getView().history.find((entry) => entry.label === 'Discovered')?.value).toContain(`token ${oidc.tokenUrl}`);
    run.answer({ type: 'cancel' });
  });
});
