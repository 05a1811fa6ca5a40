/**
 * The folder fault-injection tests refresh in, and the checks they make after every run.
 *
 * The folder is the weather dashboard of DESIGN.md with two file targets side by side:
 * `config.yaml` (a yaml target at the dotted path `weather.integrations.netatmo`) and `.env`
 * (dotenv), each holding the access token, the refresh token and the expiry — three values
 * that belong together: a file that holds the access token of one set and the refresh token
 * of another is wrong even though each value looks fine.
 *
 * After a run each target must parse (the `.env` strictly and by `sh` sourcing it, the YAML with
 * the `yaml` package), hold everything else it held, and be WHOLLY OLD OR WHOLLY NEW: all three
 * values from one set the token server issued (fault-token-server.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FaultTokenServer, IssuedSet } from './fault-token-server.js';

export const PROFILE = 'weather';

export const ENV_HEAD = '# Weather dashboard\nexport OTHER="keep me # not a comment"\n\n';
export const ENV_TAIL = '# the dashboard listens here\nDASHBOARD_PORT=8080\n';
export const ENV_KEYS = { access: 'NETATMO_ACCESS_TOKEN', refresh: 'NETATMO_REFRESH_TOKEN', expires: 'NETATMO_TOKEN_EXPIRES_AT' } as const;

/** ISO 8601 UTC to the second, as reauth writes `expires_at`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export interface ProjectOptions {
  /** Targets: both files (default), or only the .env (the disk-full tests). */
  readonly targets?: 'both' | 'env';
}

export interface Project {
  readonly dir: string;
  readonly server: FaultTokenServer;
  /** The set written before any run, and the expiry written with it. */
  readonly seed: IssuedSet;
  readonly seedExpiresAt: string;
  readonly targets: 'both' | 'env';
  /** Environment a cron job has: the client secret, nothing else. */
  readonly env: Record<string, string>;
  /** The exact text of each target as written before any run. */
  readonly before: { readonly env: string; readonly yaml?: string };
}

export function reauthYaml(server: FaultTokenServer, targets: 'both' | 'env'): string {
  const e = server.emulator;
  return [
    'version: 1',
    'profiles:',
    `  ${PROFILE}:`,
    '    provider: netatmo',
    `    client_id: ${e.clientId}`,
    '    client_secret: ${NETATMO_CLIENT_SECRET}',
    '    scopes: [read_station]',
    '    redirect_uri: https://localhost/callback',
    '    targets:',
    ...(targets === 'both'
      ? [
          '      - type: yaml',
          '        file: config.yaml',
          '        at: weather.integrations.netatmo',
          '        keys: { access_token: access_token, refresh_token: refresh_token, expires_at: expires_at }',
        ]
      : []),
    '      - type: dotenv',
    '        file: .env',
    `        keys: { access_token: ${ENV_KEYS.access}, refresh_token: ${ENV_KEYS.refresh}, expires_at: ${ENV_KEYS.expires} }`,
    'providers:',
    '  netatmo:',
    `    authorize_url: ${e.origin}/oauth2/authorize`,
    `    token_url: ${server.tokenUrl}`,
    `    verify_url: ${e.origin}/api/getstationsdata`,
    '',
  ].join('\n');
}

export function envText(set: { access: string; refresh: string }, expiresAt: string): string {
  return `${ENV_HEAD}${ENV_KEYS.access}='${set.access}'\n${ENV_KEYS.refresh}='${set.refresh}'\n${ENV_KEYS.expires}=${expiresAt}\n${ENV_TAIL}`;
}

export function yamlText(set: { access: string; refresh: string }, expiresAt: string): string {
  return [
    '# app settings',
    'weather:',
    '  city: Lyon   # keep',
    '  integrations:',
    '    netatmo:',
    `      access_token: '${set.access}'`,
    `      refresh_token: '${set.refresh}'`,
    `      expires_at: '${expiresAt}'`,
    '    other:',
    '      enabled: true',
    '  units: metric',
    '',
  ].join('\n');
}

