/**
 * The fields reauth.yaml may hold (DESIGN.md "reauth.yaml"): the loader checks names against
 * these lists, and save-profile writes them in this order.
 */
import type { FlowKind } from '../providers/types.js';
import type { TargetType } from '../targets/types.js';

export const TOP_LEVEL_KEYS = ['version', 'profiles', 'providers', 'notify'] as const;

export const PROFILE_KEYS = [
  'provider',
  'region',
  'flow',
  'app_type',
  'client_id',
  'client_secret',
  'scopes',
  'redirect_uri',
  'settings',
  'targets',
  'after_write',
  'after_write_on',
] as const;

/**
 * Profile fields the loader reads but save-profile never writes or removes (it only touches
 * PROFILE_KEYS), so a reconnect from the wizard keeps a hand-written `notify:` as it was.
 */
export const PROFILE_HAND_WRITTEN_KEYS = ['notify'] as const;

/** `notify:` (issue 12): where alerts go, at the top level or in a profile. */
export const NOTIFY_KEYS = ['command', 'webhook', 'webhook_format', 'ping_url'] as const;

export const WEBHOOK_FORMATS = ['json', 'text'] as const;

export const TARGET_KEYS = ['type', 'file', 'at', 'app', 'method', 'keys'] as const;

export const TARGET_TYPES: readonly TargetType[] = ['dotenv', 'envpy', 'yaml', 'json', 'heroku'];

/** Target types that write a file (everything but heroku). */
export const FILE_TARGET_TYPES: readonly TargetType[] = ['dotenv', 'envpy', 'yaml', 'json'];

/** When after_write runs: when a person signs in (`reauth setup`), after unattended refreshes, or both. */
export const AFTER_WRITE_ON = ['setup', 'refresh', 'both'] as const;

export const FLOW_KINDS: readonly FlowKind[] = ['authorization_code', 'self_client', 'password', 'device'];

export const PROVIDER_OVERRIDE_KEYS = [
  'name',
  'issuer',
  'authorize_url',
  'token_url',
  'revoke_url',
  'device_authorization_url',
  'verify_url',
  'accounts_url',
  'api_url',
  'scopes',
  'scope_separator',
  'pkce',
  'client_auth',
  'code_lifetime_s',
  'authorize_params',
  'redirect_uri',
] as const;

/** Override fields that hold addresses: checked for plain http by the resolver. */
export const PROVIDER_URL_KEYS = ['issuer', 'authorize_url', 'token_url', 'revoke_url', 'device_authorization_url', 'verify_url', 'accounts_url', 'api_url'] as const;

/** Profile names end up in file names (rescue files, locks) and on command lines. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
