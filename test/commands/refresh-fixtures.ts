/**
 * Folders and deps for the refresh/status tests: a real temp folder with reauth.yaml pointing
 * a preset at a loopback emulation, targets seeded with a pair the emulation really issued.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../src/deps.js';
import { runCommand } from '../../src/system/run-command.js';
import { netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';

export function testDeps(env: NodeJS.ProcessEnv = {}): Deps {
  return {
    fetch: globalThis.fetch,
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    env,
    platform: process.platform,
    openUrl: async () => ({ ok: false, detail: 'refresh and status never open a browser' }),
    copyText: async () => ({ ok: false, detail: 'refresh and status never copy' }),
    runCommand,
  };
}

export async function tempProject(prefix = 'reauth-refresh-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface NetatmoPair {
  readonly access: string;
  readonly refresh: string;
}

/** A pair the emulation issued through a real code exchange, as `reauth setup` would get it. */
export async function netatmoPair(emu: NetatmoEmulator): Promise<NetatmoPair> {
  const code = emu.issueCode('https://localhost/callback');
  const response = await fetch(`${emu.origin}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emu.clientId, client_secret: emu.clientSecret, code, redirect_uri: 'https://localhost/callback' }),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

/** Refreshes behind reauth's back, as another program sharing the pair would. */
export async function refreshElsewhere(emu: NetatmoEmulator, refresh: string): Promise<NetatmoPair> {
  const response = await fetch(`${emu.origin}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.clientId, client_secret: emu.clientSecret, refresh_token: refresh }),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

export interface WeatherProjectOptions {
  /** Override token_url (e.g. a slow proxy in front of the emulation). */
  readonly tokenUrl?: string;
  /** Extra target entries (YAML lines, indented 6 spaces) after the two file targets. */
  readonly extraTargets?: string;
  readonly afterWrite?: string;
  /** ISO expiry stored in .env (default: two hours from now). */
  readonly expiresAt?: string;
}

export const WEATHER_ENV_HEAD = '# Weather dashboard\nexport OTHER="keep me # not a comment"\n\n';
export const WEATHER_YAML_HEAD = '# app settings\nweather:\n  city: Lyon   # keep\n  integrations:\n    netatmo:\n';

/**
 * The profile of DESIGN.md: the refresh token in config.yaml (first target), the whole set in
 * .env, the client secret read from the environment (`${NETATMO_CLIENT_SECRET}`).
 */
export async function weatherProject(dir: string, emu: NetatmoEmulator, pair: NetatmoPair, options: WeatherProjectOptions = {}): Promise<void> {
  const o = netatmoOverride(emu);
  await writeFile(
    join(dir, 'reauth.yaml'),
    [
      'version: 1',
      'profiles:',
      '  weather:',
      '    provider: netatmo',
      `    client_id: ${emu.clientId}`,
      '    client_secret: ${NETATMO_CLIENT_SECRET}',
      '    scopes: [read_station]',
      '    redirect_uri: https://localhost/callback',
      '    targets:',
      '      - type: yaml',
      '        file: config.yaml',
      '        at: weather.integrations.netatmo',
      '        keys: { refresh_token: refresh_token }',
      '      - type: dotenv',
      '        file: .env',
      '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN, expires_at: NETATMO_TOKEN_EXPIRES_AT }',
      ...(options.extraTargets ? [options.extraTargets] : []),
      ...(options.afterWrite ? [`    after_write: ${options.afterWrite}`] : []),
      'providers:',
      '  netatmo:',
      `    authorize_url: ${o.authorize_url}`,
      `    token_url: ${options.tokenUrl ?? o.token_url}`,
      `    verify_url: ${o.verify_url}`,
      '',
    ].join('\n'),
  );
  const expiresAt = options.expiresAt ?? new Date(Date.now() + 2 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await writeFile(
    join(dir, '.env'),
    `${WEATHER_ENV_HEAD}NETATMO_ACCESS_TOKEN='${pair.access}'\nNETATMO_REFRESH_TOKEN='${pair.refresh}'\nNETATMO_TOKEN_EXPIRES_AT=${expiresAt}\n`,
    { mode: 0o600 },
  );
  await writeFile(join(dir, 'config.yaml'), `${WEATHER_YAML_HEAD}      refresh_token: '${pair.refresh}'\n`, { mode: 0o640 });
}

/** Environment a cron job would have: the client secret exported, nothing else. */
export function weatherEnv(emu: NetatmoEmulator): NodeJS.ProcessEnv {
  return { NETATMO_CLIENT_SECRET: emu.clientSecret };
}

/** Every whole secret the emulation ever handed out or knows, for "nothing leaked" checks. */
export function netatmoSecrets(emu: NetatmoEmulator, ...pairs: NetatmoPair[]): string[] {
  return [emu.clientSecret, ...emu.liveAccessTokens(), ...emu.liveRefreshTokens(), ...pairs.flatMap((p) => [p.access, p.refresh])];
}

export function tokenRequests(emu: NetatmoEmulator, grant: 'refresh_token' | 'authorization_code' = 'refresh_token'): number {
  return emu.requests.filter((r) => r.url.pathname === '/oauth2/token' && r.form.get('grant_type') === grant).length;
}
