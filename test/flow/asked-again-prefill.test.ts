/**
 * Issue 11.7: when the wizard asks again after the service refused an answer, the field holds
 * what the person typed and its help says so truthfully. The loopback TTLock refuses a wrong
 * password (errcode 10007) and a wrong client secret (errcode 10001), as the real one does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { answer, expectQuestion, nextQuestion, startWizardRun, answerPlaces } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';

let emu: TtlockEmulator;
let dir: string;

beforeEach(async () => {
  emu = await startTtlockEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-asked-again-'));
  const o = ttlockOverride(emu);
  await writeFile(join(dir, 'reauth.yaml'), `version: 1\nprofiles: {}\nproviders:\n  ttlock:\n    api_url: ${o.api_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`);
});
afterEach(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<{ run: WizardRun; done: Promise<unknown> }> {
  const { run, done } = startWizardRun({ cwd: dir, provider: 'ttlock', noBrowser: true }, testDeps());
  return { run: await run, done };
}

/** Waits for the exchange's problem and picks `choice`. */
async function chooseAfterRefusal(run: WizardRun, choice: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 0));
  const view = await nextQuestion(run);
  expect(view.prompt.id).toBe('problem:exchange');
  run.answer({ type: 'value', id: view.prompt.id, value: choice });
  return view.prompt.help ?? '';
}

async function quit(run: WizardRun, done: Promise<unknown>): Promise<void> {
  run.answer({ type: 'cancel' });
  await done.catch(() => undefined);
}

describe('asked again after a refusal', () => {
  it('keeps the account after a wrong password, so only the password is typed again', async () => {
    const { run, done } = await start();
    await answer(run, 'region', 'eu');
    await answer(run, 'client_id', emu.credentials.clientId);
    await answer(run, 'client_secret', emu.credentials.clientSecret);
    await answerPlaces(run);
    await answer(run, 'username', emu.credentials.username);
    await answer(run, 'password', 'fake-wrong-password-0001');
    expect(await chooseAfterRefusal(run, 'account')).toMatch(/account name or password/);
    const again = await expectQuestion(run, 'username');
    expect(again.kind === 'text' && again.initial).toBe(emu.credentials.username);
    await answer(run, 'username', emu.credentials.username);
    const password = await expectQuestion(run, 'password');
    expect(password.kind === 'text' && password.initial).toBeUndefined();
    await quit(run, done);
  });

  it('says a typed secret the service refused was refused, not that it was found in a file', async () => {
    await writeFile(join(dir, '.env'), `TTLOCK_CLIENT_ID=${emu.credentials.clientId}\nTTLOCK_CLIENT_SECRET=fake-old-secret-in-env-0001\n`);
    const { run, done } = await start();
    await answer(run, 'region', 'eu');
    await answer(run, 'client_id', emu.credentials.clientId);
    const first = await expectQuestion(run, 'client_secret');
    expect(first.help).toContain('Found in .env (TTLOCK_CLIENT_SECRET); press Enter to keep it.');
    await answer(run, 'client_secret', 'fake-typed-wrong-secret-0001');
    await answerPlaces(run);
    await answer(run, 'username', emu.credentials.username);
    await answer(run, 'password', emu.credentials.password);
    await chooseAfterRefusal(run, 'credentials');
    const clientId = await answer(run, 'client_id', emu.credentials.clientId);
    // The client ID held is the one found in .env: that part of its help stays, with the refusal.
    expect(clientId.help).toContain('Found in .env (TTLOCK_CLIENT_ID), but the service refused the credentials last time');
    const again = await expectQuestion(run, 'client_secret');
    expect(again.kind === 'text' && again.initial).toBe('fake-typed-wrong-secret-0001');
    expect(again.help).not.toContain('press Enter to keep it');
    expect(again.help).toContain('This is what you typed last time, and the service refused the credentials');
    await quit(run, done);
  });

  it('says a refused secret found in a file was refused', async () => {
    await writeFile(join(dir, '.env'), `TTLOCK_CLIENT_SECRET=fake-old-secret-in-env-0001\n`);
    const { run, done } = await start();
    await answer(run, 'region', 'eu');
    await answer(run, 'client_id', emu.credentials.clientId);
    await answer(run, 'client_secret', 'fake-old-secret-in-env-0001');
    await answerPlaces(run);
    await answer(run, 'username', emu.credentials.username);
    await answer(run, 'password', emu.credentials.password);
    await chooseAfterRefusal(run, 'credentials');
    await answer(run, 'client_id', emu.credentials.clientId);
    const again = await expectQuestion(run, 'client_secret');
    expect(again.kind === 'text' && again.initial).toBe('fake-old-secret-in-env-0001');
    expect(again.help).toContain('Found in .env (TTLOCK_CLIENT_SECRET), but the service refused the credentials last time');
    expect(again.help).not.toContain('press Enter to keep it');
    await quit(run, done);
  });
});
