/**
 * `reauth refresh` against the loopback Zoho, TikTok and TTLock: what each service's refresh
 * answer holds (Zoho: no refresh token), and the likely reason given when a refresh token is
 * rejected, with the one command that fixes it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { startTiktokEmulator, tiktokOverride, type TiktokEmulator } from '../support/tiktok-emulator.js';
import { startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';
import { tempProject, testDeps } from './refresh-fixtures.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function postForm(url: string, form: Record<string, string>): Promise<Record<string, string>> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  return (await response.json()) as Record<string, string>;
}

function refresh(dir: string, profile: string, json = false) {
  return refreshCommand({ configPath: 'reauth.yaml', profiles: [profile], json, cwd: dir }, testDeps({}));
}

describe('Zoho SalesIQ', () => {
  async function setUp(): Promise<{ emu: ZohoEmulator; dir: string; refreshToken: string }> {
    const emu = await startZohoEmulator();
    closers.push(() => emu.close());
    const { selfClientId, selfClientSecret } = emu.credentials;
    const code = emu.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'] });
    const tokens = await postForm(`${emu.origin}/oauth/v2/token`, { grant_type: 'authorization_code', client_id: selfClientId, client_secret: selfClientSecret, code });
    const o = zohoOverride(emu, 'salesiq');
    const dir = await tempProject();
    await writeFile(
      join(dir, 'reauth.yaml'),
      `version: 1
profiles:
  crm:
    provider: zoho-salesiq
    region: in
    flow: self_client
    settings: { screen_name: acme }
    targets:
      - type: json
        file: zoho.json
        keys: { access_token: access_token, refresh_token: refresh_token, expires_at: expires_at, api_domain: api_domain, client_id: client_id, client_secret: client_secret }
providers:
  zoho-salesiq:
    accounts_url: ${o.accounts_url}
    api_url: ${o.api_url}
`,
    );
    await writeFile(
      join(dir, 'zoho.json'),
      `${JSON.stringify({ client_id: selfClientId, client_secret: selfClientSecret, access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_at: '2020-01-01T00:00:00Z' }, null, 4)}\n`,
    );
    return { emu, dir, refreshToken: tokens.refresh_token! };
  }

  it('keeps the stored refresh token when the answer has none, and updates the rest', async () => {
    const { emu, dir, refreshToken } = await setUp();
    for (let round = 1; round <= 2; round++) {
      const output = await refresh(dir, 'crm');
      expect(output.exitCode, output.stderr).toBe(0);
      const stored = JSON.parse(await readFile(join(dir, 'zoho.json'), 'utf8')) as Record<string, string>;
      expect(stored.refresh_token).toBe(refreshToken);
      expect(stored.access_token).toMatch(/^1000\.fake-zoho-access-/);
      expect(stored.api_domain).toBe('https://www.zohoapis.in');
      expect(Date.parse(stored.expires_at!)).toBeGreaterThan(Date.now() + 3_000_000);
      // Four-space indentation and key order survive.
      expect(await readFile(join(dir, 'zoho.json'), 'utf8')).toMatch(/^\{\n {4}"client_id": /);
    }
    expect(emu.isRefreshTokenAlive(refreshToken)).toBe(true);
    const json = JSON.parse((await refresh(dir, 'crm', true)).stdout) as { refresh_token_rotated: boolean }[];
    expect(json[0]!.refresh_token_rotated).toBe(false);
  });

  it('explains a revoked refresh token (revoked, or evicted by a 21st) and leaves the file byte-identical', async () => {
    const { emu, dir, refreshToken } = await setUp();
    await fetch(`${emu.origin}/oauth/v2/token/revoke?token=${encodeURIComponent(refreshToken)}`, { method: 'POST' });
    const before = await readFile(join(dir, 'zoho.json'));
    const output = await refresh(dir, 'crm');
    expect(output.exitCode).toBe(3);
    expect(output.stderr).toContain('Zoho no longer accepts the stored refresh token (invalid_code).');
    expect(output.stderr).toMatch(/revoked, or silently deleted because 20 newer ones were made/);
    expect(output.stderr).toContain('`reauth setup crm`');
    expect(await readFile(join(dir, 'zoho.json'))).toEqual(before);
  });
});

describe('TikTok', () => {
  async function setUp(): Promise<{ emu: TiktokEmulator; dir: string }> {
    const emu = await startTiktokEmulator({ appKind: 'web', redirectUris: ['https://example.com/callback'] });
    closers.push(() => emu.close());
    const { clientKey, clientSecret } = emu.credentials;
    const authorize = new URL(`${emu.origin}/v2/auth/authorize/`);
    authorize.search = new URLSearchParams({ client_key: clientKey, scope: 'user.info.basic', response_type: 'code', redirect_uri: 'https://example.com/callback', state: 's1' }).toString();
    const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!);
    const tokens = await postForm(`${emu.origin}/v2/oauth/token/`, {
      client_key: clientKey,
      client_secret: clientSecret,
      code: back.searchParams.get('code')!,
      grant_type: 'authorization_code',
      redirect_uri: 'https://example.com/callback',
    });
    const o = tiktokOverride(emu);
    const dir = await tempProject();
    await writeFile(
      join(dir, 'reauth.yaml'),
      `version: 1
profiles:
  clips:
    provider: tiktok
    app_type: web
    client_id: ${clientKey}
    client_secret: \${TIKTOK_SECRET}
    targets:
      - type: dotenv
        file: .env
        keys: { access_token: TIKTOK_ACCESS_TOKEN, refresh_token: TIKTOK_REFRESH_TOKEN, expires_at: TIKTOK_EXPIRES_AT, refresh_expires_at: TIKTOK_REFRESH_EXPIRES_AT, open_id: TIKTOK_OPEN_ID }
providers:
  tiktok:
    authorize_url: ${o.authorize_url}
    token_url: ${o.token_url}
    verify_url: ${o.verify_url}
`,
    );
    await writeFile(join(dir, '.env'), `TIKTOK_ACCESS_TOKEN=${tokens.access_token}\nTIKTOK_REFRESH_TOKEN=${tokens.refresh_token}\n`);
    return { emu, dir };
  }
  const run = (dir: string) => refreshCommand({ configPath: 'reauth.yaml', profiles: ['clips'], json: false, cwd: dir }, testDeps({ TIKTOK_SECRET: 'fake-tiktok-secret-0001' }));

  it('stores the rotated refresh token, its expiry and the open_id', async () => {
    const { emu, dir } = await setUp();
    const output = await run(dir);
    expect(output.exitCode, output.stderr).toBe(0);
    const env = await readFile(join(dir, '.env'), 'utf8');
    const [latest] = emu.issuedTokens();
    expect(env).toContain(`TIKTOK_REFRESH_TOKEN=${latest!.refreshToken}\n`);
    expect(env).toContain('TIKTOK_OPEN_ID=fake-open-id-0001\n');
    const refreshExpiry = Date.parse(/TIKTOK_REFRESH_EXPIRES_AT=(\S+)/.exec(env)![1]!);
    expect(refreshExpiry).toBeGreaterThan(Date.now() + 364 * 86_400_000);
  });

  it('says a year has passed or a rotated token was not stored, and to run `reauth setup clips`', async () => {
    const { emu, dir } = await setUp();
    emu.revokeRefreshTokens();
    const output = await run(dir);
    expect(output.exitCode).toBe(3);
    expect(output.stderr).toMatch(/365 days from the first sign-in.*rotated refresh token was not stored/);
    expect(output.stderr).toContain('`reauth setup clips`');
    expect(output.stderr).not.toContain('PROFILE');
  });
});

describe('TTLock', () => {
  async function setUp(): Promise<{ emu: TtlockEmulator; dir: string }> {
    const emu = await startTtlockEmulator();
    closers.push(() => emu.close());
    const { clientId, clientSecret, username, passwordMd5 } = emu.credentials;
    const tokens = await postForm(`${emu.origin}/oauth2/token`, { clientId, clientSecret, username, password: passwordMd5 });
    const o = ttlockOverride(emu);
    const dir = await tempProject();
    await writeFile(
      join(dir, 'reauth.yaml'),
      `version: 1
profiles:
  locks:
    provider: ttlock
    flow: password
    client_id: ${clientId}
    targets:
      - type: envpy
        file: env.py
        keys: { access_token: TTLOCK_ACCESS_TOKEN, refresh_token: TTLOCK_REFRESH_TOKEN, uid: TTLOCK_UID, client_secret: TTLOCK_CLIENT_SECRET }
providers:
  ttlock:
    api_url: ${o.api_url}
    token_url: ${o.token_url}
    verify_url: ${o.verify_url}
`,
    );
    await writeFile(
      join(dir, 'env.py'),
      `import os\nos.environ.setdefault('TTLOCK_CLIENT_SECRET', '${clientSecret}')\nos.environ.setdefault('TTLOCK_ACCESS_TOKEN', '${tokens.access_token}')\nos.environ.setdefault('TTLOCK_REFRESH_TOKEN', '${tokens.refresh_token}')\n`,
    );
    return { emu, dir };
  }

  it('refreshes with the client secret read from the target and stores the uid', async () => {
    const { emu, dir } = await setUp();
    const output = await refresh(dir, 'locks');
    expect(output.exitCode, output.stderr).toBe(0);
    const py = await readFile(join(dir, 'env.py'), 'utf8');
    expect(py).toContain(`os.environ.setdefault('TTLOCK_ACCESS_TOKEN', '${emu.issued()[0]!.accessToken}')`);
    expect(py).toContain("os.environ.setdefault('TTLOCK_UID', '7001')");
  });

  it('says the password was probably changed, and to run `reauth setup locks`', async () => {
    const { emu, dir } = await setUp();
    emu.revokeRefreshTokens();
    const before = await readFile(join(dir, 'env.py'));
    const output = await refresh(dir, 'locks');
    expect(output.exitCode).toBe(3);
    expect(output.stderr).toMatch(/errcode 10004/);
    expect(output.stderr).toMatch(/password was changed or the token was revoked/);
    expect(output.stderr).toContain('`reauth setup locks`');
    expect(await readFile(join(dir, 'env.py'))).toEqual(before);
  });
});
