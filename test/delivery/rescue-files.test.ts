import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureReauthFolder } from '../../src/delivery/reauth-folder.js';
import { findRescues as findByQuery, removeRescue } from '../../src/delivery/rescue-files.js';
import { saveRescue } from './rescue-helpers.js';

const findRescues = (dir: string, profile: string) => findByQuery(dir, { profile });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-rescue-'));
});

describe('rescue files', () => {
  it('are written 0600 in a folder whose .gitignore keeps them out of commits', async () => {
    const path = await saveRescue(dir, 'weather', { refresh_token: 'fake-netatmo-refresh-0001' }, Date.parse('2026-01-02T03:04:05.678Z'));
    expect(path).toBe(join(dir, '.reauth', 'rescue', 'weather-2026-01-02T03-04-05-678Z.json'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, '.reauth', 'rescue'))).mode & 0o777).toBe(0o700);
    expect(await readFile(join(dir, '.reauth', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('keep two rescues made in the same millisecond, and list the later one first', async () => {
    const at = Date.parse('2026-01-02T03:04:05.678Z');
    const first = await saveRescue(dir, 'weather', { refresh_token: 'fake-netatmo-refresh-0001' }, at);
    const second = await saveRescue(dir, 'weather', { refresh_token: 'fake-netatmo-refresh-0002' }, at);
    expect(second).not.toBe(first);
    const found = await findRescues(dir, 'weather');
    expect(found.map((r) => r.values.refresh_token)).toEqual(['fake-netatmo-refresh-0002', 'fake-netatmo-refresh-0001']);
  });

  it('are found per profile, newest first, even when one profile name starts with another', async () => {
    await saveRescue(dir, 'weather', { refresh_token: 'fake-old' }, Date.parse('2026-01-01T00:00:00Z'));
    await saveRescue(dir, 'weather', { refresh_token: 'fake-new' }, Date.parse('2026-01-03T00:00:00Z'));
    await saveRescue(dir, 'weather-2', { refresh_token: 'fake-other' }, Date.parse('2026-01-04T00:00:00Z'));
    expect((await findRescues(dir, 'weather')).map((r) => r.values.refresh_token)).toEqual(['fake-new', 'fake-old']);
    expect((await findRescues(dir, 'weather-2')).map((r) => r.values.refresh_token)).toEqual(['fake-other']);
    const [newest] = await findRescues(dir, 'weather');
    await removeRescue(newest!.path);
    expect((await findRescues(dir, 'weather')).map((r) => r.values.refresh_token)).toEqual(['fake-old']);
  });

  it('share .reauth/ with the lock and state folders', async () => {
    await ensureReauthFolder(dir, 'locks');
    expect((await readdir(join(dir, '.reauth'))).sort()).toEqual(['.gitignore', 'locks']);
  });
});
