import { rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createDotenvTarget } from '../../src/targets/dotenv.js';
import { createRereader } from '../../src/targets/reread.js';
import { fileTargetContext, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();
/** Longer than reread.ts's SETTLED_MS: the file's last change is then "well in the past". */
const SETTLE = 150;

describe('createRereader', () => {
  it('hands out the same read while a settled file stays as it was', async () => {
    const path = join(await tempFolder(), '.env');
    await writeFile(path, 'A=1\n');
    await sleep(SETTLE);
    const read = createRereader();
    const first = await read(path, '.env');
    expect(await read(path, '.env')).toBe(first);
    expect(first.text).toBe('A=1\n');
  });

  it('reads again when the file changed, even to the same size with its modification time put back', async () => {
    const path = join(await tempFolder(), '.env');
    // A whole second, so utimes can put it back exactly (it takes no nanoseconds).
    const wholeSecond = 1_700_000_000;
    await writeFile(path, 'A=1\n');
    await utimes(path, wholeSecond, wholeSecond);
    await sleep(SETTLE);
    const read = createRereader();
    await read(path, '.env');
    await writeFile(path, 'A=2\n');
    await utimes(path, wholeSecond, wholeSecond); // the change time still moves: only the kernel sets it
    expect((await stat(path, { bigint: true })).mtimeNs).toBe(BigInt(wholeSecond) * 1_000_000_000n);
    expect((await read(path, '.env')).text).toBe('A=2\n');
  });

  it('reads again when another file was renamed over it', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'A=1\n');
    await writeFile(join(dir, 'next'), 'A=2\n');
    await sleep(SETTLE);
    const read = createRereader();
    await read(path, '.env');
    await rename(join(dir, 'next'), path);
    expect((await read(path, '.env')).text).toBe('A=2\n');
  });

  it('does not keep a read of a file changed just before it: a second change in the same clock tick would keep its times', async () => {
    const path = join(await tempFolder(), '.env');
    await writeFile(path, 'A=1\n');
    const read = createRereader();
    const first = await read(path, '.env');
    const again = await read(path, '.env');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

describe('a file target with a settled file', () => {
  it('plans from what is on disk now when an editor saved the same length between read and plan', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'NETATMO_REFRESH_TOKEN=fake-refresh-0001\n');
    await sleep(SETTLE);
    const target = createDotenvTarget({ type: 'dotenv', file: '.env', keys: { refresh_token: 'NETATMO_REFRESH_TOKEN' } }, fileTargetContext(dir));
    await target.preflight();
    expect((await target.read()).values).toEqual({ refresh_token: 'fake-refresh-0001' });
    await writeFile(path, 'NETATMO_REFRESH_TOKEN=fake-refresh-0002\n');
    const plan = await target.plan({ refresh_token: 'fake-refresh-0003' });
    expect(plan.changes).toEqual([{ field: 'refresh_token', key: 'NETATMO_REFRESH_TOKEN', before: 'fake-refresh-0002', after: 'fake-refresh-0003' }]);
    await target.apply(plan);
    expect((await target.read()).values).toEqual({ refresh_token: 'fake-refresh-0003' });
  });
});
