/**
 * Issue 9 in a real terminal: the wizard's first question is drawn before Ink loads, and Ink
 * takes the screen over from it. Keys typed at the pre-drawn question reach it in order, echoed
 * by nobody but the wizard; after the hand-over the scrollback holds each line once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions } from '../support/pty-session.js';
import { makeFolder, removeFolders, writeConfig } from './e2e-support.js';

let emu: NetatmoEmulator;

beforeAll(async () => {
  emu = await startNetatmoEmulator();
});
afterAll(async () => {
  await emu.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

const count = (lines: readonly string[], text: string) => lines.filter((line) => line.includes(text)).length;

describe('the first question, drawn before Ink loads', () => {
  it('takes an answer typed the moment it shows, in order, and Ink then shows the next question', async () => {
    const dir = await makeFolder('first-frame-typed');
    await writeConfig(dir, { netatmo: netatmoOverride(emu) });
    const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir });
    await session.waitForText('Netatmo client ID');
    // Typed at once: Ink is most likely still loading (its first frame replaces this one later).
    session.type('fake-client-typed-ahead\r');
    await session.waitForText('Netatmo client secret');
    const lines = session.transcript();
    expect(count(lines, 'Client ID')).toBe(1);
    expect(lines.find((line) => line.includes('Client ID'))).toMatch(/✔ Client ID\s+fake-client-typed-ahead$/);
    // The terminal echoed nothing (raw from the start): the id is only in that summary line.
    expect(count(lines, 'fake-client-typed-ahead')).toBe(1);
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
  });

  it('leaves each line once in the scrollback after Ink has taken over', async () => {
    const dir = await makeFolder('first-frame-once');
    await writeConfig(dir, { netatmo: netatmoOverride(emu) });
    const session = startReauth({ args: ['setup', '--provider', 'netatmo'], cwd: dir });
    await session.waitForText('Netatmo client ID');
    // Ink's input works only once it has taken over: a typed character shows in its input line.
    session.type('f');
    await session.waitForText('❯ f▌');
    const lines = session.transcript();
    expect(count(lines, 'Service')).toBe(1);
    expect(count(lines, 'Netatmo client ID')).toBe(1);
    expect(count(lines, 'Looking for files')).toBe(0);
    expect(count(lines, 'Enter confirm')).toBe(1);
    session.press('ctrl-c');
    expect(await session.exit()).toBe(130);
  });
});
