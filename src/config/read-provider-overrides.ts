/**
 * The `providers:` section: overrides of a preset's fields (same id as a preset — how tests point
 * a preset at a loopback server), or a whole custom OAuth 2.0 service (a new id).
 */
import type { ClientAuth, PkceKind } from '../providers/types.js';
import type { ProviderOverride } from './types.js';
import type { ConfigReader } from './config-reader.js';
import { PROVIDER_OVERRIDE_KEYS, PROVIDER_URL_KEYS } from './known-keys.js';

const PKCE_KINDS: readonly PkceKind[] = ['S256', 'none', 'S256-hex'];
const CLIENT_AUTHS: readonly ClientAuth[] = ['body', 'basic', 'basic_raw', 'none'];
const PROVIDER_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

export function readProviderOverride(reader: ConfigReader, id: string, node: unknown, line: number, isPreset: boolean): ProviderOverride {
  const field = `providers.${id}`;
  if (!PROVIDER_ID.test(id)) {
    throw reader.fail(line, `the provider id ${JSON.stringify(id)} may only use letters, digits, -, _ and .`);
  }
  const map = reader.map(node, field, line);
  const fields = reader.fields(map, field, PROVIDER_OVERRIDE_KEYS);
  const out: Record<string, unknown> = {};

  for (const [key, { node: value, line: at }] of fields) {
    const name = `${field}.${key}`;
    switch (key) {
      case 'scopes':
        out[key] = reader.stringList(value, name, at, '[openid, offline_access]');
        break;
      case 'authorize_params':
        out[key] = reader.stringMap(value, name, at);
        break;
      case 'scope_separator':
        out[key] = readSeparator(reader, reader.string(value, name, at), name, at);
        break;
      case 'pkce':
        out[key] = oneOf(reader, reader.string(value, name, at), PKCE_KINDS, name, at);
        break;
      case 'client_auth':
        out[key] = oneOf(reader, reader.string(value, name, at), CLIENT_AUTHS, name, at);
        break;
      case 'code_lifetime_s': {
        const text = reader.string(value, name, at);
        const seconds = Number(text);
        if (!/^\d+$/.test(text.trim()) || seconds < 1) {
          throw reader.fail(at, `${name} must be a whole number of seconds, e.g. 600 (found ${JSON.stringify(text)}).`);
        }
        out[key] = seconds;
        break;
      }
      default: {
        const text = reader.string(value, name, at);
        if ((PROVIDER_URL_KEYS as readonly string[]).includes(key) || key === 'redirect_uri') checkAddress(reader, text, name, at);
        out[key] = text;
      }
    }
  }

  // A public client has nothing but PKCE to prove the code is its own (RFC 8252 §8.1).
  if (out.client_auth === 'none' && out.pkce === 'none') {
    throw reader.fail(line, `${field} has client_auth: none (a public client) with pkce: none; a public client needs PKCE.`, `Set pkce: S256 under ${field}.`);
  }
  // `issuer:` alone is enough: discovery fills the addresses when the service is used (resolve-discovered.ts).
  if (!isPreset && out.issuer === undefined) {
    const missing = (['authorize_url', 'token_url'] as const).filter((key) => out[key] === undefined);
    if (missing.length > 0) {
      throw reader.fail(
        line,
        `${field} is not a built-in service, so it needs ${missing.join(' and ')} to be used as a custom OAuth 2.0 service.`,
        `Add ${missing.join(' and ')} (or the service's issuer: for discovery) under ${field}, or check the spelling of the id (\`reauth providers\` lists the built-in ones).`,
      );
    }
  }
  return out as ProviderOverride;
}

/** `https://…`, `http://…` (loopback only; the resolver decides), or a `{accounts_url}/…` template. */
function checkAddress(reader: ConfigReader, text: string, field: string, line: number): void {
  if (/^https?:\/\//i.test(text) || text.startsWith('{')) return;
  throw reader.fail(line, `${field} must be a whole https:// address (found ${JSON.stringify(text)}).`);
}

function readSeparator(reader: ConfigReader, text: string, field: string, line: number): ' ' | ',' {
  if (text === ' ' || text === 'space') return ' ';
  if (text === ',' || text === 'comma') return ',';
  throw reader.fail(line, `${field} must be " " (space) or "," (comma) (found ${JSON.stringify(text)}).`);
}

function oneOf<T extends string>(reader: ConfigReader, text: string, allowed: readonly T[], field: string, line: number): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw reader.fail(line, `${field} must be one of ${allowed.join(', ')} (found ${JSON.stringify(text)}).`);
}
