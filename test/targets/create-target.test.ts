import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createTarget } from '../../src/targets/create-target.js';
import type { TargetSpec } from '../../src/targets/types.js';
import { fileTargetContext } from './temp-folder.js';

const ctx = fileTargetContext('/srv/app');

describe('createTarget', () => {
  it.each([
    [{ type: 'dotenv', file: '.env', keys: {} }, '.env'],
    [{ type: 'envpy', file: 'env.py', keys: {} }, 'env.py'],
    [{ type: 'yaml', file: 'config.yaml', at: 'weather.integrations.netatmo', keys: {} }, 'config.yaml at weather.integrations.netatmo'],
    [{ type: 'yaml', file: 'config.yaml', keys: {} }, 'config.yaml'],
    [{ type: 'json', file: 'main/tokens.json', keys: {} }, 'main/tokens.json'],
  ] as [TargetSpec, string][])('labels a %j target as %s', (spec, label) => {
    const target = createTarget(spec, ctx);
    expect(target.label).toBe(label);
    expect(target.spec).toBe(spec);
  });

  it('hands heroku targets to the heroku module', () => {
    expect(createTarget({ type: 'heroku', app: 'guesthouse', keys: {} }, ctx).label).toContain('guesthouse');
  });

  it('explains an unknown target type instead of crashing', () => {
    const spec = { type: 'toml', file: 'x.toml', keys: {} } as unknown as TargetSpec;
    expect(() => createTarget(spec, ctx)).toThrow(UserError);
    expect(() => createTarget(spec, ctx)).toThrow(expect.objectContaining({
      message: 'A target in reauth.yaml has type "toml", which reauth does not know.',
      nextStep: 'use one of: dotenv, envpy, yaml, json, heroku',
    }));
  });

  it('asks for `file:` when a file target has none', () => {
    expect(() => createTarget({ type: 'dotenv', keys: {} }, ctx)).toThrow(/has no `file:`/);
  });
});
