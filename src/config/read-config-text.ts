/**
 * reauth.yaml text → ReauthConfig. Every problem names the file, the line and the field;
 * unknown fields become warnings rather than errors so a newer file still loads.
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { ProviderPreset } from '../providers/types.js';
import { UserError } from '../errors.js';
import type { ProfileConfig, ProviderOverride, ReauthConfig } from './types.js';
import { ConfigReader } from './config-reader.js';
import { TOP_LEVEL_KEYS } from './known-keys.js';
import { readProfile, type KnownProvider } from './read-profile.js';
import { readProviderOverride } from './read-provider-overrides.js';
import { readNotify } from './read-notify.js';

export interface ConfigLocation {
  /** Absolute path of the file. */
  readonly path: string;
  /** How messages name the file. */
  readonly displayPath: string;
  readonly baseDir: string;
}

export function readConfigText(text: string, where: ConfigLocation, presets: readonly ProviderPreset[]): ReauthConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const file = where.displayPath;
  const firstError = doc.errors[0];
  if (firstError) throw syntaxError(firstError, file, lineCounter, text);

  const reader = new ConfigReader(file, doc, lineCounter);
  for (const warning of doc.warnings) reader.warn(lineOfError(warning, lineCounter), plainYamlMessage(warning));
  const empty = { ...where, exists: true, profiles: {}, providers: {}, warnings: reader.warnings, lines: reader.lines };
  if (doc.contents === null || (doc.contents as { value?: unknown }).value === null) return empty;

  const root = reader.map(doc.contents, 'the top level of the file', 1);
  const top = reader.fields(root, '', TOP_LEVEL_KEYS);

  const version = top.get('version');
  if (!version) {
    reader.warn(1, 'there is no version: line; reauth reads it as version 1 (add `version: 1` at the top).');
  } else {
    const value = reader.string(version.node, 'version', version.line);
    if (value !== '1') {
      throw reader.fail(
        version.line,
        `version ${value} is not one this reauth understands (it reads version 1).`,
        /^\d+$/.test(value) && Number(value) > 1 ? 'The file was written by a newer reauth: update reauth.' : `Set version: 1 on line ${version.line}.`,
      );
    }
  }

  const known = new Map<string, KnownProvider>();
  for (const preset of presets) known.set(preset.id, { kind: 'preset', preset });

  const providers: Record<string, ProviderOverride> = {};
  const providersField = top.get('providers');
  if (providersField && !isEmpty(reader, providersField.node)) {
    const map = reader.map(providersField.node, 'providers', providersField.line);
    for (const pair of map.items) {
      const line = reader.pairLine(pair, providersField.line);
      const id = reader.key(pair, 'providers', line);
      reader.lines[`providers.${id}`] = line;
      const isPreset = presets.some((preset) => preset.id === id);
      providers[id] = readProviderOverride(reader, id, pair.value, line, isPreset);
      if (!isPreset) known.set(id, { kind: 'custom', id });
    }
  }

  const profiles: Record<string, ProfileConfig> = {};
  const profilesField = top.get('profiles');
  if (profilesField && !isEmpty(reader, profilesField.node)) {
    const map = reader.map(profilesField.node, 'profiles', profilesField.line);
    for (const pair of map.items) {
      const line = reader.pairLine(pair, profilesField.line);
      const name = reader.key(pair, 'profiles', line);
      reader.lines[`profiles.${name}`] = line;
      profiles[name] = readProfile(reader, name, pair.value, line, known);
    }
  }

  const notifyField = top.get('notify');
  const notify = notifyField ? readNotify(reader, notifyField.node, 'notify', notifyField.line) : undefined;
  return { ...empty, profiles, providers, ...(notify ? { notify } : {}) };
}

/** `profiles:` with nothing after it is an empty section, not an error. */
function isEmpty(reader: ConfigReader, node: unknown): boolean {
  const resolved = reader.resolve(node) as { value?: unknown } | null;
  return resolved === null || (resolved !== undefined && 'value' in resolved && resolved.value === null);
}

function syntaxError(error: YAMLError, file: string, lineCounter: LineCounter, text: string): UserError {
  const line = lineOfError(error, lineCounter);
  const duplicate = error.code === 'DUPLICATE_KEY' ? /^["']?([^:"'\n]+)/.exec(text.slice(error.pos[0]))?.[1]?.trim() : undefined;
  const message =
    error.code === 'TAB_AS_INDENT'
      ? 'a tab is used for indentation; YAML needs spaces.'
      : error.code === 'DUPLICATE_KEY'
        ? `${duplicate ? `"${duplicate}"` : 'the same name'} appears twice in one mapping; keep one of them.`
        : `the file is not valid YAML: ${plainYamlMessage(error)}.`;
  return new UserError(`${file} line ${line}: ${message}`, `Fix line ${line} of ${file} (and check the line above it) and run reauth again.`);
}

function lineOfError(error: YAMLError, lineCounter: LineCounter): number {
  return error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
}

/** The yaml package's message without its own position suffix and code excerpt. */
function plainYamlMessage(error: YAMLError): string {
  const first = error.message.split(/ at line \d+/)[0] ?? error.message;
  return first.replace(/[.:]\s*$/, '').trim();
}
