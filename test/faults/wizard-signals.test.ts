/**
 * Issue 8, fault injection in the wizard: the built `reauth setup` in a real pseudo-terminal, a
 * NEW Netatmo connection to a `.env`, stopped once it holds tokens the service will not hand
 * out again (the code is spent; Netatmo's pair is live only in reauth's hands):
 *
 * - at the preview ("This is what will change") by SIGTERM or SIGHUP sent to the process, or by
 *   Ctrl+C typed as a key;
 * - while the code exchange is stalled (the service has issued the pair, its answer is held
 *   back), by SIGTERM or by Ctrl+C pressed twice — held until the answer is in and safe (the
 *   second Ctrl+C is told it is finishing safely).
 *
 * Each time: the tokens are in a rescue file under `.reauth/rescue/` (JSON whose
 * `values.refresh_token` is the service's live one) and the screen names it, the `.env` is
 * untouched, the exit code is 143 / 129 / 130, no stack trace; and `reauth status` afterwards
 * does not say all is well (not 0, not 1, and it mentions the rescued tokens).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser, makeFolder, readAddressBar, removeFolders, expectNoStackTrace } from '../e2e/e2e-support.js';
import { FINISHING_SAFELY, STACK_OR_CRASH, rescueFiles, tempFilesLeft } from '../support/fault-project.js';
import { findReauthPid, killAllOwned, killOwned, processesIn, sleep, spawnReauth, type Ended } from '../support/fault-process.js';
import { startFaultTokenServer, type FaultTokenServer } from '../support/fault-token-server.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';

const servers: FaultTokenServer[] = [];
const folders: string[] = [];

afterEach(async (context) => {
  stopAllSessions();
  await killOwned(context.task.id);
  for (const s of servers.splice(0)) await s.close();
  await removeFolders();
});

afterAll(async () => {
  await killAllOwned();
  // Nothing the wizard started (itself, a fake browser, `reauth status`) may outlive the tests.
  await sleep(100);
  expect(processesIn(folders).map((p) => p.cmdline), 'processes left running in the test folders').toEqual([]);
});

interface Wizard {
  readonly dir: string;
  readonly server: FaultTokenServer;
  readonly session: PtySession;
  readonly envBefore: string;
  readonly address: () => Promise<string>;
}

async function startWizard(): Promise<Wizard> {
  const server = await startFaultTokenServer();
  servers.push(server);
  const e = server.emulator;
  const dir = await makeFolder('fault-wizard');
  folders.push(dir);
  const envBefore = `# Weather dashboard\nexport NETATMO_CLIENT_ID=${e.clientId}\nSTATION_LABEL="Garden # north"\n`;
  writeFileSync(join(dir, '.env'), envBefore, { mode: 0o640 });
  writeFileSync(
    join(dir, 'reauth.yaml'),
    [
      '# Written by a fault-injection test: Netatmo pointed at loopback, token answers through the fault token server.',
      'version: 1',
      'profiles: {}',
      'providers:',
      '  netatmo:',
      `    authorize_url: ${e.origin}/oauth2/authorize`,
      `    token_url: ${server.tokenUrl}`,
      `    verify_url: ${e.origin}/api/getstationsdata`,
      '',
    ].join('\n'),
  );
  const browser = await fakeBrowser('address-bar');
  const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir, env: browser.env });
  return { dir, server, session, envBefore, address: () => readAddressBar(browser) };
}

/** Client id (found in .env), secret, scopes, redirect URI, the places (.env), then the pasted address bar. */
async function signIn(w: Wizard): Promise<void> {
  const { session } = w;
  const e = w.server.emulator;
  await session.waitForText('Netatmo client ID');
  await session.waitForText(`❯ ${e.clientId}`);
  await session.waitForText('Found in .env');
  session.press('enter');
  await session.waitForText('Netatmo client secret');
  session.type(e.clientSecret);
  await session.waitForText('•'.repeat(e.clientSecret.length));
  session.press('enter');
  // The places come before the sign-in, so they are checked while nothing is spent.
  await session.waitForText('Where should the new tokens be written?', 15_000);
  await session.waitForText(/❯ ◉ \.env/);
  session.press('enter');
  await session.waitForText('Key names in .env');
  session.press('enter');
  await session.waitForText('Which permissions (scopes)');
  await session.waitForText(/❯ ◉ read_station/);
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  await session.waitForText('❯ https://localhost/callback');
  session.press('enter');
  await session.waitForText('Paste the code or the whole address here');
  session.paste(await w.address());
  await session.waitForText(/❯ https:\/\/localhost\/callback\?state=/);
  session.press('enter');
}

/** On to the preview of a write into .env (nothing written yet). */
async function toPreview(w: Wizard): Promise<void> {
  await w.session.waitForText('This is what will change', 15_000);
}

