import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseMemo } from '../../src/targets/engine-types.js';
import { createYamlTarget } from '../../src/targets/yaml.js';
import { fileTargetContext, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

describe('ParseMemo', () => {
  it('parses a text once while it stays the same, and again when it or the key changes', () => {
    const memo = new ParseMemo();
    let parses = 0;
    const parse = () => ++parses;
    expect(memo.parsed('a: 1\n', 'yaml', parse)).toBe(1);
    expect(memo.parsed(`a: ${1}\n`, 'yaml', parse)).toBe(1);
    expect(memo.parsed('a: 2\n', 'yaml', parse)).toBe(2);
    expect(memo.parsed('a: 2\n', 'yaml\0other.yaml', parse)).toBe(3);
  });

  it('does not keep a parse that failed: the next call fails the same way', () => {
    const memo = new ParseMemo();
    let calls = 0;
    const failing = () => {
      calls++;
      throw new Error('line 3');
    };
    expect(() => memo.parsed('x', 'k', failing)).toThrow('line 3');
    expect(() => memo.parsed('x', 'k', failing)).toThrow('line 3');
    expect(calls).toBe(2);
  });
});

describe('a file target reads the file again at every step', () => {
  const spec = { type: 'yaml' as const, file: 'config.yaml', at: 'netatmo', keys: { refresh_token: 'refresh_token' } };

  it('plans from what is on disk now, not from the parse read() kept, when an editor saved in between', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'config.yaml');
    await writeFile(path, "netatmo:\n  refresh_token: 'fake-refresh-0001'\n");
    const target = createYamlTarget(spec, fileTargetContext(dir));
    expect((await target.read()).values).toEqual({ refresh_token: 'fake-refresh-0001' });
    await writeFile(path, "# saved by an editor\nnetatmo:\n  refresh_token: 'fake-refresh-0002'\n");
    const plan = await target.plan({ refresh_token: 'fake-refresh-0003' });
    expect(plan.changes).toEqual([{ field: 'refresh_token', key: 'refresh_token', before: 'fake-refresh-0002', after: 'fake-refresh-0003' }]);
    await target.apply(plan);
    expect((await target.read()).values).toEqual({ refresh_token: 'fake-refresh-0003' });
  });

  it('refuses a file broken after preflight passed, when read() comes', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'config.yaml');
    await writeFile(path, "netatmo:\n  refresh_token: 'fake-refresh-0001'\n");
    const target = createYamlTarget(spec, fileTargetContext(dir));
    await target.preflight();
    await writeFile(path, "netatmo:\n  refresh_token: 'fake-refresh-0001\n");
    await expect(target.read()).rejects.toThrow(/config\.yaml could not be read as YAML \(line 3, column 1/);
  });
});
