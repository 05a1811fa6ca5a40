import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createDotenvTarget } from '../../src/targets/dotenv.js';
import { targetFilePath } from '../../src/targets/file-target.js';
import type { TargetSpec } from '../../src/targets/types.js';
import { fileTargetContext, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

function spec(file: string): TargetSpec {
  return { type: 'dotenv', file, keys: { refresh_token: 'NETATMO_REFRESH_TOKEN' } };
}

describe('${VAR} in a file target\'s file:', () => {
  it('expands part of the path from the environment and writes there, never to a folder named ${APP_HOME}', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'weather'));
    const target = createDotenvTarget(spec('${APP_HOME}/.env'), fileTargetContext(dir, { APP_HOME: join(dir, 'weather') }));
    expect(target.label).toBe('${APP_HOME}/.env');
    await target.preflight();
    await target.apply(await target.plan({ refresh_token: 'fake-refresh-0001' }));
    expect(await readFile(join(dir, 'weather', '.env'), 'utf8')).toBe('NETATMO_REFRESH_TOKEN=fake-refresh-0001\n');
    expect(await readdir(dir)).toEqual(['weather']);
  });

  it('expands a whole-path variable, and a relative result is relative to reauth.yaml\'s folder', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, 'tokens.env'), 'NETATMO_REFRESH_TOKEN=fake-refresh-0001\n');
    const ctx = fileTargetContext(dir, { TOKENS_FILE: 'tokens.env' });
    expect(targetFilePath(spec('${TOKENS_FILE}'), { baseDir: ctx.baseDir, env: ctx.deps.env })).toBe(join(dir, 'tokens.env'));
    expect((await createDotenvTarget(spec('${TOKENS_FILE}'), ctx).read()).values).toEqual({ refresh_token: 'fake-refresh-0001' });
  });

  it('refuses, naming the variable, when it is not set, and creates nothing', async () => {
    const dir = await tempFolder();
    const target = createDotenvTarget(spec('${APP_HOME}/.env'), fileTargetContext(dir, {}));
    const attempts = [target.read(), target.plan({ refresh_token: 'fake-refresh-0001' }), target.preflight()];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe('APP_HOME is not set, but reauth.yaml (file: ${APP_HOME}/.env) reads it from the environment.');
      expect((error as UserError).nextStep).toMatch(/export APP_HOME=/);
    }
    expect(() => targetFilePath(spec('${APP_HOME}/.env'), { baseDir: dir, env: {} })).toThrow(/APP_HOME is not set/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads $${NAME} as a literal ${NAME} in the path', async () => {
    const dir = await tempFolder();
    expect(targetFilePath(spec('$${NAME}/.env'), { baseDir: dir, env: { NAME: 'not-used' } })).toBe(join(dir, '${NAME}', '.env'));
  });

  it('names the expanded file in messages about its contents', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, '.env'), 'NETATMO_REFRESH_TOKEN="open\n');
    const target = createDotenvTarget(spec('${HERE}/.env'), fileTargetContext(dir, { HERE: dir }));
    await expect(target.read()).rejects.toThrow(`NETATMO_REFRESH_TOKEN in ${join(dir, '.env')} (line 1) opens a quote that is never closed`);
  });
});
