/**
 * Issue 13, point 3: modes whatever the umask. `reauth refresh` from the installed package run
 * under `umask 000` — as a badly set-up cron or container might — still creates its folders 0700
 * and its files 0600 (state, lock, .bak, a new target in a new folder), and keeps the modes the
 * person's own files had.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netatmoPair, tempProject, weatherEnv, weatherProject } from '../commands/refresh-fixtures.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { REAUTH_BIN } from '../support/pty-session.js';
import { recordOutput } from '../support/secret-audit.js';
import { TEST_CACHE_HOME } from '../support/cache-home.js';

let emu: NetatmoEmulator;
beforeAll(async () => {
  emu = await startNetatmoEmulator();
});
afterAll(async () => {
  await emu.close();
});

function refreshUnderUmask000(dir: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, REAUTH_BIN, 'refresh', 'weather'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_CACHE_HOME: TEST_CACHE_HOME, LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      recordOutput('reauth refresh weather (umask 000)', stderr);
      resolve({ code, stderr });
    });
  });
}

const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8).padStart(3, '0');

describe.skipIf(process.platform === 'win32')('under umask 000', () => {
  it('creates folders 0700 and files 0600, and keeps the modes of existing files', async () => {
    const dir = await tempProject('reauth-umask-');
    await weatherProject(dir, emu, await netatmoPair(emu), {
      extraTargets: ['      - type: dotenv', '        file: deploy/secrets/weather.env', '        keys: { refresh_token: NETATMO_REFRESH_TOKEN }'].join('\n'),
    });
    const run = await refreshUnderUmask000(dir, weatherEnv(emu));
    expect(run.code, run.stderr).toBe(0);

    expect(await mode(join(dir, 'deploy'))).toBe('700');
    expect(await mode(join(dir, 'deploy', 'secrets'))).toBe('700');
    expect(await mode(join(dir, 'deploy', 'secrets', 'weather.env'))).toBe('600');
    expect(await mode(join(dir, '.env'))).toBe('600');
    expect(await mode(join(dir, '.env.bak'))).toBe('600');
    expect(await mode(join(dir, 'config.yaml'))).toBe('640');
    expect(await mode(join(dir, 'config.yaml.bak'))).toBe('600');
    for (const entry of await readdir(join(dir, '.reauth'), { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      expect(await mode(path), path).toBe(entry.isDirectory() ? '700' : '600');
    }
    expect(await mode(join(dir, '.reauth'))).toBe('700');
  });
});
