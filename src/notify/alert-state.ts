/**
 * When an alert is due (issue 12): only when a person is needed, once per change of state, and
 * once more when it recovers — a cron job every 30 minutes must not send the same alert 48
 * times a day. What each channel last announced is kept in `.reauth/notify/PROFILE.json`, so a
 * channel that failed to deliver tries again on the next run while the others stay quiet.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureReauthFolder, safeName } from '../delivery/reauth-folder.js';
import { ExitCode } from '../errors.js';
import { writeFileAtomically } from '../system/atomic-write.js';

/** `ok`, or what the person has to do (exit 3, 5, 2 and 1: every one needs someone to look). */
export type AlertState = 'ok' | 'sign-in-again' | 'write-failed' | 'config' | 'bug' | ExpiryAlertState;

/**
 * A refresh that worked, but whose refresh token dies soon whatever reauth does (TikTok's 365
 * days): one alert at 14 days, one at 3, one at 1 — each a new state — then a recovery once a
 * new sign-in has moved the date away.
 */
export type ExpiryAlertState = 'refresh-token-expires-in-14-days' | 'refresh-token-expires-in-3-days' | 'refresh-token-expires-in-1-day';

const EXPIRY_STATE: Readonly<Record<'notice' | 'soon' | 'urgent', ExpiryAlertState>> = {
  notice: 'refresh-token-expires-in-14-days',
  soon: 'refresh-token-expires-in-3-days',
  urgent: 'refresh-token-expires-in-1-day',
};

/** A working refresh, with its hard-expiry warning level when there is one. */
export function okStateOf(expiryLevel: 'notice' | 'soon' | 'urgent' | 'expired' | undefined): AlertState {
  return expiryLevel && expiryLevel !== 'expired' ? EXPIRY_STATE[expiryLevel] : 'ok';
}

export type NotifyEvent = 'alert' | 'recovery';

export type AlertChannel = 'command' | 'webhook';

export type Announced = Partial<Record<AlertChannel, { readonly state: AlertState; readonly at: string }>>;

/**
 * Exit 4 (the service or network is down: it passes by itself) and a stop signal say nothing
 * about whether a person is needed: undefined, and the state stays what it was.
 */
export function alertStateOf(exitCode: number): AlertState | undefined {
  switch (exitCode) {
    case ExitCode.ok:
      return 'ok';
    case ExitCode.signInAgain:
      return 'sign-in-again';
    case ExitCode.writeFailed:
      return 'write-failed';
    case ExitCode.usage:
      return 'config';
    case ExitCode.bug:
      return 'bug';
    default:
      return undefined;
  }
}

/** A first run that works announces nothing; a change to another problem is a new alert. */
export function eventFor(previous: AlertState | undefined, current: AlertState): NotifyEvent | undefined {
  if (previous === current) return undefined;
  if (current === 'ok') return previous === undefined ? undefined : 'recovery';
  return 'alert';
}

function announcedPath(baseDir: string, profile: string): string {
  return join(baseDir, '.reauth', 'notify', `${safeName(profile)}.json`);
}

export async function readAnnounced(baseDir: string, profile: string): Promise<Announced> {
  try {
    const parsed = JSON.parse(await readFile(announcedPath(baseDir, profile), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Announced) : {};
  } catch {
    return {};
  }
}

/** Best effort, like the refresh record: losing it means at worst one repeated message. */
export async function recordAnnounced(baseDir: string, profile: string, announced: Announced): Promise<void> {
  try {
    await ensureReauthFolder(baseDir, 'notify');
    await writeFileAtomically(announcedPath(baseDir, profile), `${JSON.stringify(announced, null, 2)}\n`, { backup: false });
  } catch {
    // See above.
  }
}
