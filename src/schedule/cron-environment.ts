/**
 * What a scheduled `reauth refresh` will have for an environment, decided before installing:
 * cron gives a job only HOME, LOGNAME, SHELL, PATH=/usr/bin:/bin and the crontab's own
 * `NAME=value` lines — not the shell profile where `heroku` was put on PATH or a secret exported.
 * So the entry carries the PATH folders it needs, and a `${VAR}` nobody will set is named now.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { envReferencesIn } from '../config/expand-env.js';
import type { ReauthConfig } from '../config/types.js';

export const CRON_PATH = '/usr/bin:/bin';
/** Settings (not secrets) reauth or the heroku CLI read, kept as they are in this shell. */
const CARRIED = ['REAUTH_HEROKU_BIN', 'HEROKU_HOST'] as const;

export interface CronEnvironment {
  /** Written into the entry in front of the command (PATH and the carried settings). */
  readonly entry: Readonly<Record<string, string>>;
  /** Everything the job will see: what cron sets, the crontab's variables, the entry's. */
  readonly job: Readonly<Record<string, string>>;
  /** `${VAR}`s the config reads that the job will not have, each with where it is read. */
  readonly missing: readonly { readonly name: string; readonly field: string }[];
  /** Why the entry's PATH holds more than cron's, or what could not be found. */
  readonly notes: readonly string[];
  readonly problems: readonly string[];
}

export interface CronEnvironmentInput {
  readonly config: ReauthConfig;
  readonly profiles: readonly string[];
  /** The environment `reauth schedule` runs in (the interactive one). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly crontabVariables: Readonly<Record<string, string>>;
  /** node's own folder: the heroku CLI starts with `#!/usr/bin/env node`. */
  readonly nodePath: string;
}

async function findOnPath(name: string, path: string | undefined): Promise<string | undefined> {
  for (const folder of (path ?? '').split(delimiter).filter((f) => f !== '')) {
    try {
      await access(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export async function cronEnvironment(input: CronEnvironmentInput): Promise<CronEnvironment> {
  const { config, env } = input;
  const profiles = input.profiles.map((name) => config.profiles[name]!);
  const notes: string[] = [];
  const problems: string[] = [];
  const path = CRON_PATH.split(':');
  const addToPath = (folder: string): void => {
    if (!path.includes(folder)) path.unshift(folder);
  };
  const entryExtra: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = env[name]?.trim();
    if (value) entryExtra[name] = value;
  }

  if (profiles.some((p) => p.targets.some((t) => t.type === 'heroku'))) {
    const bin = entryExtra.REAUTH_HEROKU_BIN ?? (await findOnPath('heroku', env.PATH));
    const onCronPath = await findOnPath('heroku', CRON_PATH);
    if (!bin && !onCronPath) {
      problems.push('A Heroku target needs the heroku CLI, which is on neither this PATH nor cron\'s (/usr/bin:/bin). Install it (https://devcenter.heroku.com/articles/heroku-cli) and run `reauth schedule` again from a shell where `heroku --version` works.');
    } else if (bin && !onCronPath) {
      addToPath(dirname(bin));
      addToPath(dirname(input.nodePath));
      notes.push(`heroku is at ${bin}, not on cron's PATH (/usr/bin:/bin): the entry adds ${dirname(bin)} (and node's folder, which the CLI starts with).`);
    }
  }

  const entry: Record<string, string> = { PATH: path.join(':'), ...entryExtra };
  const job: Record<string, string> = {
    ...(env.HOME ? { HOME: env.HOME } : {}),
    ...(env.LOGNAME ?? env.USER ? { LOGNAME: (env.LOGNAME ?? env.USER)! } : {}),
    SHELL: '/bin/sh',
    ...input.crontabVariables,
    ...entry,
  };

  const missing: { name: string; field: string }[] = [];
  const file = config.displayPath ?? config.path;
  for (const profile of profiles) {
    const fields: [string, string | undefined][] = [
      ['client_id', profile.client_id],
      ['client_secret', profile.client_secret],
      ...profile.targets.map((t, i): [string, string | undefined] => [`targets[${i}].file`, t.file]),
    ];
    for (const [key, text] of fields) {
      if (text === undefined) continue;
      const field = `profiles.${profile.name}.${key}`;
      for (const name of envReferencesIn(text, { file, field })) {
        if (!job[name] && !missing.some((m) => m.name === name)) missing.push({ name, field });
      }
    }
  }
  return { entry, job, missing, notes, problems };
}
