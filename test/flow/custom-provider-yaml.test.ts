/**
 * The whole wizard for a custom service defined under `providers:` in reauth.yaml, against
 * oidc-provider on loopback, with the browser's redirect caught by reauth's own listener.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { customServiceYaml, startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { answer, answerPlaces, expectQuestion } from '../support/wizard-driver.js';
import { startSetup } from './custom-provider-harness.js';

let oidc: OidcServer;

beforeAll(async () => {
  oidc = await startOidcServer();
});
afterAll(async () => {
  await oidc.close();
});

describe('setting up a custom OAuth 2.0 service from reauth.yaml', () => {
  it('catches the sign-in by itself, checks the token at userinfo and writes .env', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-custom-flow-'));
    await writeFile(
      join(dir, 'reauth.yaml'),
      customServiceYaml(oidc),
    );
    const { run, done, opened } = await startSetup(dir, 'my-api');
    await answer(run, 'client_id', oidc.bodyClient.id);
    await answer(run, 'client_secret', oidc.bodyClient.secret);
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'scopes', ['openid', 'offline_access']);
    const redirect = await answer(run, 'redirect_uri', oidc.loopbackRedirectUri);
    expect(redirect.kind === 'text' && redirect.initial).toBe(oidc.loopbackRedirectUri);

    const paste = await expectQuestion(run, 'paste');
    expect(paste.kind === 'paste' && paste.linkNotes.join('\n')).toMatch(/caught by itself/);
    // The person presses Allow; the browser lands on reauth's listener, nobody pastes anything.
    await oidc.approve(opened[0]!, { follow: true });

    run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'api');
    await answer(run, 'schedule', 'later');
    const outcome = await done;
    expect(outcome.exitCode).toBe(0);
    expect(run.getView().history).toContainEqual(expect.objectContaining({ label: 'Live check', value: 'the check address answered HTTP 200' }));

    const env = await readFile(join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^MY_API_ACCESS_TOKEN=\S{20,}$/m);
    expect(env).toMatch(/^MY_API_REFRESH_TOKEN=\S{20,}$/m);
    expect(env).toMatch(/^MY_API_TOKEN_EXPIRES_AT=\d{4}-\d\d-\d\dT/m);

    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml.startsWith('# my services\nversion: 1\nproviders:\n  my-api:\n')).toBe(true);
    expect(yaml).not.toContain(oidc.bodyClient.secret);
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    expect(config.profiles['api']?.provider).toBe('my-api');
    expect(config.profiles['api']?.redirect_uri).toBe(oidc.loopbackRedirectUri);
  });
});

describe('the issuer of a custom service (RFC 9207)', () => {
  async function signInWithIssuer(issuer: string) {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-custom-iss-'));
    await writeFile(join(dir, 'reauth.yaml'), customServiceYaml(oidc).replace('    name: My API\n', `    name: My API\n    issuer: ${issuer}\n`));
    const { run, done, opened } = await startSetup(dir, 'my-api');
    await answer(run, 'client_id', oidc.bodyClient.id);
    await answer(run, 'client_secret', oidc.bodyClient.secret);
    await answerPlaces(run);
    await answer(run, 'scopes', ['openid', 'offline_access']);
    await answer(run, 'redirect_uri', oidc.loopbackRedirectUri);
    await expectQuestion(run, 'paste');
    // oidc-provider sends iss with every answer; the browser lands on reauth's listener.
    const landed = await oidc.approve(opened[0]!, { follow: true });
    expect(new URL(landed).searchParams.get('iss')).toBe(oidc.issuer);
    return { run, done };
  }

  it('takes the answer when its iss is the issuer named in reauth.yaml', async () => {
    const { run, done } = await signInWithIssuer(oidc.issuer);
    await expectQuestion(run, 'preview');
    run.answer({ type: 'cancel' });
    await done;
  });

  it('refuses the answer of a server other than the issuer named, before its code is spent', async () => {
    const { run, done } = await signInWithIssuer('https://id.other.example');
    // The caught answer reaches the paste box on a later tick: it stays there, with the reason.
    for (let i = 0; !run.getView().prompt.error && i < 40; i++) await new Promise((r) => setTimeout(r, 50));
    const view = run.getView().prompt;
    expect(view.id).toBe('paste');
    expect(`${view.error ?? ''}`).toMatch(/not from https:\/\/id\.other\.example, the service reauth sent you to/);
    run.answer({ type: 'cancel' });
    await done;
  });
});
