/**
 * Turns a profile into the provider the OAuth mechanism uses: the preset (or a custom service),
 * then `providers:` overrides, the data centre's template values, the profile's settings and the
 * kind of app (DESIGN.md "reauth.yaml"). Overrides are also how tests point a preset at a
 * loopback server, which is why plain http is accepted for loopback hosts and nothing else.
 */
import { UserError } from '../errors.js';
import type { ProfileConfig, ProviderOverride, ReauthConfig } from '../config/types.js';
import { PRESETS } from './catalogue.js';
import { buildCustomProvider, genericLiveCheck } from './custom-provider.js';
import { fillTemplate } from './fill-template.js';
import type { ProviderPreset, ResolvedProvider } from './types.js';

type ProfileChoice = Pick<ProfileConfig, 'provider' | 'region' | 'app_type' | 'settings'>;

export function resolveProvider(config: ReauthConfig, profile: ProfileChoice, presets: readonly ProviderPreset[] = PRESETS): ResolvedProvider {
  const file = config.displayPath ?? config.path;
  const id = profile.provider;
  const preset = presets.find((candidate) => candidate.id === id);
  const override = config.providers[id];
  if (!preset && !override) {
    throw new UserError(
      `"${id}" is not a built-in service or one defined under providers: in ${file}.`,
      `Built-in services: ${presets.map((p) => p.id).join(', ')}. Run \`reauth providers\` for details.`,
    );
  }
  const base = preset ?? buildCustomProvider(id, override as ProviderOverride, file);
  let provider: ProviderPreset = override ? applyOverride(base, override) : base;

  let region: string | undefined;
  let regionVars: Readonly<Record<string, string>> = {};
  if (provider.regions) {
    region = profile.region ?? provider.regions.default;
    const choice = provider.regions.choices[region];
    if (!choice) {
      throw new UserError(
        `"${region}" is not a ${provider.name} data centre; valid regions are ${Object.keys(provider.regions.choices).join(', ')}.`,
        `Set region: to one of them in the profile in ${file}.`,
      );
    }
    regionVars = choice.vars;
  }

  if (provider.appKinds && profile.app_type !== undefined) {
    const kind = provider.appKinds.find((candidate) => candidate.id === profile.app_type);
    if (!kind) {
      throw new UserError(
        `"${profile.app_type}" is not a kind of ${provider.name} app; valid app types are ${provider.appKinds.map((k) => k.id).join(', ')}.`,
        `Set app_type: to one of them in the profile in ${file}.`,
      );
    }
    // An explicit `pkce:` under providers: is the escape hatch, so it beats the app kind.
    provider = { ...provider, pkce: override?.pkce ?? kind.pkce, redirectRule: kind.redirectRule };
  }

  // Explicit addresses under providers: win over the data centre's, so a test (or a new Zoho
  // data centre) can point a preset elsewhere without a code change.
  const vars: Record<string, string> = { ...regionVars, ...profile.settings };
  if (override?.accounts_url) vars['accounts_url'] = override.accounts_url;
  if (override?.api_url) vars['api_url'] = override.api_url;

  const resolved: ResolvedProvider = {
    ...provider,
    vars,
    assumptions: assumptionsFor(provider, !preset, file),
    ...(region !== undefined ? { region } : {}),
  };
  refusePlainHttp(resolved, override, config, file);
  return resolved;
}

function applyOverride(base: ProviderPreset, override: ProviderOverride): ProviderPreset {
  const liveCheck = override.verify_url
    ? base.liveCheck
      ? { ...base.liveCheck, url: override.verify_url }
      : genericLiveCheck(override.verify_url)
    : base.liveCheck;
  return {
    ...base,
    ...(override.name !== undefined ? { name: override.name } : {}),
    ...(override.authorize_url !== undefined ? { authorizeUrl: override.authorize_url } : {}),
    ...(override.token_url !== undefined ? { tokenUrl: override.token_url } : {}),
    ...(override.revoke_url !== undefined ? { revokeUrl: override.revoke_url } : {}),
    ...(override.issuer !== undefined ? { issuer: override.issuer } : {}),
    ...(override.device_authorization_url !== undefined
      ? { deviceAuthorizationUrl: override.device_authorization_url, flows: [...new Set([...base.flows, 'device' as const])] }
      : {}),
    ...(liveCheck ? { liveCheck } : {}),
    ...(override.scopes !== undefined
      ? { defaultScopes: override.scopes, knownScopes: [...new Set([...base.knownScopes, ...override.scopes])] }
      : {}),
    ...(override.scope_separator !== undefined ? { scopeSeparator: override.scope_separator } : {}),
    ...(override.pkce !== undefined ? { pkce: override.pkce } : {}),
    ...(override.client_auth !== undefined ? { clientAuth: override.client_auth } : {}),
    ...(override.code_lifetime_s !== undefined ? { codeLifetimeSeconds: override.code_lifetime_s, codeLifetimeConfirmed: true } : {}),
    ...(override.authorize_params !== undefined ? { authorizeParams: { ...base.authorizeParams, ...override.authorize_params } } : {}),
    ...(override.redirect_uri !== undefined ? { defaultRedirectUri: override.redirect_uri } : {}),
  };
}

