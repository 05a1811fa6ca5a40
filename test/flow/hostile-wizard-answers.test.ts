/**
 * Issue 13, the answers only the wizard sees: the device sign-in's user_code and addresses
 * (shown big on screen, and in a QR code), the device poll's error, and the error fields of a
 * pasted callback. Every view the wizard shows is checked: no control byte in any string, and
 * a mark (␛ or �) wherever hostile text was quoted. A clean user_code is shown exactly; an
 * address with control characters is refused in plain words — no phone could open it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Prompt, WizardView } from '../../src/flow/prompt.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';
import { CONTROL, MARK, PAYLOAD, SPOOFED_LINE, controlStringsIn } from '../support/hostile-corpus.js';
import { json, startLoopbackServer, type LoopbackReply } from '../support/loopback-server.js';
import { testDeps } from '../support/test-deps.js';
import { answer, answerPlaces, expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';

const dirs: string[] = [];

/**
 * Answers the questions named in `answers`, in whatever order they come, each once; returns the
 * first other question (or a question asked again: the wizard's reply to the answer).
 */
async function answerUntilOther(run: WizardRun, answers: Readonly<Record<string, string | boolean | readonly string[]>>): Promise<Prompt> {
  const asked = new Set<string>();
  for (;;) {
    await new Promise((r) => setTimeout(r, 0));
    const prompt = (await nextQuestion(run)).prompt;
    const value = answers[prompt.id];
    if (value === undefined || asked.has(prompt.id)) return prompt;
    asked.add(prompt.id);
    await answer(run, prompt.id, value);
  }
}

async function folderWith(yaml: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reauth-hostile-wizard-'));
  dirs.push(dir);
  await writeFile(join(dir, 'reauth.yaml'), [...yaml, ''].join('\n'));
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Every view the run shows, from now on. */
function recordViews(run: WizardRun): WizardView[] {
  const views: WizardView[] = [run.getView()];
  run.subscribe(() => {
    try {
      views.push(run.getView());
    } catch {
      // The run ended: no view.
    }
  });
  return views;
}

function expectNothingSteers(views: readonly WizardView[]): void {
  const plain = JSON.parse(JSON.stringify(views)) as unknown;
  expect(controlStringsIn(plain)).toEqual([]);
}

function busyDevice(run: WizardRun, timeoutMs = 10_000): Promise<Extract<Prompt, { kind: 'busy' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no device screen; showing ${run.getView().prompt.id}`)), timeoutMs);
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

/** A device-flow service on loopback whose /device and /token answers the test chooses. */
async function deviceService(device: Record<string, unknown>, token: LoopbackReply = json(400, { error: 'authorization_pending' })) {
  const server = await startLoopbackServer((request) => (request.url.pathname === '/device' ? json(200, { device_code: 'fake-hostile-device-code-1', expires_in: 600, interval: 1, ...device }) : token));
  const dir = await mkdtemp(join(tmpdir(), 'reauth-hostile-wizard-'));
  dirs.push(dir);
  await writeFile(
    join(dir, 'reauth.yaml'),
    ['version: 1', 'providers:', '  my-tv-api:', `    authorize_url: ${server.origin}/auth`, `    token_url: ${server.origin}/token`, `    device_authorization_url: ${server.origin}/device`, ''].join('\n'),
  );
  const { run: started, done } = startWizardRun({ cwd: dir, provider: 'my-tv-api', noBrowser: true }, testDeps({ env: { SSH_TTY: '/dev/pts/3' } }));
  const run = await started;
  const views = recordViews(run);
  await answer(run, 'flow', 'device');
  await answer(run, 'client_id', 'fake-client');
  await answer(run, 'client_secret', 'fake-hostile-secret-0002');
  await answerPlaces(run);
  return { server, run, views, done };
}

const CLEAN = { user_code: 'WDJB-MJHT', verification_uri: 'https://example.test/device', verification_uri_complete: 'https://example.test/device?user_code=WDJB-MJHT' };

describe('device sign-in answers', () => {
  it('shows a clean user_code and addresses exactly', async () => {
    const { server, run, views, done } = await deviceService(CLEAN);
    const screen = await busyDevice(run);
    expect(screen.device).toMatchObject({ userCode: 'WDJB-MJHT', verificationUri: CLEAN.verification_uri, verificationUriComplete: CLEAN.verification_uri_complete });
    run.answer({ type: 'cancel' });
    await done;
    await server.close();
    expectNothingSteers(views);
  });

  it('shows a hostile user_code with marks, and quotes the poll’s hostile error sanitised', async () => {
    const { server, run, views, done } = await deviceService({ ...CLEAN, user_code: `WD${PAYLOAD}` }, json(400, { error: `odd${PAYLOAD}`, error_description: PAYLOAD }));
    const screen = await busyDevice(run);
    expect(screen.device?.userCode).toMatch(MARK);
    expect(screen.device?.userCode).not.toMatch(CONTROL);
    const problem = (await nextQuestion(run)).prompt;
    expect(problem.kind).toBe('problem');
    expect(JSON.stringify(problem)).toMatch(MARK);
    run.answer({ type: 'cancel' });
    await done;
    await server.close();
    expectNothingSteers(views);
    expect(views.map((v) => JSON.stringify(v.prompt)).join('\n')).not.toMatch(/\\n[✔✘] spoofed/);
  });

  it.each([
    ['verification_uri', { verification_uri: `https://example.test/dev${PAYLOAD}` }],
    ['verification_uri_complete', { verification_uri_complete: `https://example.test/device?user_code=${PAYLOAD}` }],
    ['verification_uri that is not a web address', { verification_uri: 'javascript:alert(1)' }],
  ])('refuses a hostile %s in plain words, showing no device screen', async (_what, hostile) => {
    const { server, run, views, done } = await deviceService({ ...CLEAN, ...hostile });
    const problem = (await nextQuestion(run)).prompt;
    expect(problem.kind).toBe('problem');
    expect(JSON.stringify(problem)).toMatch(/no one could open/);
    expect(views.some((v) => v.prompt.kind === 'busy' && v.prompt.device)).toBe(false);
    run.answer({ type: 'cancel' });
    await done;
    await server.close();
    expectNothingSteers(views);
  });
});