function reauthPid(w: Wizard): number {
  const pid = findReauthPid(w.dir, 'setup');
  if (pid === undefined) throw new Error(`no running reauth setup found in ${w.dir}`);
  return pid;
}

function describeEnd(name: string, e: Ended): string {
  return `${name}: exit ${e.code ?? `by ${e.signal}`}\n--- stdout ---\n${e.stdout}--- stderr ---\n${e.stderr}`;
}

/** After the stop: the live tokens in a rescue file, the .env untouched, the right exit code, status not fine. */
async function expectRescued(w: Wizard, exitCode: number, owner: string): Promise<void> {
  const { session, dir, server } = w;
  const code = await session.exit(30_000);
  const screen = `Screen:\n${session.screenText()}`;
  expect(code, `exit code\n${screen}`).toBe(exitCode);
  expectNoStackTrace(session);
  expect(session.transcript().join('\n')).not.toMatch(/internal error|please report it/i);

  const live = server.emulator.liveRefreshTokens();
  expect(live, 'the service handed out exactly one live pair').toHaveLength(1);
  const all = rescueFiles(dir);
  const holding = all.filter((r) => r.json?.values?.refresh_token === live[0]);
  expect(
    holding.map((r) => basename(r.path)),
    `a rescue file under .reauth/rescue/ holds the live refresh token; found: ${JSON.stringify(all.map((r) => ({ name: basename(r.path), error: r.error, values: Object.keys(r.json?.values ?? {}) })))}\n${screen}`,
  ).toHaveLength(1);
  const access = holding[0]!.json!.values!.access_token;
  if (access !== undefined) expect(server.emulator.liveAccessTokens(), 'the rescued access token is the live one').toContain(access);
  for (const r of all) expect(r.error, `${basename(r.path)} parses`).toBeUndefined();
  // The screen says where they are (the path may be wrapped over lines).
  expect(session.transcript().join(''), `the screen names ${holding[0]!.path}\n${screen}`).toContain(holding[0]!.path);

  expect(readFileSync(join(dir, '.env'), 'utf8'), '.env untouched').toBe(w.envBefore);
  expect(tempFilesLeft(dir)).toEqual([]);

  const status = await spawnReauth(['status', '-c', 'reauth.yaml'], { cwd: dir, owner }).ended;
  const said = describeEnd('reauth status', status);
  expect(status.code, `status must not say everything is fine while tokens wait in a rescue file\n${said}`).not.toBe(0);
  expect(status.code, said).not.toBe(1);
  expect(status.stdout + status.stderr, said).not.toMatch(STACK_OR_CRASH);
  expect(status.stdout + status.stderr, `status points at the rescued tokens\n${said}`).toMatch(/rescue/i);
}

describe('the wizard stopped while it holds new tokens (new Netatmo connection, .env)', () => {
  for (const [how, exitCode] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['Ctrl+C', 130],
  ] as const) {
    it(`${how} at the preview keeps the tokens in a rescue file (exit ${exitCode}) and leaves the .env untouched`, { timeout: 45_000 }, async ({ task }) => {
      const w = await startWizard();
      await signIn(w);
      await toPreview(w);
      expect(readFileSync(join(w.dir, '.env'), 'utf8')).toBe(w.envBefore);
      if (how === 'Ctrl+C') w.session.press('ctrl-c');
      else process.kill(reauthPid(w), how);
      await expectRescued(w, exitCode, task.id);
    });
  }

  it('SIGTERM while the code exchange is stalled is held: the answer goes to a rescue file, exit 143', { timeout: 45_000 }, async ({ task }) => {
    const w = await startWizard();
    // The service issues the pair (the code is spent), then holds its answer back.
    w.server.stall = { at: 'answer' };
    const spent = w.server.waitFor('processed', 0);
    await signIn(w);
    const call = await spent;
    expect(call.grantType).toBe('authorization_code');
    process.kill(reauthPid(w), 'SIGTERM');
    await sleep(400);
    expect(w.session.hasExited, `reauth must hold the SIGTERM while the exchange is in flight. Screen:\n${w.session.screenText()}`).toBe(false);
    w.server.stall = undefined;
    w.server.release();
    await expectRescued(w, 143, task.id);
  });

  it('Ctrl+C twice while the code exchange is stalled: it says it is finishing safely, keeps the answer in a rescue file, exit 130', { timeout: 45_000 }, async ({ task }) => {
    const w = await startWizard();
    w.server.stall = { at: 'answer' };
    const spent = w.server.waitFor('processed', 0);
    await signIn(w);
    await spent;
    w.session.press('ctrl-c');
    await sleep(150);
    w.session.press('ctrl-c');
    await w.session.waitFor(() => FINISHING_SAFELY.test(w.session.screenFlat()), 'a line saying it is finishing safely', 5000);
    expect(w.session.hasExited, 'still running while the answer is out').toBe(false);
    w.server.stall = undefined;
    w.server.release();
    await expectRescued(w, 130, task.id);
  });
});
