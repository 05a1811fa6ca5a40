/**
 * Decides, from key names alone, which keys of one mapping (a `.env`, an `env.py`, one YAML or
 * JSON mapping) hold this service's tokens: `SCIENER_ACCESS_TOKEN`, `refreshToken`,
 * `weather.integrations.netatmo.refresh_token`… Names are compared as words, so `accessToken`,
 * `ACCESS_TOKEN` and `access-token` are the same thing, and a prefix such as `SCIENER_` is read
 * as a hint of which service a key belongs to.
 */
import type { ProviderPreset } from '../providers/types.js';
import type { TokenField } from '../tokens/token-set.js';
import type { KeyMap } from './types.js';

/**
 * How sure we are these keys are this service's: `named` (the key, its path or file names the
 * service, or uses reauth's default name), `plain` (bare `access_token` with nothing naming
 * any service), `other` (a prefix or path we cannot place, e.g. `MYAPP_` — offered, not chosen).
 */
export type MatchConfidence = 'named' | 'plain' | 'other';

export interface KeyMatch {
  readonly keys: KeyMap;
  readonly confidence: MatchConfidence;
  /** Names of the token keys found (access/refresh), for "holds SCIENER_REFRESH_TOKEN". */
  readonly tokenKeys: readonly string[];
  /** A key is exactly one of the provider's default env names (NETATMO_REFRESH_TOKEN). */
  readonly usesDefaultNames: boolean;
}

/** What tells this service's keys from another's. */
export interface ServiceWords {
  readonly own: ReadonlySet<string>;
  readonly others: ReadonlySet<string>;
  /** Extra token fields only other services have (TikTok's `open_id` in a Netatmo search). */
  readonly otherExtras: ReadonlySet<string>;
}

/** Field name endings, longest first so `REFRESH_TOKEN_EXPIRES_AT` is not read as an expiry. */
const FIELD_ENDINGS: readonly (readonly [TokenField, readonly string[]])[] = (
  [
    ['refresh_expires_at', ['refresh', 'token', 'expires', 'at']],
    ['refresh_expires_at', ['refresh', 'expires', 'at']],
    ['access_token', ['access', 'token']],
    ['refresh_token', ['refresh', 'token']],
    ['expires_at', ['expires', 'at']],
    ['expires_at', ['expiry']],
    ['client_secret', ['client', 'secret']],
    ['client_id', ['client', 'id']],
    // TikTok calls its client id the "client key".
    ['client_id', ['client', 'key']],
    ['uid', ['uid']],
    ['open_id', ['open', 'id']],
    ['api_domain', ['api', 'domain']],
  ] as const
).slice().sort((a, b) => b[1].length - a[1].length);

/** Words that say nothing about which service a key belongs to. */
const FILLER = new Set(['token', 'tokens', 'access', 'oauth', 'oauth2', 'auth', 'api', 'app', 'the', 'my', 'config', 'settings', 'secrets', 'credentials', 'integrations', 'integration', 'env', 'local', 'prod', 'production', 'dev', 'development', 'json', 'yaml', 'yml', 'py', 'open', 'and']);

const EXTRA_FIELDS: ReadonlySet<string> = new Set(['uid', 'open_id', 'api_domain']);
const TOKEN_FIELDS_FOUND: ReadonlySet<TokenField> = new Set(['access_token', 'refresh_token']);

/** `SCIENER_ACCESS_TOKEN`, `accessToken`, `access-token` → lowercase words. */
export function keyWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Words naming a service: its id, its name, and the prefix of its default env keys. */
export function serviceWordsOf(provider: ProviderPreset): Set<string> {
  const words = new Set<string>();
  // Names are split at punctuation only: "TikTok" is one word, not "tik" and "tok".
  const add = (text: string) => {
    for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) if (word.length >= 3 && !FILLER.has(word)) words.add(word);
  };
  add(provider.id);
  add(provider.name);
  for (const key of Object.values(provider.defaultEnvKeys)) {
    const ending = endingOf(keyWords(key ?? ''));
    if (ending) for (const word of ending.prefix) add(word);
  }
  return words;
}

/** This service's words against every other known service's (shared ones such as `zoho` stay own). */
export function serviceWords(provider: ProviderPreset, known: readonly ProviderPreset[]): ServiceWords {
  const own = serviceWordsOf(provider);
  const others = new Set<string>();
  const otherExtras = new Set<string>();
  for (const preset of known) {
    if (preset.id === provider.id) continue;
    for (const word of serviceWordsOf(preset)) if (!own.has(word)) others.add(word);
    for (const extra of preset.extraTokenFields) if (!provider.extraTokenFields.includes(extra)) otherExtras.add(extra);
  }
  return { own, others, otherExtras };
}

interface Hit {
  readonly key: string;
  readonly field: TokenField;
  /** Prefix words that may name a service (fillers removed), joined with `_`. */
  readonly prefix: string;
  readonly prefixWords: readonly string[];
}

function endingOf(words: readonly string[]): { field: TokenField; prefix: string[] } | undefined {
  for (const [field, ending] of FIELD_ENDINGS) {
    if (words.length < ending.length) continue;
    const tail = words.slice(words.length - ending.length);
    if (tail.every((word, i) => word === ending[i])) {
      return { field, prefix: words.slice(0, words.length - ending.length).filter((word) => !FILLER.has(word)) };
    }
  }
  return undefined;
}

