/**
 * The `heroku` target: tokens as config vars of a Heroku app, with the person's own heroku CLI
 * login (see heroku-cli.ts for which program runs and REAUTH_HEROKU_BIN). It reads and checks
 * through the CLI; it writes with one Platform API request (`method: api`, the default:
 * heroku-api.ts, values never in a process's arguments) or, when chosen, `heroku config:set`
 * (`method: cli`).
 *
 * Heroku quirks that shape this file (PROVIDERS.md "Heroku config vars"):
 * - every `config:set` makes a release and restarts the app's dynos, so all keys go in ONE
 *   call (`heroku config:set K1=V1 K2=V2 -a APP`: one PATCH, one release, one restart), and
 *   nothing is called when nothing changed;
 * - the CLI echoes every value it sets (and `config --json` prints them all) on stdout, so
 *   stdout is parsed at most, never shown; messages come from stderr, redacted;
 * - `auth:whoami` exits 100 when nobody is logged in, while other commands start a browser
 *   login instead — so it always runs first.
 */
import type { CommandResult, Deps } from '../deps.js';
import { BugError, ExitCode, UserError, type ExitCodeValue } from '../errors.js';
import { TOKEN_FIELDS, type FieldValues, type TokenField } from '../tokens/token-set.js';
import type { HerokuMethod, PlannedChange, Target, TargetApplyResult, TargetContext, TargetPlan, TargetReadResult, TargetSpec } from './types.js';
import { herokuFailure, releaseVersionFrom } from './heroku-cli-failure.js';
import { herokuProgramName, runHeroku } from './heroku-cli.js';
import { patchHerokuConfig } from './heroku-api.js';
import { compareNames } from '../system/compare-names.js';

interface HerokuPlanInternal {
  readonly kind: 'heroku-config-set';
  readonly app: string;
  readonly pairs: readonly (readonly [key: string, value: string])[];
  /** Values before the change: redacted from any error text too. */
  readonly before: readonly string[];
}

export function createHerokuTarget(spec: TargetSpec, ctx: TargetContext): Target {
  const app = requireApp(spec);
  const keyEntries = mappedKeys(spec);
  const { deps } = ctx;
  const label = `Heroku app ${app}`;
  const method = spec.method ?? 'api';

  async function preflight(): Promise<void> {
    const whoami = await runHeroku(deps, ['auth:whoami']);
    if (whoami.code !== 0) throw failure(whoami, 'check who is logged in', []);
    await readConfig([]);
  }

  async function readConfig(secrets: readonly string[]): Promise<Record<string, string>> {
    const result = await runHeroku(deps, ['config', '--json', '-a', app]);
    if (result.code !== 0) throw failure(result, `read the config vars of ${app}`, secrets);
    return parseConfigJson(result.stdout, app);
  }

  async function read(): Promise<TargetReadResult> {
    const config = await readConfig([]);
    const values: FieldValues = {};
    for (const [field, key] of keyEntries) {
      const value = config[key];
      if (value !== undefined) values[field] = value;
    }
    return { values, exists: true, warnings: [] };
  }

  async function plan(values: FieldValues): Promise<TargetPlan> {
    if (deps.platform === 'win32') refuseLineBreaks(keyEntries, values);
    const config = await readConfig(Object.values(values));
    const changes: PlannedChange[] = [];
    for (const [field, key] of keyEntries) {
      const after = values[field];
      if (after === undefined || config[key] === after) continue;
      changes.push(config[key] === undefined ? { field, key, after } : { field, key, before: config[key], after });
    }
    const internal: HerokuPlanInternal = {
      kind: 'heroku-config-set',
      app,
      pairs: changes.map((change) => [change.key, change.after] as const),
      before: changes.flatMap((change) => (change.before === undefined ? [] : [change.before])),
    };
    if (changes.length === 0) return { label, changes, warnings: [], notes: [`${app} already has these values: nothing to set, no restart.`], internal };
    const restart = `Heroku will restart ${app} once (one release) to apply ${describeCount(changes.length)}.`;
    // The cli method's exposure is a warning; the api method's way is only a reassurance.
    return method === 'api'
      ? { label, changes, warnings: [], notes: [restart, methodNote(method)], internal }
      : { label, changes, warnings: [methodNote(method)], notes: [restart], internal };
  }

  async function apply(planned: TargetPlan): Promise<TargetApplyResult> {
    const internal = planned.internal as HerokuPlanInternal | undefined;
    if (internal?.kind !== 'heroku-config-set' || internal.app !== app) {
      throw new BugError(`apply() of ${label} was given a plan made by another target.`);
    }
    if (internal.pairs.length === 0) return { label, summary: 'already up to date (no release)' };
    const count = describeCount(internal.pairs.length);
    if (method === 'api') {
      const secrets = [...internal.pairs.map(([, value]) => value), ...internal.before];
      const version = await patchHerokuConfig(deps, { app, pairs: internal.pairs, secrets });
      return { label, summary: version === undefined ? `set ${count}` : `set ${count}, released v${version}` };
    }
    const args = ['config:set', ...internal.pairs.map(([key, value]) => `${key}=${value}`), '-a', app];
    const result = await runHeroku(deps, args);
    const secrets = [...internal.pairs.map(([, value]) => value), ...internal.before];
    if (result.code !== 0) {
      throw failure(result, `set the config vars of ${app}`, secrets, ExitCode.writeFailed);
    }
    const version = releaseVersionFrom(result.stderr);
    return { label, summary: version === undefined ? `set ${count}` : `set ${count}, released v${version}` };
  }

  function failure(result: CommandResult, doing: string, secrets: readonly string[], exitCode?: ExitCodeValue): UserError {
    const allSecrets = [...secrets, deps.env.HEROKU_API_KEY];
    return herokuFailure(result, { app, doing, secrets: allSecrets, env: deps.env, program: herokuProgramName(deps), exitCode });
  }

  return { spec, label, preflight, read, plan, apply };
}

