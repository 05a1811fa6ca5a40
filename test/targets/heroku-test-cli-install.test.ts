/**
 * The test setup's installer of the real heroku CLI: reused when present, and a clear
 * message (not a wall of npm output) when the registry cannot be reached.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureHerokuCli, herokuBinPath } from '../support/ensure-heroku-cli.js';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function scratch(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'reauth-heroku-install-'));
  folders.push(folder);
  return folder;
}

describe('ensureHerokuCli', () => {
  it('reuses an installed CLI without running npm', async () => {
    const installDir = join(await scratch(), 'heroku-cli');
    const bin = herokuBinPath(installDir);
    await mkdir(dirname(bin), { recursive: true });
    await writeFile(bin, '#!/bin/sh\n');
    // An unreachable registry proves npm was not asked.
    const env = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' };
    await expect(ensureHerokuCli({ installDir, env })).resolves.toBe(bin);
  });

  it('fails with a plain message, and leaves nothing behind, when npm cannot reach the registry', async () => {
    const folder = await scratch();
    const installDir = join(folder, 'heroku-cli');
    const env = {
      ...process.env,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: join(folder, 'npm-cache'),
      npm_config_offline: 'false',
    };
    const failure = await ensureHerokuCli({ installDir, env }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toContain('npm could not reach the package registry');
    expect(failure?.message).toContain('ECONNREFUSED');
    expect(existsSync(installDir)).toBe(false);
  });
});
