/**
 * After each profile's refresh: send what is due (alert, recovery, ping) and hand back one
 * warning line per notifier that failed. Never throws and never touches the result: the
 * refresh's exit code is the refresh's alone (issue 12).
 */
import { hostname } from 'node:os';
import type { ProfileRefreshResult } from '../commands/refresh-profile.js';
import type { ReauthConfig } from '../config/types.js';
import type { Deps, Outcome } from '../deps.js';
import { ExitCode } from '../errors.js';
import { alertStateOf, eventFor, okStateOf, readAnnounced, recordAnnounced, type AlertChannel, type Announced } from './alert-state.js';
import { buildSummary } from './notify-payload.js';
import { profileNotifiers, runPingUrl } from './resolve-notifiers.js';
import { hitPingUrl, postWebhook, runNotifyCommand } from './send-notifications.js';

export interface NotifyOptions {
  /** Per notifier; default 10 s. */
  readonly timeoutMs?: number;
  /** The machine's name in the summary; default os.hostname(). */
  readonly host?: string;
}

export async function notifyAfterRefresh(config: ReauthConfig, result: ProfileRefreshResult, deps: Deps, options: NotifyOptions = {}): Promise<string[]> {
  const name = result.profile;
  try {
    const notifiers = profileNotifiers(config, name, deps.env);
    const warnings = notifiers.problems.map((problem) => `${name}: a notifier is off for this run: ${problem}`);
    const exitState = alertStateOf(result.exitCode);
    const state = exitState === 'ok' ? okStateOf(result.refreshExpiryWarning?.level) : exitState;
    const channels: [AlertChannel, (summary: Parameters<typeof runNotifyCommand>[1]) => Promise<Outcome>][] = [];
    if (notifiers.command) {
      const command = notifiers.command;
      channels.push(['command', (summary) => runNotifyCommand(command, summary, deps, config.baseDir, options.timeoutMs)]);
    }
    if (notifiers.webhook) {
      const { url, format } = notifiers.webhook;
      channels.push(['webhook', (summary) => postWebhook(url, summary, format, deps, options.timeoutMs)]);
    }

    const sends: Promise<void>[] = [];
    if (state !== undefined && channels.length > 0) {
      const before = await readAnnounced(config.baseDir, name);
      const after: { -readonly [K in keyof Announced]: Announced[K] } = { ...before };
      const at = new Date(deps.now()).toISOString();
      for (const [channel, send] of channels) {
        const previous = before[channel]?.state;
        const event = eventFor(previous, state);
        if (!event) {
          after[channel] = { state, at: before[channel]?.at ?? at };
          continue;
        }
        const summary = buildSummary(result, { event, state, previous, nowMs: deps.now(), host: options.host ?? hostname() });
        sends.push(
          send(summary).then((outcome) => {
            // Recorded only once delivered: a receiver that was down hears about it next run.
            if (outcome.ok) after[channel] = { state, at };
            else warnings.push(`${name}: the ${event} could not be sent by ${channel}: ${outcome.detail ?? 'it failed'}.`);
          }),
        );
      }
      if (notifiers.pingUrl && result.exitCode === ExitCode.ok) sends.push(ping(notifiers.pingUrl, name, deps, options, warnings));
      await Promise.all(sends);
      await recordAnnounced(config.baseDir, name, after);
    } else if (notifiers.pingUrl && result.exitCode === ExitCode.ok) {
      await ping(notifiers.pingUrl, name, deps, options, warnings);
    }
    return warnings;
  } catch (error) {
    return [`${name}: the notifiers could not run (${error instanceof Error ? error.message : String(error)}).`];
  }
}

/** The top-level ping_url: once per run, only when every profile of the run refreshed. */
export async function pingAfterRun(config: ReauthConfig, results: readonly ProfileRefreshResult[], deps: Deps, options: NotifyOptions = {}): Promise<string[]> {
  try {
    const { url, problems } = runPingUrl(config, deps.env);
    const warnings = problems.map((problem) => `the run's ping is off: ${problem}`);
    if (url && results.length > 0 && results.every((r) => r.exitCode === ExitCode.ok)) await ping(url, undefined, deps, options, warnings);
    return warnings;
  } catch (error) {
    return [`the run's ping could not be sent (${error instanceof Error ? error.message : String(error)}).`];
  }
}

async function ping(url: string, profile: string | undefined, deps: Deps, options: NotifyOptions, warnings: string[]): Promise<void> {
  const outcome = await hitPingUrl(url, deps, options.timeoutMs);
  if (!outcome.ok) warnings.push(`${profile ? `${profile}: ` : ''}the ping_url could not be reached: ${outcome.detail ?? 'it failed'}.`);
}
