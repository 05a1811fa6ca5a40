/**
 * Issue 11, end to end as an operator meets it: the installed reauth in a 60-column pseudo-
 * terminal over a simulated SSH session with NO_COLOR — a Heroku CLI that is not there, a
 * service that is down (503 with a text body), and the service's own redirect-URI error page
 * pasted. Each is said in plain words with the one next step, and nothing is spent: no
 * password or browser before a problem found early, no code consumed, no file changed.
 */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { colourCodesIn, sgrParams } from '../support/sgr-codes.js';
import { dashboardEnv } from './netatmo-dashboard.js';
import { fakeBrowser, keepTickedPlaces, makeFolder, readAddressBar, removeFolders } from './e2e-support.js';
import { herokuCliEnv, makeHerokuHome } from '../support/heroku-cli-env.js';
import { startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';

const OPERATOR = { NO_COLOR: '1', SSH_CONNECTION: '198.51.100.20 50022 192.0.2.10 22', SSH_CLIENT: '198.51.100.20 50022 22' };
const COLUMNS = 60;

let emu: NetatmoEmulator;
let down: LoopbackServer;
let heroku: HerokuPlatformFake;
let herokuHome: string;
beforeAll(async () => {
  emu = await startNetatmoEmulator();
  down = await startLoopbackServer(() => ({ status: 503, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' }));
  heroku = await startHerokuPlatformFake();
  herokuHome = await makeHerokuHome();
});
afterAll(async () => {
  await emu.close();
  await down.close();
  await heroku.close();
  await rm(herokuHome, { recursive: true, force: true });
});

/** The heroku CLI installed and pointed at the loopback Platform API, but logged out (no key, no ~/.netrc). */
function loggedOutHeroku(): Record<string, string> {
  const env = herokuCliEnv({ home: herokuHome, origin: heroku.origin, apiKey: null });
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

function yamlOf(providers: Record<string, string>, profile?: readonly string[]): string {
  return [
    'version: 1',
    ...(profile ? ['profiles:', ...profile] : ['profiles: {}']),
    'providers:',
    '  netatmo:',
    ...Object.entries(providers).map(([k, v]) => `    ${k}: ${v}`),
    '',
  ].join('\n');
}

async function untilPaste(session: PtySession): Promise<void> {
  await session.waitForText('Netatmo client ID');
  await session.waitForText('Found in .env');
  session.press('enter');
  await session.waitForText('Netatmo client secret');
  session.type(emu.clientSecret);
  await session.waitForText('•'.repeat(emu.clientSecret.length));
  session.press('enter');
  await keepTickedPlaces(session);
  await session.waitForText('Which permissions (scopes)');
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  session.press('enter');
  await session.waitForText('Paste the code or the whole address here');
}

function tokenRequests(): number {
  return emu.requests.filter((r) => r.url.pathname.endsWith('/token')).length;
}

describe('operator problems, in a 60-column SSH session with NO_COLOR', () => {
  it('reconnecting with the Heroku CLI missing says so before any sign-in, and quitting spends nothing', async () => {
    const dir = await makeFolder('operator-heroku');
    const env = dashboardEnv(emu.clientId);
    await writeFile(join(dir, '.env'), env);
    const config = yamlOf(netatmoOverride(emu), [
      '  weather:',
      '    provider: netatmo',
      `    client_id: ${emu.clientId}`,
      '    client_secret: ${NETATMO_CLIENT_SECRET}',
      '    redirect_uri: https://localhost/callback',
      '    scopes: [read_station]',
      '    targets:',
      '      - type: dotenv',
      '        file: .env',
      '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN }',
      '      - type: heroku',
      '        app: fake-weather-app',
      '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN }',
    ]);
    await writeFile(join(dir, 'reauth.yaml'), config);
    const browser = await fakeBrowser('address-bar');
    const before = tokenRequests();
    const session = startReauth({
      args: ['setup', 'weather'],
      cwd: dir,
      cols: COLUMNS,
      env: { ...OPERATOR, ...browser.env, NETATMO_CLIENT_SECRET: emu.clientSecret, REAUTH_HEROKU_BIN: join(dir, 'no-such-heroku') },
    });
    await session.waitForText('The Heroku CLI is not installed');
    // The menu is the end of the frame: once it is drawn, the whole problem screen is.
    await session.waitForText(/Check again/);
    expect(session.screenText()).not.toMatch(/Paste the code|Sign in to Netatmo/);
    await session.focusOption(/Quit/);
    await session.waitForText('nothing was spent');
    session.press('enter');
    expect(await session.exit()).toBe(2);
    expect(tokenRequests()).toBe(before);
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe(env);
    expect(await readFile(join(dir, 'reauth.yaml'), 'utf8')).toBe(config);
  });

  it('a new setup with the heroku CLI logged out says so before any browser or code, and number 2 lets the person untick Heroku', async () => {
    const dir = await makeFolder('operator-heroku-new');
    const env = dashboardEnv(emu.clientId);
    await writeFile(join(dir, '.env'), env);
    await writeFile(join(dir, 'reauth.yaml'), yamlOf(netatmoOverride(emu)));
    const browser = await fakeBrowser('address-bar');
    const before = tokenRequests();
    const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, cols: COLUMNS, env: { ...OPERATOR, ...browser.env, ...loggedOutHeroku() } });
    await session.waitForText('Netatmo client ID');
    await session.waitForText('Found in .env');
    session.press('enter');
    await session.waitForText('Netatmo client secret');
    session.type(emu.clientSecret);
    await session.waitForText('•'.repeat(emu.clientSecret.length));
    session.press('enter');
    await session.waitForText('Where should the new tokens be written?');
    await session.focusOption(/Heroku app…/);
    session.press('space');
    await session.waitForText(/❯ ◉ Heroku app…/);
    session.press('enter');

    // `heroku apps` runs now, before the scopes, the link and the code: logged out, it says so.
    await session.waitForText('Your Heroku apps could not be listed', 60_000);
    await session.waitForText('nothing was spent');
    expect(session.screenText()).not.toMatch(/Paste the code|Sign in to Netatmo|Which permissions/);
    expect(existsSync(browser.logFile)).toBe(false);
    expect(tokenRequests()).toBe(before);
    // Number keys work here as in every menu.
    session.type('2');
    await session.waitForText(/❯ 2\. Choose other places/);
    session.press('enter');
    await session.waitForText('Where should the new tokens be written?');
    // Ticked as before: Heroku is unticked with one key.
    await session.focusOption(/Heroku app…/);
    await session.waitForText(/❯ ◉ Heroku app…/);
    session.press('space');
    await session.waitForText(/❯ ◯ Heroku app…/);
    session.press('enter');
    await session.waitForText('Key names in .env');
    session.press('enter');
    await session.waitForText('Which permissions (scopes)');
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
    expect(tokenRequests()).toBe(before);
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe(env);
  }, 120_000);

  it('a 503 with a text body is an outage ("down right now"), not a proxy, and no file changes', async () => {
    const dir = await makeFolder('operator-503');
    const env = dashboardEnv(emu.clientId);
    await writeFile(join(dir, '.env'), env);
    await writeFile(join(dir, 'reauth.yaml'), yamlOf({ ...netatmoOverride(emu), token_url: `${down.origin}/oauth2/token` }));
    const browser = await fakeBrowser('address-bar');
    // Without CI, as in a person's terminal (chalk draws no style at all under CI): NO_COLOR alone decides.
    const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, cols: COLUMNS, env: { ...OPERATOR, ...browser.env }, unsetEnv: ['CI'] });
    await untilPaste(session);
    session.paste(await readAddressBar(browser));
    await session.waitForText(/❯ https:\/\/localhost\/callback\?/);
    session.press('enter');
    await session.waitForText('down right now');
    const flat = session.screenFlat();
    expect(flat).toMatch(/HTTP 503/);
    expect(flat).not.toMatch(/proxy|captive portal/);
    // NO_COLOR all the way through the sign-in and the problem: no colour, but bold (not colour) is kept.
    expect(colourCodesIn(session.rawOutput)).toEqual([]);
    expect(sgrParams(session.rawOutput)).toContain('1');
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe(env);
    expect((await readdir(dir)).filter((n) => !n.startsWith('.reauth')).sort()).toEqual(['.env', 'reauth.yaml']);
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
  });

  it('the service\'s own redirect-URI error page pasted: says the redirect URI does not match, names it, and Esc goes back to correct it', async () => {
    const dir = await makeFolder('operator-redirect');
    await writeFile(join(dir, '.env'), dashboardEnv(emu.clientId));
    await writeFile(join(dir, 'reauth.yaml'), yamlOf(netatmoOverride(emu)));
    const browser = await fakeBrowser('address-bar');
    const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, cols: COLUMNS, env: { ...OPERATOR, ...browser.env } });
    await untilPaste(session);
    // The browser stayed on the service's page (it refused the redirect URI): its address is the sign-in link.
    const link = (await readFile(browser.logFile, 'utf8')).trim().split('\n').at(-1) ?? '';
    expect(link).toContain('/oauth2/authorize?');
    const before = tokenRequests();
    session.paste(link);
    session.press('enter');
    // Waited for to its last words (wrapped over lines at 60 columns): the terminal can receive a
    // long message in more than one read.
    await session.waitFor(() => /press Esc to go back and correct it/.test(session.screenFlat()), 'the whole redirect-URI message');
    const flat = session.screenFlat();
    expect(flat).toContain('does not match');
    expect(flat).toContain('https://localhost/callback');
    expect(flat).toMatch(/press Esc to go back and correct it/);
    expect(tokenRequests()).toBe(before);
    session.press('esc');
    await session.waitForText('Redirect URI, exactly as registered');
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
  });
});
