/**
 * How often a profile is refreshed unattended, and the reason in words: one rule for
 * `reauth schedule` and the wizard's closing question, from the service's documented
 * access-token lifetime (its preset).
 */
import { describeInterval, refreshInterval, type RefreshInterval } from '../flow/cron-line.js';
import { accessTokenLifetime, lifetimeText } from './access-token-lifetime.js';

export interface ScheduleFor {
  readonly interval: RefreshInterval;
  /** "every hour" */
  readonly when: string;
  /** The whole sentence: lifetime, interval and why that margin. */
  readonly why: string;
}

export function scheduleFor(providerId: string): ScheduleFor {
  const known = accessTokenLifetime(providerId);
  const interval = refreshInterval(known?.seconds);
  const when = describeInterval(interval);
  const why = known
    ? `${known.service} access tokens last ${lifetimeText(known.seconds)}: refreshing ${when} leaves time for a failed run to be retried before the token runs out.`
    : `The service's access-token lifetime is not known to reauth: ${when}. If its tokens last less than two days, use \`reauth schedule --print\` and shorten the interval.`;
  return { interval, when, why };
}
