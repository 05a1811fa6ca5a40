/**
 * TikTok Desktop end to end: a loopback redirect URI that reauth listens on itself, so the
 * browser's redirect is caught without any paste, with TikTok's hex PKCE checked by the
 * emulator (a base64url challenge would be refused there).
 */
import { createServer } from 'node:net';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTiktokEmulator, tiktokOverride, type TiktokEmulator } from '../support/tiktok-emulator.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { envValues, expectNoSecretShown, fakeBrowser, keepTickedPlaces, makeFolder, modeOf, readWhenWritten, removeFolders, writeConfig, type FakeBrowser } from './e2e-support.js';

/** A port nothing listens on right now: reauth will listen there for the redirect. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let emu: TiktokEmulator;
let redirectUri: string;

beforeAll(async () => {
  // The trailing slash is part of what the portal registered: it must match exactly.
  redirectUri = `http://127.0.0.1:${await freePort()}/callback/`;
  emu = await startTiktokEmulator({ redirectUris: [redirectUri], displayName: 'Fake Creator' });
});
afterAll(async () => {
  await emu.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

async function start(browser: FakeBrowser): Promise<{ dir: string; session: PtySession; config: string }> {
  const dir = await makeFolder('tiktok');
  const config = await writeConfig(dir, { tiktok: tiktokOverride(emu) });
  const session = startReauth({ args: ['setup', '--provider', 'tiktok'], cwd: dir, env: browser.env });
  return { dir, session, config };
}

async function answerUpToSignIn(session: PtySession): Promise<void> {
  await session.waitForText('How is your app registered in the developer portal?');
  await session.waitForText(/❯ 1\. Desktop app/);
  session.press('enter');
  await session.waitForText('TikTok client key');
  session.type(emu.credentials.clientKey);
  await session.waitForText(`❯ ${emu.credentials.clientKey}`);
  session.press('enter');
  await session.waitForText('TikTok client secret');
  session.type(emu.credentials.clientSecret);
  await session.waitForText('•'.repeat(emu.credentials.clientSecret.length));
  session.press('enter');
  await keepTickedPlaces(session, /❯ ◉ \.env\s+a new file in this folder/);
  await session.waitForText('Which permissions (scopes)');
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  session.type(redirectUri);
  await session.waitForText(`❯ ${redirectUri}`);
  session.press('enter');
}

describe('reauth setup --provider tiktok (Desktop app) in a terminal', () => {
  it('catches the browser’s redirect on the loopback address by itself and writes the tokens', async () => {
    const browser = await fakeBrowser('follow', { waitForApproval: true });
    const { dir, session, config } = await start(browser);
    await answerUpToSignIn(session);
    await session.waitForText('Paste the code or the whole address here');
    const port = new URL(redirectUri).port;
    await session.waitForText(`Listening on 127.0.0.1:${port}: the sign-in is caught by itself`);
    // The person reads the screen, then presses Authorize in the browser; nothing is pasted.
    await browser.approve();
    await session.waitForText('This is what will change');
    expect(await readWhenWritten(browser.addressFile)).toBe('followed: 200');
    await session.waitForText(/Live check\s+signed in as Fake Creator/);

    // TikTok's PKCE: the hex SHA-256 of the verifier, which the emulator checked at the exchange.
    const authorize = emu.requests.find((r) => r.url.pathname === '/v2/auth/authorize/')!;
    expect(authorize.url.searchParams.get('code_challenge')).toMatch(/^[0-9a-f]{64}$/);
    expect(authorize.url.searchParams.get('client_key')).toBe(emu.credentials.clientKey);
    const exchange = emu.requests.find((r) => r.url.pathname === '/v2/oauth/token/')!;
    expect(exchange.form.get('code_verifier')).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    // The code came back percent-encoded (`*`, `!`) and was sent decoded exactly once.
    expect(exchange.form.get('code')).toBe(emu.issuedCodes()[0]);

    session.type('y');
    await session.waitForText('Command to run now that the files are written');
    session.press('enter');
    await session.waitForText('Save these settings as a profile');
    session.type('n');
    await session.waitForText('All done');
    expect(await session.exit()).toBe(0);

    const [issued] = emu.issuedTokens();
    const envText = await readFile(join(dir, '.env'), 'utf8');
    const values = envValues(envText);
    expect(values.TIKTOK_ACCESS_TOKEN).toBe(issued!.accessToken);
    expect(values.TIKTOK_REFRESH_TOKEN).toBe(issued!.refreshToken);
    expect(values.TIKTOK_OPEN_ID).toBe('fake-open-id-0001');
    expect(values.TIKTOK_CLIENT_KEY).toBe(emu.credentials.clientKey);
    expect(values.TIKTOK_CLIENT_SECRET).toBe(emu.credentials.clientSecret);
    expect(Date.parse(values.TIKTOK_TOKEN_EXPIRES_AT!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    // A new file holding secrets is readable only by its owner.
    expect(await modeOf(join(dir, '.env'))).toBe(0o600);
    // "No" to saving: reauth.yaml is exactly as it was.
    expect(await readFile(join(dir, 'reauth.yaml'), 'utf8')).toBe(config);
    expect((await readdir(dir)).sort()).toEqual(['.env', 'reauth.yaml']);
    expectNoSecretShown(session, [emu.credentials.clientSecret, issued!.accessToken, issued!.refreshToken]);
  });

  // The browser can come back while reauth still waits for the launcher (open-url.ts waits up
  // to 400 ms): the controller must keep that answer until the paste step is current.
  it('over SSH at 60 columns, names the tunnel and the paste instead of "caught by itself", and sends the link to the laptop\'s clipboard', async () => {
    const dir = await makeFolder('tiktok-ssh');
    await writeConfig(dir, { tiktok: tiktokOverride(emu) });
    const session = startReauth({
      args: ['setup', '--provider', 'tiktok'],
      cwd: dir,
      cols: 60,
      env: { SSH_CONNECTION: '203.0.113.7 52114 198.51.100.20 22', USER: 'ada' },
      unsetEnv: ['REAUTH_NO_CLIPBOARD', 'BROWSER', 'DISPLAY', 'WAYLAND_DISPLAY'],
    });
    await answerUpToSignIn(session);
    await session.waitForText('Paste the code or the whole address here');
    const port = new URL(redirectUri).port;
    const screen = session.screenText();
    const prose = screen.replace(/\s+/g, ' ');
    expect(screen).not.toContain('caught by itself');
    expect(prose).toContain(`Over SSH, your computer's browser cannot reach 127.0.0.1:${port} here by itself.`);
    // The tunnel command on a line of its own, whole, to copy.
    expect(screen.split('\n').map((line) => line.trim())).toContain(`ssh -L ${port}:127.0.0.1:${port} ada@198.51.100.20`);
    expect(prose).toContain('or open the link on your computer, then paste here the address of the page you land on');
    expect(prose).toContain('– No browser opens here over SSH: open the link on your computer');
    expect(prose).toContain('– Sent the link to the clipboard of the computer you connect from');
    // OSC 52: the link itself, base64, for the person's own terminal to put on their clipboard.
    const osc = /\u001b\]52;c;([A-Za-z0-9+/=]+)\u0007/.exec(session.rawOutput);
    expect(osc, 'no OSC 52 sequence').not.toBeNull();
    expect(Buffer.from(osc![1]!, 'base64').toString('utf8')).toMatch(new RegExp(`^${emu.origin.replace(/[.]/g, '\\.')}/`));
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
  });

  it('catches a redirect that comes back while the link is still being opened', async () => {
    const browser = await fakeBrowser('follow');
    const { session } = await start(browser);
    await answerUpToSignIn(session);
    expect(await readWhenWritten(browser.addressFile)).toBe('followed: 200');
    await session.waitForText('This is what will change', 5000);
  });
});
