/**
 * The argv-free way to set Heroku config vars: one Platform API `PATCH /apps/APP/config-vars`
 * with every key (one release, exactly what `heroku config:set` sends), authorised with the
 * CLI's own token. `heroku config:set K=V` would put the values in the CLI's process arguments,
 * readable by every local user (`ps`, /proc/PID/cmdline) for the seconds it runs; here they
 * travel only in the request body. The token comes from HEROKU_API_KEY, or from the CLI
 * (`heroku auth:token`) through a pipe — never printed, never in an error text.
 */
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import { requestJson, snippet } from '../oauth/http.js';
import { herokuFailure } from './heroku-cli-failure.js';
import { herokuProgramName, runHeroku } from './heroku-cli.js';

type ApiDeps = Pick<Deps, 'env' | 'platform' | 'runCommand' | 'fetch'>;

/** As the heroku CLI reads HEROKU_HOST (@heroku-cli/command vars.ts): a URL as-is, a host as https://api.HOST. */
export function herokuApiUrl(env: NodeJS.ProcessEnv): string {
  const host = env.HEROKU_HOST?.trim() || 'heroku.com';
  return (host.startsWith('http') ? host : `https://api.${host}`).replace(/\/+$/, '');
}

export async function herokuApiToken(deps: ApiDeps): Promise<string> {
  const fromEnv = deps.env.HEROKU_API_KEY?.trim();
  if (fromEnv) return fromEnv;
  const result = await runHeroku(deps, ['auth:token']);
  const token = result.stdout.trim();
  if (result.code !== 0 || token === '' || /\s/.test(token)) {
    // Only asked while writing: a failure is a failed write, so the tokens go to the rescue file.
    throw herokuFailure(result, {
      doing: 'get the Heroku CLI’s login token',
      secrets: [token],
      env: deps.env,
      program: herokuProgramName(deps),
      exitCode: ExitCode.writeFailed,
    });
  }
  return token;
}

export interface ConfigPatch {
  readonly app: string;
  readonly pairs: readonly (readonly [key: string, value: string])[];
  /** Old and new values: never in an error text. */
  readonly secrets: readonly string[];
}

/** Sets every pair in one release; answers the new release's version when Heroku says it. */
export async function patchHerokuConfig(deps: ApiDeps, patch: ConfigPatch): Promise<number | undefined> {
  const token = await herokuApiToken(deps);
  const base = herokuApiUrl(deps.env);
  const app = encodeURIComponent(patch.app);
  const headers = { accept: 'application/vnd.heroku+json; version=3', authorization: `Bearer ${token}` };
  const secrets = [...patch.secrets, token];
  const answer = await requestJson(deps, {
    method: 'PATCH',
    url: `${base}/apps/${app}/config-vars`,
    json: Object.fromEntries(patch.pairs),
    headers,
    secrets,
  }).catch((error: unknown) => {
    // Nothing reached the app: the tokens stay in the rescue file, like any failed write.
    if (error instanceof UserError) throw new UserError(error.message, error.nextStep, ExitCode.writeFailed);
    throw error;
  });
  if (answer.status < 200 || answer.status >= 300) throw apiFailure(answer.status, answer.body, patch.app, secrets);
  // Which release it made, for the summary only: a failure here changes nothing.
  const releases = await requestJson(deps, {
    method: 'GET',
    url: `${base}/apps/${app}/releases`,
    headers: { ...headers, range: 'version ..; order=desc, max=1' },
    secrets,
  }).catch(() => undefined);
  const newest = Array.isArray(releases?.body) ? (releases.body[0] as { version?: unknown } | undefined) : undefined;
  return typeof newest?.version === 'number' ? newest.version : undefined;
}

function apiFailure(status: number, body: unknown, app: string, secrets: readonly string[]): UserError {
  const said = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  // Heroku's messages can quote a value ("Config var value … is not allowed"): masked here.
  const quoted = typeof said === 'string' && said.trim() !== '' ? `: ${snippet(said, secrets).replace(/\.+$/, '')}` : '';
  if (status === 401) {
    return new UserError(
      `Heroku refused the login token of the Heroku CLI${quoted}.`,
      'Run `heroku login` (or set HEROKU_API_KEY to a valid key), then `reauth refresh` to write the kept tokens.',
      ExitCode.writeFailed,
    );
  }
  if (status === 403) {
    return new UserError(`Your Heroku account may not change the config vars of ${app}${quoted}.`, 'Ask the app’s owner for access, or log in as an account that has it (`heroku login`).', ExitCode.writeFailed);
  }
  if (status === 404) {
    return new UserError(`Heroku has no app called ${app} that you can access${quoted}.`, 'Check the name with `heroku apps` and correct `app:` in reauth.yaml.', ExitCode.writeFailed);
  }
  if (status >= 500) return new UserError(`Heroku is having trouble right now (HTTP ${status})${quoted}.`, 'Try again in a few minutes.', ExitCode.writeFailed);
  return new UserError(`Heroku refused the change to ${app}'s config vars (HTTP ${status})${quoted}.`, 'Check the key names in reauth.yaml, then try again.', ExitCode.writeFailed);
}