/** Fields this service has: the common ones, its own extras, and any its default keys name. */
function fieldApplies(field: TokenField, provider: ProviderPreset): boolean {
  if (EXTRA_FIELDS.has(field)) return provider.extraTokenFields.includes(field);
  if (field === 'refresh_expires_at') return provider.defaultEnvKeys.refresh_expires_at !== undefined || provider.defaultFileKeys.refresh_expires_at !== undefined;
  return true;
}

/** What surrounds a mapping: the words of the file's path, and of the mapping's dotted path in it. */
export interface MappingContext {
  readonly file?: readonly string[];
  readonly at?: readonly string[];
}

/**
 * The keys of one mapping that hold this service's tokens, or undefined when none do.
 * `weather.integrations.netatmo` names Netatmo even though its keys are bare; a path naming
 * something else (`integrations.spotify`) makes bare keys doubtful. Folder names say little
 * (a Django app folder is called anything), so they only ever count for or against a service.
 */
export function matchKeys(keys: readonly string[], provider: ProviderPreset, words: ServiceWords, context: MappingContext = {}): KeyMatch | undefined {
  const around = [...(context.file ?? []), ...(context.at ?? [])];
  const contextNamesUs = around.some((word) => words.own.has(word));
  if (!contextNamesUs && around.some((word) => words.others.has(word))) return undefined;
  const atNamesSomethingElse = !contextNamesUs && (context.at ?? []).some((word) => !FILLER.has(word) && !/^\d+$/.test(word));
  const defaults = new Set(Object.values(provider.defaultEnvKeys));
  const hits: Hit[] = [];
  let otherExtraSeen = false;
  for (const key of keys) {
    const ending = endingOf(keyWords(key));
    if (!ending) continue;
    if (words.otherExtras.has(ending.field)) otherExtraSeen = true;
    if (!fieldApplies(ending.field, provider)) continue;
    // A key that names another service (DESK_ACCESS_TOKEN while looking for SalesIQ) is not ours.
    if (ending.prefix.some((word) => words.others.has(word)) && !ending.prefix.some((word) => words.own.has(word))) continue;
    hits.push({ key, field: ending.field, prefix: ending.prefix.join('_'), prefixWords: ending.prefix });
  }
  const groups = new Map<string, Hit[]>();
  for (const hit of hits) groups.set(hit.prefix, [...(groups.get(hit.prefix) ?? []), hit]);

  const named = (group: readonly Hit[]) =>
    contextNamesUs || group.some((hit) => defaults.has(hit.key) || hit.prefixWords.some((word) => words.own.has(word)));
  const rankOf = (prefix: string, group: readonly Hit[]): MatchConfidence =>
    named(group) ? 'named' : prefix === '' && !atNamesSomethingElse ? 'plain' : 'other';
  const order: Record<MatchConfidence, number> = { named: 0, plain: 1, other: 2 };

  let best: { prefix: string; group: Hit[]; rank: MatchConfidence } | undefined;
  for (const [prefix, group] of groups) {
    const tokens = group.filter((hit) => TOKEN_FIELDS_FOUND.has(hit.field)).length;
    if (tokens === 0) continue;
    const rank = rankOf(prefix, group);
    const better =
      !best ||
      order[rank] < order[best.rank] ||
      (order[rank] === order[best.rank] && tokens > best.group.filter((hit) => TOKEN_FIELDS_FOUND.has(hit.field)).length);
    if (better) best = { prefix, group, rank };
  }
  if (!best) return undefined;

  const map: KeyMap = {};
  for (const hit of best.group) map[hit.field] ??= hit.key;
  // Credentials often sit under the vendor's name rather than the product's (ZOHO_CLIENT_ID
  // beside SALESIQ_ACCESS_TOKEN): take them from a group that names this service too.
  for (const field of ['client_id', 'client_secret'] as const) {
    if (map[field]) continue;
    for (const [prefix, group] of groups) {
      const hit = group.find((h) => h.field === field);
      if (hit && prefix !== best.prefix && named(group)) {
        map[field] = hit.key;
        break;
      }
    }
  }
  let confidence = best.rank;
  const ownExtraSeen = best.group.some((hit) => EXTRA_FIELDS.has(hit.field));
  if (confidence === 'plain' && ownExtraSeen) confidence = 'named';
  if (confidence === 'plain' && otherExtraSeen) confidence = 'other';
  return {
    keys: inFieldOrder(map),
    confidence,
    tokenKeys: best.group.filter((hit) => TOKEN_FIELDS_FOUND.has(hit.field)).map((hit) => hit.key),
    usesDefaultNames: Object.values(map).some((key) => defaults.has(key)),
  };
}

/** Tokens first, then extras, then credentials: new keys are appended in this order. */
const FIELD_ORDER: readonly TokenField[] = [
  'access_token',
  'refresh_token',
  'expires_at',
  'refresh_expires_at',
  'token_type',
  'scope',
  'uid',
  'open_id',
  'api_domain',
  'client_id',
  'client_secret',
];

export function inFieldOrder(keys: KeyMap): KeyMap {
  const ordered: KeyMap = {};
  for (const field of FIELD_ORDER) if (keys[field] !== undefined) ordered[field] = keys[field];
  return ordered;
}

/** How the confidence of two matches compares, for sorting candidates (best first). */
export function confidenceOrder(confidence: MatchConfidence): number {
  return { named: 0, plain: 1, other: 2 }[confidence];
}
