/**
 * A profile as the plain values save-profile writes, and YAML nodes read back into the same
 * plain shape, so "has this field changed?" is a simple comparison.
 */
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import type { ProfileConfig } from './types.js';
import { isEnvReference } from './expand-env.js';

export type Plain = string | null | readonly Plain[] | { readonly [key: string]: Plain };

/**
 * Fields in the order reauth writes them. A client_secret is written only as a `${VAR}`
 * reference: the file is meant to be safe to commit, and the secret itself lives in a target.
 */
export function profileToPlain(profile: ProfileConfig): Record<string, Plain> {
  const out: Record<string, Plain> = { provider: profile.provider };
  const put = (key: string, value: Plain | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put('region', profile.region);
  put('flow', profile.flow);
  put('app_type', profile.app_type);
  put('client_id', profile.client_id);
  put('client_secret', profile.client_secret !== undefined && isEnvReference(profile.client_secret) ? profile.client_secret : undefined);
  put('scopes', profile.scopes ? [...profile.scopes] : undefined);
  put('redirect_uri', profile.redirect_uri);
  put('settings', Object.keys(profile.settings).length > 0 ? { ...profile.settings } : undefined);
  out['targets'] = profile.targets.map((target) => {
    const plain: Record<string, Plain> = { type: target.type };
    if (target.file !== undefined) plain['file'] = target.file;
    if (target.at !== undefined) plain['at'] = target.at;
    if (target.app !== undefined) plain['app'] = target.app;
    if (target.method !== undefined) plain['method'] = target.method;
    plain['keys'] = Object.fromEntries(Object.entries(target.keys).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return plain;
  });
  put('after_write', profile.after_write);
  put('after_write_on', profile.after_write ? profile.after_write_on : undefined);
  return out;
}

/** A YAML node as plain values; numbers keep their source spelling, as the loader reads them. */
export function nodeToPlain(node: unknown, doc: Document): Plain {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    const out: Record<string, Plain> = {};
    for (const pair of resolved.items) {
      const key = nodeToPlain(pair.key, doc);
      out[typeof key === 'string' ? key : JSON.stringify(key)] = nodeToPlain(pair.value, doc);
    }
    return out;
  }
  if (isSeq(resolved)) return resolved.items.map((item) => nodeToPlain(item, doc));
  if (isScalar(resolved)) {
    if (resolved.value === null || resolved.value === undefined) return null;
    if (typeof resolved.value === 'string') return resolved.value;
    return resolved.type === 'PLAIN' && typeof resolved.source === 'string' ? resolved.source : String(resolved.value);
  }
  return null;
}

/** Deep equality; mapping key order does not matter, list order does. */
export function plainEqual(a: Plain | undefined, b: Plain | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a === 'string' || typeof b === 'string') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => plainEqual(item as Plain, b[index] as Plain));
  }
  const left = a as Record<string, Plain>;
  const right = b as Record<string, Plain>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => key in right && plainEqual(left[key], right[key]));
}
