import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonTarget } from '../../src/targets/json.js';
import { fileTargetContext, modeOf, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

function tokensTarget(dir: string, at?: string) {
  return createJsonTarget(
    { type: 'json', file: 'main/tokens.json', ...(at ? { at } : {}), keys: { access_token: 'access_token', refresh_token: 'refresh_token' } },
    fileTargetContext(dir),
  );
}

describe('json target', () => {
  it('edits main/tokens.json with tab indentation, changing only the token lines', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'main'));
    const path = join(dir, 'main', 'tokens.json');
    await writeFile(path, '{\n\t"access_token": "fake-a-0001",\n\t"refresh_token": "fake-r-0001",\n\t"uid": 1234567\n}\n');
    const target = tokensTarget(dir);
    expect(target.label).toBe('main/tokens.json');
    const result = await target.apply(await target.plan({ access_token: 'fake-a-0002', refresh_token: 'fake-r-0002' }));
    expect(result.summary).toBe('2 keys written, backup at main/tokens.json.bak');
    expect(await readFile(path, 'utf8')).toBe('{\n\t"access_token": "fake-a-0002",\n\t"refresh_token": "fake-r-0002",\n\t"uid": 1234567\n}\n');
  });

  it('creates the folder and a 0600 file when neither exists', async () => {
    const dir = await tempFolder();
    const target = tokensTarget(dir, 'ttlock');
    expect(target.label).toBe('main/tokens.json at ttlock');
    await target.apply(await target.plan({ access_token: 'fake-a-0001' }));
    const path = join(dir, 'main', 'tokens.json');
    expect(await readFile(path, 'utf8')).toBe('{\n  "ttlock": {\n    "access_token": "fake-a-0001"\n  }\n}\n');
    expect(modeOf(await stat(path))).toBe(0o600);
  });

  it('refuses invalid JSON in plan and preflight, leaving it byte-identical', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'main'));
    const path = join(dir, 'main', 'tokens.json');
    const broken = '{\n    "access_token": "fake-a-0001",\n}\n';
    await writeFile(path, broken);
    const target = tokensTarget(dir);
    await expect(target.plan({ access_token: 'fake-a-0002' })).rejects.toThrow('main/tokens.json is not valid JSON (line 3, column 1)');
    await expect(target.preflight()).rejects.toThrow(/not valid JSON/);
    expect(await readFile(path, 'utf8')).toBe(broken);
    expect(await readdir(join(dir, 'main'))).toEqual(['tokens.json']);
  });
});
