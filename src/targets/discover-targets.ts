/**
 * Finds where tokens already live, so the wizard can offer those places first, propose the
 * key names the person's program already reads, and prefill what they hold. Order: saved
 * targets, then files in the folder (best matches first), then a new `.env`, then
 * "Heroku app…" (when the heroku CLI is there) and "Another file…".
 */
import { access } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { PRESETS } from '../providers/catalogue.js';
import type { ProviderPreset, ResolvedProvider } from '../providers/types.js';
import type { TokenField } from '../tokens/token-set.js';
import { readTextFile } from '../system/atomic-write.js';
import { targetFilePath } from './file-target.js';
import { listKeyedMappings, type FileTargetType, type KeyedMapping } from './discover-file-keys.js';
import { DEFAULT_SCAN_LIMITS, findCandidateFiles, type ScanLimits } from './discover-files.js';
import { herokuCliAvailable } from './discover-heroku.js';
import { confidenceOrder, inFieldOrder, keyWords, matchKeys, serviceWords, type KeyMatch, type MappingContext, type ServiceWords } from './discover-key-names.js';
import type { KeyMap, TargetContext, TargetSpec } from './types.js';

export interface DiscoveredTarget {
  readonly spec: TargetSpec;
  readonly label: string;
  readonly reason: string;
  readonly exists: boolean;
  /** Chosen by default: saved targets and files that clearly hold this service's tokens. */
  readonly preselect?: boolean;
  /** Needs one more answer before it can be written: which Heroku app, or which file. */
  readonly ask?: 'heroku-app' | 'file-path';
}

export interface DiscoveryContext extends TargetContext {
  readonly cwd: string;
  /** reauth.yaml itself is never offered. */
  readonly configPath?: string;
  /** Every known service, to tell their keys apart (default: the built-in presets). */
  readonly presets?: readonly ProviderPreset[];
  readonly limits?: ScanLimits;
}

/** What one file offers for this service. */
export interface InspectedFile {
  readonly spec: TargetSpec;
  /** The keys came from the file (rather than the service's defaults). */
  readonly found: boolean;
  readonly match?: KeyMatch;
  readonly exists: boolean;
}

/**
 * Token fields every new target gets (each where the service has a default key name for it:
 * `refresh_expires_at` where the service knows a hard expiry, TikTok's 365 days, so `status`
 * can warn); credentials only where the file already has them.
 */
const TOKEN_FIELDS_TO_WRITE: readonly TokenField[] = ['access_token', 'refresh_token', 'expires_at', 'refresh_expires_at'];

export function defaultEnvKeyMap(provider: ProviderPreset, withCredentials: boolean): KeyMap {
  return defaultKeyMap(provider.defaultEnvKeys, provider, withCredentials);
}

function defaultKeyMap(names: ProviderPreset['defaultEnvKeys'], provider: ProviderPreset, withCredentials: boolean): KeyMap {
  const keys: KeyMap = {};
  const fields: TokenField[] = [...TOKEN_FIELDS_TO_WRITE, ...(provider.extraTokenFields as TokenField[])];
  if (withCredentials) fields.push('client_id', 'client_secret');
  for (const field of fields) {
    const key = names[field];
    if (key) keys[field] = key;
  }
  return keys;
}

const ENV_STYLE: ReadonlySet<string> = new Set(['dotenv', 'envpy']);

/** "config.yaml (weather.integrations.netatmo.client_id)": where a prefilled value was found. */
export function whereFound(spec: TargetSpec, field: TokenField): string {
  const key = spec.keys[field] ?? field;
  if (spec.type === 'heroku') return `Heroku app ${spec.app ?? '?'} (${key})`;
  return `${spec.file ?? '?'} (${spec.at ? `${spec.at}.` : ''}${key})`;
}

