/**
 * What an alert says (issue 12): one JSON summary for a command's stdin and a webhook, built
 * from a refresh result alone. That result holds only masked tokens and already-redacted
 * sentences, and the summary copies none of the token fields at all: no secret, not even
 * masked, leaves the machine in an alert.
 */
import type { ProfileRefreshResult } from '../commands/refresh-profile.js';
import type { AlertState, NotifyEvent } from './alert-state.js';

export interface NotifySummary {
  readonly source: 'reauth';
  readonly event: NotifyEvent;
  readonly profile: string;
  readonly service: string;
  readonly state: AlertState;
  readonly previous_state: AlertState | null;
  readonly needs_person: boolean;
  readonly exit_code: number;
  /** What happened, in the words reauth printed. */
  readonly message: string;
  /** The one thing to do (e.g. "Run `reauth setup weather` to sign in again."), or null. */
  readonly next_step: string | null;
  /** ISO 8601 UTC. */
  readonly time: string;
  readonly host: string;
  /** The whole summary as one or two sentences, for a chat message or a mail body. */
  readonly text: string;
}

export interface SummaryFacts {
  readonly event: NotifyEvent;
  readonly state: AlertState;
  readonly previous: AlertState | undefined;
  readonly nowMs: number;
  readonly host: string;
}

export function buildSummary(result: ProfileRefreshResult, facts: SummaryFacts): NotifySummary {
  const time = new Date(facts.nowMs).toISOString();
  const needsPerson = facts.state !== 'ok';
  // A hard expiry ahead: the refresh worked, the warning says when and which command renews it.
  const expiring = needsPerson && !result.error ? result.refreshExpiryWarning : undefined;
  const message = expiring
    ? expiring.message
    : needsPerson
      ? (result.error?.message ?? `reauth refresh exited with code ${result.exitCode}.`)
      : recoveredMessage(result);
  const next = expiring ? `Run \`${expiring.renewCommand}\`.` : needsPerson ? (result.error?.next ?? null) : null;
  const who = `${result.profile} (${result.provider})`;
  const text = needsPerson
    ? `reauth on ${facts.host}: ${who} needs you. ${message}${next ? ` ${next}` : ''}`
    : `reauth on ${facts.host}: ${who} works again. ${message}`;
  return {
    source: 'reauth',
    event: facts.event,
    profile: result.profile,
    service: result.provider,
    state: facts.state,
    previous_state: facts.previous ?? null,
    needs_person: needsPerson,
    exit_code: result.exitCode,
    message,
    next_step: next,
    time,
    host: facts.host,
    text,
  };
}

function recoveredMessage(result: ProfileRefreshResult): string {
  const until = result.expiresAt ? `; the access token is valid until ${result.expiresAt}` : '';
  return result.outcome === 'refreshed-elsewhere' ? `Another reauth run refreshed it${until}.` : `Refreshed${until}.`;
}

export type WebhookFormat = 'json' | 'text';

/**
 * ntfy publishes a POST body to a topic URL as the message text, so it gets plain text with
 * its Title/Tags/Priority headers (docs.ntfy.sh/publish). Everything else gets one JSON body:
 * Slack incoming webhooks need `text`, Discord `content`, and both ignore top-level fields they
 * do not know (receivers seen answering a wrong body by "no text"/"empty message", not by
 * "unknown field") — so `text`, `content` and the summary under `reauth` suit all three.
 */
export function defaultWebhookFormat(url: string): WebhookFormat {
  const host = URL.canParse(url) ? new URL(url).hostname.toLowerCase() : '';
  return host === 'ntfy.sh' || host.startsWith('ntfy.') ? 'text' : 'json';
}

/** Discord refuses content over 2000 characters; a message this long is an error quoting too much anyway. */
const CHAT_LIMIT = 1900;

export function webhookBody(summary: NotifySummary, format: WebhookFormat): { body: string; headers: Record<string, string> } {
  const text = summary.text.length > CHAT_LIMIT ? `${summary.text.slice(0, CHAT_LIMIT - 1)}…` : summary.text;
  if (format === 'text') {
    return {
      body: text,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        // HTTP header values must be plain ASCII: profile names are, service names are stripped to it.
        title: asciiOnly(`reauth: ${summary.profile} ${summary.needs_person ? 'needs you' : 'works again'}`),
        tags: summary.needs_person ? 'warning' : 'white_check_mark',
        priority: summary.needs_person ? 'high' : 'default',
      },
    };
  }
  // allowed_mentions: Discord must not ping @everyone because a service's error text said it.
  return {
    body: JSON.stringify({ text, content: text, allowed_mentions: { parse: [] }, reauth: summary }),
    headers: { 'content-type': 'application/json' },
  };
}

function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
