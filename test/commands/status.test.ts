/**
 * `reauth status` against the loopback Netatmo and Zoho: what it says and which exit code it
 * gives in each state, and that it never spends a token.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand } from '../support/audited-commands.js';
import { statusCommand } from '../support/audited-commands.js';
import { saveRescue } from '../delivery/rescue-helpers.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startZohoEmulator, zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';
import { netatmoPair, netatmoSecrets, refreshElsewhere, tempProject, testDeps, tokenRequests, weatherEnv, weatherProject, type NetatmoPair } from './refresh-fixtures.js';

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject('reauth-status-');
  pair = await netatmoPair(emu);
  await weatherProject(dir, emu, pair);
});
afterEach(async () => {
  await emu.close();
});

function status(json = false) {
  return statusCommand({ configPath: 'reauth.yaml', profiles: [], json, cwd: dir }, testDeps(weatherEnv(emu)));
}
function refresh() {
  return refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, testDeps(weatherEnv(emu)));
}
const stationChecks = () => emu.requests.filter((r) => r.url.pathname === '/api/getstationsdata').length;

describe('reauth status (Netatmo)', () => {
  it('says a working profile works, per target, with the last refresh, and spends nothing', async () => {
    expect((await refresh()).exitCode).toBe(0);
    const before = tokenRequests(emu);
    const output = await status();
    expect(output.exitCode).toBe(0);
    const lines = output.stdout.split('\n');
    expect(lines[0]).toBe('✔ weather (Netatmo): working — 1 weather station found (Home)');
    expect(output.stdout).toMatch(/\n {4}config\.yaml at weather\.integrations\.netatmo: refresh token fake…[0-9a-f]{4} \(\d+ chars\)\n/);
    expect(output.stdout).toMatch(/\n {4}\.env: access token fake…[0-9a-f]{4} \(\d+ chars\), valid until (\d{4}-\d\d-\d\d )?\d\d:\d\d \((?:2 h 59 min|3 h) left\) · refresh token fake…/);
    expect(output.stdout).toMatch(/\n {4}last refresh: (\d{4}-\d\d-\d\d )?\d\d:\d\d \(\d+ s ago\)\n/);
    expect(tokenRequests(emu)).toBe(before);
    for (const secret of netatmoSecrets(emu, pair)) expect(output.stdout).not.toContain(secret);
  });

  it('calls an expired access token "refresh needed" without an error exit, and does not ask the service', async () => {
    await weatherProject(dir, emu, pair, { expiresAt: '2020-01-01T00:00:00Z' });
    const output = await status();
    expect(output.exitCode).toBe(0);
    expect(output.stdout).toMatch(/^⚠ weather \(Netatmo\): refresh needed — The access token expired at 2020-01-01T00:00:00Z\.\n {4}`reauth refresh weather` gets a new one/);
    expect(stationChecks()).toBe(0);
  });

  it('believes the service when it says the token expired before the stored time (clock skew): refresh needed', async () => {
    emu.expireAccessTokens();
    const output = await status();
    expect(output.exitCode).toBe(0);
    expect(output.stdout).toMatch(/^⚠ weather \(Netatmo\): refresh needed — .*error 3/);
  });

  it('says a person must sign in (exit 3) when the access token was killed by another program', async () => {
    await refreshElsewhere(emu, pair.refresh);
    const output = await status();
    expect(output.exitCode).toBe(3);
    expect(output.stdout).toMatch(/^✘ weather \(Netatmo\): sign-in needed — The access token in config\.yaml at weather\.integrations\.netatmo, \.env was refused before its expiry time|^✘ weather \(Netatmo\): sign-in needed — The access token in \.env was refused before its expiry time/);
    expect(output.stdout).toContain('`reauth setup weather`');
  });

  it('remembers a refused refresh token without asking the token endpoint again', async () => {
    await refreshElsewhere(emu, pair.refresh);
    expect((await refresh()).exitCode).toBe(3);
    const before = tokenRequests(emu);
    const output = await status(true);
    expect(output.exitCode).toBe(3);
    expect(tokenRequests(emu)).toBe(before);
    const [row] = JSON.parse(output.stdout) as { health: string; findings: { message: string; next: string }[]; last_refresh: { result: string } }[];
    expect(row!.health).toBe('sign-in-needed');
    expect(row!.last_refresh.result).toBe('sign-in-again');
    expect(row!.findings[0]!.message).toMatch(/^The last refresh \(.*\) was refused and the same refresh token is still stored: Netatmo no longer accepts/);
    expect(row!.findings[0]!.next).toBe('Run `reauth setup weather` to sign in again.');
  });

  it('asks for a sign-in when no refresh token is stored', async () => {
    await writeFile(join(dir, '.env'), '# nothing yet\n');
    await writeFile(join(dir, 'config.yaml'), 'weather: {}\n');
    const output = await status();
    expect(output.exitCode).toBe(3);
    expect(output.stdout).toContain('sign-in needed — No refresh token is stored in any target.');
    expect(output.stdout).toContain('    .env: no tokens stored');
  });

  it('points at rescued tokens waiting to be written (exit 5)', async () => {
    const path = await saveRescue(dir, 'weather', { refresh_token: pair.refresh }, Date.now());
    const output = await status();
    expect(output.exitCode).toBe(5);
    expect(output.stdout).toContain(`rescued tokens waiting — Tokens obtained `);
    expect(output.stdout).toContain(path);
    expect(output.stdout).toContain('`reauth refresh weather`');
  });

  it('says the service is unavailable (exit 4) behind a captive portal', async () => {
    emu.answerHtml = true;
    const output = await status();
    expect(output.exitCode).toBe(4);
    expect(output.stdout).toMatch(/^✘ weather \(Netatmo\): service unavailable — The live check of .* failed: .*web page instead of data/);
  });

  it('reports a target it cannot read as a configuration problem (exit 2), with the others still shown', async () => {
    await writeFile(join(dir, 'config.yaml'), 'weather: [unclosed\n');
    const output = await status();
    expect(output.exitCode).toBe(2);
    expect(output.stdout).toMatch(/^✘ weather \(Netatmo\): configuration problem — config\.yaml at weather\.integrations\.netatmo cannot be read: /);
    expect(output.stdout).toMatch(/\n {4}\.env: access token fake…/);
  });

  it('prints --json that parses, holds masked values only, and says the state of each token', async () => {
    expect((await refresh()).exitCode).toBe(0);
    const output = await status(true);
    const [row] = JSON.parse(output.stdout) as Record<string, unknown>[];
    expect(row).toMatchObject({
      profile: 'weather',
      provider: 'Netatmo',
      ok: true,
      health: 'ok',
      exit_code: 0,
      access_token: { state: 'valid' },
      refresh_token: { state: 'unknown', expires_at: null },
      last_refresh: { result: 'ok' },
      rescue_files: [],
      findings: [],
    });
    expect(row!.live_checks).toEqual([{ targets: ['.env'], ok: true, summary: '1 weather station found (Home)', problem: null }]);
    for (const secret of netatmoSecrets(emu, pair)) expect(output.stdout).not.toContain(secret);
    expect(output.stdout).not.toContain(emu.clientSecret);
  });
});

describe('reauth status (Zoho SalesIQ and Desk, each on its own API)', () => {
  let zoho: ZohoEmulator;
  afterEach(async () => {
    await zoho?.close();
  });

  it('checks a SalesIQ token on SalesIQ and a Desk token on Desk, and spots a SalesIQ token in the Desk slot', async () => {
    zoho = await startZohoEmulator();
    const { selfClientId, selfClientSecret } = zoho.credentials;
    const mint = async (scope: string): Promise<Record<string, string>> => {
      const code = zoho.issueSelfClientCode({ scopes: [scope] });
      const response = await fetch(`${zoho.origin}/oauth/v2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: selfClientId, client_secret: selfClientSecret, code }),
      });
      return (await response.json()) as Record<string, string>;
    };
    const salesiq = await mint('SalesIQ.departments.READ');
    const desk = await mint('Desk.basic.READ');
    const zdir = await tempProject('reauth-status-zoho-');
    const profile = (name: string, provider: string, prefix: string, extra: string) => `  ${name}:
    provider: ${provider}
    region: in
    flow: self_client
    client_id: ${selfClientId}
${extra}    targets:
      - type: dotenv
        file: .env
        keys: { access_token: ${prefix}_ACCESS_TOKEN, refresh_token: ${prefix}_REFRESH_TOKEN }
`;
    const s = zohoOverride(zoho, 'salesiq');
    const d = zohoOverride(zoho, 'desk');
    await writeFile(
      join(zdir, 'reauth.yaml'),
      `version: 1\nprofiles:\n${profile('chat', 'zoho-salesiq', 'SALESIQ', '    settings: { screen_name: acme }\n')}${profile('helpdesk', 'zoho-desk', 'DESK', '')}` +
        `providers:\n  zoho-salesiq:\n    accounts_url: ${s.accounts_url}\n    api_url: ${s.api_url}\n  zoho-desk:\n    accounts_url: ${d.accounts_url}\n    api_url: ${d.api_url}\n`,
    );
    const envFile = (deskAccess: string) =>
      `SALESIQ_ACCESS_TOKEN=${salesiq.access_token}\nSALESIQ_REFRESH_TOKEN=${salesiq.refresh_token}\nDESK_ACCESS_TOKEN=${deskAccess}\nDESK_REFRESH_TOKEN=${desk.refresh_token}\n`;
    await writeFile(join(zdir, '.env'), envFile(desk.access_token!));
    const run = (json: boolean) => statusCommand({ configPath: 'reauth.yaml', profiles: [], json, cwd: zdir }, testDeps({}));

    const good = await run(false);
    expect(good.exitCode, good.stdout).toBe(0);
    expect(good.stdout).toContain('✔ chat (Zoho SalesIQ): working');
    expect(good.stdout).toMatch(/✔ helpdesk \(Zoho Desk\): working — organization Acme Support/);
    const paths = zoho.requests.map((r) => r.url.pathname);
    expect(paths).toContain('/salesiq/api/v2/acme/departments');
    expect(paths).toContain('/desk/api/v1/organizations');
    expect(paths).not.toContain('/oauth/v2/token/revoke');

    await writeFile(join(zdir, '.env'), envFile(salesiq.access_token!));
    const mixed = await run(true);
    expect(mixed.exitCode).toBe(2);
    const rows = JSON.parse(mixed.stdout) as { profile: string; health: string; findings: { message: string }[] }[];
    expect(rows.map((r) => [r.profile, r.health])).toEqual([
      ['chat', 'ok'],
      ['helpdesk', 'config-error'],
    ]);
    expect(rows[1]!.findings[0]!.message).toMatch(/not accepted by Zoho Desk .*a SalesIQ token in the Desk slot/);
    expect(mixed.stdout).not.toContain(salesiq.access_token!);
    expect(await readFile(join(zdir, '.env'), 'utf8')).toBe(envFile(salesiq.access_token!));
  });
});
