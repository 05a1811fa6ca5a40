/**
 * Issue 8, as a person meets it in the wizard: tokens kept at "Write these changes? n" or a
 * Ctrl+C are found again (by profile, or by service + client id for a connection never
 * saved), a later sign-in supersedes them so no stale rescue is ever written over newer
 * tokens, and a stop while the code is being spent waits for the answer.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { statusCommand } from '../support/audited-commands.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { startNetatmoEmulator, netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { testDeps } from '../support/test-deps.js';
import { answer, answerPlaces, expectQuestion, startWizardRun } from '../support/wizard-driver.js';

let emu: NetatmoEmulator;
let dir: string;
let opened: string[];

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-never-lose-'));
  opened = [];
  const o = netatmoOverride(emu);
  await writeFile(
    join(dir, 'reauth.yaml'),
    `version: 1\nprofiles: {}\nproviders:\n  netatmo:\n    authorize_url: ${o.authorize_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`,
  );
});
afterEach(() => emu.close());

function start(options: { profileName?: string; deps?: ReturnType<typeof testDeps> } = {}) {
  return startWizardRun({ cwd: dir, ...(options.profileName ? { profileName: options.profileName } : { provider: 'netatmo' }) }, options.deps ?? testDeps({ opened }));
}

async function approve(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

/** A new connection, up to the preview. */
async function newConnectionToPreview(run: WizardRun): Promise<void> {
  await answer(run, 'client_id', emu.clientId);
  await answer(run, 'client_secret', emu.clientSecret);
  await answer(run, 'targets', ['0']);
  await answer(run, 'keys', 'keep');
  await answer(run, 'scopes', ['read_station']);
  await answer(run, 'redirect_uri', 'https://localhost/callback');
  await expectQuestion(run, 'paste');
  run.answer({ type: 'value', id: 'paste', value: await approve(opened.at(-1)!) });
  await expectQuestion(run, 'preview');
}

async function rescueFiles(): Promise<string[]> {
  return readdir(join(dir, '.reauth', 'rescue')).catch(() => []);
}

const status = () => statusCommand({ configPath: 'reauth.yaml', profiles: [], json: false, cwd: dir }, testDeps());
const refresh = () => refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, testDeps());

describe('tokens kept by the wizard', () => {
  it('finds the tokens of a new connection stopped at the preview again, by service and client id, and status lists them', async () => {
    const first = start();
    await newConnectionToPreview(await first.run);
    (await first.run).answer({ type: 'cancel' });
    const stopped = await first.done;
    expect(stopped.exitCode).toBe(130);
    expect(stopped.lines.join('\n')).toContain('`reauth setup` offers them next time');
    const live = emu.liveRefreshTokens()[0]!;

    const listed = await status();
    expect(listed.exitCode).toBe(5);
    expect(listed.stdout).toContain('new connection, not saved (Netatmo): rescued tokens waiting');
    expect(listed.stdout).toContain('reauth setup --provider netatmo');

    const second = start();
    const run = await second.run;
    await answer(run, 'client_id', emu.clientId);
    await answer(run, 'client_secret', emu.clientSecret);
    await answer(run, 'use_rescued', 'use');
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await expectQuestion(run, 'preview');
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', false);
    expect((await second.done).exitCode).toBe(0);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(live);
    expect(await rescueFiles()).toEqual([]);
    expect(emu.liveRefreshTokens()).toEqual([live]); // nothing was spent to get there
  });

  it('does not offer the kept tokens of another app (another client id)', async () => {
    const first = start();
    await newConnectionToPreview(await first.run);
    (await first.run).answer({ type: 'cancel' });
    await first.done;

    const second = start();
    const run = await second.run;
    await answer(run, 'client_id', 'fake-other-client-id');
    await answer(run, 'client_secret', 'fake-other-secret');
    // Straight on to the places: no "reauth kept tokens" question for another app's tokens.
    await expectQuestion(run, 'targets');
    run.answer({ type: 'cancel' });
    await second.done;
  });

  it('supersedes the tokens kept at "n" when the person signs in again and writes: status is clean and refresh never writes the older pair', async () => {
    // Save a profile first.
    const setup = start();
    const run = await setup.run;
    await newConnectionToPreview(run);
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'weather');
    await answer(run, 'schedule', 'later');
    expect((await setup.done).exitCode).toBe(0);

    // Reconnect, answer n at the preview: the new pair is kept in a rescue file.
    const declined = start({ profileName: 'weather' });
    const r1 = await declined.run;
    await expectQuestion(r1, 'paste');
    r1.answer({ type: 'value', id: 'paste', value: await approve(opened.at(-1)!) });
    await expectQuestion(r1, 'preview');
    r1.answer({ type: 'confirm', id: 'preview', value: false });
    expect((await declined.done).exitCode).toBe(0);
    expect(await rescueFiles()).toHaveLength(1);

    // Reconnect again, sign in again instead of using the kept tokens, and write.
    const again = start({ profileName: 'weather' });
    const r2 = await again.run;
    await answer(r2, 'use_rescued', 'sign-in');
    await expectQuestion(r2, 'paste');
    r2.answer({ type: 'value', id: 'paste', value: await approve(opened.at(-1)!) });
    await expectQuestion(r2, 'preview');
    r2.answer({ type: 'confirm', id: 'preview', value: true });
    expect((await again.done).exitCode).toBe(0);
    const newest = emu.liveRefreshTokens().at(-1)!;
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(newest);
    expect(await rescueFiles()).toEqual([]);

    const checked = await status();
    expect(checked.exitCode, checked.stdout).toBe(0);
    const refreshed = await refresh();
    expect(refreshed.exitCode, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).not.toContain('rescued');
  });

  it('waits for the code exchange to finish before stopping, and keeps its answer', async () => {
    const stalled = testDeps({
      opened,
      overrides: {
        // The token request takes a while (a slow service): Ctrl+C arrives meanwhile.
        fetch: async (input, init) => {
          if (String(input).includes('/oauth2/token')) await new Promise((r) => setTimeout(r, 300));
          return fetch(input, init);
        },
      },
    });
    const { run: runP, done } = start({ deps: stalled });
    const run = await runP;
    await answer(run, 'client_id', emu.clientId);
    await answer(run, 'client_secret', emu.clientSecret);
    await answerPlaces(run);
    await answer(run, 'scopes', ['read_station']);
    await answer(run, 'redirect_uri', 'https://localhost/callback');
    await expectQuestion(run, 'paste');
    run.answer({ type: 'value', id: 'paste', value: await approve(opened.at(-1)!) });
    await new Promise((r) => setTimeout(r, 50));
    expect(run.getView().prompt.kind).toBe('busy');
    run.answer({ type: 'cancel', signal: 'SIGTERM' });
    expect(run.getView().prompt.help).toContain('finishing this step first');
    run.answer({ type: 'cancel' });
    expect(run.getView().prompt.help).toContain('Still finishing safely');
    const outcome = await done;
    expect(outcome.exitCode).toBe(143);
    const [file] = await rescueFiles();
    const kept = JSON.parse(await readFile(join(dir, '.reauth', 'rescue', file!), 'utf8'));
    expect(kept.values.refresh_token).toBe(emu.liveRefreshTokens()[0]);
    expect(kept.state).toBe('kept');
  });
});
