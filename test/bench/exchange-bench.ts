/**
 * What reauth adds on top of the network for the code exchange and a refresh: exchangeCode and
 * refreshGrant against the loopback Netatmo emulator, minus a bare fetch that sends the same
 * form to the same endpoint and gets the same kind of answer (the emulator does identical work
 * for both, so the difference is reauth's own: URL checks, form building, redaction, parsing).
 * The two are interleaved so a busy machine slows both alike.
 */
import type { ReauthConfig } from '../../src/config/types.js';
import { exchangeCode, refreshGrant } from '../../src/oauth/token-grants.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { summarize, type Summary } from './stats.js';

export interface ExchangeFigures {
  readonly bareExchange: Summary;
  readonly reauthExchange: Summary;
  readonly bareRefresh: Summary;
  readonly reauthRefresh: Summary;
}

const REDIRECT_URI = 'https://localhost/callback';
const SCOPES = ['read_station'];

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function bareTokenRequest(emulator: NetatmoEmulator, form: Record<string, string>): Promise<{ refresh_token: string }> {
  const response = await fetch(`${emulator.origin}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ ...form, client_id: emulator.clientId, client_secret: emulator.clientSecret }).toString(),
  });
  const body = (await response.json()) as { refresh_token?: string };
  if (!response.ok || !body.refresh_token) throw new Error(`emulator refused the bare request (HTTP ${response.status})`);
  return { refresh_token: body.refresh_token };
}

export async function benchExchange(runs: number, warmup: number): Promise<ExchangeFigures> {
  const emulator = await startNetatmoEmulator();
  try {
    const config: ReauthConfig = {
      path: '/nonexistent/reauth.yaml',
      baseDir: '/nonexistent',
      exists: false,
      profiles: {},
      providers: { netatmo: netatmoOverride(emulator) },
    };
    const provider = resolveProvider(config, { provider: 'netatmo', settings: {} });
    const deps = { fetch: globalThis.fetch, now: () => Date.now() };
    const client = { clientId: emulator.clientId, clientSecret: emulator.clientSecret };

    const samples = { bareExchange: [] as number[], reauthExchange: [] as number[], bareRefresh: [] as number[], reauthRefresh: [] as number[] };
    for (let i = 0; i < warmup + runs; i++) {
      const keep = i >= warmup;
      // Codes are single-use and refresh rotates the pair, so every request gets fresh ones.
      let bareRefreshToken = '';
      const bareExchange = await timed(async () => {
        const form = { grant_type: 'authorization_code', code: emulator.issueCode(REDIRECT_URI), redirect_uri: REDIRECT_URI, scope: SCOPES.join(' ') };
        bareRefreshToken = (await bareTokenRequest(emulator, form)).refresh_token;
      });
      const bareRefresh = await timed(() => bareTokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: bareRefreshToken }));

      const code = emulator.issueCode(REDIRECT_URI);
      let reauthRefreshToken = '';
      const reauthExchange = await timed(async () => {
        const tokens = await exchangeCode(provider, { ...client, code, redirectUri: REDIRECT_URI, scopes: SCOPES }, deps);
        reauthRefreshToken = tokens.refresh_token ?? '';
      });
      const reauthRefresh = await timed(() => refreshGrant(provider, { ...client, refreshToken: reauthRefreshToken }, deps));

      if (!keep) continue;
      samples.bareExchange.push(bareExchange);
      samples.bareRefresh.push(bareRefresh);
      samples.reauthExchange.push(reauthExchange);
      samples.reauthRefresh.push(reauthRefresh);
    }
    return {
      bareExchange: summarize(samples.bareExchange),
      reauthExchange: summarize(samples.reauthExchange),
      bareRefresh: summarize(samples.bareRefresh),
      reauthRefresh: summarize(samples.reauthRefresh),
    };
  } finally {
    await emulator.close();
  }
}
