/**
 * The live line of the device wait ("checked 12 s ago"): each answer of the token endpoint
 * reaches the wizard's view, through the real setup effects and a loopback service.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSetup } from '../../src/commands/setup.js';
import type { DeviceCodeView } from '../../src/flow/prompt.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { json, startLoopbackServer } from '../support/loopback-server.js';
import { testDeps } from '../support/test-deps.js';
import { answer, answerPlaces } from '../support/wizard-driver.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function deviceView(run: WizardRun, until: (device: DeviceCodeView) => boolean, ms = 10_000): Promise<DeviceCodeView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not seen in time; showing ${JSON.stringify(run.getView().prompt)}`)), ms);
    const check = () => {
      const prompt = run.getView().prompt;
      if (prompt.kind === 'busy' && prompt.device && until(prompt.device)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(prompt.device);
      }
    };
    const unsubscribe = run.subscribe(check);
    check();
  });
}

describe('the device wait says what the service answered', () => {
  it('records when reauth last checked, and the slower pace after slow_down', async () => {
    const answers = [{ error: 'authorization_pending' }, { error: 'slow_down' }];
    const server = await startLoopbackServer((request) =>
      request.url.pathname === '/device'
        ? json(200, { device_code: 'fake-device-code-3', user_code: 'BCDF-GHJK', verification_uri: 'https://example.test/device', expires_in: 600, interval: 1 })
        : json(400, answers.shift() ?? { error: 'authorization_pending' }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'reauth-device-status-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'reauth.yaml'),
      ['version: 1', 'providers:', '  my-tv-api:', `    authorize_url: ${server.origin}/auth`, `    token_url: ${server.origin}/token`, `    device_authorization_url: ${server.origin}/device`, ''].join('\n'),
    );
    let resolveRun!: (run: WizardRun) => void;
    const started = new Promise<WizardRun>((resolve) => (resolveRun = resolve));
    const done = runSetup(
      { configPath: 'reauth.yaml', provider: 'my-tv-api', noBrowser: true, cwd: dir, commandName: 'reauth', render: async (run) => { resolveRun(run); await run.outcome; } },
      testDeps({ env: { SSH_TTY: '/dev/pts/3' } }),
    );
    const run = await started;
    await answer(run, 'flow', 'device');
    await answer(run, 'client_id', 'fake-client');
    await answer(run, 'client_secret', 'fake-secret-3');
    await answerPlaces(run);
    try {
      const first = await deviceView(run, () => true);
      expect(first).toMatchObject({ userCode: 'BCDF-GHJK', intervalSeconds: 1 });
      expect(first.lastCheckedAt).toBeUndefined();
      const pending = await deviceView(run, (d) => d.lastCheckedAt !== undefined);
      expect(pending.slowedDown).toBeUndefined();
      const slowed = await deviceView(run, (d) => d.slowedDown === true);
      expect(slowed.intervalSeconds).toBe(6);
      expect(slowed.lastCheckedAt).toBeGreaterThanOrEqual(pending.lastCheckedAt!);
    } finally {
      run.answer({ type: 'cancel' });
      await done;
      await server.close();
    }
  }, 20_000);
});
