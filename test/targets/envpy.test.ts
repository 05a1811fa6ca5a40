import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createEnvpyTarget } from '../../src/targets/envpy.js';
import { fileTargetContext, modeOf, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

const ENV_PY = `import os

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'guesthouse.settings')
os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-access-0001')
os.environ.setdefault('SCIENER_REFRESH_TOKEN', 'fake-refresh-0001')


def helper():
    return 1
`;

function scienerTarget(dir: string) {
  return createEnvpyTarget(
    { type: 'envpy', file: 'env.py', keys: { access_token: 'SCIENER_ACCESS_TOKEN', refresh_token: 'SCIENER_REFRESH_TOKEN', uid: 'SCIENER_UID' } },
    fileTargetContext(dir),
  );
}

describe('envpy target', () => {
  it('writes the guest house tokens into env.py, changing only those lines, keeping 0640', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'env.py');
    await writeFile(path, ENV_PY);
    await chmod(path, 0o640);
    const target = scienerTarget(dir);
    expect((await target.read()).values).toEqual({ access_token: 'fake-access-0001', refresh_token: 'fake-refresh-0001' });
    const plan = await target.plan({ access_token: 'fake-access-0002', refresh_token: 'fake-refresh-0002', uid: '1234567' });
    expect(plan.label).toBe('env.py');
    expect(plan.changes.map((c) => c.key)).toEqual(['SCIENER_ACCESS_TOKEN', 'SCIENER_REFRESH_TOKEN', 'SCIENER_UID']);
    expect((await target.apply(plan)).summary).toBe('3 keys written, backup at env.py.bak');
    expect(await readFile(path, 'utf8')).toBe(`import os

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'guesthouse.settings')
os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-access-0002')
os.environ.setdefault('SCIENER_REFRESH_TOKEN', 'fake-refresh-0002')
os.environ.setdefault('SCIENER_UID', '1234567')


def helper():
    return 1
`);
    expect(modeOf(await stat(path))).toBe(0o640);
    expect(modeOf(await stat(`${path}.bak`))).toBe(0o600);
  });

  it('refuses in preflight and in plan, file byte-identical, when a token is set by an f-string', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'env.py');
    const text = `import os\nPREFIX = 'x'\nos.environ.setdefault('SCIENER_ACCESS_TOKEN', f'{PREFIX}-fake-0001')\n`;
    await writeFile(path, text);
    const target = scienerTarget(dir);
    await expect(target.preflight()).rejects.toThrow(/SCIENER_ACCESS_TOKEN in env\.py \(line 3\) is set from an f-string/);
    await expect(target.plan({ access_token: 'fake-access-0002' })).rejects.toBeInstanceOf(UserError);
    expect(await readFile(path)).toEqual(Buffer.from(text));
    expect(await readdir(dir)).toEqual(['env.py']);
  });

  it('refuses to apply when env.py changed after plan', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'env.py');
    await writeFile(path, ENV_PY);
    const target = scienerTarget(dir);
    const plan = await target.plan({ access_token: 'fake-access-0002' });
    await writeFile(path, `${ENV_PY}# saved by an editor\n`);
    await expect(target.apply(plan)).rejects.toThrow(/env\.py changed on disk since reauth read it/);
    expect(await readFile(path, 'utf8')).toBe(`${ENV_PY}# saved by an editor\n`);
  });
});
