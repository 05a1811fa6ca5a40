/**
 * Issue 11.7 in a real terminal through the installed package: Esc past the printed sign-in
 * link, twice, answering the same again, leaves every summary line once in the scrollback.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { dashboardEnv } from './netatmo-dashboard.js';
import { fakeBrowser, keepTickedPlaces, makeFolder, removeFolders, writeConfig } from './e2e-support.js';

let emu: NetatmoEmulator;
beforeAll(async () => {
  emu = await startNetatmoEmulator();
});
afterAll(async () => {
  await emu.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

const LINK_TITLE = 'Sign in to Netatmo';
const count = (session: PtySession, start: string) => session.transcript().filter((line) => line.startsWith(start)).length;

/** Waits for the sign-in link to have been printed `times` times in all. */
async function linkShown(session: PtySession, times: number): Promise<void> {
  await session.waitFor(() => count(session, LINK_TITLE) >= times && session.screenText().includes('Paste the code or the whole address here'), `the sign-in link, ${times} times`);
}

it('shows each summary line once after Esc past the sign-in link, answered the same again', async () => {
  const dir = await makeFolder('summary-past-link');
  await writeFile(join(dir, '.env'), dashboardEnv(emu.clientId));
  await writeConfig(dir, { netatmo: netatmoOverride(emu) });
  const browser = await fakeBrowser('address-bar');
  const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, env: browser.env });
  await session.waitForText('Found in .env');
  session.press('enter');
  await session.waitForText('Netatmo client secret');
  session.type(emu.clientSecret);
  await session.waitForText('•'.repeat(emu.clientSecret.length));
  session.press('enter');
  // The places come before the scopes (issue 11.1).
  await keepTickedPlaces(session);
  await session.waitForText('Which permissions (scopes)');
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  session.press('enter');
  await linkShown(session, 1);
  // Esc: back to the redirect URI, the same again.
  session.press('esc');
  await session.waitForText('Redirect URI, exactly as registered');
  session.press('enter');
  await linkShown(session, 2);
  // Esc twice: back to the scopes, both the same again.
  session.press('esc');
  await session.waitForText('Redirect URI, exactly as registered');
  session.press('esc');
  await session.waitForText('Which permissions (scopes)');
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  session.press('enter');
  await linkShown(session, 3);

  for (const label of ['Client ID', 'Client secret', 'Write to', 'Key names', 'Scopes', 'Redirect URI']) expect(count(session, `✔ ${label} `), label).toBe(1);
  session.press('ctrl-c');
  expect(await session.exit()).toBe(130);
});
