/**
 * `${VAR}` in reauth.yaml reads the environment, so the file can hold `client_secret:
 * ${NETATMO_CLIENT_SECRET}` and still be safe to commit. Only the app credentials are
 * expanded: other fields are not secret, and `after_write` is run by a shell that expands
 * variables itself.
 */
import { UserError } from '../errors.js';
import type { ProfileConfig, ReauthConfig } from './types.js';

const REFERENCE = /\$\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ExpandWhere {
  /** The file as shown to the person, e.g. `reauth.yaml`. */
  readonly file: string;
  readonly line?: number;
  /** Dotted field, e.g. `profiles.weather.client_secret`. */
  readonly field: string;
}

/** Whether the text reads at least one variable. */
export function hasEnvReference(text: string): boolean {
  return /\$\{[^}]*\}/.test(text);
}

/** Whether the whole text is exactly one `${VAR}`: the only form of client_secret reauth writes. */
export function isEnvReference(text: string): boolean {
  const match = /^\$\{([^}]*)\}$/.exec(text);
  return match !== null && VARIABLE_NAME.test(match[1] ?? '');
}

/** Replaces every `${VAR}`; a missing or empty variable is a UserError naming it and the line. */
export function expandEnv(text: string, env: Readonly<Record<string, string | undefined>>, where: ExpandWhere): string {
  const place = `${where.file}${where.line !== undefined ? ` line ${where.line}` : ''} (${where.field})`;
  if (/\$\{[^}]*$/.test(text)) {
    throw new UserError(`${place} has \${ without a closing }.`, `Write it as \${VARIABLE_NAME} in ${where.file}.`);
  }
  return text.replace(REFERENCE, (_whole, name: string) => {
    if (!VARIABLE_NAME.test(name)) {
      throw new UserError(`${place} reads \${${name}}, which is not a valid variable name.`, `Use letters, digits and _ only, e.g. \${MY_CLIENT_SECRET}.`);
    }
    const value = env[name];
    if (value === undefined || value === '') {
      throw new UserError(
        `${name} is ${value === '' ? 'empty' : 'not set'}, but ${place} reads it from the environment.`,
        `Export it (export ${name}=...) before running reauth; for cron, set it in the crontab or in the script cron runs, because cron does not read your shell profile.`,
      );
    }
    return value;
  });
}

/** The profile with `${VAR}` in client_id and client_secret replaced from `env`. */
export function expandProfileEnv(config: ReauthConfig, profile: ProfileConfig, env: Readonly<Record<string, string | undefined>>): ProfileConfig {
  const file = config.displayPath ?? config.path;
  const expand = (key: 'client_id' | 'client_secret'): string | undefined => {
    const raw = profile[key];
    if (raw === undefined) return undefined;
    const field = `profiles.${profile.name}.${key}`;
    return expandEnv(raw, env, { file, line: config.lines?.[field], field });
  };
  const clientId = expand('client_id');
  const clientSecret = expand('client_secret');
  return {
    ...profile,
    ...(clientId !== undefined ? { client_id: clientId } : {}),
    ...(clientSecret !== undefined ? { client_secret: clientSecret } : {}),
  };
}
