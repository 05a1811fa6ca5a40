import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, lstat, mkdir, readdir, readFile, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { saveProfile } from '../../src/config/save-profile.js';
import { expandEnv, expandProfileEnv, literalForConfig } from '../../src/config/expand-env.js';
import type { ProfileConfig } from '../../src/config/types.js';
import { UserError } from '../../src/errors.js';
import { tempFolder, type TempFolder } from './config-files.js';

let folder: TempFolder;
beforeEach(async () => {
  folder = await tempFolder();
});
afterEach(async () => {
  await folder.remove();
});

const weather: ProfileConfig = {
  name: 'weather',
  provider: 'netatmo',
  client_id: '5f1c0de-fake',
  client_secret: '${NETATMO_CLIENT_SECRET}',
  scopes: ['read_station'],
  redirect_uri: 'https://localhost/callback',
  settings: { org_id: '0600001' },
  targets: [
    { type: 'yaml', file: 'config.yaml', at: 'weather.integrations.netatmo', keys: { refresh_token: 'refresh_token', client_secret: 'client_secret' } },
    { type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' } },
  ],
  after_write: 'sudo systemctl restart weather-dashboard',
};

/** A hand-written file: odd spacing, 4-space indents, comments everywhere, numbers with leading zeros. */
const handWritten = [
  '# Tokens for the house.   Ask Sam before changing.',
  'version: 1   # keep',
  '',
  'profiles:',
  '    # the weather station on the roof',
  '    weather:    # trailing note',
  '        provider: netatmo   # the station',
  '        client_id: 5f1c0de-fake',
  '        client_secret: ${NETATMO_CLIENT_SECRET}',
  '        scopes: [read_station]',
  '        redirect_uri: https://localhost/callback',
  '        settings: {org_id: 0600001}',
  '        # where they go',
  '        targets:',
  '        - type: yaml',
  '          file: config.yaml',
  '          at: weather.integrations.netatmo',
  '          keys: {refresh_token: refresh_token, client_secret: client_secret}',
  '        - type: dotenv',
  '          file: .env',
  '          keys: {access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN}',
  '        after_write: sudo systemctl restart weather-dashboard',
  '',
  '    locks:',
  '        provider: ttlock',
  "        settings: { lock_id: 000123 }   # the front door",
  '        targets: [{type: envpy, file: env.py, keys: {access_token: SCIENER_ACCESS_TOKEN}}]',
  '',
  'providers:',
  '    netatmo:',
  '        token_url: "http://127.0.0.1:1/netatmo/oauth2/token"   # practice server',
  '# the end',
  '',
].join('\n');

function profileOf(config: Awaited<ReturnType<typeof loadConfig>>, name: string): ProfileConfig {
  const profile = config.profiles[name];
  if (!profile) throw new Error(`profile ${name} missing`);
  return profile;
}

describe('saveProfile', () => {
  it('creates a missing file with a header saying it holds no secrets, and reads back equal', async () => {
    const path = join(folder.dir, 'reauth.yaml');
    await saveProfile(path, weather);
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/^# reauth profiles: .*\n# No secrets belong here.*\n.*safe to commit\.\nversion: 1\nprofiles:\n  weather:\n    provider: netatmo\n/);
    const loaded = await loadConfig(path);
    expect(loaded.warnings).toEqual([]);
    expect(profileOf(loaded, 'weather')).toEqual(weather);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it('keeps a literal ${ (written $${) literal through the file: the loaded profile expands to the typed text', async () => {
    const path = join(folder.dir, 'reauth.yaml');
    const typed = { clientId: 'fake-client-${REGION}', file: 'data/${odd}/.env' };
    await saveProfile(path, {
      ...weather,
      client_id: literalForConfig(typed.clientId),
      targets: [{ type: 'dotenv', file: literalForConfig(typed.file), keys: { refresh_token: 'NETATMO_REFRESH_TOKEN' } }],
    });
    const loaded = await loadConfig(path);
    const profile = expandProfileEnv(loaded, profileOf(loaded, 'weather'), { NETATMO_CLIENT_SECRET: 'fake-secret-0001' });
    expect(profile.client_id).toBe(typed.clientId);
    expect(expandEnv(profile.targets[0]!.file!, {}, { file: 'reauth.yaml', field: 'file' })).toBe(typed.file);
  });

  it('leaves a hand-written file byte for byte the same when the profile did not change', async () => {
    const path = await folder.write(handWritten);
    const loaded = await loadConfig(path);
    await saveProfile(path, profileOf(loaded, 'weather'));
    await saveProfile(path, profileOf(loaded, 'locks'));
    expect(await readFile(path, 'utf8')).toBe(handWritten);
  });

  it('rewrites only the lines of the fields that changed', async () => {
    const path = await folder.write(handWritten);
    const loaded = await loadConfig(path);
    const changed = { ...profileOf(loaded, 'weather'), scopes: ['read_station', 'read_thermostat'] };
    await saveProfile(path, changed);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(handWritten.replace('        scopes: [read_station]\n', '        scopes: [read_station, read_thermostat]\n'));
    expect(profileOf(await loadConfig(path), 'weather')).toEqual(changed);
  });

  it('removes fields the profile no longer has but keeps fields reauth does not know', async () => {
    const path = await folder.write(handWritten.replace('        client_id: 5f1c0de-fake\n', '        client_id: 5f1c0de-fake\n        owner: sam   # who set it up\n'));
    const loaded = await loadConfig(path);
    const { after_write: _dropped, ...rest } = profileOf(loaded, 'weather');
    await saveProfile(path, rest);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('after_write');
    expect(text).toContain('        owner: sam   # who set it up\n');
    expect(profileOf(await loadConfig(path), 'weather')).toEqual(rest);
  });

  it('adds new fields next to where they belong, in reauth order', async () => {
    const path = await folder.write(['version: 1', 'profiles:', '  chat:', '    provider: zoho-salesiq', '    targets: [{type: dotenv, file: .env, keys: {access_token: A}}]', ''].join('\n'));
    const profile: ProfileConfig = {
      name: 'chat',
      provider: 'zoho-salesiq',
      region: 'in',
      flow: 'self_client',
      settings: { screen_name: 'acme' },
      targets: [{ type: 'dotenv', file: '.env', keys: { access_token: 'A' } }],
    };
    await saveProfile(path, profile);
    expect(await readFile(path, 'utf8')).toBe(
      [
        'version: 1',
        'profiles:',
        '  chat:',
        '    provider: zoho-salesiq',
        '    region: in',
        '    flow: self_client',
        '    settings:',
        '      screen_name: acme',
        '    targets: [{type: dotenv, file: .env, keys: {access_token: A}}]',
        '',
      ].join('\n'),
    );
  });

  it('adds a new profile after the others and leaves everything else untouched', async () => {
    const path = await folder.write(handWritten);
    const social: ProfileConfig = {
      name: 'social',
      provider: 'tiktok',
      app_type: 'desktop',
      settings: {},
      targets: [{ type: 'json', file: 'main/tokens.json', keys: { access_token: 'access_token', refresh_token: 'refresh_token' } }],
    };
    await saveProfile(path, social);
    const text = await readFile(path, 'utf8');
    const [before, after] = handWritten.split('\nproviders:\n');
    expect(text.startsWith(`${before}\n    social:\n        provider: tiktok\n        app_type: desktop\n`)).toBe(true);
    expect(text.endsWith(`\nproviders:\n${after}`)).toBe(true);
    const loaded = await loadConfig(path);
    expect(profileOf(loaded, 'social')).toEqual(social);
    expect(Object.keys(loaded.profiles)).toEqual(['weather', 'locks', 'social']);
  });

  it('never writes a client secret that is not a ${VAR} reference', async () => {
    const path = join(folder.dir, 'reauth.yaml');
    await saveProfile(path, { ...weather, client_secret: 'fake-netatmo-secret-0001' });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('fake-netatmo-secret-0001');
    expect(text).not.toMatch(/^    client_secret:/m);
    expect(profileOf(await loadConfig(path), 'weather').client_secret).toBeUndefined();
  });

  it('keeps a literal secret the person wrote while it is unchanged, and drops it when it changes', async () => {
    const path = await folder.write(handWritten.replace('${NETATMO_CLIENT_SECRET}', 'fake-netatmo-secret-0001'));
    const loaded = await loadConfig(path);
    await saveProfile(path, profileOf(loaded, 'weather'));
    expect(await readFile(path, 'utf8')).toContain('client_secret: fake-netatmo-secret-0001');
    await saveProfile(path, { ...profileOf(loaded, 'weather'), client_secret: 'fake-netatmo-secret-0002' });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('fake-netatmo-secret-000');
    expect(text).not.toMatch(/^        client_secret:/m);
  });

  it('keeps Windows line ends and a byte order mark', async () => {
    const original = `\uFEFF${['version: 1', 'profiles:', '  a:', '    provider: netatmo', '    targets: [{type: dotenv, file: .env, keys: {refresh_token: R}}]', ''].join('\r\n')}`;
    const path = await folder.write(original);
    await saveProfile(path, { name: 'a', provider: 'netatmo', scopes: ['read_station'], settings: {}, targets: [{ type: 'dotenv', file: '.env', keys: { refresh_token: 'R' } }] });
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('\uFEFFversion: 1\r\n')).toBe(true);
    expect(text).toContain('    scopes: [read_station]\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('adds version and profiles below a file that holds only comments', async () => {
    const path = await folder.write('# profiles for the dashboard\n');
    await saveProfile(path, weather);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('# profiles for the dashboard\nversion: 1\nprofiles:\n  weather:\n')).toBe(true);
    expect(profileOf(await loadConfig(path), 'weather')).toEqual(weather);
  });

  it('adds a profiles section to a file that has only providers', async () => {
    const original = 'version: 1\nproviders:\n  netatmo:\n    token_url: http://127.0.0.1:1/token\n';
    const path = await folder.write(original);
    await saveProfile(path, weather);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith(`${original}profiles:\n  weather:\n`)).toBe(true);
    expect(profileOf(await loadConfig(path), 'weather')).toEqual(weather);
  });

  it('fills an empty profiles section', async () => {
    const path = await folder.write('version: 1\nprofiles: {}\n# later\n');
    await saveProfile(path, weather);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('version: 1\nprofiles:\n  weather:\n')).toBe(true);
    expect(text.endsWith('# later\n')).toBe(true);
    expect(profileOf(await loadConfig(path), 'weather')).toEqual(weather);
  });

  it('refuses to touch a file that is not valid YAML', async () => {
    const broken = 'version: 1\nprofiles:\n  weather: [\n';
    const path = await folder.write(broken);
    await expect(saveProfile(path, weather)).rejects.toThrow(/reauth\.yaml line \d is not valid YAML, so the profile was not saved/);
    expect(await readFile(path, 'utf8')).toBe(broken);
  });

  it('explains how to add the profile by hand when the layout cannot be edited safely', async () => {
    const flow = 'version: 1\nprofiles: {other: {provider: netatmo, targets: [{type: dotenv, file: .env, keys: {refresh_token: R}}]}}\n';
    const path = await folder.write(flow);
    const error = await saveProfile(path, weather).catch((caught: unknown) => caught as UserError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/could not add the profile to .*reauth\.yaml safely/);
    expect((error as UserError).nextStep).toContain('  weather:\n    provider: netatmo');
    expect(await readFile(path, 'utf8')).toBe(flow);
  });

  it('refuses a profile name that cannot be used in file names', async () => {
    await expect(saveProfile(join(folder.dir, 'reauth.yaml'), { ...weather, name: 'my weather' })).rejects.toThrow(/may only use letters/);
  });
});

