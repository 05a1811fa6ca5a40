/**
 * Issue 11, point 1, for a new connection: the places are chosen before the sign-in and
 * checked as `refresh` checks them, so a file that does not parse is found before a browser
 * opens or a code is spent; "Choose other places" really lets the person untick it. And after
 * the sign-in, going back to the places (a write that failed) keeps the tokens: no second
 * sign-in, one token request in all.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/flow/prompt.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { startNetatmoEmulator, netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { answer, expectQuestion, startWizardRun } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';
import { tokenRequests } from '../commands/refresh-fixtures.js';

let emu: NetatmoEmulator;
let dir: string;
let opened: string[];

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-places-first-'));
  opened = [];
  const o = netatmoOverride(emu);
  await writeFile(
    join(dir, 'reauth.yaml'),
    `version: 1\nprofiles: {}\nproviders:\n  netatmo:\n    authorize_url: ${o.authorize_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`,
  );
});
afterEach(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

async function approve(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

function start() {
  return startWizardRun({ cwd: dir, provider: 'netatmo' }, testDeps({ opened }));
}

async function credentials(run: WizardRun): Promise<void> {
  await answer(run, 'client_id', emu.clientId);
  await answer(run, 'client_secret', emu.clientSecret);
}

/** Scope and redirect URI, asked after the places. */
async function signInQuestions(run: WizardRun): Promise<void> {
  await answer(run, 'scopes', ['read_station']);
  await answer(run, 'redirect_uri', 'https://localhost/callback');
}

/** A new Netatmo connection written to .env, signed in through the emulator, up to the preview. */
async function signedInToPreview() {
  const { run: runP, done } = start();
  const run = await runP;
  await credentials(run);
  const targets = await expectQuestion(run, 'targets');
  await answer(run, 'targets', [optionValue(targets, '.env')]);
  await answer(run, 'keys', 'keep');
  await signInQuestions(run);
  await expectQuestion(run, 'paste');
  run.answer({ type: 'value', id: 'paste', value: await approve(opened[0]!) });
  return { run, done, preview: await expectQuestion(run, 'preview') };
}

function optionValue(prompt: Prompt, label: string): string {
  const option = prompt.kind === 'multiselect' ? prompt.options.find((o) => o.label === label) : undefined;
  if (!option) throw new Error(`no place "${label}" offered`);
  return option.value;
}

describe('a new connection, places checked before the sign-in', () => {
  it('finds a chosen config.yaml that does not parse before any browser or code, and "Choose other places" unticks it', async () => {
    await writeFile(join(dir, 'config.yaml'), 'weather: [unclosed\n');
    const { run: runP, done } = start();
    const run = await runP;
    await credentials(run);
    const targets = await expectQuestion(run, 'targets');
    await answer(run, 'targets', [optionValue(targets, 'Another file…')]);
    await answer(run, 'target_file', 'config.yaml');
    await answer(run, 'target_file_at', '');
    await answer(run, 'keys', 'keep');
    await signInQuestions(run);

    const problem = await expectQuestion(run, 'problem:check_targets');
    if (problem.kind !== 'problem') throw new Error('expected the problem screen');
    expect(problem.title).toBe('A place the tokens go is not ready');
    expect(problem.help).toContain('config.yaml');
    expect(problem.options.map((o) => o.label)).toEqual(['Check again', 'Choose other places', 'Quit']);
    expect(problem.options.at(-1)?.hint).toBe('nothing was spent: you have not signed in yet');
    // Nothing spent: no browser, no sign-in link, no token request.
    expect(opened).toEqual([]);
    expect(tokenRequests(emu, 'authorization_code')).toBe(0);
    expect(run.getView().history.map((h) => h.label)).not.toContain('Sign-in');

    run.answer({ type: 'value', id: problem.id, value: 'targets' });
    const again = await expectQuestion(run, 'targets');
    // What was ticked is ticked again, so unticking the broken file is one key.
    expect(again.kind === 'multiselect' && again.initial).toEqual([optionValue(again, 'Another file…')]);
    await answer(run, 'targets', [optionValue(again, '.env')]);
    await answer(run, 'keys', 'keep');
    // The scopes and redirect URI come after the places: asked again, with the answers given.
    const scopes = await expectQuestion(run, 'scopes');
    expect(scopes.kind === 'multiselect' && scopes.initial).toEqual(['read_station']);
    await signInQuestions(run);
    await expectQuestion(run, 'paste');
    expect(opened).toHaveLength(1);
    run.answer({ type: 'cancel' });
    await done;
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe('weather: [unclosed\n');
  });

  it('a write that fails after the sign-in goes back to the places and keeps the tokens: one token request, no second sign-in', async () => {
    const { run, done } = await signedInToPreview();
    const [refresh] = emu.liveRefreshTokens();
    // Something takes the place of .env between the preview and the write: it cannot be written.
    await mkdir(join(dir, '.env'));
    run.answer({ type: 'confirm', id: 'preview', value: true });

    const failed = await expectQuestion(run, 'write_failed');
    if (failed.kind !== 'select') throw new Error('write_failed is a select');
    expect(failed.options.map((o) => o.label)).toEqual(['Try again', 'Choose other places', 'Quit']);
    expect(failed.help).toMatch(/Your new tokens are safe in/);
    run.answer({ type: 'value', id: 'write_failed', value: 'targets' });

    // Back at the places with the tokens kept: no password, no paste box, no new link.
    const again = await expectQuestion(run, 'targets');
    expect(again.kind === 'multiselect' && again.initial).toEqual([optionValue(again, '.env')]);
    await answer(run, 'targets', [optionValue(again, 'Another file…')]);
    await answer(run, 'target_file', 'netatmo.env');
    await answer(run, 'keys', 'keep');
    const preview = await expectQuestion(run, 'preview');
    expect(preview.kind === 'preview' && preview.blocks.map((b) => b.label)).toEqual(['netatmo.env']);
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', false);
    const outcome = await done;
    expect(outcome.exitCode).toBe(0);

    expect(opened).toHaveLength(1);
    expect(tokenRequests(emu, 'authorization_code')).toBe(1);
    expect(emu.liveRefreshTokens()).toEqual([refresh]);
    expect(await readFile(join(dir, 'netatmo.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${refresh}'`);
    // Written at last: the rescue file the failed write kept is gone.
    const rescue = await readdir(join(dir, '.reauth', 'rescue')).catch(() => []);
    expect(rescue).toEqual([]);
  });

  it('Esc from the preview goes back to the key names, not to the sign-in, and the tokens stay', async () => {
    const { run, done, preview } = await signedInToPreview();
    expect(preview.canGoBack).toBe(true);
    run.answer({ type: 'back', id: 'preview' });
    const keys = await expectQuestion(run, 'keys');
    run.answer({ type: 'back', id: 'keys' });
    const places = await expectQuestion(run, 'targets');
    // Before the places come the service, the client and the scopes the tokens were got with: closed now.
    expect(places.canGoBack).toBe(false);
    expect(keys.id).toBe('keys');
    await answer(run, 'targets', [optionValue(places, '.env')]);
    await answer(run, 'keys', 'keep');
    await expectQuestion(run, 'preview');
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', false);
    expect((await done).exitCode).toBe(0);
    expect(opened).toHaveLength(1);
    expect(tokenRequests(emu, 'authorization_code')).toBe(1);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain(`NETATMO_REFRESH_TOKEN='${emu.liveRefreshTokens()[0]}'`);
  });
});


