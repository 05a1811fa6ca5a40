/**
 * Device sign-in in a real terminal (the installed bundle in a pty): at 100 × 40 the QR code of
 * the address with the code in it is drawn beside the code and reads back as that address; the
 * person approves on the "phone" and reauth carries on by itself. At 60 × 24 there is no room:
 * one line says so, and a long address is still printed whole (soft-wrapped, copied as one line).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { json, startLoopbackServer } from '../support/loopback-server.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { decodeHalfBlocks, qrLinesIn } from '../support/qr-decode.js';
import { keepTickedPlaces, makeFolder, removeFolders } from './e2e-support.js';

let oidc: OidcServer;
beforeAll(async () => {
  oidc = await startOidcServer({ deviceFlow: true });
});
afterAll(async () => {
  await oidc.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

function yaml(urls: { authorize: string; token: string; device: string }): string {
  return [
    'version: 1',
    'providers:',
    '  my-api:',
    '    name: My API',
    `    authorize_url: ${urls.authorize}`,
    `    token_url: ${urls.token}`,
    `    device_authorization_url: ${urls.device}`,
    '    scopes: [openid, offline_access]',
    '',
  ].join('\n');
}

/** Device sign-in comes first here (Linux, no display): Enter, then the client, the scopes and the places. */
async function answerUpToTheCode(session: PtySession, client: { id: string; secret: string }): Promise<void> {
  await session.waitForText('How do you want to get the tokens?');
  await session.waitForText('❯ 1. Sign in on another device');
  session.press('enter');
  await session.waitForText('My API client ID');
  session.type(client.id);
  await session.waitForText(`❯ ${client.id}`);
  session.press('enter');
  await session.waitForText('My API client secret');
  session.type(client.secret);
  await session.waitForText('•'.repeat(client.secret.length));
  session.press('enter');
  await keepTickedPlaces(session);
  await session.waitForText('Which permissions (scopes)');
  session.press('enter');
}

describe('device sign-in in a terminal', () => {
  it('draws a QR code a phone reads as the complete address at 100 × 40, and carries on once approved', async () => {
    const dir = await makeFolder('device-qr');
    await writeFile(join(dir, 'reauth.yaml'), yaml({ authorize: oidc.authorizeUrl, token: oidc.tokenUrl, device: oidc.deviceAuthorizationUrl }));
    const session = startReauth({ args: ['setup', '--provider', 'my-api'], cwd: dir, cols: 100, rows: 40 });
    await answerUpToTheCode(session, oidc.bodyClient);

    await session.waitForText('or scan the QR code with your phone.');
    await session.waitForText(/Waiting for you to approve on your phone… (reauth checks every \d+ s|checked \d+ s ago)/);
    await session.waitForText(/Code expires in \d+:\d\d/);
    const screen = session.screenText();
    const code = /│ {2}((?:[A-Z] ){4}- (?:[A-Z] ){3}[A-Z]) {2}│/.exec(screen)?.[1];
    expect(code, screen).toBeDefined();
    const userCode = code!.replace(/ /g, '');
    expect(screen).toContain(`${oidc.issuer}/device`);
    const qr = qrLinesIn(screen);
    expect(qr.length).toBe(Math.ceil((qr[0]!.length) / 2));
    const read = decodeHalfBlocks(qr);
    expect(read).toBeDefined();
    expect(new URL(read!).searchParams.get('user_code')).toBe(userCode);
    expect(read!.startsWith(`${oidc.issuer}/device`)).toBe(true);

    await oidc.approveDevice(userCode);
    await session.waitForText('This is what will change', 20_000);
    session.press('ctrl-c');
    await session.exit();
  }, 60_000);

  it('says in one line that a 60 × 24 window is too small for the QR code, and prints a long address whole', async () => {
    const verificationUri = `https://login.example.test/oauth/device/activate/with/a/long/path/${'x'.repeat(30)}`;
    const server = await startLoopbackServer((request) =>
      request.url.pathname === '/device'
        ? json(200, { device_code: 'fake-device-code-4', user_code: 'WDJB-MJHT', verification_uri: verificationUri, verification_uri_complete: `${verificationUri}?user_code=WDJB-MJHT`, expires_in: 600, interval: 1 })
        : json(400, { error: 'authorization_pending' }),
    );
    try {
      const dir = await makeFolder('device-small');
      await writeFile(join(dir, 'reauth.yaml'), yaml({ authorize: `${server.origin}/auth`, token: `${server.origin}/token`, device: `${server.origin}/device` }));
      const session = startReauth({ args: ['setup', '--provider', 'my-api'], cwd: dir, cols: 60, rows: 24 });
      await answerUpToTheCode(session, { id: 'fake-client', secret: 'fake-secret-4' });

      await session.waitForText('W D J B - M J H T');
      await session.waitForText('This window is too small for the QR code: type the address.');
      await session.waitForText(/checked \d+ s ago/);
      expect(session.screenText()).not.toMatch(/[█▀▄]/);
      // Longer than the window: soft-wrapped by the terminal, so it copies as one line, whole.
      expect(verificationUri.length).toBeGreaterThan(60);
      expect(session.transcript()).toContain(verificationUri);
      session.press('ctrl-c');
      await session.exit();
    } finally {
      await server.close();
    }
  }, 60_000);
});