const CLIENT_AUTH_WORDS: Readonly<Record<ProviderPreset['clientAuth'], string>> = {
  body: 'client credentials in the form body',
  basic: 'client credentials in a Basic Authorization header',
  basic_raw: 'client credentials in a Basic Authorization header, not form-encoded',
  none: 'a public client (no secret)',
};

function assumptionsFor(provider: ProviderPreset, isCustom: boolean, file: string): string[] {
  const out: string[] = [];
  const hasCodes = provider.flows.some((flow) => flow !== 'password');
  if (hasCodes && !provider.codeLifetimeConfirmed) {
    out.push(
      `${provider.name}'s code lifetime is not documented; reauth assumes ${duration(provider.codeLifetimeSeconds)} (change with code_lifetime_s under providers: in ${file}).`,
    );
  }
  if (isCustom) {
    out.push(
      `${provider.name} is not a built-in service, so reauth assumes standard OAuth 2.0: ${CLIENT_AUTH_WORDS[provider.clientAuth]}, ` +
        `${provider.pkce === 'none' ? 'no PKCE' : 'S256 PKCE'}, and whatever refresh token comes back is kept (change client_auth or pkce under providers: if it differs).`,
    );
    if (!provider.liveCheck) out.push(`There is no live check for ${provider.name}: add verify_url under providers: in ${file} to have each new token tested.`);
  }
  return out;
}

function duration(seconds: number): string {
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

const URL_FIELDS = [
  ['authorizeUrl', 'authorize_url'],
  ['tokenUrl', 'token_url'],
  ['revokeUrl', 'revoke_url'],
  ['deviceAuthorizationUrl', 'device_authorization_url'],
] as const;

/**
 * Tokens and the client secret must not cross a network in clear text. Plain http is fine only
 * for this computer: that is how tests and `reauth demo` reach their loopback servers.
 */
function refusePlainHttp(provider: ResolvedProvider, override: ProviderOverride | undefined, config: ReauthConfig, file: string): void {
  const addresses: { field: string; template: string }[] = [];
  for (const [key, field] of URL_FIELDS) {
    const template = provider[key];
    if (template) addresses.push({ field, template });
  }
  if (provider.liveCheck) addresses.push({ field: 'verify_url', template: provider.liveCheck.url });
  if (provider.vars['accounts_url']) addresses.push({ field: 'accounts_url', template: provider.vars['accounts_url'] });
  if (provider.vars['api_url']) addresses.push({ field: 'api_url', template: provider.vars['api_url'] });

  for (const { field, template } of addresses) {
    const url = fillTemplate(template, provider.vars, false);
    if (!/^http:\/\//i.test(url) || isLoopbackUrl(url)) continue;
    // Name the line the person wrote: the override itself, or the one its {placeholder} came from.
    const source = sourceField(provider.id, field, template, override);
    const line = config.lines?.[source];
    throw new UserError(
      `${file}${line !== undefined ? ` line ${line}` : ''}: ${source} makes ${provider.name} use ${url}, a plain http:// address. ` +
        'reauth allows plain http only for this computer (localhost, 127.0.0.1, ::1), because tokens and the client secret would cross the network unencrypted.',
      `Use the https:// address instead${line !== undefined ? ` on line ${line} of ${file}` : ` in ${file}`}.`,
    );
  }
}

function sourceField(id: string, field: string, template: string, override: ProviderOverride | undefined): string {
  const own = override?.[field as keyof ProviderOverride];
  if (own !== undefined) return `providers.${id}.${field}`;
  const placeholder = /\{([a-z_][a-z0-9_]*)\}/i.exec(template)?.[1];
  if (placeholder && override?.[placeholder as keyof ProviderOverride] !== undefined) return `providers.${id}.${placeholder}`;
  return placeholder ? `the ${placeholder} setting` : field;
}

/** 127.0.0.0/8, ::1 and localhost: the addresses that never leave this computer. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
