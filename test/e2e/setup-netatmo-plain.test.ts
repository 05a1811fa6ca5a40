/**
 * Issue 2 once more through `--plain`: the line-by-line renderer (src/plain/, @inquirer/prompts
 * and readline) in the same real terminal, with the same `.env` expectations as the Ink run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { answerSchedule, expectNoSecretShown, fakeBrowser, makeFolder, modeOf, readAddressBar, removeFolders, writeConfig } from './e2e-support.js';
import { dashboardEnv, expectOnlyTokenLinesChanged, OLD_NETATMO_REFRESH } from './netatmo-dashboard.js';

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

describe('reauth setup --provider netatmo --plain in a terminal', () => {
  it('asks line by line, takes the pasted address and changes only the token lines of .env', async () => {
    const dir = await makeFolder('netatmo-plain');
    const before = dashboardEnv(emu.clientId);
    await writeFile(join(dir, '.env'), before, { mode: 0o640 });
    await writeConfig(dir, { netatmo: netatmoOverride(emu) });
    const browser = await fakeBrowser('address-bar');
    const session = startReauth({ args: ['setup', '--provider', 'netatmo', '--plain'], cwd: dir, env: browser.env });

    await session.waitForText(`? Netatmo client ID (${emu.clientId})`);
    session.press('enter');
    await session.waitForText('? Netatmo client secret');
    session.type(emu.clientSecret);
    await session.waitForText(`? Netatmo client secret ${'•'.repeat(emu.clientSecret.length)}`);
    session.press('enter');
    await session.waitForText('? Where should the new tokens be written?');
    session.press('enter');
    await session.waitForText('? Key names in .env');
    session.press('enter');
    await session.waitForText('? Which permissions (scopes) does your program need?');
    await session.waitForText('◉ read_station');
    session.press('enter');
    await session.waitForText('? Others, separated by spaces (Enter for none):');
    session.press('enter');
    await session.waitForText('? Redirect URI, exactly as registered in the developer portal (https://localhost/callback)');
    session.press('enter');
    await session.waitForText('Paste the code or the whole address, then press Enter:');
    // A terminal in line mode turns the pasted line's Enter into a newline for readline.
    session.paste(`${await readAddressBar(browser)}\r`);

    await session.waitForText('? Write these changes? (Y/n)');
    await session.waitForText(/Live check: 1 weather station found \(Home\)/);
    await session.waitForText(/NETATMO_REFRESH_TOKEN\s+fake…0001 \(29 chars\) → fake…\w{4} \(\d+ chars\)/);
    session.press('enter');
    await session.waitForText('? Command to run now that the files are written (optional)');
    session.press('enter');
    await session.waitForText('? Save these settings as a profile');
    session.press('enter');
    await session.waitForText('? Name for this profile (netatmo)');
    session.press('enter');
    await answerSchedule(session, 'print');
    await session.waitForText('All done');
    expect(await session.exit()).toBe(0);

    const { access, refresh } = expectOnlyTokenLinesChanged(before, await readFile(join(dir, '.env'), 'utf8'), emu);
    expect(await modeOf(join(dir, '.env'))).toBe(0o640);
    expect(await readFile(join(dir, '.env.bak'), 'utf8')).toBe(before);
    expect(await modeOf(join(dir, '.env.bak'))).toBe(0o600);
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml).toContain('  netatmo:\n    provider: netatmo');
    for (const secret of [emu.clientSecret, refresh, access]) expect(yaml).not.toContain(secret);
    expectNoSecretShown(session, [emu.clientSecret, refresh, access, OLD_NETATMO_REFRESH]);
    // Plain output is never redrawn, so the terminal soft-wraps the cron line: it copies as one.
    expect(session.transcript().some((line) => /^\d+ \* \* \* \* .+reauth\.js refresh netatmo -c \S+reauth\.yaml >> "\$HOME\/reauth\.log" 2>&1$/.test(line))).toBe(true);
  });
});
