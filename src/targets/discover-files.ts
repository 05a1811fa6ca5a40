/**
 * Which files in the working folder might hold tokens: `.env*`, `env.py` and settings
 * modules, YAML and JSON files — in the folder itself and one level down (Django keeps
 * `main/tokens.json` in an app folder). Bounded so a huge checkout never makes the wizard
 * wait: dependency, build and virtualenv folders are skipped, and so are big files.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { FileTargetType } from './discover-file-keys.js';
import { compareNames } from '../system/compare-names.js';

export interface FoundFile {
  readonly path: string;
  readonly type: FileTargetType;
}

export interface ScanLimits {
  /** Files worth reading, at most (the first ones found: top folder first). */
  readonly maxFiles: number;
  /** Sub-folders looked into, at most. */
  readonly maxFolders: number;
  /** Bigger files are not token files. */
  readonly maxBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 60, maxFolders: 40, maxBytes: 256 * 1024 };

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'venv',
  'env',
  'virtualenv',
  'dist',
  'build',
  'out',
  'target',
  'vendor',
  'coverage',
  '__pycache__',
  'site-packages',
  'bower_components',
  'staticfiles',
  'static',
  'media',
  'migrations',
  'logs',
  'tmp',
]);

/** Files named like these hold something else (lock files, tool configs, schemas, examples). */
const NOT_TOKEN_FILES = [
  /^package(-lock)?\.json$/,
  /^(ts|js)config.*\.json$/,
  /^composer\.(json|lock)$/,
  /^app\.json$/, // Heroku's app manifest: describes config vars, holds no values
  /^(vercel|nx|angular|lerna|renovate|firebase|manifest|turbo|deno|bun)\.json$/,
  /^\.(eslintrc|prettierrc|babelrc|swcrc|stylelintrc).*$/,
  /\.schema\.json$/,
  /(^|[.-])lock\.(json|ya?ml)$/,
  /^pnpm-lock\.yaml$/,
  /^(docker-)?compose.*\.ya?ml$/,
  /^\.?(pre-commit-config|travis|gitlab-ci|readthedocs|codecov|golangci|mkdocs)\.ya?ml$/,
  /^mkdocs\.ya?ml$/,
  /^(openapi|swagger).*\.(json|ya?ml)$/,
  /\.(example|sample|template|dist|bak)$/,
  /\.reauth-tmp$/,
];

/** The target type for a file name found while scanning, or undefined when it is not a likely token file. */
export function scannedFileType(name: string): FileTargetType | undefined {
  const lower = name.toLowerCase();
  if (NOT_TOKEN_FILES.some((pattern) => pattern.test(lower))) return undefined;
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv';
  if (lower.endsWith('.py')) {
    return /^(\.?env|.*settings.*|secrets|config|local_config|.*_env)\.py$/.test(lower) ? 'envpy' : undefined;
  }
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** The type for a path the person typed: by extension, `.env`-style otherwise. */
export function fileTypeFromName(path: string): FileTargetType {
  const ext = extname(path).toLowerCase();
  if (ext === '.py') return 'envpy';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  return 'dotenv';
}

async function entriesOf(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch {
    return []; // unreadable folders hold nothing we can offer
  }
}

function byName(a: Dirent, b: Dirent): number {
  return compareNames(a.name, b.name);
}

/** Likely token files under `cwd`, top folder first; `exclude` holds absolute paths (reauth.yaml). */
export async function findCandidateFiles(cwd: string, exclude: readonly string[] = [], limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<FoundFile[]> {
  const excluded = new Set(exclude.map((path) => resolve(path)));
  const found: FoundFile[] = [];
  const top = (await entriesOf(cwd)).sort(byName);
  const folders = top.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)).slice(0, limits.maxFolders);
  const levels: [string, Dirent[]][] = [[cwd, top]];
  for (const folder of folders) {
    const path = join(cwd, folder.name);
    const entries = (await entriesOf(path)).sort(byName);
    // A virtualenv under any name (`.venv` is skipped as a dot folder already).
    if (entries.some((entry) => entry.name === 'pyvenv.cfg')) continue;
    levels.push([path, entries]);
  }
  for (const [folder, entries] of levels) {
    for (const entry of entries) {
      if (found.length >= limits.maxFiles) return found;
      if (!entry.isFile()) continue;
      const type = scannedFileType(entry.name);
      const path = join(folder, entry.name);
      if (!type || excluded.has(path)) continue;
      const size = await stat(path).then((info) => info.size, () => Infinity);
      if (size > limits.maxBytes) continue;
      found.push({ path, type });
    }
  }
  return found;
}
