/**
 * "Another OAuth 2.0 service…" given by its issuer, in both renderers of the built binary: the
 * issuer question comes first, discovery against oidc-provider on loopback shows what it found,
 * and the next question is the scopes — no sign-in or token address to type.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { makeFolder, removeFolders } from './e2e-support.js';

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

describe.each([
  ['Ink', [] as string[]],
  ['--plain', ['--plain']],
])('reauth setup, another service by its issuer (%s)', (_renderer, extra) => {
  it('asks for the issuer first, shows the discovered addresses and skips the address questions', async () => {
    const dir = await makeFolder('custom-discovery');
    await writeFile(join(dir, 'reauth.yaml'), 'version: 1\nprofiles: {}\n');
    const session = startReauth({ args: ['setup', ...extra], cwd: dir });

    await session.waitForText('Another OAuth 2.0 service…');
    await session.focusOption('Another OAuth 2.0 service…');
    session.press('enter');
    await session.waitForText('Issuer URL (or leave empty to enter the endpoints yourself)');
    session.type(oidc.issuer);
    await session.waitForText(oidc.issuer);
    session.press('enter');
    await session.waitForText('What is the service called?');
    session.type('My OIDC');
    await session.waitForText('My OIDC');
    session.press('enter');
    await session.waitForText(`token ${oidc.tokenUrl}`);
    await session.waitForText('Scopes to ask for (optional)');
    expect(session.transcript().join('\n')).not.toContain('Sign-in address (authorization endpoint)');
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
  });
});
