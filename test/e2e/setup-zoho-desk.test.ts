/**
 * Zoho Desk end to end, the browser path (the other Zoho path next to SalesIQ's Self Client):
 * India data centre, a redirect URI nothing listens on (`https://localhost/callback`), the whole
 * address bar pasted — it carries `location=in` and `accounts-server` — the Desk live check, and
 * the chatbot's .env where the SalesIQ lines must not move.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { json, startLoopbackServer } from '../support/loopback-server.js';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { envValues, expectNoSecretShown, fakeBrowser, keepTickedPlaces, makeFolder, modeOf, readAddressBar, readWhenWritten, removeFolders, writeConfig, type FakeBrowser } from './e2e-support.js';

const REDIRECT_URI = 'https://localhost/callback';

let emu: ZohoEmulator;

beforeAll(async () => {
  emu = await startZohoEmulator({ location: 'in', redirectUris: [REDIRECT_URI] });
});
afterAll(async () => {
  await emu.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

/** Scenario 4's chatbot .env: SalesIQ is not this run, so its lines must come out byte for byte. */
function chatbotEnv(): string {
  return [
    '# ╔══════════════════════════════════════╗',
    '# ║  Support chatbot — production config  ║',
    '# ╚══════════════════════════════════════╝',
    'APP_ID=fake-app-0001',
    '',
    '# ── SalesIQ (not this run) ───────────────',
    'SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0001',
    'SALESIQ_REFRESH_TOKEN=1000.fake-salesiq-refresh-0001',
    'SALESIQ_TOKEN_EXPIRES_AT=2030-01-01T00:00:00.000Z',
    '',
    '# ── Desk ─────────────────────────────────',
    'DESK_ACCESS_TOKEN=1000.fake-desk-access-0001',
    'DESK_REFRESH_TOKEN=1000.fake-desk-refresh-0001',
    'DESK_ORG_ID=600001',
    '',
    `ZOHO_CLIENT_ID=${emu.credentials.clientId}`,
    `ZOHO_CLIENT_SECRET=${emu.credentials.clientSecret}`,
    '',
  ].join('\n');
}

/** Region, flow, credentials (found in .env), scopes and redirect URI, up to the paste box. */
async function answerUpToPaste(session: PtySession): Promise<void> {
  await session.waitForText('Which data centre is your account in?');
  await session.focusOption(/India \(accounts\.zoho\.in\)/);
  session.press('enter');
  await session.waitForText('How do you want to get the tokens?');
  await session.focusOption(/Sign in in the browser/);
  session.press('enter');
  // Both credentials are found in the chatbot's .env: Enter keeps them.
  await session.waitForText('Zoho Desk client ID');
  await session.waitForText(`❯ ${emu.credentials.clientId}`);
  session.press('enter');
  await session.waitForText('Zoho Desk client secret');
  await session.waitForText('Found in .env');
  session.press('enter');
  await keepTickedPlaces(session);
  await session.waitForText('Which permissions (scopes)');
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  session.type(REDIRECT_URI);
  await session.waitForText(`❯ ${REDIRECT_URI}`);
  session.press('enter');
  await session.waitForText('Make a new refresh token?');
  session.press('enter');
  await session.waitForText('Sign in to Zoho Desk and allow access');
}

/**
 * Nothing listens on https://localhost: the browser shows an error page, and the person copies
 * the whole address bar into the paste box. Returns that address.
 */
async function pasteAddressBar(session: PtySession, browser: FakeBrowser): Promise<URL> {
  const address = await readAddressBar(browser);
  session.paste(address);
  // A long paste is shown shortened in the middle, with its length.
  await session.waitForText(`(${address.length} characters)`);
  session.press('enter');
  return new URL(address);
}

