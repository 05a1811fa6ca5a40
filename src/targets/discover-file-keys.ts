/**
 * Lists the key names a file assigns, mapping by mapping, without judging them (that is
 * discover-key-names.ts). Lenient on purpose: a file that cannot be parsed simply offers
 * nothing here — the target's own reader explains the problem if the person picks it anyway.
 */
import { isAlias, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import type { TargetType } from './types.js';

export type FileTargetType = Exclude<TargetType, 'heroku'>;

/** One mapping that holds plain values: the whole file for .env/env.py, or a YAML/JSON mapping. */
export interface KeyedMapping {
  /** Dotted path from the top (yaml/json); absent for the top level. */
  readonly at?: string;
  /** Keys whose values are single values (or empty), in file order. */
  readonly keys: readonly string[];
}

/** Nested mappings deeper than this are not where people keep tokens. */
const MAX_DEPTH = 8;
const MAX_MAPPINGS = 500;

const DOTENV_KEY = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=/gm;
/** The three forms envpy-edit.ts can rewrite: setdefault, item assignment, plain name. */
const ENVPY_KEYS: readonly RegExp[] = [
  /^[ \t]*(?:os\.)?environ\.setdefault\(\s*(['"])([^'"\\]+)\1\s*,/gm,
  /^[ \t]*(?:os\.)?environ\[\s*(['"])([^'"\\]+)\1\s*\]\s*=(?!=)/gm,
  /^[ \t]*()([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)/gm,
];

export function listKeyedMappings(type: FileTargetType, text: string): KeyedMapping[] {
  switch (type) {
    case 'dotenv':
      return [{ keys: unique([...text.matchAll(DOTENV_KEY)].map((m) => m[1]!)) }];
    case 'envpy':
      return [{ keys: unique(ENVPY_KEYS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[2]!))) }];
    case 'yaml':
      return yamlMappings(text);
    case 'json':
      return jsonMappings(text);
  }
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

function yamlMappings(text: string): KeyedMapping[] {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return [];
  const found: KeyedMapping[] = [];
  const walk = (node: unknown, path: readonly string[]): void => {
    if (!isMap(node) || path.length > MAX_DEPTH || found.length >= MAX_MAPPINGS) return;
    const keys: string[] = [];
    const children: [string, YamlNode][] = [];
    for (const pair of node.items) {
      if (!isScalar(pair.key) || (typeof pair.key.value !== 'string' && typeof pair.key.value !== 'number')) continue;
      const key = String(pair.key.value);
      const value = pair.value;
      if (value === null || isScalar(value) || isAlias(value)) keys.push(key);
      else if (isMap(value) && !key.includes('.')) children.push([key, value]);
    }
    if (keys.length > 0) found.push({ ...(path.length ? { at: path.join('.') } : {}), keys: unique(keys) });
    for (const [key, child] of children) walk(child, [...path, key]);
  };
  walk(doc.contents, []);
  return found;
}

function jsonMappings(text: string): KeyedMapping[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: KeyedMapping[] = [];
  const walk = (value: unknown, path: readonly string[]): void => {
    if (!value || typeof value !== 'object' || Array.isArray(value) || path.length > MAX_DEPTH || found.length >= MAX_MAPPINGS) return;
    const keys: string[] = [];
    const children: [string, unknown][] = [];
    for (const [key, child] of Object.entries(value)) {
      if (child === null || typeof child !== 'object') keys.push(key);
      else if (!Array.isArray(child) && !key.includes('.')) children.push([key, child]);
    }
    if (keys.length > 0) found.push({ ...(path.length ? { at: path.join('.') } : {}), keys });
    for (const [key, child] of children) walk(child, [...path, key]);
  };
  walk(parsed, []);
  return found;
}
