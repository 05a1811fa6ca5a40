/**
 * Issue 11.7: the summary above the question showed a step twice after a retry, Esc or the
 * profile save. The real wizard (loopback TTLock, real files) drawn by the Ink app: every
 * answered step appears once in what the terminal shows, with its latest answer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { answer, expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';
import { renderInAct, update, type Rendered } from './ink-harness.js';

let emu: TtlockEmulator;
let dir: string;

beforeEach(async () => {
  emu = await startTtlockEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-transcript-once-'));
  const o = ttlockOverride(emu);
  await writeFile(join(dir, 'reauth.yaml'), `version: 1\nprofiles: {}\nproviders:\n  ttlock:\n    api_url: ${o.api_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`);
});
afterEach(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

/** Answers inside act(), so the frame follows. */
async function say(run: WizardRun, id: string, value: string | boolean | readonly string[]): Promise<void> {
  await expectQuestion(run, id);
  await update(() => void answer(run, id, value));
}

async function settle(run: WizardRun): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  await nextQuestion(run);
  await update(() => undefined);
}

/**
 * The summary lines ("✔ Account  +4477…") of the first frame with the done screen: what the
 * terminal holds at the end. (Ink's debug mode, which ink-testing-library uses, renders <Static>
 * once more as it unmounts — Ink issue #397, avoided in a real terminal — so not the last frame.)
 */
function summaryLines(screen: Rendered, label: string): string[] {
  const final = screen.frames.find((frame) => frame.includes('All done')) ?? '';
  return final.split('\n').filter((line) => line.startsWith(`✔ ${label} `));
}

it('shows each answered step once, with its latest answer, after a retry, Esc and the profile save', async () => {
  const started = startWizardRun({ cwd: dir, provider: 'ttlock', noBrowser: true }, testDeps());
  const run = await started.run;
  const screen = await renderInAct(<App store={run} />);

  await say(run, 'region', 'eu');
  await say(run, 'client_id', 'fake-ttlock-client-typo');
  await expectQuestion(run, 'client_secret');
  // Esc: back to the client ID, answered again.
  await update(() => run.answer({ type: 'back', id: 'client_secret' }));
  await say(run, 'client_id', emu.credentials.clientId);
  await say(run, 'client_secret', emu.credentials.clientSecret);
  await say(run, 'targets', ['0']);
  await say(run, 'keys', 'keep');
  await settle(run);
  await say(run, 'username', emu.credentials.username);
  await say(run, 'password', 'fake-wrong-password-0001');
  // The retry: TTLock refuses the password; the account and password are asked again.
  await settle(run);
  expect(run.getView().prompt.id).toBe('problem:exchange');
  await update(() => run.answer({ type: 'value', id: 'problem:exchange', value: 'account' }));
  await say(run, 'username', emu.credentials.username);
  await say(run, 'password', emu.credentials.password);
  await settle(run);
  await update(() => run.answer({ type: 'confirm', id: 'preview', value: true }));
  await settle(run);
  await say(run, 'after_write', '');
  await say(run, 'save', true);
  await say(run, 'profile_name', 'locks');
  await settle(run);
  // Esc after the profile was saved: back to its name, saved again under the new one.
  await update(() => run.answer({ type: 'back', id: 'schedule' }));
  await say(run, 'profile_name', 'frontdoor');
  await settle(run);
  await say(run, 'schedule', 'later');
  const outcome = await started.done;
  expect(outcome.exitCode).toBe(0);
  await update(() => undefined);

  expect(summaryLines(screen, 'Client ID')).toEqual([expect.stringContaining(emu.credentials.clientId)]);
  expect(summaryLines(screen, 'Account')).toHaveLength(1);
  expect(summaryLines(screen, 'Password')).toHaveLength(1);
  // The name is said once, on the line that says it was saved, with the file as the person knows it.
  expect(summaryLines(screen, 'Profile name')).toEqual([]);
  expect(summaryLines(screen, 'Saved')).toEqual(['✔ Saved           profile frontdoor in reauth.yaml']);
  for (const label of ['Data centre', 'Client secret', 'Tokens', 'Live check', 'Write to', 'Key names', 'Written', 'Schedule']) {
    expect(summaryLines(screen, label), label).toHaveLength(1);
  }
});
