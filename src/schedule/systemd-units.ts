/**
 * `reauth schedule --systemd`: one service + timer per profile. The service runs the same
 * command line cron would, with the same variables (Environment=), so the environment check
 * holds for both. Persistent=true catches up a run missed while the machine was off.
 */
import { onCalendarOf, type RefreshInterval } from '../flow/cron-line.js';

export interface UnitFiles {
  readonly serviceName: string;
  readonly timerName: string;
  readonly service: string;
  readonly timer: string;
}

/** systemd's own quoting for Environment= and ExecStart= words: "…" with \ and " escaped, % doubled. */
function systemdWord(word: string): string {
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

export function unitFiles(profile: string, argv: readonly string[], env: Readonly<Record<string, string>>, interval: RefreshInterval): UnitFiles {
  const base = `reauth-${profile}`;
  const service = [
    '[Unit]',
    `Description=reauth: refresh the tokens of profile ${profile}`,
    '',
    '[Service]',
    'Type=oneshot',
    ...Object.entries(env).map(([name, value]) => `Environment=${systemdWord(`${name}=${value}`)}`),
    `ExecStart=${argv.map(systemdWord).join(' ')}`,
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=reauth: refresh ${profile} on a schedule`,
    '',
    '[Timer]',
    `OnCalendar=${onCalendarOf(interval)}`,
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { serviceName: `${base}.service`, timerName: `${base}.timer`, service, timer };
}

/** Windows Task Scheduler: the same interval, one `schtasks /Create` line to paste in a prompt. */
export function schtasksLine(profile: string, command: string, interval: RefreshInterval): string {
  const every =
    interval.every === 'day' ? '/SC DAILY /ST 04:17' : interval.every === 'minutes' ? `/SC MINUTE /MO ${interval.n}` : `/SC HOURLY /MO ${interval.n}`;
  return `schtasks /Create /F /TN "reauth-${profile}" ${every} /TR "${command.replace(/"/g, '\\"')}"`;
}