describe('saveProfile on disk (the one atomic writer)', () => {
  it('keeps the permissions of the file it replaces and leaves neither a .bak nor a temp file', async () => {
    const path = await folder.write('version: 1\n');
    await chmod(path, 0o600);
    await saveProfile(path, weather);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toContain('  weather:\n    provider: netatmo\n');
    expect(await readdir(folder.dir)).toEqual(['reauth.yaml']);
  });

  it('writes through a symlinked reauth.yaml to the real file, and the link stays a link', async () => {
    await mkdir(join(folder.dir, 'dotfiles'));
    const real = await folder.write('version: 1\n', 'dotfiles/reauth.yaml');
    const link = join(folder.dir, 'reauth.yaml');
    await symlink(real, link);
    await saveProfile(link, weather);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toContain('  weather:\n');
    expect((await readdir(join(folder.dir, 'dotfiles'))).sort()).toEqual(['reauth.yaml']);
  });

  it('keeps a byte order mark the file had', async () => {
    const path = await folder.write('\uFEFFversion: 1\n');
    await saveProfile(path, weather);
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').indexOf('\uFEFF', 1)).toBe(-1);
  });

  it('refuses, in a plain sentence, when reauth.yaml is a folder', async () => {
    await mkdir(join(folder.dir, 'reauth.yaml'));
    await expect(saveProfile(join(folder.dir, 'reauth.yaml'), weather, { displayPath: 'reauth.yaml' })).rejects.toThrow(
      'reauth.yaml is a folder, not a file, so reauth cannot read or write it.',
    );
  });
});
