/**
 * SCENARIOS.md 2, the weather dashboard: a Python dashboard reads
 * `weather.integrations.netatmo.{enabled, client_id, client_secret, redirect_uri, refresh_token}`
 * from config.yaml. The whole wizard through the real setup effects against the loopback
 * Netatmo: credentials come from the YAML, and only the refresh_token line changes.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { maskSecret } from '../../src/secret-mask.js';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { answer, expectQuestion, startWizardRun } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';
import { weatherConfigYaml } from '../support/scenario-files.js';

let emu: NetatmoEmulator;
let dir: string;
let opened: string[];

const OLD_REFRESH = 'fake-netatmo-refresh-0000|0123456789abcdef';


function deps(env: Record<string, string> = {}): Deps {
  return testDeps({ opened, env });
}

function start(env: Record<string, string> = {}) {
  return startWizardRun({ cwd: dir, provider: 'netatmo' }, deps(env));
}

/** Plays the person pressing Allow; the browser lands on https://localhost/callback (nothing there). */
async function approve(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

/** Credentials (found in config.yaml): what is asked before the places. */
async function credentials(run: WizardRun): Promise<void> {
  const clientId = await expectQuestion(run, 'client_id');
  expect(clientId.kind === 'text' && clientId.initial).toBe(emu.clientId);
  expect(clientId.help).toContain('Found in config.yaml (weather.integrations.netatmo.client_id); press Enter to keep it.');
  await answer(run, 'client_id', emu.clientId);
  const secret = await expectQuestion(run, 'client_secret');
  expect(secret.kind === 'text' && secret.initial).toBe(emu.clientSecret);
  await answer(run, 'client_secret', emu.clientSecret);
}

/** Scope, redirect URI, the browser and the paste, once the places are chosen. */
async function signIn(run: WizardRun): Promise<void> {
  await answer(run, 'scopes', ['read_station']);
  await answer(run, 'redirect_uri', 'https://localhost/callback');
  await expectQuestion(run, 'paste');
  run.answer({ type: 'value', id: 'paste', value: await approve(opened.at(-1)!) });
}

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-weather-'));
  opened = [];
  const o = netatmoOverride(emu);
  await writeFile(
    join(dir, 'reauth.yaml'),
    `version: 1\nprofiles: {}\nproviders:\n  netatmo:\n    authorize_url: ${o.authorize_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`,
  );
  await writeFile(join(dir, 'config.yaml'), weatherConfigYaml(OLD_REFRESH));
});
afterEach(async () => {
  await emu.close();
});

