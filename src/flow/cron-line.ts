/**
 * How often to refresh, from the access token's lifetime: at about half of it, so one failed
 * run still leaves time before production breaks. One rule for `reauth schedule` and the
 * wizard's closing question (crontab, systemd timer, schtasks), each rendered from the same interval.
 */

/** Every `minutes` minutes (15 or 30), every `hours` hours (1–12), or once a day. */
export type RefreshInterval = { readonly every: 'minutes'; readonly n: 15 | 30 } | { readonly every: 'hours'; readonly n: number } | { readonly every: 'day' };

export function refreshInterval(lifetimeSeconds: number | undefined): RefreshInterval {
  if (!lifetimeSeconds || lifetimeSeconds >= 4 * 86_400) return { every: 'day' }; // long-lived: daily
  const halfMinutes = Math.max(15, Math.floor(lifetimeSeconds / 120));
  if (halfMinutes < 60) return { every: 'minutes', n: halfMinutes >= 30 ? 30 : 15 };
  return { every: 'hours', n: Math.min(12, Math.floor(halfMinutes / 60)) };
}

/** Odd minutes (7, 4:17) so many machines do not all call the service on the hour. */
export function cronScheduleOf(interval: RefreshInterval): string {
  if (interval.every === 'day') return '17 4 * * *';
  if (interval.every === 'minutes') return `*/${interval.n} * * * *`;
  return interval.n === 1 ? '7 * * * *' : `7 */${interval.n} * * *`;
}

/** The same times as cronScheduleOf, as a systemd OnCalendar= value. */
export function onCalendarOf(interval: RefreshInterval): string {
  if (interval.every === 'day') return '*-*-* 04:17:00';
  if (interval.every === 'minutes') return `*-*-* *:00/${interval.n}:00`;
  return interval.n === 1 ? '*-*-* *:07:00' : `*-*-* 00/${interval.n}:07:00`;
}

export function describeInterval(interval: RefreshInterval): string {
  if (interval.every === 'day') return 'once a day';
  if (interval.every === 'minutes') return `every ${interval.n} minutes`;
  return interval.n === 1 ? 'every hour' : `every ${interval.n} hours`;
}