/** Writes reauth.yaml and the targets, seeded with a pair the emulator really issued. */
export async function writeProject(dir: string, server: FaultTokenServer, options: ProjectOptions = {}): Promise<Project> {
  const targets = options.targets ?? 'both';
  const seed = await server.seedPair();
  const seedExpiresAt = isoSeconds(Date.now() + 2 * 3600_000);
  writeFileSync(join(dir, 'reauth.yaml'), reauthYaml(server, targets));
  const env = envText(seed, seedExpiresAt);
  writeFileSync(join(dir, '.env'), env, { mode: 0o600 });
  let yaml: string | undefined;
  if (targets === 'both') {
    yaml = yamlText(seed, seedExpiresAt);
    writeFileSync(join(dir, 'config.yaml'), yaml, { mode: 0o640 });
  }
  return {
    dir,
    server,
    seed,
    seedExpiresAt,
    targets,
    env: { NETATMO_CLIENT_SECRET: server.emulator.clientSecret },
    before: { env, ...(yaml !== undefined ? { yaml } : {}) },
  };
}

// ── Reading the targets back ────────────────────────────────────────────────────────────────

export interface TokenValues {
  readonly access?: string;
  readonly refresh?: string;
  readonly expiresAt?: string;
}

/**
 * A strict reading of the .env: every line is blank, a comment, or `[export ]KEY=VALUE` where
 * VALUE is bare (no spaces, quotes or `#`…), or wholly in single or double quotes. Anything
 * else (a cut line, an unterminated quote, a NUL) is a parse error. Returns the assignments.
 */
export function parseDotenvStrict(text: string): Map<string, string> {
  const values = new Map<string, string>();
  if (text.includes('\0')) throw new Error('the .env holds a NUL byte');
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the .env does not end with a line break (cut short?)');
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const m = /^(?:export )?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`.env line ${i + 1} is not an assignment: ${JSON.stringify(line.slice(0, 60))}`);
    const raw = m[2]!;
    let value: string;
    if (/^'[^']*'$/.test(raw)) value = raw.slice(1, -1);
    else if (/^"(?:[^"\\$`]|\\.)*"$/.test(raw)) value = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (/^[^\s'"`$\\|&;<>()#!*?]*$/.test(raw)) value = raw;
    else throw new Error(`.env line ${i + 1} has a value a shell would not read as one word: ${JSON.stringify(raw.slice(0, 60))}`);
    values.set(m[1]!, value);
  });
  return values;
}