/** Paths in specs are relative to reauth.yaml's folder when they are inside it. */
function specPath(baseDir: string, path: string): string {
  const rel = relative(baseDir, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Words of a file's path and of the mapping's dotted path: `weather.integrations.netatmo` names Netatmo. */
function contextWords(relPath: string, at: string | undefined): MappingContext {
  const withoutExtension = relPath.replace(/\.(ya?ml|json|py)$/i, '');
  return { file: keyWords(withoutExtension), ...(at ? { at: keyWords(at) } : {}) };
}

function bestMatch(mappings: readonly KeyedMapping[], relPath: string, provider: ProviderPreset, words: ServiceWords): { match: KeyMatch; at?: string } | undefined {
  let best: { match: KeyMatch; at?: string } | undefined;
  for (const mapping of mappings) {
    const match = matchKeys(mapping.keys, provider, words, contextWords(relPath, mapping.at));
    if (!match) continue;
    const better =
      !best ||
      confidenceOrder(match.confidence) < confidenceOrder(best.match.confidence) ||
      (match.confidence === best.match.confidence && match.tokenKeys.length > best.match.tokenKeys.length);
    if (better) best = { match, ...(mapping.at ? { at: mapping.at } : {}) };
  }
  return best;
}

/**
 * The keys to write in one file. A file that already holds tokens gets exactly the keys it has
 * (its program reads those; anything more is noise in someone's file) — unless it uses the
 * service's default names, which means reauth's own layout, completed with the usual fields.
 * A file without this service's keys gets the defaults, plus credentials where it has them.
 */
export async function inspectFile(provider: ProviderPreset, type: FileTargetType, path: string, ctx: DiscoveryContext, words = serviceWords(provider, ctx.presets ?? PRESETS)): Promise<InspectedFile> {
  const file = specPath(ctx.baseDir, path);
  const envStyle = ENV_STYLE.has(type);
  let text: string | undefined;
  try {
    const read = await readTextFile(path, file);
    text = read.exists ? read.text : undefined;
  } catch {
    text = undefined; // not UTF-8 or unreadable: its own target explains when planned
  }
  // Listed once, for the match and for the credentials kept under the default names.
  const mappings = text === undefined ? [] : listKeyedMappings(type, text);
  const found = bestMatch(mappings, specPath(ctx.cwd, path), provider, words);
  if (found) {
    let keys = found.match.keys;
    if (envStyle && found.match.usesDefaultNames) keys = inFieldOrder({ ...defaultEnvKeyMap(provider, false), ...keys });
    return { spec: { type, file, ...(found.at ? { at: found.at } : {}), keys }, found: true, match: found.match, exists: true };
  }
  const names = envStyle ? provider.defaultEnvKeys : provider.defaultFileKeys;
  const keys = defaultKeyMap(names, provider, false);
  // Credentials already kept under the default names stay in step with the new tokens.
  const present = mappings.find((m) => m.at === undefined)?.keys ?? [];
  for (const field of ['client_id', 'client_secret'] as const) {
    const key = names[field];
    if (key && present.includes(key)) keys[field] = key;
  }
  return { spec: { type, file, keys }, found: false, exists: text !== undefined };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function describeFound(match: KeyMatch, provider: ProviderPreset): string {
  const [first, second, ...rest] = match.tokenKeys;
  const names = second ? `${first} and ${second}${rest.length ? ` (+${rest.length})` : ''}` : String(first);
  return match.confidence === 'other' ? `holds ${names} — check that these are ${provider.name}'s` : `holds ${names}`;
}

function sameTarget(a: TargetSpec, b: TargetSpec, baseDir: string): boolean {
  if (a.type === 'heroku' || b.type === 'heroku') return false;
  return resolve(baseDir, a.file ?? '') === resolve(baseDir, b.file ?? '') && (a.at ?? '') === (b.at ?? '');
}

/**
 * The file engines, loaded only when a file is to be read: in a folder without token files
 * the first question comes without them (issue 9: about 50 KB of the bundle).
 */
const fileEngines = () => import('./create-target.js');

export async function discoverTargets(provider: ResolvedProvider, saved: readonly TargetSpec[], ctx: DiscoveryContext): Promise<DiscoveredTarget[]> {
  const words = serviceWords(provider, ctx.presets ?? PRESETS);
  // Looked for while the folder is read (it only checks PATH, and never fails).
  const heroku = herokuCliAvailable(ctx.deps);
  const result: DiscoveredTarget[] = [];
  for (const spec of saved) {
    const target = (await fileEngines()).createTarget(spec, ctx);
    const present = spec.type === 'heroku' || (await exists(targetFilePath(spec, { baseDir: ctx.baseDir, env: ctx.deps.env })));
    result.push({ spec, label: target.label, reason: 'from the saved profile', exists: present, preselect: true });
  }

  const files = await findCandidateFiles(ctx.cwd, ctx.configPath ? [ctx.configPath] : [], ctx.limits ?? DEFAULT_SCAN_LIMITS);
  const inspected = await Promise.all(files.map((file) => inspectFile(provider, file.type, file.path, ctx, words)));
  const found = inspected
    .map((file, order) => ({ file, order }))
    .filter(({ file }) => file.found && !result.some((r) => sameTarget(r.spec, file.spec, ctx.baseDir)))
    .sort((a, b) => confidenceOrder(a.file.match!.confidence) - confidenceOrder(b.file.match!.confidence) || a.order - b.order)
    .map(({ file }) => file);
  const sharedTokens = await tokensOfNamedFiles(found, ctx);
  for (const file of found) {
    const match = file.match!;
    const label = file.spec.at ? `${file.spec.file} at ${file.spec.at}` : String(file.spec.file);
    // Keys named for this service are chosen by default. Plain `access_token`/`refresh_token`
    // could belong to any service: chosen only when they hold the same token as a file that
    // names this one (scenario 1: main/tokens.json beside env.py's SCIENER_* lines).
    const preselect = match.confidence === 'named' || (match.confidence === 'plain' && (await holdsAnyOf(file.spec, sharedTokens, ctx)));
    result.push({ spec: file.spec, label, reason: describeFound(match, provider), exists: true, preselect });
  }

  const dotenvPath = resolve(ctx.cwd, '.env');
  if (!result.some((r) => r.spec.type === 'dotenv' && resolve(ctx.baseDir, r.spec.file ?? '') === dotenvPath)) {
    const dotenv = await inspectFile(provider, 'dotenv', dotenvPath, ctx, words);
    result.push({
      spec: dotenv.spec,
      label: '.env',
      reason: dotenv.exists ? 'in this folder; the token keys will be added' : 'a new file in this folder',
      exists: dotenv.exists,
    });
  }

  if (await heroku) {
    result.push({
      spec: { type: 'heroku', keys: herokuKeys(provider, found) },
      label: 'Heroku app…',
      reason: 'config vars of one of your apps (you choose which next)',
      exists: false,
      ask: 'heroku-app',
    });
  }
  result.push({
    spec: { type: 'dotenv', file: '', keys: {} },
    label: 'Another file…',
    reason: 'type its path: .env, .py, .yaml, .yml or .json',
    exists: false,
    ask: 'file-path',
  });
  return result;
}

async function tokenValues(spec: TargetSpec, ctx: DiscoveryContext): Promise<string[]> {
  try {
    const { values } = await (await fileEngines()).createTarget(spec, ctx).read();
    return [values.access_token, values.refresh_token].filter((v): v is string => !!v);
  } catch {
    return []; // an unreadable file is explained when it is planned
  }
}

async function tokensOfNamedFiles(found: readonly InspectedFile[], ctx: DiscoveryContext): Promise<Set<string>> {
  const named = found.filter((file) => file.match?.confidence === 'named');
  return new Set((await Promise.all(named.map((file) => tokenValues(file.spec, ctx)))).flat());
}

async function holdsAnyOf(spec: TargetSpec, tokens: ReadonlySet<string>, ctx: DiscoveryContext): Promise<boolean> {
  return tokens.size > 0 && (await tokenValues(spec, ctx)).some((value) => tokens.has(value));
}

/**
 * Config vars usually carry the same names as the local env file the program reads
 * (SCIENER_ACCESS_TOKEN in env.py and on Heroku), so those come first; tokens only —
 * the app's client secret is already set there or belongs there by the person's choice.
 */
function herokuKeys(provider: ProviderPreset, found: readonly InspectedFile[]): KeyMap {
  const local = found.find((file) => ENV_STYLE.has(file.spec.type) && file.match?.confidence !== 'other');
  const source = local?.spec.keys ?? defaultEnvKeyMap(provider, false);
  return Object.fromEntries(Object.entries(source).filter(([field]) => field !== 'client_id' && field !== 'client_secret'));
}
