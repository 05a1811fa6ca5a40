/**
 * A custom OAuth 2.0 service end to end: a `providers: my-api:` entry in reauth.yaml pointing at
 * oidc-provider (a real, independent server on loopback), its loopback redirect caught by reauth
 * itself after the browser signs in and consents on oidc-provider's own pages, the userinfo
 * live check, and the tokens in .env.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customServiceYaml, startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { envValues, expectNoSecretShown, keepTickedPlaces, makeFolder, modeOf, readWhenWritten, removeFolders, writeAndSaveProfile } from './e2e-support.js';

const OIDC_BROWSER = fileURLToPath(new URL('./oidc-browser.mjs', import.meta.url));

let oidc: OidcServer;

beforeAll(async () => {
  oidc = await startOidcServer();
});
afterAll(async () => {
  await oidc.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

/** The browser keeps its files in a folder of its own, away from reauth's search for token files. */
async function oidcBrowser(): Promise<{ env: Record<string, string>; outFile: string; logFile: string; approve: () => Promise<void> }> {
  const dir = await makeFolder('oidc-browser');
  const approveFile = join(dir, 'approve-now');
  const outFile = join(dir, 'result.txt');
  const logFile = join(dir, 'opened.txt');
  return {
    env: { BROWSER: OIDC_BROWSER, OIDC_BROWSER_OUT: outFile, OIDC_BROWSER_LOG: logFile, OIDC_BROWSER_APPROVE_WHEN: approveFile },
    outFile,
    logFile,
    approve: () => writeFile(approveFile, 'yes\n'),
  };
}

describe('reauth setup --provider my-api (a custom service in reauth.yaml) in a terminal', () => {
  it('signs in at oidc-provider, catches the redirect by itself, checks userinfo and writes .env', async () => {
    const dir = await makeFolder('custom-oidc');
    const config = customServiceYaml(oidc);
    await writeFile(join(dir, 'reauth.yaml'), config);
    const browser = await oidcBrowser();
    const session = startReauth({ args: ['setup', '--provider', 'my-api'], cwd: dir, env: browser.env });
    const { id: clientId, secret: clientSecret } = oidc.bodyClient;

    await session.waitForText('My API client ID');
    session.type(clientId);
    await session.waitForText(`❯ ${clientId}`);
    session.press('enter');
    await session.waitForText('My API client secret');
    session.type(clientSecret);
    await session.waitForText('•'.repeat(clientSecret.length));
    session.press('enter');
    await keepTickedPlaces(session, /❯ ◉ \.env\s+a new file in this folder/);
    await session.waitForText('Which permissions (scopes)');
    session.press('enter');
    await session.waitForText('Redirect URI, exactly as registered');
    await session.waitForText(`❯ ${oidc.loopbackRedirectUri}`);
    session.press('enter');
    await session.waitForText('Paste the code or the whole address here');
    const port = new URL(oidc.loopbackRedirectUri).port;
    await session.waitForText(`Listening on 127.0.0.1:${port}: the sign-in is caught by itself`);
    await browser.approve();
    await session.waitForText('This is what will change');
    expect(await readWhenWritten(browser.outFile)).toBe('followed: 200');
    await session.waitForText(/Live check\s+the check address answered HTTP 200/);

    // The link carried what the entry asked for: S256 PKCE, both scopes, prompt=consent.
    const opened = (await readWhenWritten(browser.logFile)).trim().split('\n');
    expect(opened).toHaveLength(1);
    const link = new URL(opened[0]!);
    expect(link.origin + link.pathname).toBe(oidc.authorizeUrl);
    expect(link.searchParams.get('client_id')).toBe(clientId);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.searchParams.get('scope')).toBe('openid offline_access');
    expect(link.searchParams.get('prompt')).toBe('consent');
    expect(link.searchParams.get('redirect_uri')).toBe(oidc.loopbackRedirectUri);

    await writeAndSaveProfile(session, 'my-api', 'api');
    expect(await session.exit()).toBe(0);

    const values = envValues(await readFile(join(dir, '.env'), 'utf8'));
    const access = values.MY_API_ACCESS_TOKEN!;
    const refresh = values.MY_API_REFRESH_TOKEN!;
    expect(Date.parse(values.MY_API_TOKEN_EXPIRES_AT!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(await modeOf(join(dir, '.env'))).toBe(0o600);
    // What was written is what oidc-provider issued: userinfo takes the access token, and the
    // refresh token (issued only for offline_access with prompt=consent) works.
    const me = await fetch(oidc.userinfoUrl, { headers: { authorization: `Bearer ${access}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { sub?: string }).sub).toBe('fake-person');
    const refreshed = await fetch(oidc.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh, client_id: clientId, client_secret: clientSecret }),
    });
    expect(refreshed.status).toBe(200);

    // The profile is added under the person's entry; comments kept, no secret in it.
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml.startsWith(config.trimEnd())).toBe(true);
    expect(yaml).toMatch(/profiles:\n\s+api:\n\s+provider: my-api/);
    for (const secret of [clientSecret, access, refresh]) expect(yaml).not.toContain(secret);
    // The safety copy made at the exchange is gone once .env holds the tokens. (An empty
    // .reauth/rescue/ with its .gitignore may stay behind: that is not a token.)
    const left = (await readdir(dir, { recursive: true })).filter((f) => !['.reauth', '.reauth/.gitignore', '.reauth/rescue'].includes(f));
    expect(left.sort()).toEqual(['.env', 'reauth.yaml']);
    expectNoSecretShown(session, [clientSecret, access, refresh]);
  });
});
