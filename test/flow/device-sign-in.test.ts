/**
 * The whole wizard with device sign-in (RFC 8628) for a custom service, against oidc-provider's
 * device flow: on "SSH" the wizard offers it first, shows the code and address while it waits,
 * and carries on by itself once the person approves on their "phone".
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSetup } from '../../src/commands/setup.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Prompt } from '../../src/flow/prompt.js';
import { offeredFlows } from '../../src/flow/steps/service-steps.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { remoteSessionReason } from '../../src/system/interactivity.js';
import { startOidcServer, type OidcServer } from '../support/oidc-server.js';
import { testDeps } from '../support/test-deps.js';
import { json, startLoopbackServer } from '../support/loopback-server.js';
import { answer, answerPlaces, expectQuestion } from '../support/wizard-driver.js';

let oidc: OidcServer;
const dirs: string[] = [];

beforeAll(async () => {
  oidc = await startOidcServer({ deviceFlow: true });
});
afterAll(async () => {
  await oidc.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function deviceServiceYaml(): string {
  return [
    'version: 1',
    'providers:',
    '  my-tv-api:',
    '    name: My TV API',
    `    authorize_url: ${oidc.authorizeUrl}`,
    `    token_url: ${oidc.tokenUrl}`,
    `    device_authorization_url: ${oidc.deviceAuthorizationUrl}`,
    `    verify_url: ${oidc.userinfoUrl}`,
    '    scopes: [openid, offline_access]',
    '',
  ].join('\n');
}

/** Waits until the wizard shows the device wait screen, and returns its prompt. */
function deviceScreen(run: WizardRun): Promise<Extract<Prompt, { kind: 'busy' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no device screen; showing ${run.getView().prompt.id}`)), 10_000);
    const check = () => {
      const prompt = run.getView().prompt;
      if (prompt.kind === 'busy' && prompt.device) {
        clearTimeout(timer);
        unsubscribe();
        resolve(prompt);
      }
    };
    const unsubscribe = run.subscribe(check);
    check();
  });
}

describe('device sign-in in the wizard', () => {
  it('on SSH offers it first, shows code and address, and writes the tokens once approved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-device-flow-'));
    dirs.push(dir);
    await writeFile(join(dir, 'reauth.yaml'), deviceServiceYaml());
    const opened: string[] = [];
    let resolveRun!: (run: WizardRun) => void;
    const started = new Promise<WizardRun>((resolve) => (resolveRun = resolve));
    const done = runSetup(
      {
        configPath: 'reauth.yaml',
        provider: 'my-tv-api',
        noBrowser: false,
        cwd: dir,
        commandName: 'reauth',
        render: async (run) => {
          resolveRun(run);
          await run.outcome;
        },
      },
      testDeps({ opened, env: { SSH_CONNECTION: '203.0.113.9 50000 192.0.2.1 22' } }),
    );
    const run = await started;

    const flow = await expectQuestion(run, 'flow');
    expect(flow.kind === 'select' && flow.options.map((o) => o.value)).toEqual(['device', 'authorization_code']);
    expect(flow.kind === 'select' && flow.initial).toBe('device');
    expect(flow.help).toMatch(/connected over SSH/);
    await answer(run, 'flow', 'device');
    await answer(run, 'client_id', oidc.bodyClient.id);
    await answer(run, 'client_secret', oidc.bodyClient.secret);
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'scopes', ['openid', 'offline_access']);

    const screen = await deviceScreen(run);
    expect(screen.device?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(screen.device?.verificationUri).toBe(`${oidc.issuer}/device`);
    expect(screen.device?.verificationUriComplete).toContain('user_code=');
    expect(screen.device!.deadline).toBeGreaterThan(Date.now());
    // The person types the code on their phone; nothing is opened or pasted here.
    await oidc.approveDevice(screen.device!.userCode);

    // oidc-provider's interval is 5 s: the first poll comes after it.
    await new Promise((r) => setTimeout(r, 0));
    await expectQuestionWithin(run, 'preview', 15_000);
    expect(run.getView().history).toContainEqual(expect.objectContaining({ label: 'Live check', value: 'the check address answered HTTP 200' }));
    expect(opened).toEqual([]);
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'tv');
    await answer(run, 'schedule', 'later');
    expect((await done).exitCode).toBe(0);

    const env = await readFile(join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^MY_TV_API_ACCESS_TOKEN=\S{20,}$/m);
    expect(env).toMatch(/^MY_TV_API_REFRESH_TOKEN=\S{20,}$/m);
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    expect(config.profiles['tv']?.flow).toBe('device');
  }, 30_000);
});

async function expectQuestionWithin(run: WizardRun, id: string, ms: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    const prompt = run.getView().prompt;
    if (prompt.kind !== 'busy') {
      if (prompt.id !== id) throw new Error(`expected ${id}, got ${prompt.id}: ${prompt.title} ${'help' in prompt ? (prompt.help ?? '') : ''}`);
      return;
    }
    if (Date.now() - start > ms) throw new Error(`still busy: ${prompt.title}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('stopping while the device sign-in waits', () => {
  it('Ctrl+C ends the polling too: no more token requests after the wizard stopped', async () => {
    const server = await startLoopbackServer((request) =>
      request.url.pathname === '/device'
        ? json(200, { device_code: 'fake-device-code-2', user_code: 'QRST-VWXZ', verification_uri: 'https://example.test/device', expires_in: 600, interval: 1 })
        : json(400, { error: 'authorization_pending' }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'reauth-device-stop-'));
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
    await answer(run, 'client_secret', 'fake-secret-2');
    await answerPlaces(run);
    const screen = await deviceScreen(run);
    expect(screen.device?.userCode).toBe('QRST-VWXZ');
    const polls = () => server.requests.filter((r) => r.url.pathname === '/token').length;
    while (polls() < 1) await new Promise((r) => setTimeout(r, 50));
    run.answer({ type: 'cancel' });
    expect((await done).exitCode).not.toBe(0);
    const after = polls();
    await new Promise((r) => setTimeout(r, 2500));
    expect(polls()).toBe(after);
    await server.close();
  }, 20_000);
});

describe('when device sign-in comes first', () => {
  it('comes first on SSH, or on Linux without a display; not on a desktop', () => {
    const flows = ['authorization_code', 'device'] as const;
    expect(offeredFlows(flows, { SSH_TTY: '/dev/pts/1', DISPLAY: ':0' }, 'linux')[0]).toBe('device');
    expect(offeredFlows(flows, {}, 'linux')[0]).toBe('device');
    expect(offeredFlows(flows, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux')[0]).toBe('authorization_code');
    expect(offeredFlows(flows, {}, 'darwin')[0]).toBe('authorization_code');
    expect(offeredFlows(['authorization_code'], { SSH_TTY: '/dev/pts/1' }, 'linux')).toEqual(['authorization_code']);
    expect(remoteSessionReason({}, 'linux')).toMatch(/no display/);
  });
});
