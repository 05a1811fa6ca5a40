/**
 * The three ways an alert leaves reauth (issue 12): a shell command with the summary on stdin,
 * a webhook POST, a ping GET. Each has a short timeout, so a stalled receiver never keeps cron
 * waiting, and each answers with an Outcome instead of throwing: a notifier that fails must
 * never change the refresh's own result. Addresses appear in `detail` by their origin only.
 */
import type { Deps, Outcome } from '../deps.js';
import { maskedAddress } from '../config/read-notify.js';
import { safeLine } from '../system/terminal-text.js';
import type { NotifySummary, WebhookFormat } from './notify-payload.js';
import { webhookBody } from './notify-payload.js';
import { networkErrorCode } from '../oauth/http.js';

export const NOTIFY_TIMEOUT_MS = 10_000;

/** Runs in reauth.yaml's folder, as after_write does; REAUTH_* lets `mail -s "$REAUTH_PROFILE"` say which. */
export async function runNotifyCommand(command: string, summary: NotifySummary, deps: Deps, cwd: string, timeoutMs = NOTIFY_TIMEOUT_MS): Promise<Outcome> {
  const [shell, flag] = deps.platform === 'win32' ? ['cmd.exe', '/c'] : ['/bin/sh', '-c'];
  const result = await deps.runCommand(shell, [flag, command], {
    cwd,
    timeoutMs,
    input: `${JSON.stringify(summary, null, 2)}\n`,
    killGroupOnTimeout: true,
    env: { ...deps.env, REAUTH_EVENT: summary.event, REAUTH_PROFILE: summary.profile, REAUTH_STATE: summary.state },
  });
  if (result.spawnError) return { ok: false, detail: `could not start it (${result.spawnError.code ?? result.spawnError.message})` };
  if (result.timedOut) return { ok: false, detail: `it did not finish within ${seconds(timeoutMs)} and was stopped` };
  if (result.code === 0) return { ok: true };
  const lastLine = safeLine((result.stderr || result.stdout).trim().split('\n').pop()?.slice(0, 200) ?? '');
  return { ok: false, detail: `it exited with code ${result.code ?? 'none'}${lastLine ? `: ${lastLine}` : ''}` };
}

export async function postWebhook(url: string, summary: NotifySummary, format: WebhookFormat, deps: Pick<Deps, 'fetch'>, timeoutMs = NOTIFY_TIMEOUT_MS): Promise<Outcome> {
  const { body, headers } = webhookBody(summary, format);
  return send(url, { method: 'POST', body, headers }, deps, timeoutMs);
}

/** healthchecks.io, Uptime Kuma push monitors and Cronitor all take a plain GET. */
export async function hitPingUrl(url: string, deps: Pick<Deps, 'fetch'>, timeoutMs = NOTIFY_TIMEOUT_MS): Promise<Outcome> {
  return send(url, { method: 'GET' }, deps, timeoutMs);
}

async function send(url: string, init: { method: string; body?: string; headers?: Record<string, string> }, deps: Pick<Deps, 'fetch'>, timeoutMs: number): Promise<Outcome> {
  const where = maskedAddress(url);
  try {
    const response = await deps.fetch(url, {
      ...init,
      // A redirect would re-send the alert to whatever host it names; receivers do not redirect.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end under the same timeout: a receiver that sends headers and stalls still ends.
    await response.text();
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, detail: `${where} answered HTTP ${response.status}` };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, detail: `${where} did not answer within ${seconds(timeoutMs)}` };
    const code = networkErrorCode(error);
    return { ok: false, detail: `${where} could not be reached${code ? ` (${code})` : ''}` };
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} seconds`;
}

