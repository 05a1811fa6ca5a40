import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createYamlTarget } from '../../src/targets/yaml.js';
import { fileTargetContext, modeOf, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

const CONFIG_YAML = `# Home dashboard
weather:
  integrations:
    netatmo:
      enabled: true
      client_id: "fake-client-0001"      # dev.netatmo.com
      client_secret: "fake-secret-0001"
      redirect_uri: https://localhost/callback
      refresh_token: fake|refresh-0001   # rotates
panels:
  - temperature
`;

function netatmoTarget(dir: string) {
  return createYamlTarget(
    {
      type: 'yaml',
      file: 'config.yaml',
      at: 'weather.integrations.netatmo',
      keys: { refresh_token: 'refresh_token', client_id: 'client_id', client_secret: 'client_secret' },
    },
    fileTargetContext(dir),
  );
}

describe('yaml target', () => {
  it('writes a rotated Netatmo refresh token into config.yaml, changing only that line', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'config.yaml');
    await writeFile(path, CONFIG_YAML);
    await chmod(path, 0o640);
    const target = netatmoTarget(dir);
    expect(target.label).toBe('config.yaml at weather.integrations.netatmo');
    expect((await target.read()).values).toEqual({ refresh_token: 'fake|refresh-0001', client_id: 'fake-client-0001', client_secret: 'fake-secret-0001' });
    const plan = await target.plan({ refresh_token: 'fake|refresh-0002', client_id: 'fake-client-0001', access_token: 'unmapped' });
    expect(plan.changes).toEqual([{ field: 'refresh_token', key: 'refresh_token', before: 'fake|refresh-0001', after: 'fake|refresh-0002' }]);
    await target.apply(plan);
    expect(await readFile(path, 'utf8')).toBe(CONFIG_YAML.replace('refresh_token: fake|refresh-0001   # rotates', 'refresh_token: fake|refresh-0002   # rotates'));
    expect(modeOf(await stat(path))).toBe(0o640);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(CONFIG_YAML);
  });

  it('keeps a BOM', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'config.yaml');
    await writeFile(path, `\uFEFF${CONFIG_YAML}`);
    const target = netatmoTarget(dir);
    await target.apply(await target.plan({ client_secret: 'fake-secret-0002' }));
    expect(await readFile(path, 'utf8')).toBe(`\uFEFF${CONFIG_YAML.replace('fake-secret-0001', 'fake-secret-0002')}`);
  });

  it('refuses a file that does not parse in read, plan and preflight, leaving it byte-identical', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'config.yaml');
    const broken = 'weather:\n  integrations: [\n    netatmo:\n';
    await writeFile(path, broken);
    const target = netatmoTarget(dir);
    await expect(target.read()).rejects.toThrow(/config\.yaml could not be read as YAML \(line \d+/);
    await expect(target.plan({ refresh_token: 'fake-0002' })).rejects.toThrow(/config\.yaml could not be read as YAML/);
    await expect(target.preflight()).rejects.toThrow(/config\.yaml could not be read as YAML/);
    expect(await readFile(path, 'utf8')).toBe(broken);
    expect(await readdir(dir)).toEqual(['config.yaml']);
  });

  it('refuses to apply when config.yaml changed after plan', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'config.yaml');
    await writeFile(path, CONFIG_YAML);
    const target = netatmoTarget(dir);
    const plan = await target.plan({ refresh_token: 'fake|refresh-0002' });
    await writeFile(path, `${CONFIG_YAML}# edited\n`);
    await expect(target.apply(plan)).rejects.toThrow(/config\.yaml changed on disk since reauth read it/);
    expect(await readFile(path, 'utf8')).toBe(`${CONFIG_YAML}# edited\n`);
  });
});
