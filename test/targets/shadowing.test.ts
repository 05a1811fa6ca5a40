import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envFileRank, shadowingWarnings } from '../../src/targets/shadowing.js';
import type { TargetSpec } from '../../src/targets/types.js';
import { useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

const dotenv: TargetSpec = { type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', expires_at: 'NETATMO_TOKEN_EXPIRES_AT' } };
const values = { access_token: 'fake-netatmo-access-0002', refresh_token: 'fake-netatmo-refresh-0002', expires_at: '2030-01-01T03:00:00Z' };

describe('warning when something read first would hide the new tokens', () => {
  it('names a .env.local that still holds another access token', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, '.env.local'), 'NETATMO_ACCESS_TOKEN=fake-netatmo-access-0001\n# same value is fine:\nNETATMO_REFRESH_TOKEN=fake-netatmo-refresh-0002\n');
    expect(await shadowingWarnings(dotenv, values, { baseDir: dir, env: {} })).toEqual([
      'NETATMO_ACCESS_TOKEN is also set in .env.local (to a different value), which most loaders read first — your program may keep using the old token.',
    ]);
  });

  it('checks every sibling that wins over .env, most important first, and ignores examples and other modes’ test files', async () => {
    const dir = await tempFolder();
    for (const name of ['.env.production', '.env.development.local', '.env.example', '.env.test', '.env.local']) {
      await writeFile(join(dir, name), 'NETATMO_TOKEN_EXPIRES_AT=2029-01-01T00:00:00Z\n');
    }
    const warnings = await shadowingWarnings(dotenv, values, { baseDir: dir, env: {} });
    expect(warnings.map((w) => w.split(' (')[0])).toEqual([
      'NETATMO_TOKEN_EXPIRES_AT is also set in .env.development.local',
      'NETATMO_TOKEN_EXPIRES_AT is also set in .env.production',
      'NETATMO_TOKEN_EXPIRES_AT is also set in .env.local',
    ]);
    expect(warnings[0]).toMatch(/keep using the old value\.$/);
  });

  it('does not look at files that .env.production.local already beats', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, '.env.local'), 'NETATMO_ACCESS_TOKEN=fake-old\n');
    await writeFile(join(dir, '.env.development.local'), 'NETATMO_ACCESS_TOKEN=fake-old\n');
    const spec = { ...dotenv, file: '.env.production.local' };
    expect(await shadowingWarnings(spec, values, { baseDir: dir, env: {} })).toEqual([]);
  });

  it('names a variable already set in the environment, for .env and env.py alike', async () => {
    const dir = await tempFolder();
    const env = { NETATMO_REFRESH_TOKEN: 'fake-netatmo-refresh-0001', NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0002' };
    expect(await shadowingWarnings(dotenv, values, { baseDir: dir, env })).toEqual([
      "NETATMO_REFRESH_TOKEN is also set in this shell's environment (to a different value), and most .env loaders keep a variable that is already set — a program started from this shell may keep using the old token (unset it, or open a new shell).",
    ]);
    const envpy: TargetSpec = { type: 'envpy', file: 'env.py', keys: { refresh_token: 'NETATMO_REFRESH_TOKEN' } };
    const [warning] = await shadowingWarnings(envpy, values, { baseDir: dir, env });
    expect(warning).toContain('os.environ.setdefault keeps a variable that is already set');
  });

  it('says nothing for YAML, JSON and Heroku targets', async () => {
    const dir = await tempFolder();
    const env = { refresh_token: 'fake-other' };
    for (const type of ['yaml', 'json', 'heroku'] as const) {
      expect(await shadowingWarnings({ type, file: 'x', app: 'x', keys: { refresh_token: 'refresh_token' } }, values, { baseDir: dir, env })).toEqual([]);
    }
  });

  it('ranks files in the order Next.js, Vite and dotenv-flow load them', () => {
    expect(['.env', '.env.local', '.env.production', '.env.production.local', '.env.example', 'app.env'].map(envFileRank)).toEqual([
      { rank: 0 },
      { rank: 1 },
      { rank: 2, mode: 'production' },
      { rank: 3, mode: 'production' },
      undefined,
      undefined,
    ]);
  });
});
