/**
 * Scenario 4 end to end: Zoho SalesIQ in the India data centre through a Self Client code (no
 * browser redirect at all), the SalesIQ live check, and the chatbot's .env — box-drawing
 * banners, Desk tokens that must not be touched — with only the SalesIQ token lines changed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { answerSchedule, envValues, expectNoSecretShown, makeFolder, modeOf, removeFolders, writeConfig } from './e2e-support.js';
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

describe('reauth setup --provider zoho-salesiq with a Self Client code in a terminal', () => {
  it('exchanges a pasted Self Client code at the India data centre and updates only the SalesIQ lines', async () => {
    const dir = await makeFolder('zoho');
    const old = await mintCurrentPair(emu);
    const before = chatbotEnv(emu, old);
    await writeFile(join(dir, '.env'), before, { mode: 0o600 });
    await writeConfig(dir, { 'zoho-salesiq': zohoOverride(emu, 'salesiq') });
    const session = startReauth({ args: ['setup', '--provider', 'zoho-salesiq'], cwd: dir });
    const { selfClientId, selfClientSecret } = emu.credentials;

    await session.waitForText('Which data centre is your account in?');
    await session.focusOption(/India \(accounts\.zoho\.in\)/);
    session.press('enter');
    await session.waitForText('How do you want to get the tokens?');
    await session.focusOption(/Self Client code/);
    session.press('enter');
    // Both credentials are found in the chatbot's .env: Enter keeps them.
    await session.waitForText('Zoho SalesIQ client ID');
    await session.waitForText(`❯ ${selfClientId}`);
    session.press('enter');
    await session.waitForText('Zoho SalesIQ client secret');
    await session.waitForText('Found in .env');
    session.press('enter');
    await session.waitForText('Where should the new tokens be written?');
    await session.waitForText(/❯ ◉ \.env/);
    session.press('enter');
    await session.waitForText('Key names in .env');
    await session.waitForText('Use these names');
    session.press('enter');
    await session.waitForText('Which permissions (scopes)');
    session.press('enter');
    await session.waitForText('SalesIQ screen name');
    session.type('acme');
    await session.waitForText('❯ acme');
    session.press('enter');
    await session.waitForText('Make a new refresh token?');
    expect(session.screenFlat()).toContain('at most 20 refresh tokens');
    session.press('enter');
    await session.waitForText('choose the duration you picked there');
    await session.waitForText(/❯ 1\. 3 minutes/);
    session.press('enter');
    await session.waitForText('Paste the code from the API console');
    await session.waitForText(/Code expires in [23]:\d\d/);

    // API Console → Self Client → Generate Code, with the scopes the screen listed.
    const code = emu.issueSelfClientCode({ scopes: SALESIQ_SCOPES, minutes: 3 });
    // Pasted with bracketed-paste markers, as a terminal left in that mode sends it: the box
    // must show (and submit) the code alone.
    session.paste(code, { bracketed: true });
    await session.waitFor(() => session.focusedLine()?.trim().replace(/▌$/, '') === `❯ ${code}`, 'the code alone in the paste box');
    session.press('enter');
    await session.waitForText('This is what will change');
    await session.waitForText(/Live check\s+2 departments found in SalesIQ/);
    session.type('y');
    // Zoho's 20-token cap: the token this one replaces can go, now the new one is written.
    await session.waitForText('Revoke the refresh token this one replaces');
    session.type('y');
    await session.waitForText('Command to run now that the files are written');
    await session.waitForText(/Old token\s+the replaced refresh token was revoked/);
    session.press('enter');
    await session.waitForText('Save these settings as a profile');
    session.press('enter');
    await session.waitForText('Name for this profile');
    session.press('enter');
    await answerSchedule(session, 'later');
    await session.waitForText('All done');
    expect(await session.exit()).toBe(0);

    // A Self Client code is exchanged without redirect_uri, at the data centre's accounts server.
    const exchange = emu.requests.filter((r) => r.url.pathname === '/oauth/v2/token').at(-1)!;
    const sent = new URLSearchParams([...exchange.url.searchParams, ...exchange.form]);
    expect(sent.get('grant_type')).toBe('authorization_code');
    expect(sent.get('code')).toBe(code);
    expect(sent.has('redirect_uri')).toBe(false);

    const [refresh, ...others] = emu.liveRefreshTokens(selfClientId);
    expect(others).toEqual([]);
    expect(emu.isRefreshTokenAlive(old.refresh)).toBe(false);
    const after = await readFile(join(dir, '.env'), 'utf8');
    const values = envValues(after);
    expect(values.SALESIQ_REFRESH_TOKEN).toBe(refresh);
    const access = values.SALESIQ_ACCESS_TOKEN!;
    expect(access).toMatch(/^1000\.fake-zoho-access-/);
    // Only the SalesIQ token lines changed (the expiry is new); banners, Desk and ids untouched.
    expect(after).toBe(
      before
        .replace(`SALESIQ_ACCESS_TOKEN=${old.access}`, `SALESIQ_ACCESS_TOKEN=${access}`)
        .replace(`SALESIQ_REFRESH_TOKEN=${old.refresh}`, `SALESIQ_REFRESH_TOKEN=${refresh}`) +
        `SALESIQ_TOKEN_EXPIRES_AT=${values.SALESIQ_TOKEN_EXPIRES_AT}\n`,
    );
    expect(await modeOf(join(dir, '.env'))).toBe(0o600);
    expect(await readFile(join(dir, '.env.bak'), 'utf8')).toBe(before);

    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml).toMatch(/zoho-salesiq:\n\s+provider: zoho-salesiq\n\s+region: in\n\s+flow: self_client/);
    expect(yaml).toContain('screen_name: acme');
    for (const secret of [selfClientSecret, refresh!, access]) expect(yaml).not.toContain(secret);
    expectNoSecretShown(session, [selfClientSecret, refresh!, access, old.refresh, old.access, '1000.fake-desk-refresh-0001']);
  });
});
