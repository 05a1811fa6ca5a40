/**
 * Reads reauth.yaml (DESIGN.md "reauth.yaml"). A missing file is not an error: it is the
 * first run, and the wizard offers to create it at the end.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { ProviderPreset } from '../providers/types.js';
import { displayPathOf } from './display-path.js';
import { readConfigText } from './read-config-text.js';
import { PRESETS } from '../providers/catalogue.js';
import type { ReauthConfig } from './types.js';

export interface LoadConfigOptions {
  /** The built-in services; tests hand in their own. Defaults to the catalogue. */
  readonly presets?: readonly ProviderPreset[];
  /** How messages name the file (e.g. the -c argument as typed); defaults to a path relative to the working folder. */
  readonly displayPath?: string;
}

export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<ReauthConfig> {
  const absolute = resolve(path);
  const where = { path: absolute, displayPath: options.displayPath ?? displayPathOf(path), baseDir: dirname(absolute) };
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ...where, exists: false, profiles: {}, providers: {}, warnings: [], lines: {} };
    if (code === 'EISDIR') throw new UserError(`${where.displayPath} is a folder, not a profiles file.`, 'Point -c at a file, e.g. -c ./reauth.yaml.');
    throw new UserError(`${where.displayPath} could not be read (${code ?? 'unknown error'}).`, 'Check the file exists and that you may read it.');
  }
  return readConfigText(text.replace(/^\uFEFF/, ''), where, options.presets ?? PRESETS);
}
