/**
 * `reauth providers`: the built-in services and the custom ones from reauth.yaml. Pure: it
 * returns what to print, and src/cli.ts prints it.
 */
import type { ProviderOverride, ReauthConfig } from '../config/types.js';
import { PRESETS } from '../providers/catalogue.js';
import { buildCustomProvider } from '../providers/custom-provider.js';
import type { FlowKind, ProviderPreset } from '../providers/types.js';

export interface ProvidersCommandOptions {
  readonly json: boolean;
  /** The loaded reauth.yaml, when there is one: adds its custom services and overrides. */
  readonly config?: ReauthConfig;
  readonly presets?: readonly ProviderPreset[];
}

/** One service in `reauth providers --json` (a contract with scripts: add fields, never rename). */
export interface ProviderListing {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly source: 'built-in' | 'reauth.yaml';
  readonly flows: readonly FlowKind[];
  readonly regions: readonly { readonly id: string; readonly label: string }[];
  readonly default_region: string | null;
  /** Fields changed under `providers:` in reauth.yaml. */
  readonly overridden: readonly string[];
}

export function listProviders(config?: ReauthConfig, presets: readonly ProviderPreset[] = PRESETS): ProviderListing[] {
  const overrides = config?.providers ?? {};
  const listing = (preset: ProviderPreset, source: ProviderListing['source']): ProviderListing => ({
    id: preset.id,
    name: preset.name,
    summary: preset.summary,
    source,
    flows: preset.flows,
    regions: Object.entries(preset.regions?.choices ?? {}).map(([id, choice]) => ({ id, label: choice.label })),
    default_region: preset.regions?.default ?? null,
    overridden: source === 'built-in' ? Object.keys(overrides[preset.id] ?? {}) : [],
  });
  const builtIn = presets.map((preset) => listing(preset, 'built-in'));
  const custom = Object.entries(overrides)
    .filter(([id]) => !presets.some((preset) => preset.id === id))
    .map(([id, override]) => listing(listedCustomProvider(id, override, config?.displayPath ?? 'reauth.yaml'), 'reauth.yaml'));
  return [...builtIn, ...custom];
}

/** Listing reads no network: a service given by its issuer alone is shown without its discovered addresses. */
function listedCustomProvider(id: string, override: ProviderOverride, file: string): ProviderPreset {
  if (!override.issuer || (override.authorize_url && override.token_url)) return buildCustomProvider(id, override, file);
  const provider = buildCustomProvider(id, { ...override, authorize_url: override.issuer, token_url: override.issuer }, file);
  return { ...provider, summary: `Custom OAuth 2.0 service defined in ${file}; its addresses come from ${override.issuer} (discovery).` };
}

export function providersCommand(options: ProvidersCommandOptions): { text: string } {
  const entries = listProviders(options.config, options.presets);
  if (options.json) return { text: `${JSON.stringify(entries, null, 2)}\n` };

  const file = options.config?.displayPath ?? 'reauth.yaml';
  const width = Math.max(...entries.map((entry) => entry.id.length)) + 2;
  const pad = ' '.repeat(width + 2);
  const block = (entry: ProviderListing): string[] => {
    const details = [`flows: ${entry.flows.join(', ')}`];
    if (entry.regions.length > 0) {
      details.push(`regions: ${entry.regions.map((r) => (r.id === entry.default_region ? `${r.id} (default)` : r.id)).join(', ')}`);
    }
    if (entry.overridden.length > 0) details.push(`changed in ${file}: ${entry.overridden.join(', ')}`);
    return [`  ${entry.id.padEnd(width)}${entry.name}`, `${pad}${entry.summary}`, `${pad}${details.join(' · ')}`];
  };

  const lines = ['Built-in services', ''];
  for (const entry of entries.filter((e) => e.source === 'built-in')) lines.push(...block(entry), '');
  const custom = entries.filter((e) => e.source === 'reauth.yaml');
  if (custom.length > 0) {
    lines.push(`From ${file}`, '');
    for (const entry of custom) lines.push(...block(entry), '');
  }
  lines.push('Connect one with `reauth setup --provider ID`.');
  return { text: `${lines.join('\n')}\n` };
}
