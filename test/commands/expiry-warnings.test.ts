/**
 * Hard refresh-token expiries (issue 12, point 3) against the loopback TikTok, on an emulated
 * clock shared by reauth (deps.now) and the emulation: `status` warns 14, 3 and 1 day(s)
 * before the 365-day limit with the exact renew command, calls an expired one "sign in"
 * (exit 3); `refresh` warns on stderr and in --json with exit 0; the first-sign-in date is
 * kept in .reauth/state across refreshes and never moved forward.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { statusCommand } from '../support/audited-commands.js';
import type { Deps } from '../../src/deps.js';
import { refreshedExpiry, refreshExpiryWarning, signInExpiry } from '../../src/tokens/refresh-expiry.js';
import { tiktokPreset } from '../../src/providers/tiktok.js';
import { startTiktokEmulator, tiktokOverride, type TiktokEmulator } from '../support/tiktok-emulator.js';
import { tempProject, testDeps } from './refresh-fixtures.js';
import { startLoopbackServer } from '../support/loopback-server.js';
import { createSetupEffects } from '../../src/commands/setup-effects.js';
import { loadConfig } from '../../src/config/load-config.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import { fieldValues } from '../../src/tokens/token-set.js';

const DAY = 86_400_000;
const START = Date.parse('2027-01-10T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

interface Project {
  readonly emu: TiktokEmulator;
  readonly dir: string;
  readonly clock: { now: number };
  readonly deps: Deps;
  readonly tokens: Record<string, string>;
}

/** A TikTok profile whose pair the emulation issued at START (a real code exchange). */
async function project(options: { keys?: string; configPath?: string } = {}): Promise<Project> {
  const clock = { now: START };
  const emu = await startTiktokEmulator({ appKind: 'web', redirectUris: ['https://example.com/callback'], now: () => clock.now });
  closers.push(() => emu.close());
  const { clientKey, clientSecret } = emu.credentials;
  const authorize = new URL(`${emu.origin}/v2/auth/authorize/`);
  authorize.search = new URLSearchParams({ client_key: clientKey, scope: 'user.info.basic', response_type: 'code', redirect_uri: 'https://example.com/callback', state: 's1' }).toString();
  const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!);
  const response = await fetch(`${emu.origin}/v2/oauth/token/`, {
    method: 'POST',
    body: new URLSearchParams({ client_key: clientKey, client_secret: clientSecret, code: back.searchParams.get('code')!, grant_type: 'authorization_code', redirect_uri: 'https://example.com/callback' }),
  });
  const tokens = (await response.json()) as Record<string, string>;
  const o = tiktokOverride(emu);
  const dir = await tempProject('reauth-expiry-');
  const configPath = options.configPath ?? 'reauth.yaml';
  await mkdir(join(dir, configPath, '..'), { recursive: true });
  const keys = options.keys ?? '{ access_token: TIKTOK_ACCESS_TOKEN, refresh_token: TIKTOK_REFRESH_TOKEN, expires_at: TIKTOK_EXPIRES_AT, refresh_expires_at: TIKTOK_REFRESH_EXPIRES_AT }';
  await writeFile(
    join(dir, configPath),
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
        keys: ${keys}
providers:
  tiktok:
    authorize_url: ${o.authorize_url}
    token_url: ${o.token_url}
    verify_url: ${o.verify_url}
`,
  );
  const deps: Deps = { ...testDeps({ TIKTOK_SECRET: clientSecret }), now: () => clock.now };
  return { emu, dir: join(dir, configPath, '..'), clock, deps, tokens };
}

/** The .env as `reauth setup` leaves it, with the refresh token's expiry `daysLeft` days after the clock. */
async function storeEnv(p: Project, refreshExpiresAt: number | undefined): Promise<void> {
  const lines = [
    `TIKTOK_ACCESS_TOKEN=${p.tokens.access_token}`,
    `TIKTOK_REFRESH_TOKEN=${p.tokens.refresh_token}`,
    `TIKTOK_EXPIRES_AT=${iso(p.clock.now + 3_600_000)}`,
    ...(refreshExpiresAt !== undefined ? [`TIKTOK_REFRESH_EXPIRES_AT=${iso(refreshExpiresAt)}`] : []),
  ];
  await writeFile(join(p.dir, '.env'), `${lines.join('\n')}\n`);
}

const status = (p: Project, json = false, configPath = 'reauth.yaml') => statusCommand({ configPath, profiles: [], json, cwd: p.dir }, p.deps);
const refresh = (p: Project, json = false) => refreshCommand({ configPath: 'reauth.yaml', profiles: ['clips'], json, cwd: p.dir }, p.deps);

describe('reauth status before TikTok’s 365-day limit', () => {
  it('says nothing 20 days before', async () => {
    const p = await project();
    await storeEnv(p, p.clock.now + 20 * DAY);
    const output = await status(p);
    expect(output.exitCode).toBe(0);
    expect(output.stdout).toMatch(/^✔ clips \(TikTok\): working/);
    expect(output.stdout).not.toMatch(/refresh token expires/i);
    expect(JSON.parse((await status(p, true)).stdout)[0].refresh_expiry_warning).toBeNull();
  });

  it('warns 14 days before, with the command that renews it, and exits 0', async () => {
    const p = await project();
    await storeEnv(p, p.clock.now + 14 * DAY);
    const output = await status(p);
    expect(output.exitCode).toBe(0);
    expect(output.stdout).toContain('⚠ The refresh token expires in 14 days');
    expect(output.stdout).toContain('it lives 365 days from the first sign-in, and no refresh extends that. Sign in again before then: `reauth setup clips`.');
    const row = JSON.parse((await status(p, true)).stdout)[0];
    expect(row.refresh_expiry_warning).toMatchObject({ level: 'notice', days_left: 14, expires_at: iso(p.clock.now + 14 * DAY), renew_command: 'reauth setup clips' });
    expect(row.refresh_token.state).toBe('expiring');
  });

  it('warns more strongly 3 days and 1 day before', async () => {
    const p = await project();
    await storeEnv(p, p.clock.now + 3 * DAY);
    const three = JSON.parse((await status(p, true)).stdout)[0];
    expect(three.refresh_expiry_warning).toMatchObject({ level: 'soon', days_left: 3 });
    expect(three.warnings[0]).toMatch(/^The refresh token expires in 3 days .*Sign in again now: `reauth setup clips`\.$/);

    await storeEnv(p, p.clock.now + DAY - 60_000);
    const one = await status(p);
    expect(one.exitCode).toBe(0);
    expect(one.stdout).toContain('⚠ The refresh token expires in less than a day');
    expect(JSON.parse((await status(p, true)).stdout)[0].refresh_expiry_warning).toMatchObject({ level: 'urgent', days_left: 1 });
  });

  it('calls a refresh token past its limit "sign-in needed" (exit 3) with the command', async () => {
    const p = await project();
    await storeEnv(p, p.clock.now - 60_000);
    const output = await status(p);
    expect(output.exitCode).toBe(3);
    expect(output.stdout).toMatch(/^✘ clips \(TikTok\): sign-in needed — The refresh token expired at /);
    expect(output.stdout).toContain('Run `reauth setup clips` to sign in again.');
    expect(JSON.parse((await status(p, true)).stdout)[0].refresh_expiry_warning).toMatchObject({ level: 'expired', days_left: 0 });
  });

  it('names the profiles file with -c when it is not ./reauth.yaml', async () => {
    const p = await project({ configPath: 'ops/reauth.yaml' });
    await storeEnv(p, p.clock.now + 10 * DAY);
    const output = await statusCommand({ configPath: 'ops/reauth.yaml', profiles: [], json: false, cwd: join(p.dir, '..') }, p.deps);
    expect(output.stdout).toContain('`reauth setup clips -c ops/reauth.yaml`');
  });
});

describe('reauth refresh before the limit', () => {
  it('warns on stderr and in --json 13 days before, and still exits 0', async () => {
    const p = await project();
    await storeEnv(p, undefined);
    p.clock.now = START + 352 * DAY;
    const output = await refresh(p);
    expect(output.exitCode, output.stderr).toBe(0);
    expect(output.stdout).toMatch(/^✔ clips: refreshed/);
    expect(output.stderr).toContain('⚠ clips: The refresh token expires in 13 days (2028-01-10T09:00:00Z)');
    expect(output.stderr).toContain('`reauth setup clips`');
    const env = await readFile(join(p.dir, '.env'), 'utf8');
    expect(env).toContain('TIKTOK_REFRESH_EXPIRES_AT=2028-01-10T09:00:00Z\n');

    p.clock.now += 60_000;
    const json = await refresh(p, true);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)[0].refresh_expiry_warning).toMatchObject({ level: 'notice', days_left: 13, expires_at: '2028-01-10T09:00:00Z', renew_command: 'reauth setup clips' });
  });

  it('gives no warning on a refresh months before', async () => {
    const p = await project();
    await storeEnv(p, undefined);
    p.clock.now = START + 30 * DAY;
    const output = await refresh(p, true);
    expect(output.exitCode).toBe(0);
    expect(JSON.parse(output.stdout)[0].refresh_expiry_warning).toBeNull();
  });

  it('keeps the first-sign-in date in .reauth/state across refreshes, so status warns though the target has no expiry key', async () => {
    const p = await project({ keys: '{ access_token: TIKTOK_ACCESS_TOKEN, refresh_token: TIKTOK_REFRESH_TOKEN, expires_at: TIKTOK_EXPIRES_AT }' });
    await storeEnv(p, undefined);
    p.clock.now = START + 100 * DAY;
    expect((await refresh(p)).exitCode).toBe(0);
    p.clock.now = START + 200 * DAY;
    expect((await refresh(p)).exitCode).toBe(0);
    const state = JSON.parse(await readFile(join(p.dir, '.reauth', 'state', 'clips.json'), 'utf8'));
    expect(state.refresh_life).toMatchObject({ issued_at: iso(START), expires_at: iso(START + 365 * DAY) });
    expect(await readFile(join(p.dir, '.env'), 'utf8')).not.toContain('REFRESH_EXPIRES_AT');

    p.clock.now = START + 360 * DAY;
    const output = await status(p);
    expect(output.stdout).toContain('⚠ The refresh token expires in 5 days');
  });
});

describe('the hard-expiry rules (src/tokens/refresh-expiry.ts)', () => {
  const life = tiktokPreset.refreshTokenLife;
  it('never moves a first-issue expiry forward, even if a service sent a fresh 365 days', () => {
    const issuedAt = iso(START);
    const sentFresh = iso(START + 200 * DAY + 365 * DAY);
    expect(refreshedExpiry(life, { sent: sentFresh, issuedAt })).toBe(iso(START + 365 * DAY));
    expect(refreshedExpiry(life, { sent: sentFresh, stored: iso(START + 365 * DAY) })).toBe(iso(START + 365 * DAY));
    // A service without a fixed life: only what it sends.
    expect(refreshedExpiry({ kind: 'none-documented', source: 'test' }, { sent: undefined, stored: iso(START) })).toBeUndefined();
  });
  it('computes a sign-in’s expiry from the preset when the service sends none', () => {
    expect(signInExpiry(life, undefined, iso(START))).toBe(iso(START + 365 * DAY));
    expect(signInExpiry({ kind: 'cap', count: 20, source: 'test', sure: true }, undefined, iso(START))).toBeUndefined();
  });
  it('says when the lifetime is unconfirmed', () => {
    const w = refreshExpiryWarning(iso(START + 2 * DAY), START, 'reauth setup locks', { kind: 'fixed-from-first-issue', days: 3650, source: 'test', sure: false, note: 'not documented' });
    expect(w?.message).toContain('counted 10 years from the first sign-in (unconfirmed: not documented)');
  });
});

describe('notify: before the limit', () => {
  it('alerts once at 14, once at 3 and once at 1 day before, each with the renew command and no secret', async () => {
    const p = await project();
    const received: string[] = [];
    const hook = await startLoopbackServer((req) => {
      received.push(req.body);
      return { status: 200, body: 'ok' };
    });
    closers.push(() => hook.close());
    const config = join(p.dir, 'reauth.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('providers:\n', `    notify: { webhook: ${hook.origin}/hook }\nproviders:\n`));
    await storeEnv(p, undefined);
    const texts = () => received.map((body) => (JSON.parse(body) as { text: string }).text);

    for (const [day, expected] of [
      [1, 0],
      [352, 1], // 13 days left: the 14-day alert
      [353, 1], // still in the same state: nothing new
      [362.5, 2], // 2.5 days left: the 3-day alert
      [363, 2],
      [364.5, 3], // half a day left: the last one
      [364.6, 3],
    ] as const) {
      p.clock.now = START + day * DAY;
      const output = await refresh(p);
      expect(output.exitCode, `day ${day}: ${output.stderr}`).toBe(0);
      expect(received, `day ${day}`).toHaveLength(expected);
    }
    expect(texts()[0]).toMatch(/clips \(TikTok\) needs you\. The refresh token expires in 13 days .*Sign in again before then: `reauth setup clips`/);
    expect(texts()[1]).toMatch(/expires in 3 days/);
    expect(texts()[2]).toMatch(/expires in less than a day/);
    for (const body of received) expect(JSON.parse(body)).toMatchObject({ reauth: { state: expect.stringMatching(/^refresh-token-expires-in-/), next_step: 'Run `reauth setup clips`.' } });
    for (const secret of [p.tokens.access_token!, p.tokens.refresh_token!]) for (const body of received) expect(body).not.toContain(secret);
  });
});

describe('a wizard sign-in into a target without an expiry key (issue 11.7)', () => {
  it('keeps TikTok’s 365-day limit in .reauth/state once the profile is saved, so status warns before it', async () => {
    // The profile the wizard is about to save: its .env keeps the names the program reads, with no expiry key.
    const p = await project({ keys: '{ access_token: CLIPS_TOKEN, refresh_token: CLIPS_REFRESH }' });
    const config = await loadConfig(join(p.dir, 'reauth.yaml'));
    const profile = config.profiles['clips']!;
    await writeFile(join(p.dir, 'reauth.yaml'), (await readFile(join(p.dir, 'reauth.yaml'), 'utf8')).replace(/profiles:[\s\S]*?providers:/, 'profiles: {}\nproviders:'));
    const wizardConfig = await loadConfig(join(p.dir, 'reauth.yaml'));
    const provider = resolveProvider(wizardConfig, { provider: 'tiktok', app_type: 'web', settings: {} });
    const effects = createSetupEffects(p.deps, { config: wizardConfig, cwd: p.dir, noBrowser: true });

    const { clientKey, clientSecret } = p.emu.credentials;
    const authorize = new URL(`${p.emu.origin}/v2/auth/authorize/`);
    authorize.search = new URLSearchParams({ client_key: clientKey, scope: 'user.info.basic', response_type: 'code', redirect_uri: 'https://example.com/callback', state: 's2' }).toString();
    const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const owner = { service: 'tiktok', clientId: clientKey };
    const obtained = await effects.exchangeCode(provider, { clientId: clientKey, clientSecret, code, redirectUri: 'https://example.com/callback' }, { owner, client: {} });
    expect(obtained.tokens.refresh_expires_at).toBe(iso(START + 365 * DAY));
    const values = fieldValues(obtained.tokens);
    const plans = await effects.planTargets(profile.targets, values);
    const delivery = await effects.deliver({ specs: profile.targets, plans, values, obtainedAt: obtained.tokens.obtained_at, owner, safetyCopy: obtained.safetyCopy });
    expect(delivery.complete).toBe(true);
    await effects.saveProfile(profile);
    expect(await readFile(join(p.dir, '.env'), 'utf8')).not.toContain('EXPIRES');

    p.clock.now = START + 355 * DAY;
    const output = await status(p);
    expect(output.stdout).toContain('⚠ The refresh token expires in 10 days');
    expect(output.stdout).toContain('reauth setup clips');
  });
});

describe('a TikTok profile whose first sign-in date reauth never saw', () => {
  it('says status cannot warn before the 365 days, and how to make it able to', async () => {
    const p = await project({ keys: '{ access_token: CLIPS_TOKEN, refresh_token: CLIPS_REFRESH }' });
    await writeFile(join(p.dir, '.env'), `CLIPS_TOKEN=${p.tokens.access_token}\nCLIPS_REFRESH=${p.tokens.refresh_token}\n`);
    const output = await status(p);
    expect(output.stdout).toMatch(/TikTok refresh tokens stop working 365 days after the first sign-in, and reauth does not know when this one was issued/);
    expect(output.stdout).toContain('`reauth setup clips`');
    // Known from the target: the ordinary rules apply, and this sentence is not said.
    const withKey = await project();
    await storeEnv(withKey, START + 365 * DAY);
    const known = await status(withKey);
    expect(known.stdout).toContain('refresh token');
    expect(known.stdout).not.toContain('does not know when this one was issued');
  });
});
