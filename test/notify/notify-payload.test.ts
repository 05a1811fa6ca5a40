import { describe, expect, it } from 'vitest';
import type { ProfileRefreshResult } from '../../src/commands/refresh-profile.js';
import { maskSecret } from '../../src/secret-mask.js';
import { alertStateOf, eventFor } from '../../src/notify/alert-state.js';
import { buildSummary, defaultWebhookFormat, webhookBody } from '../../src/notify/notify-payload.js';

const ACCESS = 'fake-access-token-1-abcdefghijklmnop';
const REFRESH = 'fake-refresh-token-1-abcdefghijklmnop';

/** A result as refreshProfile hands it back: tokens masked, sentences already redacted. */
function result(overrides: Partial<ProfileRefreshResult> = {}): ProfileRefreshResult {
  return {
    profile: 'weather',
    provider: 'Netatmo',
    outcome: 'refreshed',
    exitCode: 0,
    expiresAt: '2026-12-03T10:00:00Z',
    accessToken: maskSecret(ACCESS),
    refreshToken: maskSecret(REFRESH),
    refreshTokenRotated: true,
    writes: [{ label: '.env', ok: true, summary: `NETATMO_ACCESS_TOKEN ${maskSecret(ACCESS)}` } as ProfileRefreshResult['writes'][number]],
    warnings: [],
    ...overrides,
  };
}

const revoked = result({
  outcome: 'failed',
  exitCode: 3,
  error: { message: 'Netatmo no longer accepts the saved refresh token (invalid_grant).', next: 'Run `reauth setup weather` to sign in again.', code: 'invalid_grant' },
});

const facts = { nowMs: Date.parse('2026-12-03T07:00:00Z'), host: 'pi-kitchen' };

describe('the alert summary', () => {
  it('says who needs what, with the next step, the time and the machine', () => {
    const summary = buildSummary(revoked, { ...facts, event: 'alert', state: 'sign-in-again', previous: 'ok' });
    expect(summary).toEqual({
      source: 'reauth',
      event: 'alert',
      profile: 'weather',
      service: 'Netatmo',
      state: 'sign-in-again',
      previous_state: 'ok',
      needs_person: true,
      exit_code: 3,
      message: 'Netatmo no longer accepts the saved refresh token (invalid_grant).',
      next_step: 'Run `reauth setup weather` to sign in again.',
      time: '2026-12-03T07:00:00.000Z',
      host: 'pi-kitchen',
      text: 'reauth on pi-kitchen: weather (Netatmo) needs you. Netatmo no longer accepts the saved refresh token (invalid_grant). Run `reauth setup weather` to sign in again.',
    });
  });

  it('says a recovery plainly, with the new expiry and no next step', () => {
    const summary = buildSummary(result(), { ...facts, event: 'recovery', state: 'ok', previous: 'sign-in-again' });
    expect(summary.needs_person).toBe(false);
    expect(summary.next_step).toBeNull();
    expect(summary.text).toBe('reauth on pi-kitchen: weather (Netatmo) works again. Refreshed; the access token is valid until 2026-12-03T10:00:00Z.');
  });

  it('holds no token, not even masked, in the summary or in either webhook body', () => {
    for (const r of [revoked, result()]) {
      const summary = buildSummary(r, { ...facts, event: r.exitCode ? 'alert' : 'recovery', state: r.exitCode ? 'sign-in-again' : 'ok', previous: undefined });
      const everything = [JSON.stringify(summary), webhookBody(summary, 'json').body, webhookBody(summary, 'text').body, JSON.stringify(webhookBody(summary, 'text').headers)].join('\n');
      for (const secret of [ACCESS, REFRESH, maskSecret(ACCESS), maskSecret(REFRESH), ACCESS.slice(0, 4) + '…']) expect(everything).not.toContain(secret);
    }
  });
});

describe('webhook bodies', () => {
  const summary = buildSummary(revoked, { ...facts, event: 'alert', state: 'sign-in-again', previous: 'ok' });

  it('gives Slack its text, Discord its content (no @everyone pings), and scripts the summary', () => {
    const { body, headers } = webhookBody(summary, 'json');
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(headers['content-type']).toBe('application/json');
    expect(parsed['text']).toBe(summary.text);
    expect(parsed['content']).toBe(summary.text);
    expect(parsed['allowed_mentions']).toEqual({ parse: [] });
    expect(parsed['reauth']).toEqual(summary);
  });

  it('gives ntfy plain text with a title, tags and priority in ASCII headers', () => {
    const { body, headers } = webhookBody({ ...summary, profile: 'wéather' }, 'text');
    expect(body).toBe(summary.text);
    expect(headers).toMatchObject({ title: 'reauth: w?ather needs you', tags: 'warning', priority: 'high' });
  });

  it('keeps a chat message under Discord’s 2000 characters', () => {
    const long = { ...summary, text: 'x'.repeat(5000) };
    const parsed = JSON.parse(webhookBody(long, 'json').body) as { content: string };
    expect(parsed.content.length).toBeLessThanOrEqual(1900);
    expect(parsed.content.endsWith('…')).toBe(true);
  });

  it('picks text for ntfy hosts and JSON for everything else', () => {
    expect(defaultWebhookFormat('https://ntfy.sh/my-topic')).toBe('text');
    expect(defaultWebhookFormat('https://ntfy.example.org/alerts')).toBe('text');
    expect(defaultWebhookFormat('https://hooks.slack.com/services/T0/B0/XXXX')).toBe('json');
    expect(defaultWebhookFormat('https://discord.com/api/webhooks/1/abc')).toBe('json');
  });
});

describe('when an alert is due', () => {
  it('maps exit codes to states; 4 and signals leave the state as it was', () => {
    expect([0, 1, 2, 3, 4, 5, 130, 143].map(alertStateOf)).toEqual(['ok', 'bug', 'config', 'sign-in-again', undefined, 'write-failed', undefined, undefined]);
  });

  it('alerts once per change, recovers once, and says nothing on a first run that works', () => {
    expect(eventFor(undefined, 'ok')).toBeUndefined();
    expect(eventFor(undefined, 'sign-in-again')).toBe('alert');
    expect(eventFor('ok', 'sign-in-again')).toBe('alert');
    expect(eventFor('sign-in-again', 'sign-in-again')).toBeUndefined();
    expect(eventFor('sign-in-again', 'write-failed')).toBe('alert');
    expect(eventFor('sign-in-again', 'ok')).toBe('recovery');
    expect(eventFor('ok', 'ok')).toBeUndefined();
  });
});
