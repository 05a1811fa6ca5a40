/**
 * `reauth demo` end to end: the built binary starts its practice server, the browser presses
 * Allow (or Deny) on the practice consent page, and the wizard runs to the end in the scratch
 * folder the demo prints.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { pressOnConsentPage } from '../demo/practice-browser.js';
import { envValues, expectNoSecretShown, expectNoStackTrace, keepTickedPlaces, makeFolder, readWhenWritten, removeFolders, writeAndSaveProfile } from './e2e-support.js';

const PRACTICE_BROWSER = fileURLToPath(new URL('./practice-browser.mjs', import.meta.url));

afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

interface PracticeBrowser {
  readonly env: Record<string, string>;
  readonly outFile: string;
  readonly logFile: string;
  press(): Promise<void>;
}

async function practiceBrowser(decision: 'allow' | 'deny'): Promise<PracticeBrowser> {
  const dir = await makeFolder('practice-browser');
  const approveFile = join(dir, 'press-now');
  const outFile = join(dir, 'result.txt');
  const logFile = join(dir, 'opened.txt');
  return {
    env: {
      BROWSER: PRACTICE_BROWSER,
      PRACTICE_BROWSER_DECISION: decision,
      PRACTICE_BROWSER_OUT: outFile,
      PRACTICE_BROWSER_LOG: logFile,
      PRACTICE_BROWSER_APPROVE_WHEN: approveFile,
    },
    outFile,
    logFile,
    press: () => writeFile(approveFile, 'yes\n'),
  };
}

/** The demo makes its scratch folder in the system temp folder: point that at one removed after the test. */
async function startDemo(browser: PracticeBrowser): Promise<PtySession> {
  const tmp = await makeFolder('demo-tmp');
  const cwd = await makeFolder('demo-cwd');
  return startReauth({ args: ['demo'], cwd, env: { ...browser.env, TMPDIR: tmp } });
}

/** The scratch folder the demo printed: where its reauth.yaml and .env are. */
function scratchFolder(session: PtySession): string {
  const line = session.transcript().find((l) => l.includes('Scratch folder'));
  const folder = /Scratch folder\s+(\S+) \(/.exec(line ?? '')?.[1];
  if (!folder) throw new Error(`the demo printed no scratch folder:\n${session.transcript().join('\n')}`);
  return folder;
}

/** The practice app's credentials are in the scratch .env: Enter keeps them; the scopes as offered. */
async function answerUpToConsent(session: PtySession): Promise<void> {
  await session.waitForText('Practice service client ID');
  await session.waitForText('❯ practice-client-id');
  session.press('enter');
  await session.waitForText('Practice service client secret');
  await session.waitForText('Found in .env');
  session.press('enter');
  await keepTickedPlaces(session, /❯ ◉ \.env\s+in this folder; the token keys will be added/);
  await session.waitForText('Which permissions (scopes)');
  session.press('enter');
  await session.waitForText('Redirect URI, exactly as registered');
  session.press('enter');
  await session.waitForText('Paste the code or the whole address here');
  await session.waitForText(/Listening on 127\.0\.0\.1:\d+: the sign-in is caught by itself/);
}

describe('reauth demo in a terminal', () => {
  it('walks the whole practice flow and writes practice tokens to the scratch .env', async () => {
    const browser = await practiceBrowser('allow');
    const session = await startDemo(browser);
    await session.waitForText('Scratch folder');
    const scratch = scratchFolder(session);
    const envBefore = await readFile(join(scratch, '.env'), 'utf8');
    await answerUpToConsent(session);
    // The person reads the screen, then presses Allow on the practice consent page.
    await browser.press();
    await session.waitForText('This is what will change');
    expect(await readWhenWritten(browser.outFile)).toBe('followed: 200');
    await session.waitForText(/Live check\s+the check address answered HTTP 200/);

    await writeAndSaveProfile(session, 'practice', undefined, 'none');
    // After the wizard, the demo says the practice server stopped and where to look.
    await session.waitForText('The practice server has stopped');
    expect(await session.exit()).toBe(0);
    expect(session.transcript().join('\n')).toContain(`Look at what was written in ${scratch}`);

    // The scratch .env keeps the practice app's credentials and gains the practice tokens.
    const envAfter = await readFile(join(scratch, '.env'), 'utf8');
    const values = envValues(envAfter);
    const access = values.PRACTICE_ACCESS_TOKEN!;
    const refresh = values.PRACTICE_REFRESH_TOKEN!;
    expect(access).toMatch(/^practice-access-[\w-]{20,}$/);
    expect(refresh).toMatch(/^practice-refresh-[\w-]{20,}$/);
    expect(Date.parse(values.PRACTICE_TOKEN_EXPIRES_AT!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(values.PRACTICE_CLIENT_ID).toBe('practice-client-id');
    expect(envAfter.startsWith(envBefore)).toBe(true);
    expect(await readFile(join(scratch, '.env.bak'), 'utf8')).toBe(envBefore);
    expect(await readFile(join(scratch, 'reauth.yaml'), 'utf8')).toMatch(/profiles:\n\s+practice:\n\s+provider: practice/);
    // The browser was sent to the practice consent page once, with S256 PKCE.
    const opened = (await readWhenWritten(browser.logFile)).trim().split('\n');
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]!).searchParams.get('code_challenge_method')).toBe('S256');
    expectNoSecretShown(session, [access, refresh]);
  });

  it('says plainly that access was refused when Deny is pressed, and writes no tokens', async () => {
    const browser = await practiceBrowser('deny');
    const session = await startDemo(browser);
    await session.waitForText('Scratch folder');
    const scratch = scratchFolder(session);
    const envBefore = await readFile(join(scratch, '.env'), 'utf8');
    await answerUpToConsent(session);
    await browser.press();
    expect(await readWhenWritten(browser.outFile)).toBe('followed: 200');
    await session.waitForText('The sign-in was refused');
    expect(session.screenFlat()).toContain('The sign-in was refused: Deny or Cancel was pressed on the service’s page (error=access_denied). Open the link again and choose Allow.');
    // Still waiting at the paste box: no exchange was tried, nothing was written.
    expect(session.focusedLine()?.trim()).toMatch(/^❯ ?▌?$/);
    expect(session.screenText()).not.toContain('Tokens');

    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
    await session.waitForText('The practice server has stopped');
    expect(session.transcript().join('\n')).toMatch(/Cancelled\nNothing was changed\./);
    expect(session.plainOutput()).not.toMatch(/rescue|kept in/);
    expect(await readFile(join(scratch, '.env'), 'utf8')).toBe(envBefore);
    expect(envValues(envBefore).PRACTICE_ACCESS_TOKEN).toBeUndefined();
    expect(envValues(envBefore).PRACTICE_REFRESH_TOKEN).toBeUndefined();
    expectNoStackTrace(session);
  });

  it('catches the sign-in when the person opens the link again after Deny and presses Allow', async () => {
    const browser = await practiceBrowser('deny');
    const session = await startDemo(browser);
    await session.waitForText('Scratch folder');
    await answerUpToConsent(session);
    await browser.press();
    await session.waitForText('The sign-in was refused');

    // "Open the link again": the same link, in the browser, and this time Allow.
    const [link] = (await readWhenWritten(browser.logFile)).trim().split('\n');
    await pressOnConsentPage(link!, 'allow', { follow: true });
    await session.waitForText('This is what will change');
    await session.waitForText(/Live check\s+the check address answered HTTP 200/);
  });
});
