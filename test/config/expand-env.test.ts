import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envReferencesIn, expandEnv, expandProfileEnv, hasEnvReference, isEnvReference, literalForConfig } from '../../src/config/expand-env.js';
import { loadConfig } from '../../src/config/load-config.js';
import { UserError } from '../../src/errors.js';
import { tempFolder, yaml, type TempFolder } from './config-files.js';

const where = { file: 'reauth.yaml', line: 7, field: 'profiles.weather.client_secret' };

describe('expandEnv', () => {
  it('replaces ${VAR} with the value from the given environment', () => {
    expect(expandEnv('${NETATMO_CLIENT_SECRET}', { NETATMO_CLIENT_SECRET: 'fake-netatmo-secret-0001' }, where)).toBe('fake-netatmo-secret-0001');
  });

  it('replaces several references inside a longer value', () => {
    expect(expandEnv('${A}-${B}', { A: 'one', B: 'two' }, where)).toBe('one-two');
  });

  it('leaves text without references alone, including a lone $', () => {
    expect(expandEnv('abc$def', {}, where)).toBe('abc$def');
  });

  it('names the variable, the file and the line when the variable is not set, and mentions cron', () => {
    let caught: unknown;
    try {
      expandEnv('${NETATMO_CLIENT_SECRET}', {}, where);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    const error = caught as UserError;
    expect(error.message).toBe('NETATMO_CLIENT_SECRET is not set, but reauth.yaml line 7 (profiles.weather.client_secret) reads it from the environment.');
    expect(error.nextStep).toMatch(/export NETATMO_CLIENT_SECRET=/);
    expect(error.nextStep).toMatch(/cron/);
  });

  it('treats an empty variable like a missing one', () => {
    expect(() => expandEnv('${EMPTY}', { EMPTY: '' }, where)).toThrow(/EMPTY is empty/);
  });

  it('refuses a reference that is never closed', () => {
    expect(() => expandEnv('${NETATMO_CLIENT_SECRET', {}, where)).toThrow(/without a closing \}/);
  });

  it('refuses a reference that is not a variable name', () => {
    expect(() => expandEnv('${NOT A NAME}', {}, where)).toThrow(/not a valid variable name/);
  });

  it('reads $${VAR} as the literal text ${VAR}, and asks nothing of the environment for it', () => {
    expect(expandEnv('$${NETATMO_CLIENT_SECRET}', {}, where)).toBe('${NETATMO_CLIENT_SECRET}');
    expect(expandEnv('fake-$${A}-${B}', { B: 'two' }, where)).toBe('fake-${A}-two');
    expect(expandEnv('a$$b', {}, where)).toBe('a$$b');
  });

  it('reports a typo later in the value before an unset variable earlier in it', () => {
    expect(() => expandEnv('${UNSET}/${BAD NAME}', {}, where)).toThrow(/not a valid variable name/);
  });
});

describe('literalForConfig', () => {
  it.each(['plain', '${HOME}', 'a$${b}', '$$${', '${', '$', 'x}${y', '${A}${B}$'])('turns %j into text that expands back to itself and reads no variable', (text) => {
    const saved = literalForConfig(text);
    expect(hasEnvReference(saved)).toBe(false);
    expect(expandEnv(saved, {}, { file: 'reauth.yaml', field: 'profiles.p.client_id' })).toBe(text);
  });
});

describe('envReferencesIn', () => {
  it('lists the variables a value reads, skipping escaped ones, without needing the environment', () => {
    expect(envReferencesIn('${HOME}/apps/$${LITERAL}/${APP}.env', where)).toEqual(['HOME', 'APP']);
  });

  it('refuses the same typos expandEnv does', () => {
    expect(() => envReferencesIn('${HOME/app/.env', where)).toThrow(/without a closing \}/);
  });
});

describe('isEnvReference and hasEnvReference', () => {
  it('recognise a whole-value reference as the only safe form of a client secret', () => {
    expect(isEnvReference('${ZOHO_CLIENT_SECRET}')).toBe(true);
    expect(isEnvReference('prefix-${ZOHO_CLIENT_SECRET}')).toBe(false);
    expect(isEnvReference('fake-zoho-secret-0001')).toBe(false);
    expect(hasEnvReference('prefix-${ZOHO_CLIENT_SECRET}')).toBe(true);
    expect(hasEnvReference('fake-zoho-secret-0001')).toBe(false);
  });

  it('do not count an escaped $${VAR}, which is literal text', () => {
    expect(isEnvReference('$${ZOHO_CLIENT_SECRET}')).toBe(false);
    expect(hasEnvReference('$${ZOHO_CLIENT_SECRET}')).toBe(false);
  });
});

describe('${VAR} in a target\'s file: when reauth.yaml is loaded', () => {
  let folder: TempFolder;
  beforeEach(async () => {
    folder = await tempFolder();
  });
  afterEach(async () => {
    await folder.remove();
  });

  it('keeps file: as written, so a saved profile keeps the person\'s ${HOME}', async () => {
    const path = await folder.write(
      yaml('version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets: [{ type: dotenv, file: "${HOME}/app/.env", keys: { refresh_token: R } }]'),
    );
    const config = await loadConfig(path);
    expect(config.profiles['weather']?.targets[0]?.file).toBe('${HOME}/app/.env');
  });

  it('refuses a ${ typo in file: at load time, naming the line', async () => {
    const path = await folder.write(
      yaml('version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets:', '      - type: dotenv', '        file: ${HOME/app/.env', '        keys: { refresh_token: R }'),
    );
    await expect(loadConfig(path)).rejects.toThrow(/reauth\.yaml line 7 \(profiles\.weather\.targets\[0\]\.file\) has \$\{ without a closing \}/);
  });
});

describe('expandProfileEnv', () => {
  let folder: TempFolder;
  beforeEach(async () => {
    folder = await tempFolder();
  });
  afterEach(async () => {
    await folder.remove();
  });

  it('expands client_id and client_secret of a loaded profile and points at its line when one is missing', async () => {
    const path = await folder.write(
      yaml(
        'version: 1',
        'profiles:',
        '  weather:',
        '    provider: netatmo',
        '    client_id: ${NETATMO_CLIENT_ID}',
        '    client_secret: ${NETATMO_CLIENT_SECRET}',
        '    settings: { note: "${NOT_EXPANDED}" }',
        '    targets: [{ type: dotenv, file: .env, keys: { refresh_token: R } }]',
      ),
    );
    const config = await loadConfig(path);
    const profile = config.profiles['weather'];
    if (!profile) throw new Error('profile missing');
    const expanded = expandProfileEnv(config, profile, { NETATMO_CLIENT_ID: 'fake-netatmo-id-0001', NETATMO_CLIENT_SECRET: 'fake-netatmo-secret-0001' });
    expect(expanded.client_id).toBe('fake-netatmo-id-0001');
    expect(expanded.client_secret).toBe('fake-netatmo-secret-0001');
    expect(expanded.settings).toEqual({ note: '${NOT_EXPANDED}' });
    expect(() => expandProfileEnv(config, profile, { NETATMO_CLIENT_ID: 'fake-netatmo-id-0001' })).toThrow(
      /NETATMO_CLIENT_SECRET is not set, but .*reauth\.yaml line 6 \(profiles\.weather\.client_secret\)/,
    );
  });
});
