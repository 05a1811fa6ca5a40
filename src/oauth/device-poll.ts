/**
 * RFC 8628 §3.4–3.5: asking the token endpoint, every `interval` seconds, whether the person
 * has approved the device code yet. `slow_down` adds 5 seconds for good; `authorization_pending`
 * keeps waiting; `access_denied` and `expired_token` end it with their own plain sentence.
 * The clock and the wait come in from outside, so tests run the whole thing on a fake clock.
 */
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import type { ResolvedProvider } from '../providers/types.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { DeviceGrant } from './device-authorization.js';
import { providerUrl } from './provider-url.js';
import { OAuthError, explainTokenError } from './token-errors.js';
import { errorCode, requestKeepingTokens, withClientAuth, type AnswerKeeper } from './token-grants.js';
import { tokenSetFromResponse } from './token-response.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
export const SLOW_DOWN_STEP_S = 5;

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PollDeps extends Pick<Deps, 'fetch' | 'now'> {
  readonly sleep?: Sleep;
}

/** What the last answer said, for the waiting screen. */
export type PollStatus = { readonly type: 'pending' } | { readonly type: 'slow_down'; readonly intervalSeconds: number };

export interface PollOptions {
  readonly signal?: AbortSignal;
  readonly onStatus?: (status: PollStatus) => void;
  /** As for the other grants: any tokens an answer holds, before the answer is judged. */
  readonly onAnswer?: AnswerKeeper;
}

export const DEVICE_LINES = {
  pending: 'Waiting for you to approve on your phone…',
  slowDown: (seconds: number) => `The service asked reauth to ask less often: now every ${seconds} seconds.`,
  denied: 'The sign-in was refused on the other device, so no tokens were handed out.',
  deniedNext: 'Start again and choose Allow (or Approve) on the page where you typed the code.',
  expired: 'The code expired before the sign-in was approved.',
  expiredNext: 'Get a new code and type it on the other device before the countdown runs out.',
} as const;

export async function pollDeviceToken(
  provider: ResolvedProvider,
  client: { readonly clientId: string; readonly clientSecret: string },
  grant: DeviceGrant,
  deps: PollDeps,
  options: PollOptions = {},
): Promise<TokenSet> {
  const sleep = deps.sleep ?? realSleep;
  const dialect = provider.deviceDialect;
  const form = { grant_type: dialect?.pollGrantType ?? DEVICE_CODE_GRANT, [dialect?.pollCodeParam ?? 'device_code']: grant.deviceCode };
  const expiredCodes = new Set(['expired_token', ...(dialect?.expiredCodes ?? [])]);
  const auth = client.clientSecret
    ? withClientAuth(provider, form, client)
    : { headers: {}, form: { ...form, [provider.clientIdParam]: client.clientId } };
  const secrets = [client.clientSecret, grant.deviceCode];
  let intervalSeconds = grant.intervalSeconds;

  for (;;) {
    // §3.5: the client waits at least `interval` before each request, the first one too.
    await sleep(intervalSeconds * 1000, options.signal);
    if (options.signal?.aborted) throw cancelled();
    if (deps.now() >= grant.expiresAt) throw expired();
    // The approved answer spends the device code: its tokens are kept before it is judged.
    const { response, held } = await requestKeepingTokens(
      deps,
      provider,
      { method: 'POST', url: providerUrl(provider, dialect?.pollUrl ?? provider.tokenUrl), form: auth.form, headers: auth.headers, secrets },
      options.onAnswer,
    );
    const code = errorCode(response.body);
    if (code === 'authorization_pending') {
      options.onStatus?.({ type: 'pending' });
      continue;
    }
    if (code === 'slow_down') {
      intervalSeconds += SLOW_DOWN_STEP_S;
      options.onStatus?.({ type: 'slow_down', intervalSeconds });
      continue;
    }
    if (code === 'access_denied') throw new OAuthError({ kind: 'code', message: DEVICE_LINES.denied, next: DEVICE_LINES.deniedNext }, code);
    if (code && expiredCodes.has(code)) throw expired();
    if (code === 'other_dc') throw otherDataCentre(provider.name, response.body);
    const problem = explainTokenError(provider, response.status, response.body, 'code', [...secrets, held?.access_token, held?.refresh_token]);
    if (problem) throw new OAuthError(problem, code);
    return tokenSetFromResponse(provider, response.body, deps.now());
  }
}

function expired(): OAuthError {
  return new OAuthError({ kind: 'code', message: DEVICE_LINES.expired, next: DEVICE_LINES.expiredNext }, 'expired_token');
}

/** Zoho: the person's account lives in another data centre than the one the code came from. */
function otherDataCentre(serviceName: string, body: unknown): OAuthError {
  const where = (body as { user_location?: unknown } | undefined)?.user_location;
  const named = typeof where === 'string' && /^[a-z.]{2,8}$/i.test(where) ? ` (${where})` : '';
  return new OAuthError(
    {
      kind: 'code',
      message: `The sign-in was approved with a ${serviceName} account that lives in another data centre${named} than the one reauth asked.`,
      next: `Run reauth setup again and choose that data centre${named}.`,
    },
    'other_dc',
  );
}

function cancelled(): UserError {
  return new UserError('The device sign-in was stopped before it was approved.', 'Run reauth setup again to get a new code.', ExitCode.usage);
}

const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
