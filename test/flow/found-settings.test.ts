/**
 * Issue 11.7: the SalesIQ screen name already written in `.env` (or a saved SalesIQ profile)
 * was asked from scratch. The real wizard in a temp folder, up to that question; nothing is
 * sent anywhere before it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { answer, answerPlaces, expectQuestion, startWizardRun } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-found-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function upToScreenName(config: string): Promise<{ run: WizardRun; done: Promise<unknown> }> {
  await writeFile(join(dir, 'reauth.yaml'), config);
  const started = startWizardRun({ cwd: dir, provider: 'zoho-salesiq', noBrowser: true }, testDeps({ overrides: { fetch: () => Promise.reject(new Error('no network in this test')) } }));
  const run = await started.run;
  await answer(run, 'region', 'in');
  await answer(run, 'flow', 'self_client');
  await answer(run, 'client_id', '1000.FAKECLIENTID0001');
  await answer(run, 'client_secret', 'fake-zoho-secret-0001');
  await answerPlaces(run);
  const scopes = await expectQuestion(run, 'scopes');
  await answer(run, 'scopes', scopes.kind === 'multiselect' ? scopes.initial : []);
  return { run, done: started.done };
}

async function quit(run: WizardRun, done: Promise<unknown>): Promise<void> {
  run.answer({ type: 'cancel' });
  await done.catch(() => undefined);
}

it('pre-fills the screen name found in .env, and says where it was found', async () => {
  await writeFile(join(dir, '.env'), '# chatbot\nSALESIQ_ACCESS_TOKEN=fake-old-access\nSALESIQ_SCREEN_NAME=acme\n');
  const { run, done } = await upToScreenName('version: 1\nprofiles: {}\n');
  const prompt = await expectQuestion(run, 'settings');
  expect(prompt.kind === 'text' && prompt.initial).toBe('acme');
  expect(prompt.help).toContain('Found in .env (SALESIQ_SCREEN_NAME); press Enter to keep it.');
  await quit(run, done);
});

it('pre-fills the screen name of a saved SalesIQ profile when no file holds one', async () => {
  const saved = [
    'version: 1',
    'profiles:',
    '  chat:',
    '    provider: zoho-salesiq',
    '    region: in',
    '    client_id: 1000.FAKECLIENTID0001',
    '    settings: { screen_name: acme-support }',
    '    targets:',
    '      - { type: dotenv, file: other/.env, keys: { access_token: SALESIQ_ACCESS_TOKEN } }',
    '',
  ].join('\n');
  const { run, done } = await upToScreenName(saved);
  const prompt = await expectQuestion(run, 'settings');
  expect(prompt.kind === 'text' && prompt.initial).toBe('acme-support');
  expect(prompt.help).toContain('Found in your profile chat in reauth.yaml; press Enter to keep it.');
  await quit(run, done);
});
