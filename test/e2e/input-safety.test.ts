/**
 * Issue 8, "wizard input safety", through the built binary in a real terminal: Enter through
 * the key-name editor keeps every value under its own name; keys typed ahead while a step is
 * busy reach the next questions in order (Ink and plain), a password among them never on
 * screen; and a wrapped 5 KB address pasted in `--plain`, cut by the terminal right after a line
 * break, is read whole.
 */
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { md5Hex, startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { dashboardEnv, expectOnlyTokenLinesChanged, OLD_NETATMO_REFRESH } from './netatmo-dashboard.js';
import { envValues, expectNoSecretShown, fakeBrowser, makeFolder, answerSchedule, readAddressBar, removeFolders, writeAndSaveProfile, writeConfig } from './e2e-support.js';

let netatmo: NetatmoEmulator;
let ttlock: TtlockEmulator;
let proxy: HoldingProxy;

beforeAll(async () => {
  [netatmo, ttlock] = await Promise.all([startNetatmoEmulator(), startTtlockEmulator()]);
  proxy = await holdingProxy(ttlock.origin, '/oauth2/token');
});
afterAll(async () => {
  await Promise.all([netatmo.close(), ttlock.close(), proxy.close()]);
});
afterEach(async () => {
  stopAllSessions();
  proxy.release();
  await removeFolders();
});

interface HoldingProxy {
  readonly origin: string;
  /** Resolves once a request to the held path has arrived (and is being held). */
  held(): Promise<void>;
  /** Lets the held requests (and every later one) through. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of an emulator that holds the token request until the test says so:
 * "Getting the tokens…" stays on screen exactly as long as the test needs to type ahead.
 */
async function holdingProxy(target: string, heldPath: string): Promise<HoldingProxy> {
  let open!: () => void;
  let gate = new Promise<void>((resolve) => (open = resolve));
  let arrived!: () => void;
  let seen = new Promise<void>((resolve) => (arrived = resolve));
  const body = async (req: IncomingMessage) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    return Buffer.concat(parts);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const sent = await body(req);
      if (req.url?.startsWith(heldPath)) {
        arrived();
        await gate;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value;
      }
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, ...(sent.length ? { body: sent } : {}) });
      const type = answer.headers.get('content-type');
      res.writeHead(answer.status, type ? { 'content-type': type } : {});
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(502);
      res.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => seen,
    release: () => {
      open();
      // Ready for the next test: a new gate, held again.
      gate = new Promise<void>((resolve) => (open = resolve));
      seen = new Promise<void>((resolve) => (arrived = resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Netatmo with the dashboard's .env, up to "Where should the new tokens be written?" (Ink),
 * which comes right after the client; `signIn` takes the scopes and redirect URI as offered and
 * pastes the address bar once the places are answered.
 */
async function netatmoUpToTargets(): Promise<{ dir: string; session: PtySession; before: string; signIn: () => Promise<void> }> {
  const dir = await makeFolder('input-netatmo');
  const before = dashboardEnv(netatmo.clientId);
  await writeFile(join(dir, '.env'), before, { mode: 0o640 });
  await writeConfig(dir, { netatmo: netatmoOverride(netatmo) });
  const browser = await fakeBrowser('address-bar');
  const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, env: browser.env });
  await session.waitForText(`❯ ${netatmo.clientId}`);
  session.press('enter');
  await session.waitForText('Netatmo client secret');
  session.type(netatmo.clientSecret);
  await session.waitForText('•'.repeat(netatmo.clientSecret.length));
  session.press('enter');
  await session.waitForText('Where should the new tokens be written?');
  const signIn = async () => {
    await session.waitForText(/❯ ◉ read_station/);
    session.press('enter');
    await session.waitForText('❯ https://localhost/callback');
    session.press('enter');
    await session.waitForText('Paste the code or the whole address here');
    session.paste(await readAddressBar(browser));
    await session.waitForText(/❯ https:\/\/localhost\/callback\?state=/);
    session.press('enter');
  };
  return { dir, session, before, signIn };
}

describe('the key-name editor in a terminal', () => {
  it('keeps every value under its own name when Enter is pressed through "Change them"', async () => {
    const { dir, session, before, signIn } = await netatmoUpToTargets();
    await session.waitForText(/❯ ◉ \.env/);
    session.press('enter');
    await session.waitForText('Key names in .env');
    session.type('2');
    await session.waitForText(/❯ 2\. Change them/);
    session.press('enter');

    // Field by field, as a person who only wants to look: each one must show its own name.
    await session.waitForText('Key name for the access token in .env');
    const shown: string[] = [];
    for (;;) {
      await session.waitFor(() => /Key name for the |Use these names/.test(session.screenText()) && !shown.includes(currentField(session)), 'the next key-name field');
      const field = currentField(session);
      if (field === 'confirm') break;
      shown.push(field);
      await session.waitFor(() => /❯ [A-Z_]+/.test(session.focusedLine() ?? ''), 'the field’s name');
      expect(`${field}: ${session.focusedLine()?.replace(/[❯▌\s]/g, '')}`).toBe(`${field}: ${expectedName(field)}`);
      session.press('enter');
    }
    expect(shown).toEqual(['access token', 'refresh token', 'expires at', 'client id', 'client secret']);
    session.press('enter');
    await signIn();
    await writeAndSaveProfile(session, 'netatmo');
    expect(await session.exit()).toBe(0);

    const after = await readFile(join(dir, '.env'), 'utf8');
    const { access, refresh } = expectOnlyTokenLinesChanged(before, after, netatmo);
    const values = envValues(after);
    expect(values.NETATMO_CLIENT_SECRET).toBe(netatmo.clientSecret);
    expect(new Set([access, refresh, netatmo.clientSecret, netatmo.clientId]).size).toBe(4);
    expectNoSecretShown(session, [netatmo.clientSecret, access, refresh, OLD_NETATMO_REFRESH]);
  });
});

/** Which key-name field is on screen ("access token"), or `confirm` for the final "Use these names". */
function currentField(session: PtySession): string {
  const screen = session.screenText();
  const field = /Key name for the (.+?) in \.env/.exec(screen)?.[1];
  return field ?? (screen.includes('Use these names') && !screen.includes('Key name for the') ? 'confirm' : '');
}

function expectedName(field: string): string {
  const names: Record<string, string> = {
    'access token': 'NETATMO_ACCESS_TOKEN',
    'refresh token': 'NETATMO_REFRESH_TOKEN',
    'expires at': 'NETATMO_TOKEN_EXPIRES_AT',
    'client id': 'NETATMO_CLIENT_ID',
    'client secret': 'NETATMO_CLIENT_SECRET',
  };
  return names[field] ?? '?';
}

describe('keys typed ahead in a terminal', () => {
  for (const plain of [false, true]) {
    it(`reach the next questions in order, the password never on screen${plain ? ' (--plain)' : ''}`, async () => {
      const dir = await makeFolder('input-ttlock');
      await writeConfig(dir, { ttlock: ttlockOverride(proxy) });
      const session = startReauth({ args: ['setup', '--provider', 'ttlock', ...(plain ? ['--plain'] : [])], cwd: dir });
      const { clientId, clientSecret, username, password } = ttlock.credentials;

      await session.waitForText('Which data centre is your account in?');
      session.press('enter');
      // Typed on at once, while reauth looks for files: client ID, secret, Enter for the places
      // to write, Enter for the key names (asked before the sign-in), account, password.
      session.type(`${clientId}\r${clientSecret}\r\r\r${username}\r${password}\r`);
      await proxy.held();
      await session.waitForText('Getting the tokens');
      proxy.release();

      if (plain) {
        await session.waitForText('Write these changes? (Y/n)');
        session.press('enter');
        await session.waitForText('Command to run now that the files are written');
        session.press('enter');
        await session.waitForText('Save these settings as a profile');
        session.press('enter');
        await session.waitForText('Name for this profile');
        session.press('enter');
        await answerSchedule(session, 'later');
        await session.waitForText('All done');
      } else {
        await writeAndSaveProfile(session, 'ttlock');
      }
      expect(await session.exit()).toBe(0);

      const grant = ttlock.requests.filter((r) => r.url.pathname === '/oauth2/token').at(-1)!;
      expect(grant.form.get('username')).toBe(username);
      expect(grant.form.get('password')).toBe(md5Hex(password));
      const issued = ttlock.issued().at(-1)!;
      const env = envValues(await readFile(join(dir, '.env'), 'utf8'));
      expect(env).toMatchObject({ TTLOCK_ACCESS_TOKEN: issued.accessToken, TTLOCK_REFRESH_TOKEN: issued.refreshToken, TTLOCK_CLIENT_ID: clientId, TTLOCK_CLIENT_SECRET: clientSecret });
      expect(session.transcript().join('\n')).toMatch(/[Aa]ccount:?\s+\+447700900123/);
      expectNoSecretShown(session, [password, clientSecret, issued.accessToken, issued.refreshToken]);
    });
  }
});

describe('the terminal while the wizard is drawn', () => {
  for (const plain of [false, true]) {
    it(`echoes nothing from the wizard's first output on${plain ? ' (--plain)' : ''}`, async () => {
      const dir = await makeFolder('input-raw');
      await writeConfig(dir, { ttlock: ttlockOverride(ttlock) });
      const session = startReauth({ args: ['setup', '--provider', 'ttlock', ...(plain ? ['--plain'] : [])], cwd: dir });
      // From the first byte reauth draws, a key pressed (a password typed ahead) must not be
      // echoed by the terminal: raw mode is on before the first frame, not an effect after it.
      await session.firstOutput();
      expect(session.terminalSettings()).toMatch(/(^|\s)-echo(\s|$)/);
      await session.waitForText('Which data centre is your account in?');
      expect(session.terminalSettings()).toMatch(/(^|\s)-echo(\s|$)/);
      session.press('ctrl-c');
      expect(await session.exit()).toBe(130);
    });
  }
});

describe('a wrapped 5 KB address pasted in --plain', () => {
  it('is read whole when the terminal cuts it right after a line break', async () => {
    const dir = await makeFolder('input-paste');
    await writeFile(join(dir, '.env'), dashboardEnv(netatmo.clientId), { mode: 0o640 });
    await writeConfig(dir, { netatmo: netatmoOverride(netatmo) });
    const browser = await fakeBrowser('address-bar');
    const session = startReauth({ args: ['setup', '--provider', 'netatmo', '--plain'], cwd: dir, env: browser.env });
    await session.waitForText(`? Netatmo client ID (${netatmo.clientId})`);
    session.press('enter');
    await session.waitForText('? Netatmo client secret');
    session.type(`${netatmo.clientSecret}\r`);
    await session.waitForText('? Where should the new tokens be written?');
    session.press('enter');
    await session.waitForText('? Key names in .env');
    session.press('enter');
    await session.waitForText('? Which permissions (scopes) does your program need?');
    await session.waitForText('◉ read_station');
    session.press('enter');
    await session.waitForText('? Others, separated by spaces (Enter for none):');
    session.press('enter');
    await session.waitForText('? Redirect URI, exactly as registered in the developer portal');
    session.press('enter');
    await session.waitForText('Paste the code or the whole address, then press Enter:');

    // Some services add a long parameter before the code; a terminal 90 columns wide wrapped it
    // and put a line break (CR, as terminals paste it) at each wrap.
    const bar = new URL(await readAddressBar(browser));
    const address = `${bar.origin}${bar.pathname}?session_blob=${'x'.repeat(5000)}&state=${bar.searchParams.get('state')}&code=${bar.searchParams.get('code')}`;
    const wrapped = address.match(/.{1,90}/g)!.join('\r');
    // One write, as a terminal pastes: the pty hands it over as 4,095 characters, then the rest.
    // With 91-character lines the first piece ends exactly on a line break (45 × 91 = 4,095),
    // which a reader that takes a chunk-ending line break for Enter submits half.
    expect(wrapped[4094]).toBe('\r');
    // A moment for the prompt to be ready, as a person takes to paste: a paste that arrived while
    // the terminal was still in line mode would be cut into lines there instead.
    await new Promise((resolve) => setTimeout(resolve, 150));
    session.paste(wrapped);
    session.press('enter');

    await session.waitForText('? Write these changes? (Y/n)');
    expect(session.plainOutput()).not.toMatch(/There is no code in this address|looks cut off/);
    expect(netatmo.liveAccessTokens().length).toBeGreaterThan(0);
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
  });
});