/** Said in the preview, so the person knows who on this machine could see the values. */
function methodNote(method: HerokuMethod): string {
  return method === 'api'
    ? 'Sent in one Heroku API request: the values never appear on a command line.'
    : 'Sent with `heroku config:set` (method: cli): other users here can see the values in the process list.';
}

/**
 * The apps the logged-in person can access (their own, their teams', shared with them), for
 * the wizard to offer. `--all`: plain `heroku apps` leaves out team apps.
 */
export async function listHerokuApps(deps: Deps): Promise<string[]> {
  const result = await runHeroku(deps, ['apps', '--all', '--json']);
  if (result.code !== 0) {
    const secrets = [deps.env.HEROKU_API_KEY];
    throw herokuFailure(result, { doing: 'list your Heroku apps', secrets, env: deps.env, program: herokuProgramName(deps) });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw notJson('heroku apps --all --json');
  }
  if (!Array.isArray(parsed)) throw notJson('heroku apps --all --json');
  const names = parsed
    .map((entry: unknown) => (entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined))
    .filter((name): name is string => typeof name === 'string');
  return [...new Set(names)].sort(compareNames);
}

function requireApp(spec: TargetSpec): string {
  const app = spec.app?.trim();
  if (!app) {
    throw new UserError('A heroku target in reauth.yaml has no `app:`.', 'Add `app: YOUR-APP-NAME` to it (`heroku apps` lists your apps).');
  }
  // Heroku app names are lowercase letters, digits and dashes (an app id also works with -a);
  // anything with spaces or a leading dash would be misread on the command line.
  if (/[\s\0]/.test(app) || app.startsWith('-')) {
    throw new UserError(`"${app}" cannot be a Heroku app name.`, 'Check the name with `heroku apps` and correct `app:` in reauth.yaml.');
  }
  return app;
}

/** The `keys` of the spec as [field, config var name], checked so `K=V` cannot be misread. */
function mappedKeys(spec: TargetSpec): (readonly [TokenField, string])[] {
  const entries: (readonly [TokenField, string])[] = [];
  for (const field of TOKEN_FIELDS) {
    const key = spec.keys[field];
    if (key === undefined) continue;
    // config:set splits each argument at its first `=`, and an argument starting with `-`
    // would be read as a flag.
    if (key === '' || key.includes('=') || /\s/.test(key) || key.startsWith('-')) {
      throw new UserError(
        `The heroku target for ${spec.app ?? 'an app'} maps ${field} to "${key}", which cannot be a Heroku config var name.`,
        'Use letters, digits and underscores (for example NETATMO_REFRESH_TOKEN) in `keys:` in reauth.yaml.',
      );
    }
    entries.push([field, key]);
  }
  return entries;
}

function parseConfigJson(stdout: string, app: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw notJson(`heroku config --json -a ${app}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw notJson(`heroku config --json -a ${app}`);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') config[key] = value;
  }
  return config;
}

/** Says what went wrong without quoting the output: it holds every config var value. */
function notJson(command: string): UserError {
  return new UserError(
    `\`${command}\` answered with something other than JSON, so reauth could not read it.`,
    'Update the Heroku CLI (`heroku update`), then run reauth again.',
    ExitCode.unavailable,
  );
}

/** cmd.exe ends a command at a line break, so such a value cannot reach heroku.cmd intact. */
function refuseLineBreaks(keyEntries: readonly (readonly [TokenField, string])[], values: FieldValues): void {
  const broken = keyEntries.find(([field]) => /[\r\n\0]/.test(values[field] ?? ''));
  if (broken) {
    const key = broken[1];
    throw new UserError(
      `The value for ${key} contains a line break, which cannot be passed to heroku.cmd on Windows.`,
      `Set ${key} yourself in the Heroku dashboard (Settings → Config Vars), or run reauth on macOS or Linux.`,
      ExitCode.writeFailed,
    );
  }
}

function describeCount(count: number): string {
  return count === 1 ? '1 config var' : `${count} config vars`;
}
