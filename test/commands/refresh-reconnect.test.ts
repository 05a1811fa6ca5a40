/**
 * The way back from exit 3: `reauth refresh` says the refresh token is dead and names
 * `reauth setup weather`; that command reuses the saved service, client, scopes, redirect URI
 * and targets and goes straight to sign-in; afterwards `reauth refresh` works again.
 * Through the real setup effects and the loopback Netatmo — everything but the terminal.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';
import { netatmoPair, refreshElsewhere, tempProject, testDeps, weatherEnv, weatherProject, type NetatmoPair } from './refresh-fixtures.js';

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject('reauth-reconnect-');
  pair = await netatmoPair(emu);
  await weatherProject(dir, emu, pair);
});
afterEach(async () => {
  await emu.close();
});

function reconnect(opened: string[]) {
  const deps = {
    ...testDeps(weatherEnv(emu)),
    openUrl: async (url: string) => {
      opened.push(url);
      return { ok: true };
    },
  };
  return startWizardRun({ cwd: dir, profileName: 'weather' }, deps);
}

const refresh = () => refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, testDeps(weatherEnv(emu)));

describe('reconnecting after a refresh token was rejected', () => {
  it('goes from exit 3 straight to sign-in with the saved settings, and refresh works again', async () => {
    await refreshElsewhere(emu, pair.refresh);
    const rejected = await refresh();
    expect(rejected.exitCode).toBe(3);
    expect(rejected.stderr).toContain('`reauth setup weather`');

    const opened: string[] = [];
    const { run: runP, done } = reconnect(opened);
    const run = await runP;
    // No question before the paste box: service, client id, secret (from ${NETATMO_CLIENT_SECRET}),
    // scopes and redirect URI all come from the profile.
    await expectQuestion(run, 'paste');
    const link = new URL(opened[0]!);
    expect(link.origin + link.pathname).toBe(`${emu.origin}/oauth2/authorize`);
    expect(link.searchParams.get('client_id')).toBe(emu.clientId);
    expect(link.searchParams.get('scope')).toBe('read_station');
    expect(link.searchParams.get('redirect_uri')).toBe('https://localhost/callback');

    const address = (await fetch(opened[0]!, { redirect: 'manual' })).headers.get('location')!;
    run.answer({ type: 'value', id: 'paste', value: address });
    // The saved targets are used as they are: the only question left is the masked preview.
    const preview = await nextQuestion(run);
    expect(preview.prompt.id).toBe('preview');
    run.answer({ type: 'confirm', id: 'preview', value: true });
    const outcome = await done;
    expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);

    // The other program's pair is still alive too: ours is the newest.
    const signedIn = emu.liveRefreshTokens().at(-1)!;
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${signedIn}'`);
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toContain(`refresh_token: '${signedIn}'`);

    const again = await refresh();
    expect(again.exitCode, again.stderr).toBe(0);
    const live = emu.liveRefreshTokens().at(-1)!;
    expect(live).not.toBe(signedIn);
    expect(emu.liveRefreshTokens()).not.toContain(signedIn);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${live}'`);
  });
});
