/**
 * `reauth schedule [PROFILE...]`: sets up the unattended refresh for real (issue 12). Per
 * profile: an interval from the service's access-token lifetime, said with its reason; the
 * exact command run once in the environment cron will give it, refusing what would fail; then
 * a marked block in the crontab (a second run replaces it, `--remove` takes it out), or systemd
 * user units with `--systemd`, or the schtasks line on Windows. `--print` only prints.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import { cronScheduleOf, describeInterval, type RefreshInterval } from '../flow/cron-line.js';
import { scheduleFor } from '../schedule/schedule-for.js';
import { cronEnvironment, type CronEnvironment } from '../schedule/cron-environment.js';
import { blockOf, crontabVariables, hasBlock, jobsIn, replaceBlock, withJobs, withoutJobs, type CronJob } from '../schedule/crontab-block.js';
import { readCrontab, writeCrontab } from '../schedule/crontab-command.js';
import { schtasksLine, unitFiles } from '../schedule/systemd-units.js';
import { shellQuote } from '../shell-quote.js';
import { safeText } from '../system/terminal-text.js';
import { selectProfiles } from './refresh-sources.js';
import type { CommandOutput } from './refresh-output.js';

export interface ScheduleOptions {
  readonly configPath: string;
  readonly profiles: readonly string[];
  readonly cwd: string;
  readonly print: boolean;
  readonly remove: boolean;
  readonly systemd: boolean;
  /** node and reauth's script, absolute: cron's PATH has neither. */
  readonly program: readonly string[];
}

interface Planned {
  readonly profile: string;
  readonly interval: RefreshInterval;
  readonly why: string;
  /** The words after the environment: node, script, `refresh`, profile, `-c`, the config. */
  readonly argv: readonly string[];
}

function plan(config: ReauthConfig, profile: string, program: readonly string[]): Planned {
  const { interval, why } = scheduleFor(config.profiles[profile]!.provider);
  return { profile, interval, why, argv: [...program, 'refresh', profile, '-c', config.path] };
}

