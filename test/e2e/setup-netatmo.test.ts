/**
 * Issue 2 end to end: the built `reauth` in a real terminal, a loopback Netatmo, a fake browser
 * that presses Allow, and a `.env` that must come out with only its token lines changed.
 * https://localhost/callback is what most Netatmo apps register: nothing listens there, so the
 * person copies the address bar and pastes it.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { dashboardEnv, expectOnlyTokenLinesChanged, OLD_NETATMO_REFRESH } from './netatmo-dashboard.js';
import {
  expectNoSecretShown,
  expectNoStackTrace,
  fakeBrowser,
  makeFolder,
  modeOf,
  readAddressBar,
  removeFolders,
  writeConfig,
  writeAndSaveProfile,
  keepTickedPlaces,
  type FakeBrowser,
} from './e2e-support.js';

let emu: NetatmoEmulator;
/** Moved forward to make codes expire without waiting (the emulator reads this clock). */
let clockSkewMs = 0;

beforeAll(async () => {
  emu = await startNetatmoEmulator({ now: () => Date.now() + clockSkewMs });
});
afterAll(async () => {
  await emu.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
  emu.nextConsent = 'approve';
  emu.answerHtml = false;
  clockSkewMs = 0;
});

interface Run {
  readonly dir: string;
  readonly browser: FakeBrowser;
  readonly session: PtySession;
  readonly env: string;
  readonly config: string;
}

async function start(): Promise<Run> {
  const dir = await makeFolder('netatmo');
  const env = dashboardEnv(emu.clientId);
  await writeFile(join(dir, '.env'), env, { mode: 0o640 });
  const config = await writeConfig(dir, { netatmo: netatmoOverride(emu) });
  const browser = await fakeBrowser('address-bar');
  const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, env: browser.env });
  return { dir, browser, session, env, config };
}

/** Client id (found in .env), secret, scopes, redirect URI and the places (.env), up to the paste box. */
async function answerUpToPaste(session: PtySession, clientSecret: string = emu.clientSecret): Promise<void> {
  await session.waitForText('Netatmo client ID');
  await session.waitForText(`❯ ${emu.clientId}`);
  await session.waitForText('Found in .env');
  session.press('enter');
  await session.waitForText('Netatmo client secret');
  session.type(clientSecret);
  await session.waitForText('•'.repeat(clientSecret.length));
  session.press('enter');
  await keepTickedPlaces(session);
  await session.waitForText('Which permissions (scopes)');
  await session.waitForText(/❯ ◉ read_station/);
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  await session.waitForText('❯ https://localhost/callback');
  session.press('enter');
  await session.waitForText('Paste the code or the whole address here');
}

async function pasteAddress(session: PtySession, address: string): Promise<void> {
  session.paste(address);
  // The box shows the start of what was pasted; then Enter, as a person would.
  await session.waitForText(/❯ https:\/\/localhost\/callback\?state=/);
  session.press('enter');
}

async function expectFilesUntouched(run: Run): Promise<void> {
  expect(await readFile(join(run.dir, '.env'), 'utf8')).toBe(run.env);
  expect(await readFile(join(run.dir, 'reauth.yaml'), 'utf8')).toBe(run.config);
  expect((await readdir(run.dir)).sort()).toEqual(['.env', 'reauth.yaml']);
}

async function quitFromProblem(session: PtySession): Promise<number> {
  await session.focusOption(/Quit/);
  session.press('enter');
  return session.exit();
}

