/**
 * What every end-to-end test needs around a pty session: a temp folder of its own, a
 * reauth.yaml pointing presets at emulators, the fake browser, and the checks that no secret
 * reached the screen.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { REAUTH_BIN, type PtySession } from '../support/pty-session.js';
import { recordOutput } from '../support/secret-audit.js';
import { TEST_CACHE_HOME } from '../support/cache-home.js';

export const FAKE_BROWSER = fileURLToPath(new URL('../support/fake-browser.mjs', import.meta.url));

const folders: string[] = [];

export async function makeFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `reauth-e2e-${prefix}-`));
  folders.push(dir);
  return dir;
}

/** For afterEach, after the sessions are stopped. */
export async function removeFolders(): Promise<void> {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** reauth.yaml with no profiles and `providers:` overrides (how presets reach the emulators). */
export function configText(providers: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const lines = ['# Written by an end-to-end test: presets pointed at loopback emulators.', 'version: 1', 'profiles: {}', 'providers:'];
  for (const [id, fields] of Object.entries(providers)) {
    lines.push(`  ${id}:`);
    for (const [key, value] of Object.entries(fields)) lines.push(`    ${key}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function writeConfig(dir: string, providers: Readonly<Record<string, Readonly<Record<string, string>>>>): Promise<string> {
  const text = configText(providers);
  await writeFile(join(dir, 'reauth.yaml'), text);
  return text;
}

export interface FakeBrowser {
  /** Environment that makes reauth "open" links with the fake browser. */
  readonly env: Record<string, string>;
  /** Where the address bar is written (address-bar mode). */
  readonly addressFile: string;
  /** Every URL the browser was asked to open. */
  readonly logFile: string;
  /** With `waitForApproval`: the person, having read the terminal, presses Allow now. */
  approve(): Promise<void>;
}

export interface FakeBrowserOptions {
  /** Press Allow only when `approve()` is called, not the moment the link opens. */
  readonly waitForApproval?: boolean;
}

/**
 * The fake browser keeps its files in a folder of its own, so reauth's search for files that
 * hold tokens never sees them.
 */
export async function fakeBrowser(mode: 'address-bar' | 'follow', options: FakeBrowserOptions = {}): Promise<FakeBrowser> {
  const dir = await makeFolder('browser');
  const addressFile = join(dir, 'address-bar.txt');
  const logFile = join(dir, 'opened.txt');
  const approveFile = join(dir, 'approve-now');
  return {
    addressFile,
    logFile,
    env: {
      BROWSER: FAKE_BROWSER,
      FAKE_BROWSER_OUT: addressFile,
      FAKE_BROWSER_LOG: logFile,
      ...(mode === 'follow' ? { FAKE_BROWSER_FOLLOW: '1' } : {}),
      ...(options.waitForApproval ? { FAKE_BROWSER_APPROVE_WHEN: approveFile } : {}),
    },
    approve: () => writeFile(approveFile, 'yes\n'),
  };
}

/** Waits for the fake browser to have "pressed Allow"; returns what its address bar shows. */
export async function readAddressBar(browser: FakeBrowser, timeoutMs = 10_000): Promise<string> {
  const text = await readWhenWritten(browser.addressFile, timeoutMs);
  if (text.startsWith('error:')) throw new Error(`the fake browser failed: ${text}`);
  return text;
}

/** Polls for a file another process writes (whole, by rename); the only wait here is for it. */
export async function readWhenWritten(path: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > until) throw new Error(`${path} was not written within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return readFile(path, 'utf8');
}

export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/**
 * No secret may appear whole: not in anything the program wrote (even if it was erased by a
 * redraw, or hard-wrapped over two lines), nor in the scrollback a person can scroll back to.
 */
export function expectNoSecretShown(session: PtySession, secrets: readonly string[]): void {
  const everything = session.plainOutput();
  const transcript = session.transcript().join('\n');
  for (const secret of secrets) {
    expect(secret.length, 'a secret to look for').toBeGreaterThan(8);
    expect(everything.includes(secret), `secret ${secret.slice(0, 4)}… was written to the terminal`).toBe(false);
    expect(transcript.includes(secret), `secret ${secret.slice(0, 4)}… is in the scrollback`).toBe(false);
  }
}

/** A stack trace on screen looks like `    at fn (file.js:12:5)`. */
export function expectNoStackTrace(session: PtySession): void {
  expect(session.plainOutput()).not.toMatch(/(?:reauth\.js|chunks\/[\w.-]+\.js|node:internal\/[\w/.-]+):\d+:\d+/);
  expect(session.transcript().join('\n')).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

/** Parses `KEY=value` / `KEY='value'` lines of a .env the way a shell would read these simple ones. */
export function envValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (!match) continue;
    const value = match[2]!;
    out[match[1]!] = /^'.*'$|^".*"$/.test(value) ? value.slice(1, -1) : value;
  }
  return out;
}

/**
 * The wizard's closing questions, as a person answers them most of the time: write what the
 * preview shows, no command afterwards, save the profile — under `profileName`, or the name
 * offered (`offeredName`) when none is given. Resolves at "All done".
 */
export async function writeAndSaveProfile(session: PtySession, offeredName: string, profileName?: string, schedule: 'print' | 'later' | 'none' = 'print'): Promise<void> {
  await session.waitForText('This is what will change');
  session.type('y');
  await session.waitForText('Command to run now that the files are written');
  session.press('enter');
  await session.waitForText('Save these settings as a profile');
  session.press('enter');
  await session.waitForText('Name for this profile');
  await session.waitForText(`❯ ${offeredName}`);
  if (profileName !== undefined && profileName !== offeredName) {
    session.press('ctrl-u');
    // Ctrl+U and the letters in one read would be one input event: wait for the cleared box.
    await session.waitFor(() => /^❯ ?▌?$/.test(session.focusedLine()?.trim() ?? ''), 'the name box to be cleared');
    session.type(profileName);
    await session.waitForText(`❯ ${profileName}`);
  }
  session.press('enter');
  if (schedule !== 'none') await answerSchedule(session, schedule);
  await session.waitForText('All done');
}

/** The closing question: the crontab lines shown, or not now — never the developer's crontab changed. */
export async function answerSchedule(session: PtySession, choice: 'print' | 'later'): Promise<void> {
  await session.waitForText('Keep these tokens fresh without you?');
  await session.focusOption(choice === 'print' ? 'Show me the lines' : 'Not now');
  session.press('enter');
}

export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node reauth.js ARGS` as cron runs it: pipes, no terminal, a bare environment. */
export function runWithoutTerminal(dir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 15_000): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REAUTH_BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_CACHE_HOME: TEST_CACHE_HOME, LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      recordOutput(`reauth ${args.join(' ')}`, `${stdout}\n${stderr}`);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The places question and its key names (Ink), asked before the sign-in: Enter on what is
 * ticked (`ticked` shows it is), then Enter on each place's key names.
 */
export async function keepTickedPlaces(session: PtySession, ticked: RegExp | string = /❯ ◉ \.env/, keyTitles: readonly string[] = ['Key names in .env']): Promise<void> {
  await session.waitForText('Where should the new tokens be written?', 15_000);
  await session.waitForText(ticked);
  session.press('enter');
  for (const title of keyTitles) {
    await session.waitForText(title);
    await session.waitForText('Use these names');
    session.press('enter');
  }
}
