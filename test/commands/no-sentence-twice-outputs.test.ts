/**
 * Issue 11.7: "exit-3 texts and `status` repeat their instruction twice". What `refresh` and
 * `status` print for a profile — every line of it, read as one text — says each sentence once
 * and names each `reauth …` command once. The splitter is this test's own (as in
 * test/oauth/no-sentence-twice.test.ts), so a broken one in src cannot hide a repeat.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshCommand, statusCommand } from '../support/audited-commands.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTiktokEmulator, tiktokOverride } from '../support/tiktok-emulator.js';
import { startZohoEmulator, zohoOverride } from '../support/zoho-emulator.js';
import { netatmoPair, refreshElsewhere, tempProject, testDeps, weatherEnv, weatherProject, type NetatmoPair } from './refresh-fixtures.js';

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject();
  pair = await netatmoPair(emu);
  await weatherProject(dir, emu, pair);
});
afterEach(async () => {
  await emu.close();
});

const deps = () => testDeps(weatherEnv(emu));
const refresh = () => refreshCommand({ configPath: 'reauth.yaml', profiles: ['weather'], json: false, cwd: dir }, deps());
const status = () => statusCommand({ configPath: 'reauth.yaml', profiles: [], json: false, cwd: dir }, deps());

/** Sentences, compared without case, punctuation, marks (✘ ⚠ →) or line breaks. */
function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?:]["'”)`]?)\s+/u)
    .map((s) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
    .filter((s) => s.split(' ').length >= 3);
}

function repeats(text: string): { sentences: string[]; commands: string[] } {
  const sentences = sentencesOf(text);
  const commands = [...text.matchAll(/`(reauth [^`]+)`/g)].map((m) => m[1]!);
  return { sentences: sentences.filter((s, i) => sentences.indexOf(s) !== i), commands: commands.filter((c, i) => commands.indexOf(c) !== i) };
}

describe('no refresh or status output says its instruction twice', () => {
  it('the test’s own check finds a repeat (so it can fail)', () => {
    expect(repeats('✘ weather: X failed. Run `reauth setup weather` to sign in again.\n  Run `reauth setup weather` to sign in again.').commands).toEqual(['reauth setup weather']);
  });

  it('an exit-3 refresh (the pair was killed by another program), and the status after it', async () => {
    await refreshElsewhere(emu, pair.refresh);
    const refused = await refresh();
    expect(refused.exitCode).toBe(3);
    expect(repeats(refused.stderr), refused.stderr).toEqual({ sentences: [], commands: [] });
    const after = await status();
    expect(after.exitCode).toBe(3);
    expect(repeats(after.stdout), after.stdout).toEqual({ sentences: [], commands: [] });
  });

  it('no refresh token stored, after a sign-in that brought none, and with none at all', async () => {
    await writeFile(join(dir, 'config.yaml'), 'weather:\n  integrations:\n    netatmo: {}\n');
    await writeFile(join(dir, '.env'), `NETATMO_ACCESS_TOKEN='${pair.access}'\n`);
    for (const state of [undefined, { delivered: { obtained_at: new Date().toISOString(), token_id: 'abcdef012345', no_refresh_token: true } }]) {
      if (state) {
        await mkdir(join(dir, '.reauth', 'state'), { recursive: true });
        await writeFile(join(dir, '.reauth', 'state', 'weather.json'), JSON.stringify(state));
      }
      const refused = await refresh();
      expect(refused.exitCode).toBe(3);
      expect(repeats(refused.stderr), refused.stderr).toEqual({ sentences: [], commands: [] });
      // Said once, by the next step (the message used to end "you have to sign in again" too).
      expect(refused.stderr.match(/sign in again|sign in and store/gi) ?? [], refused.stderr).toHaveLength(1);
      const after = await status();
      expect(after.exitCode).toBe(3);
      expect(repeats(after.stdout), after.stdout).toEqual({ sentences: [], commands: [] });
    }
  });

  it('TikTok refused two days before its 365-day limit: the expiry warning does not say "sign in again" a second time', async () => {
    const tiktok = await startTiktokEmulator({ appKind: 'web', redirectUris: ['https://example.com/callback'] });
    try {
      const { clientKey, clientSecret } = tiktok.credentials;
      const authorize = new URL(`${tiktok.origin}/v2/auth/authorize/`);
      authorize.search = new URLSearchParams({ client_key: clientKey, scope: 'user.info.basic', response_type: 'code', redirect_uri: 'https://example.com/callback', state: 's1' }).toString();
      const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
      const answer = await fetch(`${tiktok.origin}/v2/oauth/token/`, {
        method: 'POST',
        body: new URLSearchParams({ client_key: clientKey, client_secret: clientSecret, code, grant_type: 'authorization_code', redirect_uri: 'https://example.com/callback' }),
      });
      const tokens = (await answer.json()) as Record<string, string>;
      const o = tiktokOverride(tiktok);
      const project = await tempProject();
      await writeFile(
        join(project, 'reauth.yaml'),
        `version: 1\nprofiles:\n  clips:\n    provider: tiktok\n    app_type: web\n    client_id: ${clientKey}\n    client_secret: \${TIKTOK_SECRET}\n    targets:\n      - type: dotenv\n        file: .env\n        keys: { access_token: TIKTOK_ACCESS_TOKEN, refresh_token: TIKTOK_REFRESH_TOKEN, refresh_expires_at: TIKTOK_REFRESH_EXPIRES_AT }\nproviders:\n  tiktok:\n    authorize_url: ${o.authorize_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`,
      );
      const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
      await writeFile(join(project, '.env'), `TIKTOK_ACCESS_TOKEN=${tokens.access_token}\nTIKTOK_REFRESH_TOKEN=${tokens.refresh_token}\nTIKTOK_REFRESH_EXPIRES_AT=${soon}\n`);
      tiktok.revokeRefreshTokens();
      const tiktokDeps = testDeps({ TIKTOK_SECRET: clientSecret });
      const refused = await refreshCommand({ configPath: 'reauth.yaml', profiles: ['clips'], json: false, cwd: project }, tiktokDeps);
      expect(refused.exitCode).toBe(3);
      expect(repeats(refused.stderr), refused.stderr).toEqual({ sentences: [], commands: [] });
      const after = await statusCommand({ configPath: 'reauth.yaml', profiles: [], json: false, cwd: project }, tiktokDeps);
      expect(after.exitCode).toBe(3);
      expect(repeats(after.stdout), after.stdout).toEqual({ sentences: [], commands: [] });
      // What the warning says is kept; only its instruction, already given, is not repeated.
      expect(after.stdout).toMatch(/⚠ The refresh token expires in 2 days .*no refresh extends that\.\n/);
    } finally {
      await tiktok.close();
    }
  });

  it('Zoho, whose refresh token was revoked', async () => {
    const zoho = await startZohoEmulator();
    try {
      const { selfClientId, selfClientSecret } = zoho.credentials;
      const code = zoho.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'] });
      const answer = await fetch(`${zoho.origin}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: selfClientId, client_secret: selfClientSecret, code }) });
      const tokens = (await answer.json()) as Record<string, string>;
      const o = zohoOverride(zoho, 'salesiq');
      const project = await tempProject();
      await writeFile(
        join(project, 'reauth.yaml'),
        `version: 1\nprofiles:\n  crm:\n    provider: zoho-salesiq\n    region: in\n    flow: self_client\n    settings: { screen_name: acme }\n    targets:\n      - type: json\n        file: zoho.json\n        keys: { access_token: access_token, refresh_token: refresh_token, client_id: client_id, client_secret: client_secret }\nproviders:\n  zoho-salesiq:\n    accounts_url: ${o.accounts_url}\n    api_url: ${o.api_url}\n`,
      );
      await writeFile(join(project, 'zoho.json'), JSON.stringify({ client_id: selfClientId, client_secret: selfClientSecret, access_token: tokens.access_token, refresh_token: tokens.refresh_token }));
      await fetch(`${zoho.origin}/oauth/v2/token/revoke?token=${encodeURIComponent(tokens.refresh_token!)}`, { method: 'POST' });
      const refused = await refreshCommand({ configPath: 'reauth.yaml', profiles: ['crm'], json: false, cwd: project }, testDeps({}));
      expect(refused.exitCode).toBe(3);
      expect(repeats(refused.stderr), refused.stderr).toEqual({ sentences: [], commands: [] });
      const after = await statusCommand({ configPath: 'reauth.yaml', profiles: [], json: false, cwd: project }, testDeps({}));
      expect(after.exitCode).toBe(3);
      expect(repeats(after.stdout), after.stdout).toEqual({ sentences: [], commands: [] });
    } finally {
      await zoho.close();
    }
  });
});
