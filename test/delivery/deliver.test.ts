/** The one delivery path, with real file targets in a temp folder. */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { deliver } from '../../src/delivery/deliver.js';
import { readRefreshState } from '../../src/delivery/profile-state.js';
import { findRescues, reserveRescue } from '../../src/delivery/rescue-files.js';
import { createTarget } from '../../src/targets/create-target.js';
import type { Target } from '../../src/targets/types.js';
import { fileTargetContext } from '../targets/temp-folder.js';
import { saveRescue } from './rescue-helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-deliver-'));
});

const values = { access_token: 'fake-access-new', refresh_token: 'fake-refresh-new' };
const keys = { access_token: 'ACCESS', refresh_token: 'REFRESH' };
const owner = { profile: 'weather', service: 'netatmo' };

function targets(...files: string[]): Target[] {
  return files.map((file) => createTarget({ type: 'dotenv', file, keys }, fileTargetContext(dir)));
}

async function reserved() {
  const reservation = await reserveRescue(dir, owner, Date.now());
  await reservation.fill(values, '2026-02-01T00:00:00.000Z');
  return { path: reservation.path, holds: true };
}

describe('deliver', () => {
  it('writes every target, then drops the safety copy and older rescues, and records which set the targets hold', async () => {
    await saveRescue(dir, 'weather', { refresh_token: 'fake-refresh-older' }, Date.now(), '2026-01-01T00:00:00.000Z');
    const safetyCopy = await reserved();
    const delivery = await deliver({ baseDir: dir, owner, targets: targets('.env', 'app/.env'), values, obtainedAt: '2026-02-01T00:00:00.000Z', safetyCopy, now: Date.now });
    expect(delivery.complete).toBe(true);
    expect(delivery.superseded).toHaveLength(1);
    expect(await readFile(join(dir, 'app', '.env'), 'utf8')).toContain('fake-refresh-new');
    expect(await findRescues(dir, { profile: 'weather' })).toEqual([]);
    expect((await readRefreshState(dir, 'weather'))?.delivered?.obtained_at).toBe('2026-02-01T00:00:00.000Z');
  });

  it('writes the others when one target fails, and keeps the tokens in the safety copy', async () => {
    await mkdir(join(dir, 'broken.env'));
    const safetyCopy = await reserved();
    const delivery = await deliver({ baseDir: dir, owner, targets: targets('broken.env', '.env'), values, obtainedAt: '2026-02-01T00:00:00.000Z', safetyCopy, now: Date.now });
    expect(delivery.complete).toBe(false);
    expect(delivery.writes.map((w) => w.ok)).toEqual([false, true]);
    expect(delivery.rescuePath).toBe(safetyCopy.path);
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain('fake-refresh-new');
  });

  it('makes a rescue file when there is no safety copy yet and a target fails', async () => {
    await mkdir(join(dir, 'broken.env'));
    const delivery = await deliver({ baseDir: dir, owner, targets: targets('broken.env'), values, obtainedAt: '2026-02-01T00:00:00.000Z', now: Date.now });
    expect(delivery.rescuePath).toContain(join('.reauth', 'rescue'));
    expect((await findRescues(dir, { profile: 'weather' }))[0]?.values).toEqual(values);
  });

});
