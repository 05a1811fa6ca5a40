/**
 * The one place a custom service described by its `issuer:` alone gets its endpoints: setup,
 * refresh and status resolve through here. The document is fetched once per run (per Deps
 * object: cli.ts makes one per run) and kept in memory only — a refresh minutes later reads it
 * again, so a service that moves its endpoints is followed without a stale file to clear.
 */
import type { ProfileConfig, ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { discoverIssuer, type DiscoveryDocument } from '../oauth/discovery-document.js';
import { PRESETS } from './catalogue.js';
import { fieldsFromDiscovery } from './discovered-fields.js';
import { resolveProvider } from './resolve-provider.js';
import type { ProviderPreset, ResolvedProvider } from './types.js';

type ProfileChoice = Pick<ProfileConfig, 'provider' | 'region' | 'app_type' | 'settings'>;

/** A custom service with an issuer and without the addresses it needs: those come from discovery. */
export function needsDiscovery(config: ReauthConfig, id: string, presets: readonly ProviderPreset[] = PRESETS): boolean {
  const override = config.providers[id];
  if (!override?.issuer || presets.some((preset) => preset.id === id)) return false;
  return !override.authorize_url || !override.token_url;
}

const CACHE = new WeakMap<object, Map<string, Promise<DiscoveryDocument>>>();

/** The issuer's document, read at most once per run; a failure is not kept, so a retry asks again. */
export function discoverOnce(issuer: string, deps: Pick<Deps, 'fetch'>, hint?: string): Promise<DiscoveryDocument> {
  let documents = CACHE.get(deps);
  if (!documents) CACHE.set(deps, (documents = new Map()));
  const known = documents.get(issuer);
  if (known) return known;
  const reading = discoverIssuer(issuer, deps, hint ? { writeEndpointsHint: hint } : {});
  documents.set(issuer, reading);
  reading.catch(() => documents.delete(issuer));
  return reading;
}

/**
 * The provider with the document's endpoints and options under whatever reauth.yaml says
 * (explicit fields always win). Sync, so the wizard can resolve again on every step once the
 * document has been read.
 */
export function resolveWithDiscovery(
  config: ReauthConfig,
  profile: ProfileChoice,
  document: DiscoveryDocument | undefined,
  presets: readonly ProviderPreset[] = PRESETS,
): ResolvedProvider {
  const id = profile.provider;
  const override = config.providers[id];
  if (!document || !override || override.issuer !== document.issuer || !needsDiscovery(config, id, presets)) return resolveProvider(config, profile, presets);
  const { fields, notes } = fieldsFromDiscovery(document);
  const merged = { ...config, providers: { ...config.providers, [id]: { ...fields, ...override } } };
  const resolved = resolveProvider(merged, profile, presets);
  return {
    ...resolved,
    ...(document.issParameterSupported ? { issuerRequired: true } : {}),
    assumptions: [...resolved.assumptions, `${resolved.name}'s addresses come from ${document.source}.`, ...notes],
  };
}

export async function resolveProviderDiscovering(
  config: ReauthConfig,
  profile: ProfileChoice,
  deps: Pick<Deps, 'fetch'>,
  presets: readonly ProviderPreset[] = PRESETS,
): Promise<ResolvedProvider> {
  const id = profile.provider;
  if (!needsDiscovery(config, id, presets)) return resolveProvider(config, profile, presets);
  const file = config.displayPath ?? config.path;
  const hint = `Write authorize_url and token_url (the service’s documentation lists them) under providers.${id} in ${file} yourself.`;
  const document = await discoverOnce(config.providers[id]!.issuer!, deps, hint);
  return resolveWithDiscovery(config, profile, document, presets);
}

/**
 * For work that sends nothing to the service — `reauth run` reading key names before it knows a
 * refresh is due — so a service that is down for a moment cannot stop a program whose token
 * still works. An issuer-only service's addresses stand as the issuer itself here: nothing on
 * this path calls them, and a request there could only fail at the issuer, never go elsewhere.
 */
export function resolveProviderOffline(config: ReauthConfig, profile: ProfileChoice, presets: readonly ProviderPreset[] = PRESETS): ResolvedProvider {
  const id = profile.provider;
  if (!needsDiscovery(config, id, presets)) return resolveProvider(config, profile, presets);
  const override = config.providers[id]!;
  const placeholder = { authorize_url: override.issuer, token_url: override.issuer, ...override };
  return resolveProvider({ ...config, providers: { ...config.providers, [id]: placeholder } }, profile, presets);
}
