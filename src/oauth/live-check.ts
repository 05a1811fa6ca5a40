/**
 * Proves a token works by asking the service for something real (the stations, the locks,
 * the user). How the token travels and how the answer reads are preset fields; the answer is
 * read by the preset's own `interpret`, since several services say "no" with HTTP 200.
 */
import type { Deps } from '../deps.js';
import { ExitCode, isUserError } from '../errors.js';
import { fillTemplate } from '../providers/fill-template.js';
import type { LiveCheckResult, ResolvedProvider } from '../providers/types.js';
import { requestJson } from './http.js';
import { safeLine } from '../system/terminal-text.js';
import { providerUrl } from './provider-url.js';

/** Summaries of checks that did not run start with this, so callers can tell them from a pass. */
export const NOT_CHECKED_PREFIX = 'not checked: ';

export function isNotChecked(result: LiveCheckResult): boolean {
  return result.ok && result.summary.startsWith(NOT_CHECKED_PREFIX);
}

export async function runLiveCheck(
  provider: ResolvedProvider,
  accessToken: string,
  args: { clientId?: string; settings?: Record<string, string> },
  deps: Pick<Deps, 'fetch' | 'now'>,
): Promise<LiveCheckResult> {
  const check = provider.liveCheck;
  if (!check) return { ok: true, summary: `${NOT_CHECKED_PREFIX}reauth knows no test request for ${provider.name}` };

  const vars: Record<string, string | undefined> = {
    ...provider.vars,
    ...args.settings,
    client_id: args.clientId,
    now_ms: String(deps.now()),
  };
  const missing = (check.requiredSettings ?? []).filter((setting) => !vars[setting.key]);
  if (missing.length > 0) {
    return {
      ok: false,
      problem: {
        kind: 'config',
        message: `The check needs ${missing.map((s) => s.label).join(' and ')}, which is not set.`,
        next: missing.map((s) => s.help).join(' '),
      },
    };
  }

  const secrets = [accessToken];
  let status: number;
  let body: unknown;
  try {
    const url = new URL(providerUrl(provider, check.url, vars));
    // Header and query values are whole values, not URL pieces: URLSearchParams encodes them once.
    for (const [name, template] of Object.entries(check.query ?? {})) url.searchParams.set(name, fillTemplate(template, vars, false));
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(check.headers ?? {})) headers[name] = fillTemplate(template, vars, false);
    const auth = check.auth;
    if (auth.type === 'bearer') headers.authorization = `Bearer ${accessToken}`;
    else if (auth.type === 'header') headers[auth.name] = auth.prefix === '' || auth.prefix.endsWith(' ') ? `${auth.prefix}${accessToken}` : `${auth.prefix} ${accessToken}`;
    else url.searchParams.set(auth.param, accessToken);
    ({ status, body } = await requestJson(deps, { method: 'GET', url: url.toString(), headers, secrets }));
  } catch (error) {
    if (!isUserError(error)) throw error;
    const kind = error.exitCode === ExitCode.unavailable ? 'unavailable' : 'config';
    return { ok: false, problem: { kind, message: error.message, ...(error.nextStep ? { next: error.nextStep } : {}) } };
  }
  return safeResult(check.interpret(status, body));
}

/**
 * A preset's reading of the answer quotes the service (an account name, an error): sanitised
 * once here, as one line — every check result is shown on a line of its own.
 */
function safeResult(result: LiveCheckResult): LiveCheckResult {
  if (result.ok) return { ...result, summary: safeLine(result.summary) };
  const next = result.problem.next === undefined ? undefined : safeLine(result.problem.next);
  return { ...result, problem: { ...result.problem, message: safeLine(result.problem.message), ...(next !== undefined ? { next } : {}) } };
}