function commandText(env: Readonly<Record<string, string>>, argv: readonly string[]): string {
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${shellQuote(value)}`);
  return [...assignments, ...argv.map(shellQuote)].join(' ');
}

/** `%` ends a crontab command (it becomes stdin): escaped so a path with one still works. */
function cronEntry(p: Planned, env: Readonly<Record<string, string>>): string {
  return `${cronScheduleOf(p.interval)} ${commandText(env, p.argv).replace(/%/g, '\\%')} >> "$HOME/reauth.log" 2>&1`;
}

/** Runs the exact command once as cron would (`/bin/sh -c`, only the job's variables); why it failed, per profile. */
async function tryOnce(deps: Deps, p: Planned, environment: CronEnvironment): Promise<string | undefined> {
  const result = await deps.runCommand('/bin/sh', ['-c', `${commandText(environment.entry, p.argv)} --json`], { env: { ...environment.job }, timeoutMs: 180_000 });
  if (result.code === 0) return undefined;
  let reason: string | undefined;
  try {
    type Row = { ok: boolean; error: { message: string; next: string | null } | null };
    // A row per profile; a config or usage error is one object of the same shape (src/error-json.ts).
    const parsed = JSON.parse(result.stdout) as Row[] | Row;
    reason = (Array.isArray(parsed) ? parsed : [parsed])
      .filter((r) => !r.ok && r.error)
      .map((r) => `${r.error!.message}${r.error!.next ? ` ${r.error!.next}` : ''}`)
      .join(' ');
  } catch {
    // Not JSON at all (node missing, a crash before reauth started): stderr says why.
  }
  reason ||= result.stderr.trim() || result.stdout.trim() || `exit code ${result.code}`;
  return safeText(reason.replace(/\s*\n\s*/g, ' '));
}

export interface ScheduleOutcome {
  /** Per profile the interval and why; where the entry's PATH came from; each check tried. */
  readonly said: readonly string[];
  /** Why nothing was installed (each a sentence with what to do); empty when all is well. */
  readonly refusals: readonly string[];
  /** The lines to add by hand: the crontab block, the unit files, or the schtasks lines. */
  readonly printed: readonly string[];
  /** What was installed, when something was. */
  readonly installed?: string;
}

/**
 * The one schedule logic, for `reauth schedule` and the wizard's last question: plan every
 * profile, check the environment cron will give it, run it once that way unless only printing,
 * and install only when nothing was refused.
 */
export async function schedule(options: Omit<ScheduleOptions, 'remove'>, deps: Deps): Promise<ScheduleOutcome> {
  const said: string[] = [];
  const crontabUser = deps.env.REAUTH_CRONTAB_USER?.trim() || undefined;
  const config = await loadConfig(resolve(options.cwd, options.configPath), { displayPath: options.configPath });
  const names = selectProfiles(config, options.profiles, 'schedule');
  const planned = names.map((name) => plan(config, name, options.program));

  if (deps.platform === 'win32') {
    const printed = ['Windows has no cron: paste these in a Command Prompt to create the tasks.'];
    for (const p of planned) printed.push(`  ${p.profile}: ${describeInterval(p.interval)}. ${p.why}`, schtasksLine(p.profile, p.argv.map((w) => `\\"${w}\\"`).join(' '), p.interval));
    return { said, refusals: [], printed };
  }

  const current = options.systemd ? '' : options.print ? await readCrontab(deps, crontabUser).catch(() => '') : await readCrontab(deps, crontabUser);
  const environment = await cronEnvironment({ config, profiles: names, env: deps.env, crontabVariables: crontabVariables(current), nodePath: options.program[0] ?? process.execPath });

  for (const p of planned) said.push(`${p.profile}: ${describeInterval(p.interval)}. ${p.why}`);
  said.push(...environment.notes);

  const refusals: string[] = [...environment.problems];
  for (const { name, field } of environment.missing) {
    refusals.push(`${config.displayPath ?? 'reauth.yaml'} reads \${${name}} (${field}), which a scheduled run will not have: cron does not read your shell profile. Add a line \`${name}=…\` at the top of your crontab (\`crontab -e\`), or ${options.systemd ? 'an Environment= line in the service' : 'keep the value in a target'}, then run \`reauth schedule\` again.`);
  }
  const jobs = planned.map((p) => ({ profile: p.profile, configPath: config.path, line: cronEntry(p, environment.entry) }));
  const printed = printedLines(planned, jobs, environment, options.systemd);
  if (options.print) return { said, refusals, printed };

  if (refusals.length === 0) {
    for (const p of planned) {
      said.push(`Tried ${p.profile} once as cron will run it (env -i PATH=${environment.entry.PATH} …).`);
      const failure = await tryOnce(deps, p, environment);
      if (!failure) continue;
      const heroku = config.profiles[p.profile]!.targets.some((t) => t.type === 'heroku');
      refusals.push(
        `${p.profile} fails when run as cron will run it: ${failure}${heroku ? ' For its Heroku target, cron needs the CLI logged in for this user (`heroku login` writes ~/.netrc) or HEROKU_API_KEY=… as a line at the top of the crontab.' : ''}`,
      );
    }
  }
  if (refusals.length > 0) return { said, refusals, printed };

  if (options.systemd) {
    const folder = userUnitFolder(deps);
    await mkdir(folder, { recursive: true });
    const timers: string[] = [];
    for (const p of planned) {
      const units = unitFiles(p.profile, p.argv, environment.entry, p.interval);
      await writeFile(join(folder, units.serviceName), units.service, { mode: 0o644 });
      await writeFile(join(folder, units.timerName), units.timer, { mode: 0o644 });
      timers.push(units.timerName);
    }
    const installed = [
      `✔ Wrote ${timers.map((t) => t.replace('.timer', '.{service,timer}')).join(', ')} in ${folder}.`,
      `Start them with: systemctl --user daemon-reload && systemctl --user enable --now ${timers.join(' ')}`,
      '(And `loginctl enable-linger` so they run while you are logged out.)',
    ].join('\n');
    return { said, refusals, printed, installed };
  }

  const before = jobsIn(current);
  const replaced = jobs.filter((job) => before.some((b) => b.profile === job.profile && b.configPath === job.configPath)).length;
  await writeCrontab(deps, replaceBlock(current, blockOf(withJobs(before, jobs))), crontabUser);
  const whose = crontabUser ? `${crontabUser}'s` : 'your';
  const verb = replaced === jobs.length ? 'Replaced' : replaced > 0 ? 'Added or replaced' : 'Added';
  const installed = `✔ ${verb} ${names.join(', ')} in reauth's block in ${whose} crontab (each run appends to ~/reauth.log). \`reauth schedule --remove ${names.join(' ')}\` takes ${names.length > 1 ? 'them' : 'it'} out.`;
  return { said, refusals, printed, installed };
}

