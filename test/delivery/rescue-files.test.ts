import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureReauthFolder } from '../../src/delivery/reauth-folder.js';
import {
  findRescues as findByQuery,
  keepTokens,
  listRescueFiles,
  markRescueLost,
  removeRescue,
  removeSuperseded,
  reserveRescue,
  RESERVED_BYTES,
  compareTimes,
} from '../../src/delivery/rescue-files.js';
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

describe('reservations: room set aside before a token is spent', () => {
  it('are sized and marked reserved, are not offered as tokens, and shrink to their content once filled', async () => {
    const reservation = await reserveRescue(dir, { profile: 'weather', service: 'netatmo' }, Date.parse('2026-01-02T03:04:05.678Z'));
    expect((await stat(reservation.path)).size).toBe(RESERVED_BYTES);
    expect((await stat(reservation.path)).mode & 0o777).toBe(0o600);
    const [listed] = await listRescueFiles(dir, { profile: 'weather' });
    expect(listed?.state).toBe('reserved');
    expect(listed?.abandoned).toBeUndefined(); // this process made it and is alive
    expect(await findRescues(dir, 'weather')).toEqual([]);
    await reservation.fill({ access_token: 'fake-access', refresh_token: 'fake-refresh' }, '2026-01-02T03:04:06.000Z');
    expect((await stat(reservation.path)).size).toBeLessThan(1024);
    const [kept] = await findRescues(dir, 'weather');
    expect(kept).toMatchObject({ state: 'kept', obtainedAt: '2026-01-02T03:04:06.000Z', service: 'netatmo', values: { refresh_token: 'fake-refresh' } });
  });

  it('can be discarded when no answer came, leaving no .reauth folder behind', async () => {
    const reservation = await reserveRescue(dir, { profile: 'weather' }, Date.now());
    await reservation.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('say "lost" when the answer could be kept nowhere, with no token in them', async () => {
    const reservation = await reserveRescue(dir, { profile: 'weather' }, Date.now());
    await markRescueLost(reservation.path, '2026-01-02T03:04:06.000Z');
    const [lost] = await listRescueFiles(dir, { profile: 'weather' });
    expect(lost).toMatchObject({ state: 'lost', obtainedAt: '2026-01-02T03:04:06.000Z', values: {} });
  });
});

describe('owners and ordering', () => {
  it('find a connection never saved as a profile by its service and client id only', async () => {
    await keepTokens(dir, { service: 'netatmo', clientId: 'fake-client-a' }, { refresh_token: 'fake-a' }, '2026-01-01T00:00:00.000Z', Date.now());
    expect((await findByQuery(dir, { service: 'netatmo', clientId: 'fake-client-a' })).map((r) => r.values.refresh_token)).toEqual(['fake-a']);
    expect(await findByQuery(dir, { service: 'netatmo', clientId: 'fake-client-b' })).toEqual([]);
    expect(await findByQuery(dir, { service: 'tiktok', clientId: 'fake-client-a' })).toEqual([]);
    expect(await findByQuery(dir, { profile: 'netatmo' })).toEqual([]);
  });

  it('supersede older kept files of the same owner, never newer ones or other profiles', async () => {
    await saveRescue(dir, 'weather', { refresh_token: 'fake-older' }, Date.now(), '2026-01-01T00:00:00.000Z');
    await saveRescue(dir, 'weather', { refresh_token: 'fake-newer' }, Date.now(), '2026-01-03T00:00:00.000Z');
    await saveRescue(dir, 'weather-2', { refresh_token: 'fake-other' }, Date.now(), '2026-01-01T00:00:00.000Z');
    const removed = await removeSuperseded(dir, { profile: 'weather' }, '2026-01-02T00:00:00.000Z');
    expect(removed).toHaveLength(1);
    expect((await findRescues(dir, 'weather')).map((r) => r.values.refresh_token)).toEqual(['fake-newer']);
    expect(await findRescues(dir, 'weather-2')).toHaveLength(1);
  });

  it('read files written before issue 8 (no state, no obtained_at) as kept tokens of their profile', async () => {
    await ensureReauthFolder(dir, 'rescue');
    await writeFile(join(dir, '.reauth', 'rescue', 'weather-old.json'), JSON.stringify({ profile: 'weather', saved_at: '2025-05-05T00:00:00.000Z', values: { refresh_token: 'fake-legacy' } }));
    expect(await findRescues(dir, 'weather')).toMatchObject([{ state: 'kept', obtainedAt: '2025-05-05T00:00:00.000Z' }]);
  });

  it('create .reauth 0700 even under umask 000', async () => {
    const previous = process.umask(0);
    try {
      await keepTokens(dir, { profile: 'weather' }, { refresh_token: 'fake' }, '2026-01-01T00:00:00.000Z', Date.now());
    } finally {
      process.umask(previous);
    }
    expect((await stat(join(dir, '.reauth'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, '.reauth', 'rescue'))).mode & 0o777).toBe(0o700);
  });
});

describe('compareTimes', () => {
  it('orders instants, not text: a time without milliseconds is not later than one with them', () => {
    expect(compareTimes('2026-12-02T14:47:19Z', '2026-12-02T14:47:19.500Z')).toBe(-1);
    expect(compareTimes('2026-12-02T14:47:19.000Z', '2026-12-02T14:47:19Z')).toBe(0);
    expect(compareTimes('not a time', '2026-01-01T00:00:00Z')).toBe(-1);
  });
});
