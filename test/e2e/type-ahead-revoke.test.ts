/**
 * Issue 11: text typed while Zoho's revoke question showed — or just before, while the write
 * ran — was lost. In a real terminal through the installed package: keys typed in one chunk
 * as the preview gives way to the write each reach their own question, in order.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { keepTickedPlaces, makeFolder, removeFolders, writeConfig } from './e2e-support.js';
import { chatbotEnv, mintCurrentPair, SALESIQ_SCOPES } from './zoho-chatbot.js';

let emu: ZohoEmulator;

beforeAll(async () => {
  emu = await startZohoEmulator({ location: 'in', screenName: 'acme' });
});
afterAll(async () => {
  await emu.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

describe('keys typed in one chunk as the preview gives way to the write and Zoho\'s revoke question', () => {
  it('"y", then "n" for the revoke question, then the command: each reaches its own question, in order', async () => {
    const dir = await makeFolder('zoho-type-ahead');
    const old = await mintCurrentPair(emu);
    await writeFile(join(dir, '.env'), chatbotEnv(emu, old), { mode: 0o600 });
    await writeConfig(dir, { 'zoho-salesiq': zohoOverride(emu, 'salesiq') });
    const session = startReauth({ args: ['setup', '--provider', 'zoho-salesiq'], cwd: dir });
    const { selfClientId } = emu.credentials;

    await session.waitForText('Which data centre is your account in?');
    await session.focusOption(/India \(accounts\.zoho\.in\)/);
    session.press('enter');
    await session.waitForText('How do you want to get the tokens?');
    await session.focusOption(/Self Client code/);
    session.press('enter');
    await session.waitForText(`❯ ${selfClientId}`);
    session.press('enter');
    await session.waitForText('Found in .env');
    session.press('enter');
    // The places come before the scopes (issue 11.1).
    await keepTickedPlaces(session);
    await session.waitForText('Which permissions (scopes)');
    session.press('enter');
    await session.waitForText('SalesIQ screen name');
    session.type('acme');
    await session.waitForText('❯ acme');
    session.press('enter');
    await session.waitForText('Make a new refresh token?');
    session.press('enter');
    await session.waitForText(/❯ 1\. 3 minutes/);
    session.press('enter');
    await session.waitForText('Paste the code from the API console');
    const code = emu.issueSelfClientCode({ scopes: SALESIQ_SCOPES, minutes: 3 });
    session.paste(code, { bracketed: true });
    await session.waitFor(() => session.focusedLine()?.trim().replace(/▌$/, '') === `❯ ${code}`, 'the code alone in the paste box');
    session.press('enter');
    await session.waitForText('Write these changes?');
    // One chunk, as a terminal hands over keys typed while reauth was busy: the preview's y,
    // the revoke question's n (it is not on screen yet), and the command after writing.
    session.type('ynecho restarted\r');
    await session.waitForText('When should `echo restarted` run?');
    await session.waitForText(/Old token\s+kept: not revoked/);
    expect(emu.isRefreshTokenAlive(old.refresh)).toBe(true);
    session.press('ctrl-c');
    await session.exit();
  });
});
