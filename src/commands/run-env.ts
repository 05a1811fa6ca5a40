/**
 * `reauth run`: the environment the command gets — reauth's own, plus the profile's tokens
 * under the names the program already reads. Names come from the profile's dotenv and envpy
 * targets (their `keys`: field → variable), and for a field none of them names, from the
 * service's default variable names (`NETATMO_ACCESS_TOKEN`…). Only token fields: the app's
 * client id and secret are not the command's business (a program that needs them reads them
 * where it always did).
 */
import type { ResolvedProvider } from '../providers/types.js';
import type { TargetSpec } from '../targets/types.js';
import { TOKEN_FIELDS, type FieldValues, type TokenField } from '../tokens/token-set.js';

const CREDENTIALS: ReadonlySet<TokenField> = new Set(['client_id', 'client_secret']);
const RUN_FIELDS: readonly TokenField[] = TOKEN_FIELDS.filter((field) => !CREDENTIALS.has(field));

/** Token field → every variable name it is given to the command under. */
export function envNames(specs: readonly TargetSpec[], provider: Pick<ResolvedProvider, 'defaultEnvKeys'>): Map<TokenField, string[]> {
  const names = new Map<TokenField, string[]>();
  for (const spec of specs) {
    if (spec.type !== 'dotenv' && spec.type !== 'envpy') continue;
    for (const field of RUN_FIELDS) {
      const key = spec.keys[field];
      if (!key) continue;
      const list = names.get(field) ?? [];
      if (!list.includes(key)) names.set(field, [...list, key]);
    }
  }
  for (const field of RUN_FIELDS) {
    const fallback = provider.defaultEnvKeys[field];
    if (!names.has(field) && fallback) names.set(field, [fallback]);
  }
  return names;
}

/**
 * `base` with every stored token value set under its names. A value reauth holds replaces the
 * one inherited (a stale token exported in the shell is exactly what this cures); a field with
 * no stored value leaves the inherited variable as it was.
 */
export function childEnv(base: NodeJS.ProcessEnv, names: ReadonlyMap<TokenField, readonly string[]>, values: FieldValues): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [field, keys] of names) {
    const value = values[field];
    if (value === undefined) continue;
    for (const key of keys) env[key] = value;
  }
  return env;
}