describe('scenario 2: weather dashboard reading config.yaml', () => {
  it('writes the new refresh token at weather.integrations.netatmo and changes nothing else', async () => {
    const { run: runP, done } = start();
    const run = await runP;
    await credentials(run);

    const targets = await expectQuestion(run, 'targets');
    if (targets.kind !== 'multiselect') throw new Error('targets is a multiselect');
    expect(targets.options[0]).toEqual({ value: '0', label: 'config.yaml at weather.integrations.netatmo', hint: 'holds refresh_token' });
    expect(targets.initial).toEqual(['0']);
    await answer(run, 'targets', ['0']);
    const keys = await answer(run, 'keys', 'keep');
    expect(keys.help).toContain('refresh token  → refresh_token');

    await signIn(run);
    const preview = await expectQuestion(run, 'preview');
    const [refresh] = emu.liveRefreshTokens();
    expect(preview.kind === 'preview' && preview.blocks).toEqual([
      {
        label: 'config.yaml at weather.integrations.netatmo',
        lines: [{ key: 'refresh_token', before: maskSecret(OLD_REFRESH), after: maskSecret(refresh) }],
        warnings: [],
        unchanged: false,
      },
    ]);
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'weather');
    await answer(run, 'schedule', 'later');
    const outcome = await done;
    expect(outcome.exitCode).toBe(0);

    // Comments, quotes, the trailing comment on client_id and the other integration all stay.
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe(weatherConfigYaml(refresh!));
    const saved = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(saved).toContain('at: weather.integrations.netatmo');
    // The client id is read from config.yaml, so reauth.yaml does not repeat it.
    expect(saved).not.toContain('client_id: fake-netatmo-client-0001');
  });

  it('warns in the preview when .env.local or the environment would hide the token written to .env', async () => {
    await writeFile(join(dir, '.env.local'), 'NETATMO_ACCESS_TOKEN=fake-netatmo-access-0000|0123456789abcdef\n');
    const { run: runP } = start({ NETATMO_REFRESH_TOKEN: OLD_REFRESH });
    const run = await runP;
    await credentials(run);
    const targets = await expectQuestion(run, 'targets');
    if (targets.kind !== 'multiselect') throw new Error('targets is a multiselect');
    const option = (label: string) => targets.options.find((o) => o.label === label)!;
    // .env.local holds a Netatmo token too, so it is offered; this person writes .env instead.
    expect(option('.env.local').hint).toBe('holds NETATMO_ACCESS_TOKEN');
    expect(option('.env').hint).toBe('a new file in this folder');
    await answer(run, 'targets', [option('config.yaml at weather.integrations.netatmo').value, option('.env').value]);
    await answer(run, 'keys', 'keep');
    await answer(run, 'keys', 'keep');
    await signIn(run);
    const preview = await expectQuestion(run, 'preview');
    if (preview.kind !== 'preview') throw new Error('expected the preview');
    expect(preview.blocks.map((b) => b.label)).toEqual(['config.yaml at weather.integrations.netatmo', '.env']);
    expect(preview.blocks[0]!.warnings).toEqual([]);
    expect(preview.blocks[1]!.warnings).toEqual([
      "NETATMO_REFRESH_TOKEN is also set in this shell's environment (to a different value), and most .env loaders keep a variable that is already set — a program started from this shell may keep using the old token (unset it, or open a new shell).",
      'NETATMO_ACCESS_TOKEN is also set in .env.local (to a different value), which most loaders read first — your program may keep using the old token.',
    ]);
    run.answer({ type: 'cancel' });
  });

  it('writes to another file the person names, asking where in a YAML file that has no Netatmo keys yet', async () => {
    await writeFile(join(dir, 'secrets.yml'), '# kept out of git\nsmtp:\n  password: fake-smtp-password\n');
    const { run: runP, done } = start();
    const run = await runP;
    await credentials(run);
    const targets = await expectQuestion(run, 'targets');
    const other = targets.kind === 'multiselect' ? targets.options.find((o) => o.label === 'Another file…') : undefined;
    await answer(run, 'targets', [other!.value]);
    await answer(run, 'target_file', 'secrets.yml');
    const where = await answer(run, 'target_file_at', 'netatmo');
    expect(where.title).toBe('Where in secrets.yml should the keys go?');
    const keys = await answer(run, 'keys', 'keep');
    expect(keys.title).toBe('Key names in secrets.yml at netatmo');
    // Nothing else keeps the client secret, so this file does (reauth refresh needs it).
    expect(keys.help).toContain('client secret  → client_secret');
    await signIn(run);
    run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', false);
    expect((await done).exitCode).toBe(0);

    const [refresh] = emu.liveRefreshTokens();
    const [access] = emu.liveAccessTokens();
    const written = await readFile(join(dir, 'secrets.yml'), 'utf8');
    expect(written.startsWith('# kept out of git\nsmtp:\n  password: fake-smtp-password\nnetatmo:\n')).toBe(true);
    expect(written).toContain(`  access_token: ${access}\n`);
    expect(written).toContain(`  refresh_token: ${refresh}\n`);
    expect(written).toContain(`  client_secret: ${emu.clientSecret}\n`);
    // config.yaml was not chosen: untouched.
    expect(await readFile(join(dir, 'config.yaml'), 'utf8')).toBe(weatherConfigYaml(OLD_REFRESH));
  });

  it('goes back over the file questions one at a time, and refuses a file already chosen', async () => {
    const { run: runP } = start();
    const run = await runP;
    await credentials(run);
    const targets = await expectQuestion(run, 'targets');
    const other = targets.kind === 'multiselect' ? targets.options.find((o) => o.label === 'Another file…')! : undefined;
    await answer(run, 'targets', ['0', other!.value]);
    await answer(run, 'target_file', './config.yaml');
    expect((await expectQuestion(run, 'target_file')).error).toBe('./config.yaml is already chosen above: its keys can be renamed in the next step.');
    await answer(run, 'target_file', 'tokens.json');
    await answer(run, 'target_file_at', '');
    expect((await expectQuestion(run, 'keys')).title).toBe('Key names in config.yaml at weather.integrations.netatmo');

    run.answer({ type: 'back', id: 'keys' });
    await expectQuestion(run, 'target_file_at');
    run.answer({ type: 'back', id: 'target_file_at' });
    const path = await expectQuestion(run, 'target_file');
    expect(path.kind === 'text' && path.initial).toBeUndefined();
    await answer(run, 'target_file', 'netatmo.env');
    // A .env-style file needs no "where": straight to the key names, with the .env defaults.
    await answer(run, 'keys', 'keep');
    const second = await expectQuestion(run, 'keys');
    expect(second.title).toBe('Key names in netatmo.env');
    expect(second.help).toContain('access token   → NETATMO_ACCESS_TOKEN');
    run.answer({ type: 'cancel' });
  });
});
