/**
 * RFC 8628 §3.1–3.2: asking the service for a device code and the short code a person types
 * on another device. Nothing is spent here: the device code only becomes tokens once someone
 * approves it, and that is polled for in device-poll.ts.
 */
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import type { DeviceDialect, ResolvedProvider } from '../providers/types.js';
import { safeLine, safeText } from '../system/terminal-text.js';
import { requestJson, snippet } from './http.js';
import { providerUrl } from './provider-url.js';
import { OAuthError, explainTokenError } from './token-errors.js';
import { errorCode, withClientAuth } from './token-grants.js';

/** What the person needs to sign in elsewhere, and what reauth needs to ask for the tokens. */
export interface DeviceGrant {
  /** Secret-ish: it turns into tokens; never shown. */
  readonly deviceCode: string;
  /** What the person types, e.g. `WDJB-MJHT`. */
  readonly userCode: string;
  readonly verificationUri: string;
  /** The address with the code already in it (optional in RFC 8628): what a QR code holds. */
  readonly verificationUriComplete?: string;
  /** Epoch ms when the codes stop working (`expires_in`). */
  readonly expiresAt: number;
  /** Seconds between token requests (`interval`, default 5 per RFC 8628 §3.2). */
  readonly intervalSeconds: number;
}

export interface DeviceClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
}

export const DEFAULT_DEVICE_INTERVAL_S = 5;

export async function startDeviceAuthorization(
  provider: ResolvedProvider,
  client: DeviceClient,
  deps: Pick<Deps, 'fetch' | 'now'>,
): Promise<DeviceGrant> {
  if (!provider.deviceAuthorizationUrl) {
    throw new UserError(
      `${provider.name} has no device sign-in address, so reauth cannot show a code to type on another device.`,
      'Add device_authorization_url (or issuer:) under providers: in reauth.yaml, or choose the browser sign-in.',
    );
  }
  const form: Record<string, string> = { ...provider.deviceDialect?.codeParams };
  if (client.scopes.length > 0) form.scope = client.scopes.join(provider.scopeSeparator);
  // A public client (no secret) sends only its id, as RFC 8628 §3.1 allows.
  const auth = client.clientSecret
    ? withClientAuth(provider, form, client)
    : { headers: {}, form: { ...form, [provider.clientIdParam]: client.clientId } };
  const secrets = [client.clientSecret];
  const response = await requestJson(deps, {
    method: 'POST',
    url: providerUrl(provider, provider.deviceAuthorizationUrl),
    form: auth.form,
    headers: auth.headers,
    secrets,
  });
  const problem = explainTokenError(provider, response.status, response.body, 'code', secrets);
  if (problem) throw new OAuthError(problem, errorCode(response.body));
  return parseDeviceAnswer(provider.name, response.body, deps.now(), provider.deviceDialect);
}

/** Reads §3.2's answer; a missing field is the service's mistake, said plainly. */
export function parseDeviceAnswer(serviceName: string, body: unknown, nowMs: number, dialect?: DeviceDialect): DeviceGrant {
  const record = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined);
  const deviceCode = text('device_code');
  const userCode = text('user_code');
  // Google's older endpoint says `verification_url`; accept either spelling.
  const verificationUri = text('verification_uri') ?? text('verification_url');
  const expiresIn = seconds(positive(record.expires_in), 24 * 3600, dialect);
  if (!deviceCode || !userCode || !verificationUri || expiresIn === undefined) {
    const missing = [!deviceCode && 'device_code', !userCode && 'user_code', !verificationUri && 'verification_uri', expiresIn === undefined && 'expires_in']
      .filter(Boolean)
      .join(', ');
    throw new OAuthError({
      kind: 'unavailable',
      message: `${serviceName} answered the device sign-in request without ${missing}.`,
      next: 'Check device_authorization_url in reauth.yaml, or choose the browser sign-in.',
    });
  }
  const complete = text('verification_uri_complete');
  refuseUnusableAddress(serviceName, 'verification_uri', verificationUri);
  if (complete) refuseUnusableAddress(serviceName, 'verification_uri_complete', complete);
  return {
    deviceCode,
    // Shown on the terminal, so it goes through the sanitiser: a clean code is shown exactly.
    userCode: safeLine(userCode),
    verificationUri,
    ...(complete ? { verificationUriComplete: complete } : {}),
    expiresAt: nowMs + expiresIn * 1000,
    intervalSeconds: Math.max(seconds(positive(record.interval), 600, dialect) ?? DEFAULT_DEVICE_INTERVAL_S, dialect?.minIntervalSeconds ?? 0),
  };
}

/**
 * The address the person is told to open (and the QR code holds): shown sanitised, an address
 * with control characters would be one no phone can open — or one that rewrites the screen
 * around it — so such an answer is refused, in plain words, rather than shown with marks.
 * Only http(s) addresses: a `javascript:` or `file:` one is no sign-in page either.
 */
function refuseUnusableAddress(serviceName: string, field: string, address: string): void {
  let web = false;
  try {
    web = ['https:', 'http:'].includes(new URL(address).protocol);
  } catch {
    web = false;
  }
  if (web && safeText(address) === address && !/\s/.test(address)) return;
  throw new OAuthError({
    kind: 'unavailable',
    message: `${serviceName} gave an address to sign in at that no one could open (${field} "${snippet(safeLine(address))}"): it is not a plain web address.`,
    next: 'Try again; if it keeps happening, choose the browser sign-in — something between reauth and the service may be changing its answers.',
  });
}

/**
 * RFC 8628 gives both times in seconds. Where the service's documentation says milliseconds in
 * places (Zoho), a value no sane service would mean as seconds (`above`) is read as ms.
 */
function seconds(value: number | undefined, above: number, dialect: DeviceDialect | undefined): number | undefined {
  if (value === undefined || !dialect?.timesMayBeMs || value <= above) return value;
  return Math.max(1, Math.round(value / 1000));
}

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}
