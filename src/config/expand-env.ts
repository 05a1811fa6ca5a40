/**
 * `${VAR}` in reauth.yaml reads the environment, so the file can hold `client_secret:
 * ${NETATMO_CLIENT_SECRET}` and still be safe to commit, and a target can say `file:
 * ${HOME}/app/.env` and work on every machine. Only the app credentials, a target's `file:` and
 * the `notify:` addresses (a webhook URL is a secret: src/notify/resolve-notifiers.ts) are
 * expanded: other fields are not secret or per-machine, and `after_write` and `notify.command`
 * are run by a shell that expands variables itself.
 *
 * One rule for every field, read by the one scanner below: `${NAME}` is replaced by the
 * variable's value (unset or empty is an error naming it, never an empty string: an empty
 * path part or secret only fails later and less clearly); `$${` is a literal `${`, so
 * `$${NAME}` stays the text `${NAME}` (as in docker compose, for a secret or a folder name that
 * really contains it); any other `$` is just a `$`. Expansion happens once, where the value is
 * used (expandProfileEnv, file-target.ts): running it twice would expand an escaped `${`.
 */
import { UserError } from '../errors.js';
import type { ProfileConfig, ReauthConfig } from './types.js';

/** `$${` (escaped), `${NAME}`, or a `${` that is never closed — in that order of preference. */
const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Part = { readonly literal: string } | { readonly variable: string } | { readonly unclosed: true };

export interface ExpandWhere {
  /** The file as shown to the person, e.g. `reauth.yaml`. */
  readonly file: string;
  readonly line?: number;
  /** Dotted field, e.g. `profiles.weather.client_secret`. */
  readonly field: string;
}

/** Whether the text reads at least one variable (`$${X}` does not: it is literal). */
export function hasEnvReference(text: string): boolean {
  return scan(text).some((part) => !('literal' in part));
}

/**
 * A value the person typed (a client ID, a path), as reauth.yaml must hold it so that it reads
 * back as the same text: every `${` written `$${`. Only for the fields that are expanded.
 */
export function literalForConfig(text: string): string {
  return text.replaceAll('${', () => '$${'); // a function: in a replacement string `$$` means one `$`
}

/** Whether the whole text is exactly one `${VAR}`: the only form of client_secret reauth writes. */
export function isEnvReference(text: string): boolean {
  const match = /^\$\{([^}]*)\}$/.exec(text);
  return match !== null && VARIABLE_NAME.test(match[1] ?? '');
}

/**
 * The variables `text` reads, in order; throws the UserError expandEnv would for a `${` that is
 * never closed or a name that is not a variable name. Lets the loader point at a typo's line
 * without needing the environment.
 */
export function envReferencesIn(text: string, where: ExpandWhere): string[] {
  return scan(text).flatMap((part) => {
    if ('literal' in part) return [];
    return [checkedName(part, where)];
  });
}

/** Replaces every `${VAR}` (and `$${` by `${`); a missing or empty variable is a UserError naming it and the line. */
export function expandEnv(text: string, env: Readonly<Record<string, string | undefined>>, where: ExpandWhere): string {
  const parts = scan(text);
  // Check the whole text first, so a later typo is reported before an earlier unset variable.
  for (const part of parts) if (!('literal' in part)) checkedName(part, where);
  return parts
    .map((part) => {
      if ('literal' in part) return part.literal;
      const name = checkedName(part, where);
      const value = env[name];
      if (value === undefined || value === '') {
        throw new UserError(
          `${name} is ${value === '' ? 'empty' : 'not set'}, but ${placeOf(where)} reads it from the environment.`,
          `Export it (export ${name}=...) before running reauth; for cron, set it in the crontab or in the script cron runs, because cron does not read your shell profile.`,
        );
      }
      return value;
    })
    .join('');
}

function scan(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) parts.push({ literal: text.slice(last, match.index) });
    if (match[0] === '$${') parts.push({ literal: '${' });
    else if (match[1] !== undefined) parts.push({ variable: match[1] });
    else parts.push({ unclosed: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}

function checkedName(part: { readonly variable: string } | { readonly unclosed: true }, where: ExpandWhere): string {
  if ('unclosed' in part) {
    throw new UserError(`${placeOf(where)} has \${ without a closing }.`, `Write it as \${VARIABLE_NAME} in ${where.file} (or $\${ for a literal \${).`);
  }
  if (!VARIABLE_NAME.test(part.variable)) {
    throw new UserError(`${placeOf(where)} reads \${${part.variable}}, which is not a valid variable name.`, `Use letters, digits and _ only, e.g. \${MY_CLIENT_SECRET}.`);
  }
  return part.variable;
}

function placeOf(where: ExpandWhere): string {
  return `${where.file}${where.line !== undefined ? ` line ${where.line}` : ''} (${where.field})`;
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