/** What `sh` reads from the .env (it must stay sourceable): the three token variables. */
export function sourceDotenv(dir: string): TokenValues {
  const script = `set -e; . ./.env; printf '%s\\n%s\\n%s\\n' "$${ENV_KEYS.access}" "$${ENV_KEYS.refresh}" "$${ENV_KEYS.expires}"`;
  const r = spawnSync('/bin/sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  if (r.status !== 0) throw new Error(`sh could not source .env (exit ${r.status}): ${r.stderr.trim()}`);
  const [access, refresh, expiresAt] = r.stdout.split('\n');
  return { access: access || undefined, refresh: refresh || undefined, expiresAt: expiresAt || undefined } as TokenValues;
}

export function readEnvTarget(dir: string): { text: string; values: TokenValues } {
  const text = readFileSync(join(dir, '.env'), 'utf8');
  const parsed = parseDotenvStrict(text);
  const keys = [...parsed.keys()].sort();
  const expected = ['DASHBOARD_PORT', 'OTHER', ENV_KEYS.access, ENV_KEYS.expires, ENV_KEYS.refresh].sort();
  if (keys.join(',') !== expected.join(',')) throw new Error(`.env holds the keys ${keys.join(', ')}; expected exactly ${expected.join(', ')}`);
  if (parsed.get('OTHER') !== 'keep me # not a comment' || parsed.get('DASHBOARD_PORT') !== '8080') {
    throw new Error('.env lost or changed a line that is not a token');
  }
  if (!text.startsWith(ENV_HEAD) || !text.endsWith(ENV_TAIL)) throw new Error('.env lost its comments, head or tail');
  const values: TokenValues = { access: parsed.get(ENV_KEYS.access), refresh: parsed.get(ENV_KEYS.refresh), expiresAt: parsed.get(ENV_KEYS.expires) };
  const sourced = sourceDotenv(dir);
  if (sourced.access !== values.access || sourced.refresh !== values.refresh || sourced.expiresAt !== values.expiresAt) {
    throw new Error('sh reads other token values from .env than its lines say');
  }
  return { text, values };
}

export function readYamlTarget(dir: string): { text: string; values: TokenValues } {
  const text = readFileSync(join(dir, 'config.yaml'), 'utf8');
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    throw new Error(`config.yaml does not parse: ${(error as Error).message.split('\n')[0]}`);
  }
  const w = (doc as { weather?: Record<string, unknown> } | null)?.weather;
  const integrations = w?.integrations as Record<string, unknown> | undefined;
  const n = integrations?.netatmo as Record<string, unknown> | undefined;
  if (!w || w.city !== 'Lyon' || w.units !== 'metric' || (integrations?.other as { enabled?: unknown } | undefined)?.enabled !== true) {
    throw new Error('config.yaml lost or changed settings that are not tokens');
  }
  if (!n) throw new Error('config.yaml has no weather.integrations.netatmo mapping');
  const keys = Object.keys(n).sort().join(',');
  if (keys !== 'access_token,expires_at,refresh_token') throw new Error(`weather.integrations.netatmo holds ${keys}`);
  if (!text.startsWith('# app settings\n') || !text.includes('city: Lyon   # keep')) throw new Error('config.yaml lost its comments');
  const str = (v: unknown) => (v === undefined || v === null ? undefined : v instanceof Date ? isoSeconds(v.getTime()) : String(v));
  return { text, values: { access: str(n.access_token), refresh: str(n.refresh_token), expiresAt: str(n.expires_at) } };
}

/**
 * Which issued set `values` is, checking that the access token, refresh token and expiry all
 * belong to it: the same set, and an expiry that is the seed's, or `expires_in` after the
 * moment the set was issued (reauth reads its own clock when the answer arrives).
 */
