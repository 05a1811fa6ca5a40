/**
 * Issue 11.7: going back past a printed sign-in link repeated a summary line below it. The link
 * goes into the scrollback with the lines before it, which the terminal cannot take back; when
 * the person goes back (Esc) and answers the same again, those lines must not print twice. The
 * real wizard (loopback Netatmo, real files) drawn by the Ink app.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { answer, expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';
import { renderInAct, update, type Rendered } from './ink-harness.js';

let emu: NetatmoEmulator;
let dir: string;
let opened: string[];

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-transcript-link-'));
  opened = [];
  const o = netatmoOverride(emu);
  await writeFile(join(dir, 'reauth.yaml'), `version: 1\nprofiles: {}\nproviders:\n  netatmo:\n    authorize_url: ${o.authorize_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`);
});
afterEach(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

async function say(run: WizardRun, id: string, value: string | boolean | readonly string[]): Promise<void> {
  await expectQuestion(run, id);
  await update(() => void answer(run, id, value));
}

async function back(run: WizardRun, id: string): Promise<void> {
  await expectQuestion(run, id);
  await update(() => run.answer({ type: 'back', id }));
}

/** Every summary line ("✔ Label  value") of the first frame with the done screen, in order. */
function summaryLabels(screen: Rendered): string[] {
  const final = screen.frames.find((frame) => frame.includes('All done')) ?? '';
  return final
    .split('\n')
    .filter((line) => /^[✔✘] /.test(line) && !line.includes('All done'))
    .map((line) => line.slice(2).split(/\s{2,}/)[0]!);
}

it('shows every summary line once, in order, after going back past the printed sign-in link', async () => {
  const started = startWizardRun({ cwd: dir, provider: 'netatmo' }, testDeps({ opened }));
  const run = await started.run;
  const screen = await renderInAct(<App store={run} />);

  await say(run, 'client_id', emu.clientId);
  await say(run, 'client_secret', emu.clientSecret);
  // The places come before the scopes (issue 11.1).
  await say(run, 'targets', ['0']);
  await say(run, 'keys', 'keep');
  await say(run, 'scopes', ['read_station']);
  await say(run, 'redirect_uri', 'https://localhost/callback');
  // The link is printed with the lines before it; Esc goes back to the redirect URI, same answer.
  await back(run, 'paste');
  await say(run, 'redirect_uri', 'https://localhost/callback');
  // Twice more, back to the scopes: the same answers again.
  await back(run, 'paste');
  await back(run, 'redirect_uri');
  await say(run, 'scopes', ['read_station']);
  await say(run, 'redirect_uri', 'https://localhost/callback');
  await expectQuestion(run, 'paste');
  const address = (await fetch(opened.at(-1)!, { redirect: 'manual' })).headers.get('location') ?? '';
  await update(() => run.answer({ type: 'value', id: 'paste', value: address }));
  await expectQuestion(run, 'preview');
  await update(() => run.answer({ type: 'confirm', id: 'preview', value: true }));
  await say(run, 'after_write', '');
  await say(run, 'save', false);
  await nextQuestion(run);
  if (run.getView().prompt.id === 'schedule') await say(run, 'schedule', 'later');
  const outcome = await started.done;
  expect(outcome.exitCode).toBe(0);
  await update(() => undefined);

  const labels = summaryLabels(screen);
  expect(labels.slice(0, 6)).toEqual(['Service', 'Client ID', 'Client secret', 'Write to', 'Key names', 'Scopes']);
  expect(new Set(labels).size, labels.join(' / ')).toBe(labels.length);
});
