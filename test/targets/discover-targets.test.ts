/**
 * Finding where tokens already live, in real temp folders laid out like the people in
 * SCENARIOS.md keep them.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/providers/catalogue.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { discoverTargets, inspectFile, whereFound, type DiscoveryContext } from '../../src/targets/discover-targets.js';
import { findCandidateFiles } from '../../src/targets/discover-files.js';
import { fileTargetContext, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();

function provider(id: string): ResolvedProvider {
  const preset = findPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  return { ...preset, vars: {}, assumptions: [] };
}

function context(dir: string, env: Record<string, string> = {}): DiscoveryContext {
  const base = fileTargetContext(dir);
  return { ...base, deps: { ...base.deps, env }, cwd: dir, configPath: join(dir, 'reauth.yaml') };
}

async function put(dir: string, path: string, text: string): Promise<void> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), text);
}

const GUEST_HOUSE_ENV_PY = `import os

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'guesthouse.settings')
os.environ.setdefault('SCIENER_CLIENT_ID', 'fake-ttlock-client-0001')
os.environ.setdefault('SCIENER_CLIENT_SECRET', 'fake-ttlock-secret-0001')
os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-ttlock-access-0000')
os.environ.setdefault('SCIENER_REFRESH_TOKEN', 'fake-ttlock-refresh-0000')
`;

const WEATHER_CONFIG = `# Weather dashboard
weather:
  units: metric
  integrations:
    openweather:
      api_key: fake-openweather-key-0001
    netatmo:
      enabled: true
      client_id: fake-netatmo-client-0001
      client_secret: fake-netatmo-secret-0001
      redirect_uri: https://localhost/callback
      refresh_token: fake-netatmo-refresh-0000
`;

describe('finding where the tokens already live', () => {
  it('offers a file of plain access_token/refresh_token keys, but chooses it only when it holds the same token as a file named for the service', async () => {
    const dir = await tempFolder();
    await put(dir, '.env', 'SALESIQ_ACCESS_TOKEN=fake-salesiq-access-0000\nSALESIQ_REFRESH_TOKEN=fake-salesiq-refresh-0000\n');
    // The guest house's TTLock tokens: same generic key names, another service.
    await put(dir, 'main/tokens.json', '{\n  "access_token": "fake-ttlock-access-0000",\n  "refresh_token": "fake-ttlock-refresh-0000"\n}\n');
    const found = await discoverTargets(provider('zoho-salesiq'), [], context(dir));
    const tokensJson = found.find((c) => c.label === 'main/tokens.json');
    expect(tokensJson).toBeDefined();
    expect(tokensJson?.preselect).toBe(false);
    expect(found.find((c) => c.label === '.env')?.preselect).toBe(true);
  });

  it('offers the guest house’s env.py and main/tokens.json first, with the names they already use', async () => {
    const dir = await tempFolder();
    await put(dir, 'env.py', GUEST_HOUSE_ENV_PY);
    await put(dir, 'main/tokens.json', '{\n  "access_token": "fake-ttlock-access-0000",\n  "refresh_token": "fake-ttlock-refresh-0000"\n}\n');
    await put(dir, 'main/settings.py', "DEBUG = True\nALLOWED_HOSTS = ['*']\n");
    await put(dir, 'package.json', '{ "name": "x", "access_token": "not-a-token-file" }');
    await put(dir, 'node_modules/some-lib/tokens.json', '{"access_token": "fake", "refresh_token": "fake"}');
    await put(dir, 'reauth.yaml', 'version: 1\nprofiles: {}\n');

    const found = await discoverTargets(provider('ttlock'), [], context(dir));
    expect(found.map(({ label, reason, preselect, exists, spec }) => ({ label, reason, preselect, exists, spec }))).toEqual([
      {
        label: 'env.py',
        reason: 'holds SCIENER_ACCESS_TOKEN and SCIENER_REFRESH_TOKEN',
        preselect: true,
        exists: true,
        spec: {
          type: 'envpy',
          file: 'env.py',
          keys: {
            access_token: 'SCIENER_ACCESS_TOKEN',
            refresh_token: 'SCIENER_REFRESH_TOKEN',
            client_id: 'SCIENER_CLIENT_ID',
            client_secret: 'SCIENER_CLIENT_SECRET',
          },
        },
      },
      {
        label: 'main/tokens.json',
        reason: 'holds access_token and refresh_token',
        preselect: true,
        exists: true,
        spec: { type: 'json', file: 'main/tokens.json', keys: { access_token: 'access_token', refresh_token: 'refresh_token' } },
      },
      {
        label: '.env',
        reason: 'a new file in this folder',
        preselect: undefined,
        exists: false,
        spec: { type: 'dotenv', file: '.env', keys: { access_token: 'TTLOCK_ACCESS_TOKEN', refresh_token: 'TTLOCK_REFRESH_TOKEN', expires_at: 'TTLOCK_TOKEN_EXPIRES_AT', uid: 'TTLOCK_UID' } },
      },
      {
        label: 'Another file…',
        reason: 'type its path: .env, .py, .yaml, .yml or .json',
        preselect: undefined,
        exists: false,
        spec: { type: 'dotenv', file: '', keys: {} },
      },
    ]);
  });

  it('finds the Netatmo mapping deep in config.yaml, next to other integrations', async () => {
    const dir = await tempFolder();
    await put(dir, 'config.yaml', WEATHER_CONFIG);
    const [first] = await discoverTargets(provider('netatmo'), [], context(dir));
    expect(first).toEqual({
      label: 'config.yaml at weather.integrations.netatmo',
      reason: 'holds refresh_token',
      preselect: true,
      exists: true,
      spec: {
        type: 'yaml',
        file: 'config.yaml',
        at: 'weather.integrations.netatmo',
        keys: { refresh_token: 'refresh_token', client_id: 'client_id', client_secret: 'client_secret' },
      },
    });
    expect(whereFound(first!.spec, 'client_id')).toBe('config.yaml (weather.integrations.netatmo.client_id)');
  });

  it('offers files with keys it cannot place, but does not tick them', async () => {
    const dir = await tempFolder();
    await put(dir, '.env', 'MYAPP_ACCESS_TOKEN=fake-a\nMYAPP_REFRESH_TOKEN=fake-r\n');
    const [first, second] = await discoverTargets(provider('netatmo'), [], context(dir));
    expect(first).toMatchObject({ label: '.env', preselect: false, reason: "holds MYAPP_ACCESS_TOKEN and MYAPP_REFRESH_TOKEN — check that these are Netatmo's" });
    expect(second?.label).toBe('Another file…');
  });

  it('ignores a file that holds only another service’s tokens', async () => {
    const dir = await tempFolder();
    await put(dir, 'env.py', GUEST_HOUSE_ENV_PY);
    const found = await discoverTargets(provider('netatmo'), [], context(dir));
    expect(found.map((c) => c.label)).toEqual(['.env', 'Another file…']);
  });

  it('adds the usual token keys to a .env that uses reauth’s names, keeping credentials where they are', async () => {
    const dir = await tempFolder();
    await put(dir, '.env', 'export NETATMO_CLIENT_ID=fake-id\nNETATMO_REFRESH_TOKEN=fake-old\n');
    const [first] = await discoverTargets(provider('netatmo'), [], context(dir));
    expect(first?.spec.keys).toEqual({
      access_token: 'NETATMO_ACCESS_TOKEN',
      refresh_token: 'NETATMO_REFRESH_TOKEN',
      expires_at: 'NETATMO_TOKEN_EXPIRES_AT',
      client_id: 'NETATMO_CLIENT_ID',
    });
  });

  it('offers an existing .env without tokens as a place to add them', async () => {
    const dir = await tempFolder();
    await put(dir, '.env', 'DATABASE_URL=postgres://fake\nNETATMO_CLIENT_SECRET=fake-secret\n');
    const [first] = await discoverTargets(provider('netatmo'), [], context(dir));
    expect(first).toMatchObject({
      label: '.env',
      reason: 'in this folder; the token keys will be added',
      exists: true,
      spec: { keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', expires_at: 'NETATMO_TOKEN_EXPIRES_AT', client_secret: 'NETATMO_CLIENT_SECRET' } },
    });
  });

  it('offers "Heroku app…" only when the heroku CLI is there, with the names env.py uses', async () => {
    const dir = await tempFolder();
    await put(dir, 'env.py', GUEST_HOUSE_ENV_PY);
    const bin = join(dir, 'bin', 'heroku');
    await put(dir, 'bin/heroku', '#!/bin/sh\nexit 0\n');
    await chmod(bin, 0o755);

    const without = await discoverTargets(provider('ttlock'), [], context(dir, { PATH: join(dir, 'nowhere') }));
    expect(without.some((c) => c.ask === 'heroku-app')).toBe(false);

    const onPath = await discoverTargets(provider('ttlock'), [], context(dir, { PATH: join(dir, 'bin') }));
    expect(onPath.find((c) => c.ask === 'heroku-app')).toEqual({
      label: 'Heroku app…',
      reason: 'config vars of one of your apps (you choose which next)',
      exists: false,
      ask: 'heroku-app',
      spec: { type: 'heroku', keys: { access_token: 'SCIENER_ACCESS_TOKEN', refresh_token: 'SCIENER_REFRESH_TOKEN' } },
    });
    const named = await discoverTargets(provider('ttlock'), [], context(dir, { REAUTH_HEROKU_BIN: bin }));
    expect(named.some((c) => c.ask === 'heroku-app')).toBe(true);
  });

  it('puts saved targets first and does not offer the same file twice', async () => {
    const dir = await tempFolder();
    await put(dir, 'config.yaml', WEATHER_CONFIG);
    const saved = { type: 'yaml' as const, file: 'config.yaml', at: 'weather.integrations.netatmo', keys: { refresh_token: 'refresh_token' } };
    const found = await discoverTargets(provider('netatmo'), [saved], context(dir));
    expect(found.map((c) => [c.label, c.reason])).toEqual([
      ['config.yaml at weather.integrations.netatmo', 'from the saved profile'],
      ['.env', 'a new file in this folder'],
      ['Another file…', 'type its path: .env, .py, .yaml, .yml or .json'],
    ]);
  });

  it('reads a file the person names: its own keys when it has them, else the defaults', async () => {
    const dir = await tempFolder();
    await put(dir, 'deploy/secrets.yaml', 'netatmo:\n  refresh_token: fake-old\n');
    const named = await inspectFile(provider('netatmo'), 'yaml', join(dir, 'deploy/secrets.yaml'), context(dir));
    expect(named).toMatchObject({ found: true, exists: true, spec: { type: 'yaml', file: 'deploy/secrets.yaml', at: 'netatmo', keys: { refresh_token: 'refresh_token' } } });
    const fresh = await inspectFile(provider('netatmo'), 'json', join(dir, 'new.json'), context(dir));
    expect(fresh).toEqual({
      found: false,
      exists: false,
      spec: { type: 'json', file: 'new.json', keys: { access_token: 'access_token', refresh_token: 'refresh_token' } },
    });
  });

  it('offers refresh_expires_at in a new target where the service has a hard expiry (TikTok), so status can warn', async () => {
    const dir = await tempFolder();
    const env = await inspectFile(provider('tiktok'), 'dotenv', join(dir, '.env'), context(dir));
    expect(env.spec.keys).toMatchObject({ refresh_token: 'TIKTOK_REFRESH_TOKEN', refresh_expires_at: 'TIKTOK_REFRESH_EXPIRES_AT' });
    const json = await inspectFile(provider('tiktok'), 'json', join(dir, 'tiktok.json'), context(dir));
    expect(json.spec.keys).toMatchObject({ refresh_expires_at: 'refresh_expires_at' });
    // Netatmo documents none: no key for it.
    const netatmo = await inspectFile(provider('netatmo'), 'dotenv', join(dir, '.env'), context(dir));
    expect(netatmo.spec.keys.refresh_expires_at).toBeUndefined();
  });
});

describe('scanning the folder', () => {
  it('looks one level down, skips tool files, examples, backups and big files, and stops at the limit', async () => {
    const dir = await tempFolder();
    await put(dir, '.env', 'A=1\n');
    await put(dir, '.env.example', 'A=\n');
    await put(dir, '.env.bak', 'A=1\n');
    await put(dir, 'tsconfig.json', '{}');
    await put(dir, 'docker-compose.yml', 'services: {}\n');
    await put(dir, 'app/config.yml', 'a: 1\n');
    await put(dir, 'app/deep/more.yml', 'a: 1\n');
    await put(dir, '.git/config.json', '{}');
    await put(dir, 'venv2/pyvenv.cfg', 'home = /usr\n');
    await put(dir, 'venv2/settings.json', '{}');
    await put(dir, 'big.json', `{"a": "${'x'.repeat(300 * 1024)}"}`);
    await put(dir, 'reauth.yaml', 'version: 1\n');
    const files = await findCandidateFiles(dir, [join(dir, 'reauth.yaml')]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.type])).toEqual([
      ['.env', 'dotenv'],
      ['app/config.yml', 'yaml'],
    ]);
    const limited = await findCandidateFiles(dir, [], { maxFiles: 1, maxFolders: 40, maxBytes: 1024 });
    expect(limited).toHaveLength(1);
  });
});