describe('reauth setup --provider netatmo in a terminal', () => {
  it('signs in through the pasted address bar and changes only the token lines of .env', async () => {
    const run = await start();
    const { session, dir } = run;
    await answerUpToPaste(session);
    await session.waitForText('Asked your browser to open the link');
    await session.waitForText(/Code expires in \d+:\d\d/);
    const address = await readAddressBar(run.browser);
    await pasteAddress(session, address);

    await session.waitForText('This is what will change');
    await session.waitForText(/Live check\s+1 weather station found \(Home\)/);
    // No other place keeps the client secret: .env does, for `reauth refresh`.
    await session.waitForText(/NETATMO_CLIENT_SECRET\s+\(new/);
    // The old token is masked in the preview like the new ones.
    await session.waitForText(/NETATMO_REFRESH_TOKEN\s+fake…0001 \(29 chars\) → fake…\w{4} \(\d+ chars\)/);
    await writeAndSaveProfile(session, 'netatmo', 'weather');
    expect(await session.exit()).toBe(0);

    const { access, refresh } = expectOnlyTokenLinesChanged(run.env, await readFile(join(dir, '.env'), 'utf8'), emu);
    expect(await modeOf(join(dir, '.env'))).toBe(0o640);
    expect(await readFile(join(dir, '.env.bak'), 'utf8')).toBe(run.env);
    expect(await modeOf(join(dir, '.env.bak'))).toBe(0o600);

    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml).toContain('  weather:\n    provider: netatmo');
    expect(yaml).toContain('# Written by an end-to-end test');
    for (const secret of [emu.clientSecret, refresh, access]) expect(yaml).not.toContain(secret);

    expectNoSecretShown(session, [emu.clientSecret, refresh, access, OLD_NETATMO_REFRESH]);
    // The closing screen names the command that keeps the tokens fresh (its one-line shape is
    // checked in setup-ttlock.test.ts).
    expect(session.transcript().join(' ')).toMatch(/reauth\.js refresh weather -c\s+\S+reauth\.yaml/);
  });

  it('explains a code that was already used and leaves the files alone', async () => {
    const run = await start();
    const { session } = run;
    await answerUpToPaste(session);
    const address = await readAddressBar(run.browser);
    // Something else (another tab, a script) used the code first.
    const used = await fetch(`${emu.origin}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        code: new URL(address).searchParams.get('code')!,
        redirect_uri: 'https://localhost/callback',
      }),
    });
    expect(used.status).toBe(200);
    await pasteAddress(session, address);
    await session.waitForText('The service did not hand out tokens');
    await session.waitForText('Netatmo did not accept the code');
    await session.waitForText('Open the sign-in link again');
    await session.waitForText('Get a fresh sign-in link');
    await expectFilesUntouched(run);
    // A code that is no longer good: signing in again is what is needed (exit 3).
    expect(await quitFromProblem(session)).toBe(3);
    await expectFilesUntouched(run);
    expectNoStackTrace(session);
  });

  it('says plainly that access was denied, and how to go on', async () => {
    emu.nextConsent = 'deny';
    const run = await start();
    const { session } = run;
    await answerUpToPaste(session);
    const address = await readAddressBar(run.browser);
    expect(address).toContain('error=access_denied');
    await pasteAddress(session, address);
    await session.waitForText('The sign-in was refused');
    await session.waitForText('Open the link again and choose Allow.');
    // Still waiting for a good paste.
    await session.waitForText('Paste the code or the whole address here');
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
    await expectFilesUntouched(run);
    expectNoStackTrace(session);
  });

  it('explains a wrong client secret without showing it', async () => {
    const wrongSecret = 'fake-netatmo-secret-9999';
    const run = await start();
    const { session } = run;
    await answerUpToPaste(session, wrongSecret);
    await pasteAddress(session, await readAddressBar(run.browser));
    await session.waitForText('The service did not hand out tokens');
    await session.waitForText('does not accept the app’s credentials');
    await session.waitForText('Copy them again from dev.netatmo.com');
    await session.waitForText('Enter the client ID and secret again');
    await expectFilesUntouched(run);
    expect(await quitFromProblem(session)).toBe(2);
    await expectFilesUntouched(run);
    expectNoSecretShown(session, [wrongSecret]);
    expectNoStackTrace(session);
  });

  it('refuses an address whose state belongs to another sign-in', async () => {
    const run = await start();
    const { session } = run;
    await answerUpToPaste(session);
    const address = new URL(await readAddressBar(run.browser));
    address.searchParams.set('state', 'fake-state-from-another-program-0001');
    await pasteAddress(session, address.toString());
    await session.waitForText('does not belong to the sign-in reauth just started');
    await session.waitForText('Open the newest link reauth printed');
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
    await expectFilesUntouched(run);
    expectNoStackTrace(session);
  });

  it('recognises a captive portal page where the tokens should be', async () => {
    const run = await start();
    const { session } = run;
    await answerUpToPaste(session);
    const address = await readAddressBar(run.browser);
    // The laptop moved to hotel Wi-Fi between pressing Allow and pasting.
    emu.answerHtml = true;
    await pasteAddress(session, address);
    await session.waitForText('The service did not hand out tokens');
    await session.waitForText(/answered with a web page instead of data/);
    await session.waitForText(/captive portal/);
    await session.waitForText('Try again');
    await expectFilesUntouched(run);
    const code = await quitFromProblem(session);
    expect(code).toBe(4);
    await expectFilesUntouched(run);
    expectNoStackTrace(session);
  });

  it('explains a code that expired before it was pasted', async () => {
    const run = await start();
    const { session } = run;
    await answerUpToPaste(session);
    const address = await readAddressBar(run.browser);
    // Eleven minutes pass on the service's clock (codes live about ten).
    clockSkewMs = 11 * 60_000;
    await pasteAddress(session, address);
    await session.waitForText('The service did not hand out tokens');
    await session.waitForText('Netatmo did not accept the code');
    await session.waitForText('Get a fresh sign-in link');
    expect(await quitFromProblem(session)).toBe(3);
    await expectFilesUntouched(run);
    expectNoStackTrace(session);
  });

  it('stops at Ctrl+C in the paste box with exit 130 and nothing changed', async () => {
    const run = await start();
    const { session } = run;
    await answerUpToPaste(session);
    session.type('fake-half-typed');
    await session.waitForText('❯ fake-half-typed');
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
    await expectFilesUntouched(run);
    expectNoStackTrace(session);
    expect(session.screenText()).not.toMatch(/internal error|Error:/);
  });
});