describe('reauth setup --provider zoho-desk with the browser sign-in in a terminal', () => {
  it('exchanges the pasted address-bar URL at the India accounts server and updates only the Desk lines', async () => {
    const dir = await makeFolder('zoho-desk');
    const before = chatbotEnv();
    await writeFile(join(dir, '.env'), before, { mode: 0o600 });
    const config = await writeConfig(dir, { 'zoho-desk': zohoOverride(emu, 'desk') });
    const browser = await fakeBrowser('address-bar');
    const session = startReauth({ args: ['setup', '--provider', 'zoho-desk'], cwd: dir, env: browser.env });
    const { clientId, clientSecret } = emu.credentials;
    const seenBefore = emu.requests.length;
    const liveBefore = emu.liveRefreshTokens(clientId);

    await answerUpToPaste(session);
    const landed = await pasteAddressBar(session, browser);
    expect(landed.origin + landed.pathname).toBe(REDIRECT_URI);
    expect(landed.searchParams.get('location')).toBe('in');
    expect(landed.searchParams.get('accounts-server')).toBe(emu.origin);
    await session.waitForText('This is what will change');
    await session.waitForText(/Live check\s+.*organization.*Acme Support/);

    // The sign-in link asked for a refresh token that a repeat consent still hands out.
    const opened = (await readWhenWritten(browser.logFile)).trim().split('\n');
    expect(opened).toHaveLength(1);
    const link = new URL(opened[0]!);
    expect(link.origin + link.pathname).toBe(`${emu.origin}/oauth/v2/auth`);
    expect(link.searchParams.get('access_type')).toBe('offline');
    expect(link.searchParams.get('prompt')).toBe('consent');
    expect(link.searchParams.get('scope')).toContain('Desk.basic.READ');

    // Exchanged at the accounts server the callback named — trusted only because it is the
    // configured accounts_url — with the redirect URI the code was issued for.
    const exchanges = emu.requests.slice(seenBefore).filter((r) => r.url.pathname === '/oauth/v2/token');
    expect(exchanges).toHaveLength(1);
    const sent = new URLSearchParams([...exchanges[0]!.url.searchParams, ...exchanges[0]!.form]);
    expect(sent.get('grant_type')).toBe('authorization_code');
    expect(sent.get('code')).toBe(landed.searchParams.get('code'));
    expect(sent.get('redirect_uri')).toBe(REDIRECT_URI);

    session.type('y');
    await session.waitForText('Revoke the refresh token this one replaces');
    session.type('n');
    await session.waitForText('Command to run now that the files are written');
    session.press('enter');
    await session.waitForText('Save these settings as a profile');
    session.type('n');
    await session.waitForText('All done');
    expect(await session.exit()).toBe(0);

    const [refresh, ...others] = emu.liveRefreshTokens(clientId).filter((t) => !liveBefore.includes(t));
    expect(others).toEqual([]);
    const after = await readFile(join(dir, '.env'), 'utf8');
    const values = envValues(after);
    expect(values.DESK_REFRESH_TOKEN).toBe(refresh);
    const access = values.DESK_ACCESS_TOKEN!;
    expect(access).toMatch(/^1000\.fake-zoho-access-/);
    // Only the Desk token lines changed (the expiry is new); banners, SalesIQ and ids untouched.
    expect(after).toBe(
      before
        .replace('DESK_ACCESS_TOKEN=1000.fake-desk-access-0001', `DESK_ACCESS_TOKEN=${access}`)
        .replace('DESK_REFRESH_TOKEN=1000.fake-desk-refresh-0001', `DESK_REFRESH_TOKEN=${refresh}`) +
        `DESK_TOKEN_EXPIRES_AT=${values.DESK_TOKEN_EXPIRES_AT}\n`,
    );
    expect(await modeOf(join(dir, '.env'))).toBe(0o600);
    expect(await readFile(join(dir, '.env.bak'), 'utf8')).toBe(before);
    expect(await readFile(join(dir, 'reauth.yaml'), 'utf8')).toBe(config);
    expectNoSecretShown(session, [clientSecret, refresh!, access, '1000.fake-salesiq-refresh-0001', '1000.fake-desk-refresh-0001']);
  });

  it('never sends the client secret to an accounts server the pasted address names but nobody configured', async () => {
    // A look-alike address bar naming another server: it must not be contacted at all.
    const decoy = await startLoopbackServer(() => json(200, { access_token: '1000.fake-decoy-access-0001', refresh_token: '1000.fake-decoy-refresh-0001' }));
    emu.switches.callbackAccountsServer = decoy.origin;
    try {
      const dir = await makeFolder('zoho-desk-decoy');
      await writeFile(join(dir, '.env'), chatbotEnv(), { mode: 0o600 });
      await writeConfig(dir, { 'zoho-desk': zohoOverride(emu, 'desk') });
      const browser = await fakeBrowser('address-bar');
      const session = startReauth({ args: ['setup', '--provider', 'zoho-desk'], cwd: dir, env: browser.env });
      const seenBefore = emu.requests.length;

      await answerUpToPaste(session);
      const landed = await pasteAddressBar(session, browser);
      expect(landed.searchParams.get('accounts-server')).toBe(decoy.origin);
      await session.waitForText('This is what will change');
      await session.waitForText(/Live check\s+.*organization.*Acme Support/);
      // The exchange went to the configured India accounts server instead.
      expect(decoy.requests).toEqual([]);
      const exchanges = emu.requests.slice(seenBefore).filter((r) => r.url.pathname === '/oauth/v2/token');
      expect(exchanges).toHaveLength(1);
      expect(exchanges[0]!.form.get('code') ?? exchanges[0]!.url.searchParams.get('code')).toBe(landed.searchParams.get('code'));
    } finally {
      emu.switches.callbackAccountsServer = emu.origin;
      await decoy.close();
    }
  });
});
