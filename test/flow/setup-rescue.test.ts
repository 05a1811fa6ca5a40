/**
 * Reconnecting a profile whose earlier run kept its tokens in a rescue file: the wizard offers
 * them before a new sign-in, writes them, and removes the rescue file only after every target
 * holds them.
 */
import { mkdtemp, readFile, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { acquireProfileLock } from '../../src/delivery/profile-lock.js';
import { saveRescue } from '../delivery/rescue-helpers.js';
import { startNetatmoEmulator, netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { answer, expectQuestion, startWizardRun } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';

let emu: NetatmoEmulator;
let dir: string;

const deps = (): Deps => testDeps({ overrides: { openUrl: async () => ({ ok: false, detail: 'test' }) } });

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-rescue-'));
  const o = netatmoOverride(emu);
  await writeFile(
    join(dir, 'reauth.yaml'),
    [
      'version: 1',
      'profiles:',
      '  weather:',
      '    provider: netatmo',
      `    client_id: ${emu.clientId}`,
      '    scopes: [read_station]',
      '    redirect_uri: https://localhost/callback',
      '    targets:',
      '      - type: dotenv',
      '        file: .env',
      '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN, client_secret: NETATMO_CLIENT_SECRET }',
      'providers:',
      '  netatmo:',
      `    authorize_url: ${o.authorize_url}`,
      `    token_url: ${o.token_url}`,
      `    verify_url: ${o.verify_url}`,
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, '.env'), `NETATMO_CLIENT_SECRET=${emu.clientSecret}\nNETATMO_REFRESH_TOKEN=fake-dead-refresh-0001\n`);
});
afterEach(() => emu.close());

function start() {
  return startWizardRun({ cwd: dir, profileName: 'weather', noBrowser: true }, deps());
}

it('offers rescued tokens first when reconnecting, writes them and then removes the rescue file', async () => {
  // A live pair, as if an earlier run had obtained it but could not write .env.
  const code = emu.issueCode('https://localhost/callback');
  const response = await fetch(`${emu.origin}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emu.clientId, client_secret: emu.clientSecret, code, redirect_uri: 'https://localhost/callback' }),
  });
  const pair = (await response.json()) as { access_token: string; refresh_token: string };
  const rescuePath = await saveRescue(dir, 'weather', { access_token: pair.access_token, refresh_token: pair.refresh_token }, Date.now());

  const { run: runP, done } = start();
  const run = await runP;
  await answer(run, 'use_rescued', 'use');
  await expectQuestion(run, 'preview');
  run.answer({ type: 'confirm', id: 'preview', value: true });
  const outcome = await done;
  expect(outcome.exitCode).toBe(0);
  const env = await readFile(join(dir, '.env'), 'utf8');
  expect(env).toContain(`NETATMO_REFRESH_TOKEN='${pair.refresh_token}'`);
  await expect(access(rescuePath)).rejects.toThrow();
});

it('goes straight to sign-in when reconnecting a profile without rescued tokens', async () => {
  const { run: runP } = start();
  const run = await runP;
  const paste = await expectQuestion(run, 'paste');
  expect(paste.kind === 'paste' && paste.url).toContain(emu.origin);
  run.answer({ type: 'cancel' });
});

it('waits for a running refresh of the same profile before writing a reconnect', async () => {
  const code = emu.issueCode('https://localhost/callback');
  const response = await fetch(`${emu.origin}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emu.clientId, client_secret: emu.clientSecret, code, redirect_uri: 'https://localhost/callback' }),
  });
  const pair = (await response.json()) as { access_token: string; refresh_token: string };
  await saveRescue(dir, 'weather', { access_token: pair.access_token, refresh_token: pair.refresh_token }, Date.now());
  // As if `reauth refresh weather` from cron held the profile right now.
  const cron = await acquireProfileLock(dir, 'weather');

  const { run: runP, done } = start();
  const run = await runP;
  await answer(run, 'use_rescued', 'use');
  await expectQuestion(run, 'preview');
  run.answer({ type: 'confirm', id: 'preview', value: true });
  let finished = false;
  void done.then(() => (finished = true));
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(finished).toBe(false);
  expect(await readFile(join(dir, '.env'), 'utf8')).not.toContain(pair.refresh_token);

  await cron.release();
  expect((await done).exitCode).toBe(0);
  expect(await readFile(join(dir, '.env'), 'utf8')).toContain(pair.refresh_token);
});
