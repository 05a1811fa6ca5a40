/**
 * One entry of a profile's `targets:` list: where tokens are written, and under which key names.
 * `file:` is kept as written (`${HOME}/app/.env`): it is expanded from the environment where the
 * target is made (file-target.ts), so a saved profile keeps the person's spelling and a missing
 * variable only stops the profiles that use it. A `${` typo is caught here, with its line.
 */
import type { YAMLMap } from 'yaml';
import { TOKEN_FIELDS, type TokenField } from '../tokens/token-set.js';
import { HEROKU_METHODS, type HerokuMethod, type KeyMap, type TargetSpec, type TargetType } from '../targets/types.js';
import type { ConfigReader } from './config-reader.js';
import { describe } from './config-reader.js';
import { envReferencesIn } from './expand-env.js';
import { FILE_TARGET_TYPES, TARGET_KEYS, TARGET_TYPES } from './known-keys.js';
import { suggestName } from './suggest-name.js';

export function readTarget(reader: ConfigReader, node: unknown, field: string, line: number): TargetSpec {
  const map = reader.map(node, field, line);
  const at = reader.lineOf(map, line);
  const fields = reader.fields(map, field, TARGET_KEYS);

  const typeField = fields.get('type');
  if (!typeField) {
    throw reader.fail(at, `${field} needs a type: one of ${TARGET_TYPES.join(', ')}.`);
  }
  const type = readType(reader, typeField.node, `${field}.type`, typeField.line);

  const text = (key: 'file' | 'at' | 'app' | 'method'): string | undefined => {
    const entry = fields.get(key);
    return entry ? reader.string(entry.node, `${field}.${key}`, entry.line) : undefined;
  };
  const file = text('file');
  const path = text('at');
  const app = text('app');
  const method = text('method');
  const methodLine = fields.get('method')?.line ?? at;
  if (method !== undefined && type !== 'heroku') reader.warn(methodLine, `${field}.method is only used by heroku targets, so it is ignored.`);
  if (method !== undefined && type === 'heroku' && !(HEROKU_METHODS as readonly string[]).includes(method)) {
    throw reader.fail(methodLine, `${field}.method must be api (the Platform API: values never on a command line) or cli (\`heroku config:set\`), not "${method}".`);
  }

  if (FILE_TARGET_TYPES.includes(type)) {
    if (file === undefined || file.trim() === '') {
      throw reader.fail(at, `${field} (${type}) needs file: the path of the file to write, relative to ${reader.file}'s folder.`);
    }
    const fileLine = fields.get('file')?.line ?? at;
    envReferencesIn(file, { file: reader.file, line: fileLine, field: `${field}.file` });
    if (app !== undefined) reader.warn(fields.get('app')?.line ?? at, `${field}.app is only used by heroku targets, so it is ignored.`);
  } else {
    if (app === undefined || app.trim() === '') {
      throw reader.fail(at, `${field} (heroku) needs app: the Heroku app name (see \`heroku apps\`).`);
    }
    if (file !== undefined) reader.warn(fields.get('file')?.line ?? at, `${field}.file is not used by heroku targets, so it is ignored.`);
  }
  if (path !== undefined && type !== 'yaml' && type !== 'json') {
    reader.warn(fields.get('at')?.line ?? at, `${field}.at is only used by yaml and json targets, so it is ignored.`);
  }

  const keysField = fields.get('keys');
  if (!keysField) {
    throw reader.fail(at, `${field} needs keys: which token field goes under which name, e.g. { refresh_token: NETATMO_REFRESH_TOKEN }.`);
  }
  const keys = readKeys(reader, keysField.node, `${field}.keys`, keysField.line);

  return {
    type,
    ...(FILE_TARGET_TYPES.includes(type) ? { file } : { app }),
    ...(type === 'heroku' && method !== undefined ? { method: method as HerokuMethod } : {}),
    ...(path !== undefined && (type === 'yaml' || type === 'json') ? { at: path } : {}),
    keys,
  };
}

function readType(reader: ConfigReader, node: unknown, field: string, line: number): TargetType {
  const value = reader.string(node, field, line);
  if ((TARGET_TYPES as readonly string[]).includes(value)) return value as TargetType;
  const hint = suggestName(value, TARGET_TYPES);
  throw reader.fail(
    reader.lineOf(reader.resolve(node), line),
    `${field} must be one of ${TARGET_TYPES.join(', ')} (found ${describe(reader.resolve(node))}).`,
    hint ? `Did you mean ${hint}? Fix it on line ${reader.lineOf(reader.resolve(node), line)} of ${reader.file}.` : undefined,
  );
}

function readKeys(reader: ConfigReader, node: unknown, field: string, line: number): KeyMap {
  const map: YAMLMap = reader.map(node, field, line);
  const keys: KeyMap = {};
  for (const pair of map.items) {
    const at = reader.pairLine(pair, line);
    const name = reader.key(pair, field, at);
    if (!(TOKEN_FIELDS as readonly string[]).includes(name)) {
      const hint = suggestName(name, TOKEN_FIELDS);
      throw reader.fail(
        at,
        `${field}.${name} is not a token field${hint ? `; did you mean ${hint}?` : '.'} Token fields: ${TOKEN_FIELDS.join(', ')}.`,
      );
    }
    const target = reader.string(pair.value, `${field}.${name}`, at);
    if (target.trim() === '') throw reader.fail(at, `${field}.${name} needs the key name to write it under.`);
    reader.lines[`${field}.${name}`] = at;
    // Two values under one key: the second would overwrite the first (a client secret written
    // as the access token, issue 8), so such a mapping is refused, never written.
    const taken = (Object.entries(keys) as [TokenField, string][]).find(([, key]) => key === target);
    if (taken) throw reader.fail(at, `${field} sends both ${taken[0]} and ${name} to ${target}: one key can hold only one of them. Give ${name} its own key name.`);
    keys[name as TokenField] = target;
  }
  if (Object.keys(keys).length === 0) {
    throw reader.fail(line, `${field} is empty: name at least one token field, e.g. { refresh_token: REFRESH_TOKEN }.`);
  }
  return keys;
}
