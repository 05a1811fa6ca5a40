/**
 * Which notifiers a profile uses: its own `notify:` over the top-level one, field by field (a
 * profile can add its own ping_url and keep the shared webhook; `webhook: ''` switches the
 * shared one off). `ping_url` is never inherited: the top-level one means "a whole run
 * refreshed", a profile's means "this profile refreshed". `${VAR}` in an address reads the
 * environment (a webhook URL is a secret); `command` is left to the shell, as after_write is.
 */
import { expandEnv } from '../config/expand-env.js';
import { addressProblem } from '../config/read-notify.js';
import type { NotifyConfig, ReauthConfig } from '../config/types.js';
import { UserError } from '../errors.js';
import { defaultWebhookFormat, type WebhookFormat } from './notify-payload.js';

export interface Notifiers {
  readonly command?: string;
  readonly webhook?: { readonly url: string; readonly format: WebhookFormat };
  readonly pingUrl?: string;
  /** Why a configured notifier is off for this run (a variable not set), one sentence each. */
  readonly problems: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

export function profileNotifiers(config: ReauthConfig, profileName: string, env: Env): Notifiers {
  const own = config.profiles[profileName]?.notify;
  const shared = config.notify;
  const problems: string[] = [];
  const ownPrefix = `profiles.${profileName}.notify`;
  const pick = (key: 'command' | 'webhook'): { value: string; field: string; from?: NotifyConfig } | undefined => {
    if (own?.[key] !== undefined) return own[key] ? { value: own[key], field: `${ownPrefix}.${key}`, from: own } : undefined;
    return shared?.[key] ? { value: shared[key], field: `notify.${key}`, from: shared } : undefined;
  };
  const command = pick('command');
  const webhook = pick('webhook');
  const webhookUrl = webhook ? address(config, webhook.value, webhook.field, env, problems) : undefined;
  const pingUrl = own?.ping_url ? address(config, own.ping_url, `${ownPrefix}.ping_url`, env, problems) : undefined;
  return {
    ...(command ? { command: command.value } : {}),
    ...(webhookUrl ? { webhook: { url: webhookUrl, format: webhook?.from?.webhook_format ?? defaultWebhookFormat(webhookUrl) } } : {}),
    ...(pingUrl ? { pingUrl } : {}),
    problems,
  };
}

/** The top-level ping_url, hit once after a run in which every profile refreshed. */
export function runPingUrl(config: ReauthConfig, env: Env): { url?: string; problems: readonly string[] } {
  const problems: string[] = [];
  const url = config.notify?.ping_url ? address(config, config.notify.ping_url, 'notify.ping_url', env, problems) : undefined;
  return { ...(url ? { url } : {}), problems };
}

function address(config: ReauthConfig, raw: string, field: string, env: Env, problems: string[]): string | undefined {
  const file = config.displayPath ?? config.path;
  try {
    const url = expandEnv(raw, env, { file, line: config.lines?.[field], field });
    const problem = addressProblem(url, `${field} (once \${...} is filled in)`);
    if (problem) problems.push(problem);
    return problem ? undefined : url;
  } catch (error) {
    problems.push(error instanceof UserError ? error.message : String(error));
    return undefined;
  }
}
