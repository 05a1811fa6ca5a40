/**
 * Issue 11.7: `status` and an exit-3 `refresh`, in a real 60-column terminal. Every line the
 * program writes fits in 60 columns, broken between words, except a path or link longer than
 * a line, which comes whole on a line of its own; no line is a lone `)`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startReauth, stopAllSessions, stripAnsi } from '../support/pty-session.js';
import { netatmoPair, refreshElsewhere, tempProject, weatherEnv, weatherProject, type NetatmoPair } from '../commands/refresh-fixtures.js';

const DEEP = 'deploy/guest-house/settings/production/environment-files';

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject();
  pair = await netatmoPair(emu);
  await mkdir(join(dir, DEEP), { recursive: true });
  await weatherProject(dir, emu, pair, {
    extraTargets: ['      - type: dotenv', `        file: ${DEEP}/weather-dashboard.env`, '        keys: { refresh_token: NETATMO_REFRESH_TOKEN }'].join('\n'),
  });
});
afterEach(async () => {
  stopAllSessions();
  await emu.close();
});

function linesWritten(raw: string): string[] {
  return stripAnsi(raw).replace(/\r\n/g, '\n').split('\n');
}

function expectWrappedAt60(raw: string): void {
  const lines = linesWritten(raw);
  for (const line of lines) {
    // Only a single word (a path, a link) may be longer than the terminal.
    if (line.length > 60) expect(line.trim(), `a line longer than 60 columns:\n${line}`).not.toMatch(/\s/);
    expect(line.trim(), 'a lone ")" line').not.toBe(')');
  }
}

describe('in a 60-column terminal', () => {
  it('status wraps between words, the long path whole on its own line', async () => {
    const session = startReauth({ args: ['status'], cwd: dir, env: weatherEnv(emu) as Record<string, string>, cols: 60, rows: 40 });
    expect(await session.exit(20_000)).toBe(0);
    expectWrappedAt60(session.rawOutput);
    expect(linesWritten(session.rawOutput).some((line) => line.includes(`${DEEP}/weather-dashboard.env`))).toBe(true);
  });

  it('an exit-3 refresh wraps its sentences between words', async () => {
    await refreshElsewhere(emu, pair.refresh);
    const session = startReauth({ args: ['refresh', 'weather'], cwd: dir, env: weatherEnv(emu) as Record<string, string>, cols: 60, rows: 40 });
    expect(await session.exit(20_000)).toBe(3);
    expectWrappedAt60(session.rawOutput);
    expect(stripAnsi(session.rawOutput).replace(/\s+/g, ' ')).toContain('Run `reauth setup weather` and sign in to Netatmo again.');
  });
});
