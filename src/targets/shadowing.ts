/**
 * A new token written to `.env` does nothing if something the program reads first still holds
 * the old one. Two usual culprits:
 * - the process environment: dotenv loaders (python-dotenv, Node's dotenv, Django-environ) and
 *   env.py's `os.environ.setdefault` leave a variable that is already set alone;
 * - a sibling file that wins over `.env`: Next.js, Vite, dotenv-flow and Create React App load
 *   `.env.[mode].local` over `.env.[mode]` over `.env.local` over `.env`.
 * Found here as plain warnings for the preview; nothing is changed.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { FieldValues, TokenField } from '../tokens/token-set.js';
import { readTextFile } from '../system/atomic-write.js';
import { targetFilePath } from './file-target.js';
import { readDotenv } from './dotenv-edit.js';
import type { TargetPlan, TargetSpec } from './types.js';
import { compareNames } from '../system/compare-names.js';

export interface ShadowingContext {
  readonly baseDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

interface EnvFileRank {
  /** 0 `.env`, 1 `.env.local`, 2 `.env.MODE`, 3 `.env.MODE.local`. */
  readonly rank: number;
  readonly mode?: string;
}

/** Where a file stands in the usual loading order, or undefined when it is not part of it. */
export function envFileRank(name: string): EnvFileRank | undefined {
  if (name === '.env') return { rank: 0 };
  if (name === '.env.local') return { rank: 1 };
  const match = /^\.env\.([A-Za-z0-9_-]+)(\.local)?$/.exec(name);
  if (!match || /^(example|sample|template|dist|defaults|bak)$/i.test(match[1]!)) return undefined;
  return { rank: match[2] ? 3 : 2, mode: match[1]! };
}

/** Does `sibling` win over `target` in a run where both apply? Test files only shadow test files. */
function outranks(sibling: EnvFileRank, target: EnvFileRank): boolean {
  if (sibling.rank <= target.rank) return false;
  if (sibling.mode === 'test' && target.mode !== 'test') return false;
  return sibling.mode === undefined || target.mode === undefined || sibling.mode === target.mode;
}

interface Written {
  readonly key: string;
  readonly value: string;
  /** "token" or "value", for the warning's last words. */
  readonly noun: string;
}

function writtenKeys(spec: TargetSpec, values: FieldValues): Written[] {
  return (Object.entries(spec.keys) as [TokenField, string | undefined][])
    .filter(([field, key]) => key && values[field] !== undefined)
    .map(([field, key]) => ({ key: key!, value: values[field]!, noun: field.endsWith('_token') ? 'token' : 'value' }));
}

async function siblingsThatWin(path: string): Promise<string[]> {
  const own = envFileRank(basename(path));
  if (!own) return [];
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  return names
    .filter((name) => {
      const rank = envFileRank(name);
      return rank !== undefined && outranks(rank, own);
    })
    .sort((a, b) => (envFileRank(b)?.rank ?? 0) - (envFileRank(a)?.rank ?? 0) || compareNames(a, b));
}

/** Plain warnings for the preview of `spec`, when `values` would be hidden by something read first. */
export async function shadowingWarnings(spec: TargetSpec, values: FieldValues, ctx: ShadowingContext): Promise<string[]> {
  if (spec.type !== 'dotenv' && spec.type !== 'envpy') return [];
  const keys = writtenKeys(spec, values);
  const warnings: string[] = [];
  const loaders = spec.type === 'envpy' ? 'os.environ.setdefault keeps' : 'most .env loaders keep';
  for (const { key, value, noun } of keys) {
    const current = ctx.env[key];
    if (current !== undefined && current !== value) {
      warnings.push(
        `${key} is also set in this shell's environment (to a different value), and ${loaders} a variable that is already set — a program started from this shell may keep using the old ${noun} (unset it, or open a new shell).`,
      );
    }
  }
  if (spec.type !== 'dotenv' || !spec.file) return warnings;
  const path = targetFilePath(spec, ctx);
  for (const sibling of await siblingsThatWin(path)) {
    let siblingValues: Readonly<Record<string, string>>;
    try {
      const file = await readTextFile(resolve(dirname(path), sibling), sibling);
      siblingValues = readDotenv(file.text, keys.map(({ key }) => key), { fileName: sibling }).values;
    } catch {
      continue; // a sibling we cannot read is not one we can warn about precisely
    }
    for (const { key, value, noun } of keys) {
      const there = siblingValues[key];
      if (there !== undefined && there !== value) {
        warnings.push(`${key} is also set in ${sibling} (to a different value), which most loaders read first — your program may keep using the old ${noun}.`);
      }
    }
  }
  return warnings;
}

/** The plan with shadowing warnings added after the target's own. */
export async function withShadowingWarnings(plan: TargetPlan, spec: TargetSpec, values: FieldValues, ctx: ShadowingContext): Promise<TargetPlan> {
  const extra = await shadowingWarnings(spec, values, ctx);
  return extra.length === 0 ? plan : { ...plan, warnings: [...plan.warnings, ...extra] };
}
