/**
 * `reauth demo`, in process: the practice server, the scratch folder and the real setup
 * wizard, with a fake browser pressing Allow or Deny on the practice consent page.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo, type DemoResult } from '../../src/commands/demo.js';
import type { Deps } from '../../src/deps.js';
import { PRACTICE_CLIENT } from '../../src/demo/practice-server.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { pressOnConsentPage } from '../demo/practice-browser.js';
import { answer, expectQuestion } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';

interface StartedDemo {
  readonly run: WizardRun;
  readonly result: Promise<DemoResult>;
  readonly opened: string[];
  readonly printed: string[];
  readonly scratchDir: string;
}

async function startDemo(): Promise<StartedDemo> {
  const scratchDir = await mkdtemp(join(tmpdir(), 'reauth-demo-test-'));
  const opened: string[] = [];
  const printed: string[] = [];
  // The browser opens; the test presses the button once the wizard waits for the sign-in.
  const deps: Deps = testDeps({ opened });
  let resolveRun!: (run: WizardRun) => void;
  const started = new Promise<WizardRun>((resolve) => (resolveRun = resolve));
  const result = runDemo(
    {
      noBrowser: false,
      commandName: 'reauth',
      scratchDir,
      write: (text) => printed.push(text),
      render: async (run) => {
        resolveRun(run);
        await run.outcome;
      },
    },
    deps,
  );
  const run = await Promise.race([started, result.then(() => Promise.reject(new Error('the demo ended before the wizard started')))]);
  return { run, result, opened, printed, scratchDir };
}

/** Through the questions up to the sign-in, keeping every prefilled answer. */
async function reachSignIn(run: WizardRun): Promise<void> {
  const clientId = await expectQuestion(run, 'client_id');
  expect(clientId.kind === 'text' && clientId.initial).toBe(PRACTICE_CLIENT.id);
  expect(clientId.help).toContain('Found in .env (PRACTICE_CLIENT_ID)');
  await answer(run, 'client_id', PRACTICE_CLIENT.id);
  await answer(run, 'client_secret', PRACTICE_CLIENT.secret);
  await answer(run, 'targets', ['0']);
  await answer(run, 'keys', 'keep');
  await answer(run, 'scopes', ['read', 'offline_access']);
  const redirect = await expectQuestion(run, 'redirect_uri');
  await answer(run, 'redirect_uri', redirect.kind === 'text' ? redirect.initial! : '');
  const paste = await expectQuestion(run, 'paste');
  expect(paste.kind === 'paste' && paste.linkNotes.join('\n')).toMatch(/caught by itself/);
}

describe('reauth demo', () => {
  it('walks the whole flow against the practice server and writes tokens to the scratch .env', async () => {
    const { run, result, opened, printed, scratchDir } = await startDemo();
    const intro = printed.join('');
    expect(intro).toContain(`Scratch folder   ${scratchDir}`);
    expect(intro).toContain(`client ID ${PRACTICE_CLIENT.id}, client secret ${PRACTICE_CLIENT.secret}`);

    await reachSignIn(run);
    const { page } = await pressOnConsentPage(opened[0]!, 'allow', { follow: true });
    expect(page).toContain('Allow access?');

    run.answer({ type: 'confirm', id: (await expectQuestion(run, 'preview')).id, value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'practice');
    const { outcome } = await result;
    expect(outcome.exitCode).toBe(0);
    expect(run.getView().history).toContainEqual(expect.objectContaining({ label: 'Live check', value: 'the check address answered HTTP 200' }));

    const env = await readFile(join(scratchDir, '.env'), 'utf8');
    expect(env).toContain(`PRACTICE_CLIENT_ID=${PRACTICE_CLIENT.id}\n`);
    expect(env).toMatch(/^PRACTICE_ACCESS_TOKEN=practice-access-\S+$/m);
    expect(env).toMatch(/^PRACTICE_REFRESH_TOKEN=practice-refresh-\S+$/m);
    expect(env).toMatch(/^PRACTICE_TOKEN_EXPIRES_AT=\d{4}-/m);
    expect(await readFile(join(scratchDir, 'reauth.yaml'), 'utf8')).toMatch(/^profiles:\n {2}practice:\n {4}provider: practice$/m);
    expect(printed.join('')).toContain('The practice server has stopped');

    // The practice server is gone once the demo ends.
    await expect(fetch(opened[0]!)).rejects.toThrow();
  });

  it('says plainly that access was refused when the person presses Deny, and changes nothing', async () => {
    const { run, result, opened, scratchDir } = await startDemo();
    const envBefore = await readFile(join(scratchDir, '.env'), 'utf8');
    await reachSignIn(run);
    await pressOnConsentPage(opened[0]!, 'deny', { follow: true });

    // Wait for the caught refusal to reach the paste question.
    let error: string | undefined;
    for (let i = 0; i < 50 && !error; i++) {
      error = (await expectQuestion(run, 'paste')).error;
      if (!error) await new Promise((r) => setTimeout(r, 20));
    }
    expect(error).toBe('The sign-in was refused: Deny or Cancel was pressed on the service’s page (error=access_denied). Open the link again and choose Allow.');
    run.answer({ type: 'cancel' });
    const { outcome } = await result;
    expect(outcome.exitCode).toBe(130);
    expect(await readFile(join(scratchDir, '.env'), 'utf8')).toBe(envBefore);
  });
});
