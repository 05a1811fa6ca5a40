import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDotenvTarget } from '../../src/targets/dotenv.js';
import { fileTargetContext, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

async function targetIn(mode: number): Promise<{ dir: string; folder: string }> {
  const dir = await tempFolder();
  const folder = join(dir, 'shared');
  await mkdir(folder);
  await chmod(folder, mode);
  return { dir, folder };
}

async function previewWarnings(dir: string, file: string): Promise<readonly string[]> {
  const target = createDotenvTarget({ type: 'dotenv', file, keys: { refresh_token: 'NETATMO_REFRESH_TOKEN' } }, fileTargetContext(dir, {}));
  return (await target.plan({ refresh_token: 'fake-refresh-0001' })).warnings;
}

describe.skipIf(process.platform === 'win32')('a target whose folder every user may write to', () => {
  it('is warned about in the preview, with the command that fixes it', async () => {
    const { dir, folder } = await targetIn(0o777);
    const warnings = await previewWarnings(dir, 'shared/.env');
    expect(warnings).toEqual([
      `The folder of shared/.env (${folder}) can be written by every user of this machine, so another user could replace the file: run \`chmod o-w ${folder}\`.`,
    ]);
  });

  it('is judged by the real file\'s folder when the target is a link', async () => {
    const { dir, folder } = await targetIn(0o777);
    await writeFile(join(folder, 'real.env'), 'NETATMO_REFRESH_TOKEN=fake-refresh-0000\n', { mode: 0o600 });
    await symlink(join(folder, 'real.env'), join(dir, 'linked.env'));
    expect((await previewWarnings(dir, 'linked.env')).join('\n')).toContain(`(${folder})`);
  });

  it.each([
    ['a sticky folder like /tmp (others cannot replace your files)', 0o1777],
    ['a folder only its owner and group write to', 0o770],
    ['a private folder', 0o700],
  ])('is not warned about in %s', async (_what, mode) => {
    const { dir } = await targetIn(mode);
    expect(await previewWarnings(dir, 'shared/.env')).toEqual([]);
  });
});
