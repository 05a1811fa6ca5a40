/**
 * What keeping a token safe costs (issue 8): one refresh of a Netatmo profile with a .env and
 * a config.yaml target, against the loopback emulator, three ways, interleaved so a busy
 * machine slows all alike:
 *   - naive: refresh, then write both files (what a hand-written cron script does);
 *   - with the safety copy: reserve and fsync the rescue file first, fill it, then write;
 *   - the whole `refreshProfile`: locks, preflight, reading the targets, rescued tokens
 *     first, the safety copy, delivery and the profile's record.
 * Each writes the same two files with the same atomic writer, so the differences are the
 * safety copy and the bookkeeping around it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshProfile } from '../../src/commands/refresh-profile.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Deps } from '../../src/deps.js';
import { deliver } from '../../src/delivery/deliver.js';
import { obtainTokens } from '../../src/delivery/obtain.js';
import { refreshGrant } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import { createTarget } from '../../src/targets/create-target.js';
import type { TargetSpec } from '../../src/targets/types.js';
import { fieldValues } from '../../src/tokens/token-set.js';
import { netatmoOverride, startNetatmoEmulator } from '../support/netatmo-emulator.js';
import { testDeps } from '../support/test-deps.js';
import { summarize, type Summary } from './stats.js';

export interface DeliveryFigures {
  readonly naive: Summary;
  readonly safetyCopy: Summary;
  readonly refreshProfile: Summary;
}

const SPECS: readonly TargetSpec[] = [
  { type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', expires_at: 'NETATMO_TOKEN_EXPIRES_AT' } },
  { type: 'yaml', file: 'config.yaml', at: 'weather.integrations.netatmo', keys: { refresh_token: 'refresh_token' } },
];

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export async function benchDelivery(runs: number, warmup: number): Promise<DeliveryFigures> {
  const emulator = await startNetatmoEmulator();
  const dir = await mkdtemp(join(tmpdir(), 'reauth-bench-delivery-'));
  try {
    const o = netatmoOverride(emulator);
    const first = await fetch(`${emulator.origin}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emulator.clientId, client_secret: emulator.clientSecret, code: emulator.issueCode('https://localhost/callback'), redirect_uri: 'https://localhost/callback' }),
    }).then((r) => r.json() as Promise<{ access_token: string; refresh_token: string }>);
    await writeFile(join(dir, '.env'), `# app\nNETATMO_ACCESS_TOKEN=${first.access_token}\nNETATMO_REFRESH_TOKEN=${first.refresh_token}\n`, { mode: 0o600 });
    await writeFile(join(dir, 'config.yaml'), `weather:\n  integrations:\n    netatmo:\n      refresh_token: '${first.refresh_token}'\n`, { mode: 0o600 });
    await writeFile(
      join(dir, 'reauth.yaml'),
      [
        'version: 1',
        'profiles:',
        '  weather:',
        '    provider: netatmo',
        `    client_id: ${emulator.clientId}`,
        `    client_secret: ${emulator.clientSecret}`,
        '    targets:',
        '      - { type: dotenv, file: .env, keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN, expires_at: NETATMO_TOKEN_EXPIRES_AT } }',
        '      - { type: yaml, file: config.yaml, at: weather.integrations.netatmo, keys: { refresh_token: refresh_token } }',
        'providers:',
        '  netatmo:',
        `    authorize_url: ${o.authorize_url}`,
        `    token_url: ${o.token_url}`,
        `    verify_url: ${o.verify_url}`,
        '',
      ].join('\n'),
    );
    const config = await loadConfig(join(dir, 'reauth.yaml'));
    const provider = resolveProvider(config, { provider: 'netatmo', settings: {} });
    const deps: Deps = testDeps();
    const client = { clientId: emulator.clientId, clientSecret: emulator.clientSecret };
    const targets = SPECS.map((spec) => createTarget(spec, { baseDir: dir, deps }));
    const owner = { profile: 'weather', service: 'netatmo' };
    let refreshToken = first.refresh_token;
    const keep = (tokens: Awaited<ReturnType<typeof refreshGrant>>) => fieldValues(tokens);

    const samples = { naive: [] as number[], safetyCopy: [] as number[], refreshProfile: [] as number[] };
    for (let i = 0; i < warmup + runs; i++) {
      const naive = await timed(async () => {
        const tokens = await refreshGrant(provider, { ...client, refreshToken }, deps);
        refreshToken = tokens.refresh_token ?? refreshToken;
        await deliver({ baseDir: dir, owner, targets, values: keep(tokens), obtainedAt: tokens.obtained_at, now: deps.now });
      });
      const safetyCopy = await timed(async () => {
        const obtained = await obtainTokens({ baseDir: dir, owner, now: deps.now, spending: 'the refresh token', request: () => refreshGrant(provider, { ...client, refreshToken }, deps), keep });
        refreshToken = obtained.tokens.refresh_token ?? refreshToken;
        await deliver({ baseDir: dir, owner, targets, values: obtained.values, obtainedAt: obtained.tokens.obtained_at, safetyCopy: obtained.safetyCopy, now: deps.now });
      });
      const whole = await timed(async () => {
        const result = await refreshProfile(config, 'weather', deps, { startedAt: Date.now() });
        if (result.exitCode !== 0) throw new Error(`refreshProfile failed in the bench: ${result.error?.message ?? result.exitCode}`);
      });
      // refreshProfile rotated the pair: the next naive run starts from what it wrote.
      refreshToken = emulator.liveRefreshTokens()[0] ?? refreshToken;
      if (i < warmup) continue;
      samples.naive.push(naive);
      samples.safetyCopy.push(safetyCopy);
      samples.refreshProfile.push(whole);
    }
    return { naive: summarize(samples.naive), safetyCopy: summarize(samples.safetyCopy), refreshProfile: summarize(samples.refreshProfile) };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