describe('a pasted callback with hostile error fields', () => {
  it('quotes error and error_description sanitised, on the paste box’s own line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-hostile-paste-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'reauth.yaml'),
      ['version: 1', 'profiles: {}', 'providers:', '  netatmo:', '    authorize_url: http://127.0.0.1:9/oauth2/authorize', '    token_url: http://127.0.0.1:9/oauth2/token', ''].join('\n'),
    );
    const opened: string[] = [];
    const { run: started, done } = startWizardRun({ cwd: dir, provider: 'netatmo' }, testDeps({ opened }));
    const run = await started;
    const views = recordViews(run);
    await answer(run, 'client_id', 'fake-client-id-0003');
    await answer(run, 'client_secret', 'fake-hostile-secret-0003');
    await answerPlaces(run);
    await answer(run, 'scopes', ['read_station']);
    await answer(run, 'redirect_uri', 'https://localhost/callback');
    await expectQuestion(run, 'paste');
    const state = new URL(opened[0]!).searchParams.get('state')!;
    const pasted = `https://localhost/callback?${new URLSearchParams({ error: `server_error${PAYLOAD}`, error_description: PAYLOAD, state })}`;
    run.answer({ type: 'value', id: 'paste', value: pasted });
    const again = await expectQuestion(run, 'paste');
    expect(again.error).toMatch(MARK);
    expect(again.error).not.toMatch(CONTROL);
    expect(again.error).not.toMatch(SPOOFED_LINE);
    run.answer({ type: 'cancel' });
    await done;
    expectNothingSteers(views);
  });
});

describe('sign-in answers the wizard quotes', () => {
  it('TTLock’s password grant: a hostile errmsg and description are quoted sanitised', async () => {
    const server = await startLoopbackServer(() => json(200, { errcode: 10007, errmsg: PAYLOAD, description: PAYLOAD }));
    const dir = await folderWith(['version: 1', 'providers:', '  ttlock:', `    api_url: ${server.origin}`, `    token_url: ${server.origin}/oauth2/token`, `    verify_url: ${server.origin}/v3/lock/list`]);
    const { run: started, done } = startWizardRun({ cwd: dir, provider: 'ttlock', noBrowser: true }, testDeps());
    const run = await started;
    const views = recordViews(run);
    const reply = await answerUntilOther(run, { region: 'eu', client_id: 'fake-ttlock-client-0009', client_secret: 'fake-hostile-secret-0009', targets: ['0'], keys: 'keep', username: '+447700900123', password: 'fake-ttlock-password-0009' });
    expect(JSON.stringify(reply)).toMatch(/did not accept that account name or password/);
    expect(JSON.stringify(reply)).toMatch(MARK);
    run.answer({ type: 'cancel' });
    await done;
    await server.close();
    expectNothingSteers(views);
  }, 20_000);

  it('Zoho’s callback: a hostile location and accounts-server are never used or shown raw', async () => {
    const server = await startLoopbackServer(() => json(200, { error: 'invalid_code' }));
    const dir = await folderWith(['version: 1', 'providers:', '  zoho-desk:', `    accounts_url: ${server.origin}`, `    api_url: ${server.origin}/desk`]);
    const opened: string[] = [];
    const { run: started, done } = startWizardRun({ cwd: dir, provider: 'zoho-desk', noBrowser: true }, testDeps({ opened }));
    const run = await started;
    const views = recordViews(run);
    const paste = await answerUntilOther(run, { flow: 'authorization_code', region: 'com', client_id: 'fake-zoho-client-0009', client_secret: 'fake-hostile-secret-0010', scopes: ['Desk.basic.READ'], redirect_uri: 'https://localhost/callback', token_cap: true, targets: ['0'], keys: 'keep' });
    expect(paste.id).toBe('paste');
    const state = new URL(opened.at(-1) ?? (paste.kind === 'paste' ? (paste.url ?? '') : '')).searchParams.get('state')!;
    const pasted = `https://localhost/callback?${new URLSearchParams({ code: 'fake-zoho-code-0009', state, location: `in${PAYLOAD}`, 'accounts-server': `https://accounts.zoho.in${PAYLOAD}` })}`;
    run.answer({ type: 'value', id: 'paste', value: pasted });
    const reply = (await nextQuestion(run)).prompt;
    expect(JSON.stringify(reply)).toMatch(/Zoho did not accept the code/);
    // The code went to the configured accounts server, not to the one the callback named.
    expect(server.requests.filter((r) => r.url.pathname === '/oauth/v2/token')).toHaveLength(1);
    run.answer({ type: 'cancel' });
    await done;
    await server.close();
    expectNothingSteers(views);
  }, 20_000);
});