/** `reauth schedule`: the outcome in words; a refusal is a usage error (exit 2) and installs nothing. */
export async function scheduleCommand(options: ScheduleOptions, deps: Deps): Promise<CommandOutput> {
  if (options.remove) return removeSchedule(options, deps, deps.env.REAUTH_CRONTAB_USER?.trim() || undefined);
  const outcome = await schedule(options, deps);
  const out = [...outcome.said];
  if (options.print || deps.platform === 'win32') {
    for (const refusal of outcome.refusals) out.push(`⚠ ${refusal}`);
    out.push(...(out.length ? [''] : []), ...outcome.printed);
    return { stdout: `${out.join('\n')}\n`, stderr: '', exitCode: ExitCode.ok };
  }
  if (outcome.refusals.length > 0) {
    throw new UserError(`Not scheduled: ${outcome.refusals.join('\n  ')}`, 'Nothing was installed. Fix the above and run `reauth schedule` again (`--print` shows the lines without checking).', ExitCode.usage);
  }
  out.push(outcome.installed!);
  return { stdout: `${out.join('\n')}\n`, stderr: '', exitCode: ExitCode.ok };
}

function userUnitFolder(deps: Deps): string {
  return join(deps.env.XDG_CONFIG_HOME || join(deps.env.HOME ?? '~', '.config'), 'systemd', 'user');
}

function printedLines(planned: readonly Planned[], jobs: readonly CronJob[], environment: CronEnvironment, systemd: boolean): string[] {
  if (!systemd) return ['Add these lines with `crontab -e`:', ...blockOf(jobs)!];
  return planned.flatMap((p) => {
    const units = unitFiles(p.profile, p.argv, environment.entry, p.interval);
    return [
      `# ~/.config/systemd/user/${units.serviceName} (system-wide: sudo tee /etc/systemd/system/${units.serviceName}, with User= under [Service])`,
      units.service,
      `# ~/.config/systemd/user/${units.timerName} (system-wide: /etc/systemd/system/${units.timerName}; then sudo systemctl enable --now ${units.timerName})`,
      units.timer,
    ];
  });
}

async function removeSchedule(options: ScheduleOptions, deps: Deps, crontabUser: string | undefined): Promise<CommandOutput> {
  if (options.systemd) {
    const folder = userUnitFolder(deps);
    const config = await loadConfig(resolve(options.cwd, options.configPath), { displayPath: options.configPath });
    const names = selectProfiles(config, options.profiles, 'schedule');
    for (const name of names) for (const ext of ['service', 'timer']) await rm(join(folder, `reauth-${name}.${ext}`), { force: true });
    return { stdout: `Removed reauth-{${names.join(',')}}.{service,timer} from ${folder}. Stop them with: systemctl --user disable --now ${names.map((n) => `reauth-${n}.timer`).join(' ')}\n`, stderr: '', exitCode: ExitCode.ok };
  }
  const current = await readCrontab(deps, crontabUser);
  if (!hasBlock(current)) return { stdout: 'The crontab has no reauth block: nothing to remove.\n', stderr: '', exitCode: ExitCode.ok };
  // Named profiles: only their jobs (of this reauth.yaml) go; none named: the whole block.
  let remaining: CronJob[] = [];
  if (options.profiles.length > 0) {
    const configPath = resolve(options.cwd, options.configPath);
    const before = jobsIn(current);
    const gone = options.profiles.map((profile) => ({ profile, configPath }));
    const unknown = options.profiles.filter((profile) => !before.some((j) => j.profile === profile && j.configPath === configPath));
    if (unknown.length === options.profiles.length) {
      return { stdout: `reauth's block in the crontab has no job for ${unknown.join(', ')} of ${configPath}: nothing removed.\n`, stderr: '', exitCode: ExitCode.ok };
    }
    remaining = withoutJobs(before, gone);
  }
  await writeCrontab(deps, replaceBlock(current, blockOf(remaining)), crontabUser);
  const what = options.profiles.length > 0 ? options.profiles.join(', ') : "reauth's block";
  return { stdout: `✔ Removed ${what} from the crontab; every other line is as it was.\n`, stderr: '', exitCode: ExitCode.ok };
}