export function wholeSet(project: Project, values: TokenValues, where: string): IssuedSet {
  const { server } = project;
  if (!values.refresh) throw new Error(`${where}: no refresh token`);
  const set = server.setOfRefresh(values.refresh);
  if (!set) throw new Error(`${where}: holds a refresh token the service never issued (${values.refresh.slice(0, 24)}…)`);
  const where2 = `${where} (set #${set.call < 0 ? 'seed' : set.call})`;
  if (values.access !== undefined && values.access !== set.access) {
    const other = server.setOfAccess(values.access);
    throw new Error(`${where2}: the access token is from ${other ? `set #${other.call < 0 ? 'seed' : other.call}` : 'no issued set'}, the refresh token from another: a mixed file`);
  }
  if (values.expiresAt !== undefined) {
    const at = Date.parse(values.expiresAt);
    if (Number.isNaN(at)) throw new Error(`${where2}: expires_at ${JSON.stringify(values.expiresAt)} is not a date`);
    if (set.call < 0) {
      if (at !== Date.parse(project.seedExpiresAt)) throw new Error(`${where2}: expires_at ${values.expiresAt} is not the seed's ${project.seedExpiresAt}: a mixed file`);
    } else {
      // Slack: whole seconds, and a busy machine between the answer and reauth reading its clock.
      const low = set.issuedAt + set.expiresIn * 1000 - 3000;
      const high = (set.sentAt ?? Date.now()) + set.expiresIn * 1000 + 5000;
      if (at < low || at > high) {
        throw new Error(`${where2}: expires_at ${values.expiresAt} does not belong to this set (expected ${isoSeconds(low + 3000)} … ${isoSeconds(high - 5000)}): a mixed file`);
      }
    }
  }
  return set;
}

export interface TargetsSeen {
  readonly env: IssuedSet;
  readonly yaml?: IssuedSet;
}

/** Every target parses, keeps what is not a token, and holds one whole set. Throws otherwise. */
export function checkTargets(project: Project): TargetsSeen {
  const env = wholeSet(project, readEnvTarget(project.dir).values, '.env');
  if (project.targets === 'env') return { env };
  const yaml = wholeSet(project, readYamlTarget(project.dir).values, 'config.yaml');
  return { env, yaml };
}

/** Each target holds exactly `set` (with an expiry of that set). */
export function expectTargetsHold(project: Project, set: IssuedSet): void {
  const seen = checkTargets(project);
  for (const [key, s] of Object.entries(seen)) {
    const name = key === 'env' ? '.env' : 'config.yaml';
    if (s && s !== set) throw new Error(`${name} holds set ${s.call < 0 ? 'seed' : `#${s.call}`}, not the live set #${set.call}`);
  }
}

// ── reauth's own files ──────────────────────────────────────────────────────────────────────

export interface RescueSeen {
  readonly path: string;
  readonly json?: { values?: { refresh_token?: string; access_token?: string; expires_at?: string }; [key: string]: unknown };
  /** Set when the file does not parse as JSON. */
  readonly error?: string;
  readonly size: number;
}

/** Every `.reauth/rescue/*.json` next to reauth.yaml. */
export function rescueFiles(dir: string): RescueSeen[] {
  const folder = join(dir, '.reauth', 'rescue');
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => {
      const path = join(folder, n);
      const text = readFileSync(path, 'utf8');
      try {
        return { path, json: JSON.parse(text) as RescueSeen['json'], size: statSync(path).size };
      } catch (error) {
        return { path, error: (error as Error).message, size: statSync(path).size };
      }
    });
}

/** Rescue files whose values hold `refresh` (as they should once a run kept tokens there). */
export function rescuesHolding(dir: string, refresh: string): RescueSeen[] {
  return rescueFiles(dir).filter((r) => r.json?.values?.refresh_token === refresh);
}

/** Paths (relative to dir) of temp files reauth's atomic writer left anywhere under dir. */
export function tempFilesLeft(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.reauth-tmp')) found.push(relative(dir, p));
    }
  };
  walk(dir);
  return found;
}

/** Where the live refresh token is on disk: target names and rescue file paths. */
export function whereIsRefresh(project: Project, refresh: string): string[] {
  const places: string[] = [];
  try {
    if (readEnvTarget(project.dir).values.refresh === refresh) places.push('.env');
  } catch {
    // Reported by checkTargets.
  }
  if (project.targets === 'both') {
    try {
      if (readYamlTarget(project.dir).values.refresh === refresh) places.push('config.yaml');
    } catch {
      // Reported by checkTargets.
    }
  }
  for (const r of rescuesHolding(project.dir, refresh)) places.push(relative(project.dir, r.path));
  return places;
}

/**
 * What is in reauth's own folder, for failure messages: every file with its size; lock files
 * with their content (they hold no secret: pid, host, start time). Rescue files by name only.
 */
export function reauthFolderListing(dir: string): string {
  const root = join(dir, '.reauth');
  const lines: string[] = [];
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      const size = statSync(p).size;
      const lock = /lock/.test(e.name) ? ` ${JSON.stringify(readFileSync(p, 'utf8').slice(0, 200))}` : '';
      lines.push(`${relative(dir, p)} (${size} bytes)${lock}`);
    }
  };
  walk(root);
  for (const name of readdirSync(dir)) if (name.endsWith('.reauth-lock')) lines.push(`${name} ${JSON.stringify(readFileSync(join(dir, name), 'utf8').slice(0, 200))}`);
  return lines.length > 0 ? lines.join('; ') : '(no .reauth folder)';
}

/** A stack trace line, or the words of an unexpected crash. */
export const STACK_OR_CRASH = /^\s+at .+:\d+:\d+\)?$|internal error|please report it|(?:reauth\.js|chunks\/[\w.-]+\.js|node:internal\/[\w/.-]+):\d+:\d+/im;

/** "finishing safely", "finishing this step first, so the new tokens are safely on disk", … */
export const FINISHING_SAFELY = /finish\w*[^.]{0,80}safe/i;
