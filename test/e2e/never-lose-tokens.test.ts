/**
 * Issue 8 through the built binary in a real terminal: tokens kept at "Write these changes? n"
 * are superseded by a later sign-in (no stale rescue, status clean, refresh never writes the
 * older pair), and the tokens of a new connection stopped at the preview are offered again
 * by the next `reauth setup` of that service.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { expectNoStackTrace, fakeBrowser, keepTickedPlaces, makeFolder, readAddressBar, removeFolders, runWithoutTerminal, writeAndSaveProfile, writeConfig } from './e2e-support.js';

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

async function rescueFiles(dir: string): Promise<string[]> {
  return readdir(join(dir, '.reauth', 'rescue')).catch(() => []);
}

/** One wizard run with its own fake browser; `args` after `reauth`. */
async function wizard(dir: string, args: readonly string[]): Promise<{ session: PtySession; address: () => Promise<string> }> {
  const browser = await fakeBrowser('address-bar');
  const session = startReauth({ args, cwd: dir, env: browser.env });
  return { session, address: () => readAddressBar(browser) };
}

async function credentials(session: PtySession): Promise<void> {
  await session.waitForText('Netatmo client ID');
  session.type(emu.clientId);
  await session.waitForText(`❯ ${emu.clientId}`);
  session.press('enter');
  await session.waitForText('Netatmo client secret');
  session.type(emu.clientSecret);
  await session.waitForText('•'.repeat(emu.clientSecret.length));
  session.press('enter');
}

/** Scopes, redirect URI and places (.env) as proposed, sign in, paste the address bar. */
async function signIn(session: PtySession, address: () => Promise<string>, askSettings = true): Promise<void> {
  if (askSettings) {
    await keepTickedPlaces(session, /❯ ◉ \.env/);
    await session.waitForText('Which permissions (scopes)');
    session.press('enter');
    await session.waitForText('Redirect URI, exactly as registered');
    session.press('enter');
  }
  await session.waitForText('Paste the code or the whole address here');
  session.paste(await address());
  await session.waitForText(/❯ https:\/\/localhost\/callback\?state=/);
  session.press('enter');
}

async function toPreview(session: PtySession): Promise<void> {
  await session.waitForText('This is what will change');
}

describe('tokens kept by the wizard, in a terminal', () => {
  it('supersedes the tokens kept at "n" when the person reconnects and signs in again: status is clean and refresh writes the newest pair', async () => {
    const dir = await makeFolder('kept-n');
    await writeConfig(dir, { netatmo: netatmoOverride(emu) });

    const first = await wizard(dir, ['setup', '--provider', 'netatmo']);
    await credentials(first.session);
    await signIn(first.session, first.address);
    await toPreview(first.session);
    await writeAndSaveProfile(first.session, 'netatmo', 'weather');
    expect(await first.session.exit()).toBe(0);

    const declined = await wizard(dir, ['setup', 'weather']);
    await signIn(declined.session, declined.address, false);
    await declined.session.waitForText('This is what will change');
    declined.session.type('n');
    await declined.session.waitForText('Nothing was written');
    expect(await declined.session.exit()).toBe(0);
    expect(await rescueFiles(dir)).toHaveLength(1);

    const again = await wizard(dir, ['setup', 'weather']);
    await again.session.waitForText('reauth kept tokens from an earlier run');
    await again.session.focusOption(/Sign in again instead/);
    again.session.press('enter');
    await signIn(again.session, again.address, false);
    await again.session.waitForText('This is what will change');
    again.session.type('y');
    await again.session.waitForText('All done');
    expect(await again.session.exit()).toBe(0);
    expectNoStackTrace(again.session);

    const newest = emu.liveRefreshTokens().at(-1)!;
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(newest);
    expect(await rescueFiles(dir)).toEqual([]);
    const status = await runWithoutTerminal(dir, ['status', 'weather']);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    const refresh = await runWithoutTerminal(dir, ['refresh', 'weather']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stdout).not.toContain('rescued');
  });

  it('offers the tokens of a new connection stopped at the preview to the next setup of that service, without a sign-in', async () => {
    const dir = await makeFolder('kept-new');
    await writeConfig(dir, { netatmo: netatmoOverride(emu) });

    const first = await wizard(dir, ['setup', '--provider', 'netatmo']);
    await credentials(first.session);
    await signIn(first.session, first.address);
    await toPreview(first.session);
    first.session.press('ctrl-c');
    await first.session.waitForText('`reauth setup` offers them next time');
    expect(await first.session.exit()).toBe(130);
    const [kept] = await rescueFiles(dir);
    const live = JSON.parse(await readFile(join(dir, '.reauth', 'rescue', kept!), 'utf8')).values.refresh_token as string;
    expect(emu.liveRefreshTokens()).toContain(live);

    const status = await runWithoutTerminal(dir, ['status']);
    expect(status.code).toBe(5);
    expect(status.stdout).toContain('new connection, not saved (Netatmo)');

    const second = await wizard(dir, ['setup', '--provider', 'netatmo']);
    await credentials(second.session);
    await second.session.waitForText('reauth kept tokens from an earlier run');
    second.session.press('enter');
    // Kept tokens need no sign-in; the places are asked all the same.
    await keepTickedPlaces(second.session, /❯ ◉ \.env/);
    await toPreview(second.session);
    second.session.type('y');
    await second.session.waitForText('Command to run now that the files are written');
    second.session.press('enter');
    await second.session.waitForText('Save these settings as a profile');
    second.session.type('n');
    await second.session.waitForText('All done');
    expect(await second.session.exit()).toBe(0);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(live);
    expect(await rescueFiles(dir)).toEqual([]);
  });
});
