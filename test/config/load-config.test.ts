import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { ExitCode, UserError } from '../../src/errors.js';
import { tempFolder, yaml, type TempFolder } from './config-files.js';

let folder: TempFolder;
beforeEach(async () => {
  folder = await tempFolder();
});
afterEach(async () => {
  await folder.remove();
});

async function loadError(text: string): Promise<UserError> {
  const path = await folder.write(text);
  const error = await loadConfig(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const weatherTarget = ['    targets:', '      - type: dotenv', '        file: .env', '        keys: { refresh_token: NETATMO_REFRESH_TOKEN }'];

describe('loadConfig', () => {
  it('treats a missing file as a first run with no profiles', async () => {
    const config = await loadConfig(join(folder.dir, 'reauth.yaml'));
    expect(config.exists).toBe(false);
    expect(config.profiles).toEqual({});
    expect(config.providers).toEqual({});
    expect(config.baseDir).toBe(folder.dir);
  });

  it('treats an empty file as existing but holding no profiles', async () => {
    const config = await loadConfig(await folder.write('# nothing yet\n'));
    expect(config.exists).toBe(true);
    expect(config.profiles).toEqual({});
  });

  it('reads the example from DESIGN.md, including a custom provider and an override', async () => {
    const path = await folder.write(
      yaml(
        'version: 1',
        'profiles:',
        '  weather:                         # a name the user picks',
        '    provider: netatmo',
        '    flow: authorization_code',
        '    client_id: 5f1c0de',
        '    client_secret: ${NETATMO_CLIENT_SECRET}',
        '    scopes: [read_station]',
        '    redirect_uri: https://localhost/callback',
        '    settings: { screen_name: acme, org_id: "600001" }',
        '    targets:',
        '      - type: yaml',
        '        file: config.yaml',
        '        at: weather.integrations.netatmo',
        '        keys: { refresh_token: refresh_token, client_id: client_id, client_secret: client_secret }',
        '      - type: dotenv',
        '        file: .env',
        '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN,',
        '                expires_at: NETATMO_TOKEN_EXPIRES_AT }',
        '      - type: heroku',
        '        app: my-heroku-app',
        '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN }',
        '    after_write: sudo systemctl restart weather-dashboard',
        '  chat:',
        '    provider: zoho-salesiq',
        '    region: in',
        '    flow: self_client',
        '    targets:',
        '      - { type: envpy, file: env.py, keys: { access_token: SALESIQ_ACCESS_TOKEN } }',
        'providers:',
        '  netatmo:',
        '    token_url: http://127.0.0.1:8080/netatmo/oauth2/token',
        '  my-api:',
        '    name: My API',
        '    authorize_url: https://id.example.com/oauth2/authorize',
        '    token_url: https://id.example.com/oauth2/token',
        '    scopes: [openid, offline_access]',
        '    pkce: S256',
        '    client_auth: body',
      ),
    );
    const config = await loadConfig(path);
    expect(config.warnings).toEqual([]);
    const weather = config.profiles['weather'];
    expect(weather).toMatchObject({
      name: 'weather',
      provider: 'netatmo',
      flow: 'authorization_code',
      client_id: '5f1c0de',
      client_secret: '${NETATMO_CLIENT_SECRET}',
      scopes: ['read_station'],
      settings: { screen_name: 'acme', org_id: '600001' },
      after_write: 'sudo systemctl restart weather-dashboard',
    });
    expect(weather?.targets).toEqual([
      { type: 'yaml', file: 'config.yaml', at: 'weather.integrations.netatmo', keys: { refresh_token: 'refresh_token', client_id: 'client_id', client_secret: 'client_secret' } },
      { type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', expires_at: 'NETATMO_TOKEN_EXPIRES_AT' } },
      { type: 'heroku', app: 'my-heroku-app', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' } },
    ]);
    expect(config.profiles['chat']).toMatchObject({ provider: 'zoho-salesiq', region: 'in', flow: 'self_client', settings: {} });
    expect(config.providers['netatmo']).toEqual({ token_url: 'http://127.0.0.1:8080/netatmo/oauth2/token' });
    expect(config.providers['my-api']).toMatchObject({ name: 'My API', pkce: 'S256', client_auth: 'body', scopes: ['openid', 'offline_access'] });
    expect(config.lines?.['profiles.weather.client_secret']).toBe(7);
  });

  it('keeps numbers as they are spelt, so ids with leading zeros survive', async () => {
    const path = await folder.write(
      yaml('version: 1', 'profiles:', '  desk:', '    provider: zoho-desk', '    client_id: 1000123', '    settings: { org_id: 0600001, port: 8080 }', ...weatherTarget),
    );
    const desk = (await loadConfig(path)).profiles['desk'];
    expect(desk?.client_id).toBe('1000123');
    expect(desk?.settings).toEqual({ org_id: '0600001', port: '8080' });
  });

  it('follows YAML anchors shared between profiles', async () => {
    const path = await folder.write(
      yaml(
        'version: 1',
        'profiles:',
        '  a:',
        '    provider: netatmo',
        '    targets: &shared',
        '      - { type: dotenv, file: .env, keys: { refresh_token: R } }',
        '  b:',
        '    provider: netatmo',
        '    targets: *shared',
      ),
    );
    const config = await loadConfig(path);
    expect(config.profiles['b']?.targets).toEqual(config.profiles['a']?.targets);
  });

  it('warns, without showing it, when a client secret is written out in full', async () => {
    const path = await folder.write(
      yaml('version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    client_secret: fake-netatmo-secret-0001', ...weatherTarget),
    );
    const config = await loadConfig(path);
    expect(config.profiles['weather']?.client_secret).toBe('fake-netatmo-secret-0001');
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings?.[0]).toMatch(/reauth\.yaml line 5: profiles\.weather\.client_secret is written out in full/);
    expect(config.warnings?.[0]).toContain('${NETATMO_CLIENT_SECRET}');
    expect(config.warnings?.[0]).not.toContain('fake-netatmo-secret-0001');
  });

  it('warns about fields it does not know instead of failing', async () => {
    const path = await folder.write(yaml('version: 1', 'owner: ops team', 'profiles:', '  weather:', '    provider: netatmo', '    notes: the old one', ...weatherTarget));
    const config = await loadConfig(path);
    expect(config.profiles['weather']?.provider).toBe('netatmo');
    expect(config.warnings).toEqual([
      expect.stringMatching(/reauth\.yaml line 2: owner is not a field reauth knows, so it is ignored/),
      expect.stringMatching(/reauth\.yaml line 6: profiles\.weather\.notes is not a field reauth knows/),
    ]);
  });

  it('warns when the version line is missing but still reads the file', async () => {
    const config = await loadConfig(await folder.write(yaml('profiles:', '  weather:', '    provider: netatmo', ...weatherTarget)));
    expect(config.profiles['weather']).toBeDefined();
    expect(config.warnings?.[0]).toMatch(/no version: line/);
  });

  it('reads files with a byte order mark and Windows line ends', async () => {
    const text = `\uFEFF${yaml('version: 1', 'profiles:', '  weather:', '    provider: netatmo', ...weatherTarget).replace(/\n/g, '\r\n')}`;
    const config = await loadConfig(await folder.write(text));
    expect(config.profiles['weather']?.targets[0]?.file).toBe('.env');
  });

  const broken: { name: string; lines: string[]; error: RegExp; next?: RegExp }[] = [
    {
      name: 'YAML that does not parse',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: [netatmo', '    region: eu'],
      error: /reauth\.yaml line \d: the file is not valid YAML/,
    },
    {
      name: 'a tab used for indentation',
      lines: ['version: 1', 'profiles:', '  weather:', '\tprovider: netatmo'],
      error: /reauth\.yaml line 4: a tab is used for indentation; YAML needs spaces\./,
    },
    {
      name: 'the same profile twice',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '  weather:', '    provider: netatmo'],
      error: /reauth\.yaml line 5: "weather" appears twice in one mapping/,
    },
    {
      name: 'a misspelt target type',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets:', '      - file: .env', '        type: dotnev', '        keys: { refresh_token: R }'],
      error: /reauth\.yaml line 7: profiles\.weather\.targets\[0\]\.type must be one of dotenv, envpy, yaml, json, heroku \(found "dotnev"\)\./,
      next: /Did you mean dotenv\?/,
    },
    {
      name: 'a dotenv target without a file',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets:', '      - type: dotenv', '        keys: { refresh_token: R }'],
      error: /reauth\.yaml line 6: profiles\.weather\.targets\[0\] \(dotenv\) needs file:/,
    },
    {
      name: 'a heroku target without an app',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets:', '      - type: heroku', '        keys: { refresh_token: R }'],
      error: /reauth\.yaml line 6: profiles\.weather\.targets\[0\] \(heroku\) needs app:/,
    },
    {
      name: 'a key map naming something that is not a token field',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets:', '      - type: dotenv', '        file: .env', '        keys:', '          refersh_token: R'],
      error: /reauth\.yaml line 9: profiles\.weather\.targets\[0\]\.keys\.refersh_token is not a token field; did you mean refresh_token\?/,
    },
    {
      name: 'a target with no keys',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets:', '      - type: dotenv', '        file: .env'],
      error: /reauth\.yaml line 6: profiles\.weather\.targets\[0\] needs keys:/,
    },
    {
      name: 'an unknown provider close to a built-in one',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmoo', ...weatherTarget],
      error: /reauth\.yaml line 4: profiles\.weather\.provider "netatmoo" is not a built-in service or one defined under providers:; did you mean netatmo\?/,
      next: /Built-in services: netatmo, ttlock, tiktok, zoho-salesiq, zoho-desk/,
    },
    {
      name: 'a region the service does not have',
      lines: ['version: 1', 'profiles:', '  locks:', '    provider: ttlock', '    region: us', ...weatherTarget],
      error: /reauth\.yaml line 5: profiles\.locks\.region must be one of eu, cn for TTLock \(Sciener\) \(found "us"\)\./,
    },
    {
      name: 'a flow the service does not offer',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    flow: password', ...weatherTarget],
      error: /reauth\.yaml line 5: profiles\.weather\.flow password is not offered by Netatmo; it supports authorization_code\./,
    },
    {
      name: 'a flow that does not exist',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    flow: implicit', ...weatherTarget],
      error: /reauth\.yaml line 5: profiles\.weather\.flow must be one of authorization_code, self_client, password/,
    },
    {
      name: 'a misspelt profile field',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    scoeps: [read_station]', ...weatherTarget],
      error: /reauth\.yaml line 5: profiles\.weather\.scoeps is not a field reauth knows; did you mean scopes\?/,
    },
    {
      name: 'scopes given as one string',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    scopes: read_station', ...weatherTarget],
      error: /reauth\.yaml line 5: profiles\.weather\.scopes must be a list, e\.g\. \[read_station\] \(found "read_station"\)\./,
    },
    {
      name: 'settings that nest',
      lines: ['version: 1', 'profiles:', '  desk:', '    provider: zoho-desk', '    settings:', '      org: { id: 1 }', ...weatherTarget],
      error: /reauth\.yaml line 6: profiles\.desk\.settings\.org must be a single value \(found a mapping\)\./,
    },
    {
      name: 'an app type the service does not have',
      lines: ['version: 1', 'profiles:', '  social:', '    provider: tiktok', '    app_type: mobile', ...weatherTarget],
      error: /reauth\.yaml line 5: profiles\.social\.app_type must be one of desktop, web for TikTok/,
    },
    {
      name: 'a profile without targets',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo'],
      error: /reauth\.yaml line 3: profiles\.weather has no targets/,
    },
    {
      name: 'a profile without a provider',
      lines: ['version: 1', 'profiles:', '  weather:', '    region: eu', ...weatherTarget],
      error: /reauth\.yaml line 3: profiles\.weather needs provider:/,
    },
    {
      name: 'a profile name with a space',
      lines: ['version: 1', 'profiles:', '  my weather:', '    provider: netatmo', ...weatherTarget],
      error: /reauth\.yaml line 3: the profile name "my weather" may only use letters/,
    },
    {
      name: 'a newer version',
      lines: ['version: 2', 'profiles: {}'],
      error: /reauth\.yaml line 1: version 2 is not one this reauth understands/,
      next: /newer reauth/,
    },
    {
      name: 'a custom provider without a token URL',
      lines: ['version: 1', 'providers:', '  my-api:', '    authorize_url: https://id.example.com/authorize'],
      error: /reauth\.yaml line 3: providers\.my-api is not a built-in service, so it needs token_url/,
    },
    {
      name: 'a misspelt override field',
      lines: ['version: 1', 'providers:', '  netatmo:', '    tokn_url: http://127.0.0.1:9/token'],
      error: /reauth\.yaml line 4: providers\.netatmo\.tokn_url is not a field reauth knows; did you mean token_url\?/,
    },
    {
      name: 'a code lifetime that is not a number',
      lines: ['version: 1', 'providers:', '  netatmo:', '    code_lifetime_s: ten minutes'],
      error: /reauth\.yaml line 4: providers\.netatmo\.code_lifetime_s must be a whole number of seconds/,
    },
    {
      name: 'an address without a scheme',
      lines: ['version: 1', 'providers:', '  netatmo:', '    token_url: api.netatmo.com/oauth2/token'],
      error: /reauth\.yaml line 4: providers\.netatmo\.token_url must be a whole https:\/\/ address/,
    },
    {
      name: 'two token fields sent to one key (a secret would be written as the token)',
      lines: ['version: 1', 'profiles:', '  weather:', '    provider: netatmo', '    targets:', '      - type: dotenv', '        file: .env', '        keys:', '          access_token: NETATMO_ACCESS_TOKEN', '          client_secret: NETATMO_ACCESS_TOKEN'],
      error: /reauth\.yaml line 10: .*sends both access_token and client_secret to NETATMO_ACCESS_TOKEN/,
    },
    {
      name: 'a top level that is a list',
      lines: ['- version: 1'],
      error: /reauth\.yaml line 1: the top level of the file must be a mapping/,
    },
  ];

  it.each(broken)('refuses $name, naming the line and the field', async ({ lines, error, next }) => {
    const caught = await loadError(yaml(...lines));
    expect(caught.message).toMatch(error);
    expect(caught.exitCode).toBe(ExitCode.usage);
    expect(caught.nextStep).toBeTruthy();
    if (next) expect(caught.nextStep).toMatch(next);
  });

  it('names the file as the person gave it', async () => {
    await folder.write(yaml('version: 3'));
    const cwd = process.cwd();
    process.chdir(folder.dir);
    try {
      const caught = await loadConfig('./reauth.yaml').catch((error: unknown) => error as UserError);
      expect((caught as UserError).message).toMatch(/^reauth\.yaml line 1: /);
    } finally {
      process.chdir(cwd);
    }
  });

  it('names the file as the caller asks, e.g. the -c argument as typed', async () => {
    const path = await folder.write(yaml('version: 3'));
    await expect(loadConfig(path, { displayPath: 'ops/tokens.yaml' })).rejects.toThrow(/^ops\/tokens\.yaml line 1: /);
  });

  it('refuses a folder given as the profiles file', async () => {
    await expect(loadConfig(folder.dir)).rejects.toThrow(/is a folder, not a profiles file/);
  });
});

describe('loadConfig with services handed in', () => {
  it('checks provider ids against the presets it is given instead of the catalogue', async () => {
    const folder = await tempFolder();
    try {
      const path = await folder.write(yaml('version: 1', 'profiles:', '  weather:', '    provider: netatmo', ...weatherTarget));
      await expect(loadConfig(path, { presets: [] })).rejects.toThrow(/"netatmo" is not a built-in service/);
    } finally {
      await folder.remove();
    }
  });
});
