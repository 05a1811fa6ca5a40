/**
 * SCENARIOS.md 2 end to end, the weather dashboard: the built `reauth` in a real terminal, a
 * config.yaml read by the dashboard at `weather.integrations.netatmo`, the loopback Netatmo, and
 * the fake browser landing on https://localhost/callback (nothing listens: the person pastes the
 * address bar). After the wizard only the refresh_token line may differ; then `reauth refresh`
 * runs as cron would (no terminal) and must keep each rotated refresh token Netatmo hands out.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import {
  runWithoutTerminal,
  answerSchedule,
  expectNoSecretShown,
  expectNoStackTrace,
  fakeBrowser,
  makeFolder,
  readAddressBar,
  removeFolders,
  writeConfig,
} from './e2e-support.js';
import { weatherConfigYaml } from '../support/scenario-files.js';

const OLD_REFRESH = 'fake-netatmo-refresh-0000|0123456789abcdef';


let emu: NetatmoEmulator;

beforeAll(async () => {
  emu = await startNetatmoEmulator();
});
afterAll(async () => {
  await emu?.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

describe('scenario 2 in a terminal: weather dashboard reading config.yaml', () => {
  it('writes only the refresh_token line of config.yaml, and `reauth refresh` keeps each rotated token after it', async () => {
    const dir = await makeFolder('weather');
    await writeConfig(dir, { netatmo: netatmoOverride(emu) });
    const before = weatherConfigYaml(OLD_REFRESH);
    await writeFile(join(dir, 'config.yaml'), before);
    const browser = await fakeBrowser('address-bar');
    const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, env: browser.env });

    // The app's credentials come from config.yaml: Enter keeps them.
    await session.waitForText('Netatmo client ID');
    await session.waitForText(`❯ ${emu.clientId}`);
    expect(session.screenFlat()).toContain('Found in config.yaml (weather.integrations.netatmo.client_id); press Enter to keep it.');
    session.press('enter');
    await session.waitForText('Netatmo client secret');
    await session.waitForText('•'.repeat(emu.clientSecret.length));
    expect(session.screenFlat()).toContain('Found in config.yaml (weather.integrations.netatmo.client_secret)');
    session.press('enter');
    // Where the tokens go, before the sign-in: config.yaml holds them already.
    await session.waitForText('Where should the new tokens be written?');
    await session.waitForText(/❯ ◉ config\.yaml at weather\.integrations\.netatmo\s+holds refresh_token/);
    session.press('enter');
    await session.waitForText('Key names in config.yaml at weather.integrations.netatmo');
    await session.waitForText('refresh token  → refresh_token');
    session.press('enter');
    await session.waitForText('Which permissions (scopes)');
    await session.waitForText(/❯ ◉ read_station/);
    session.press('enter');
    await session.waitForText('Redirect URI, exactly as registered');
    await session.waitForText('❯ https://localhost/callback');
    session.press('enter');

    // Nothing listens at https://localhost/callback: the address bar is pasted.
    await session.waitForText('Paste the code or the whole address here');
    await session.waitForText('Asked your browser to open the link');
    session.paste(await readAddressBar(browser));
    await session.waitForText(/❯ https:\/\/localhost\/callback\?state=/);
    session.press('enter');

    await session.waitForText('This is what will change');
    await session.waitForText(/Live check\s+1 weather station found \(Home\)/);
    const [refresh] = emu.liveRefreshTokens();
    await session.waitForText(/refresh_token\s+fake…cdef \(42 chars\) → fake…\w{4} \(42 chars\)/);
    session.type('y');
    await session.waitForText('Command to run now that the files are written');
    session.press('enter');
    await session.waitForText('Save these settings as a profile');
    session.press('enter');
    await session.waitForText('Name for this profile');
    session.press('ctrl-u');
    // Ctrl+U and the letters in one read would be one input event: wait for the cleared box.
    await session.waitFor(() => /^❯ ?▌?$/.test(session.focusedLine()?.trim() ?? ''), 'the name box to be cleared');
    session.type('weather');
    await session.waitForText('❯ weather');
    session.press('enter');
    await answerSchedule(session, 'later');
    await session.waitForText('All done');
    expect(await session.exit()).toBe(0);

    // Byte for byte: comments, quotes, the trailing comment and the other integration all stay.
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe(before.replace(OLD_REFRESH, refresh!));
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml).toContain('  weather:\n    provider: netatmo');
    expect(yaml).toContain('at: weather.integrations.netatmo');
    for (const secret of [emu.clientSecret, refresh!, ...emu.liveAccessTokens()]) expect(yaml).not.toContain(secret);
    expectNoSecretShown(session, [emu.clientSecret, refresh!, OLD_REFRESH, ...emu.liveAccessTokens()]);
    expectNoStackTrace(session);

    // Cron's part: each refresh rotates the pair (the old refresh token dies at once), so the
    // new one must land in config.yaml every time, and nothing else may move.
    let previous = refresh!;
    for (let round = 1; round <= 2; round++) {
      const result = await runWithoutTerminal(dir, ['refresh', 'weather', '-c', 'reauth.yaml']);
      expect(result.code, `refresh #${round} said:\n${result.stdout}${result.stderr}`).toBe(0);
      const live = emu.liveRefreshTokens();
      expect(live).toHaveLength(1);
      expect(live[0]).not.toBe(previous);
      expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe(before.replace(OLD_REFRESH, live[0]!));
      for (const secret of [emu.clientSecret, live[0]!, previous, ...emu.liveAccessTokens()]) {
        expect(result.stdout + result.stderr).not.toContain(secret);
      }
      expect(result.stdout).toMatch(/^✔ weather: refreshed, access token valid until .+ \(config\.yaml at weather\.integrations\.netatmo\)\n$/);
      expect(result.stderr).toBe('');
      previous = live[0]!;
    }
    // Besides config.yaml (and its backup) only reauth's own folder: a diary of the last refresh
    // that holds no secret, and no rescue file (every write went through).
    expect((await readdir(dir)).sort()).toEqual(['.reauth', 'config.yaml', 'config.yaml.bak', 'reauth.yaml']);
    expect(await readFile(join(dir, '.reauth', '.gitignore'), 'utf8')).toBe('*\n');
    expect(await readdir(join(dir, '.reauth'))).not.toContain('rescue');
    const diary = await readFile(join(dir, '.reauth', 'state', 'weather.json'), 'utf8');
    expect(JSON.parse(diary)).toMatchObject({ last_result: 'ok' });
    for (const secret of [emu.clientSecret, previous, ...emu.liveAccessTokens()]) expect(diary).not.toContain(secret);
  }, 40_000);
});
