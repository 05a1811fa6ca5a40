/**
 * What reauth obtains from a service, in one provider-neutral shape. Field names are the
 * ones a target's `keys` may name in reauth.yaml (DESIGN.md).
 */
export interface TokenSet {
  readonly access_token: string;
  readonly refresh_token?: string;
  /** ISO 8601 UTC; '' when the answer gave no lifetime (unknown: clears an older value). */
  readonly expires_at?: string;
  readonly refresh_expires_at?: string;
  readonly token_type?: string;
  /** Always a string, joined with the provider's separator (Netatmo answers an array). */
  readonly scope?: string;
  /** Provider extras: `uid` (TTLock), `open_id` (TikTok), `api_domain` (Zoho). */
  readonly extras: Readonly<Record<string, string>>;
  /** ISO 8601 UTC: when reauth received it. */
  readonly obtained_at: string;
}

/** The fields a target's `keys` may name. */
export const TOKEN_FIELDS = [
  'access_token',
  'refresh_token',
  'expires_at',
  'refresh_expires_at',
  'token_type',
  'scope',
  'client_id',
  'client_secret',
  'uid',
  'open_id',
  'api_domain',
] as const;
export type TokenField = (typeof TOKEN_FIELDS)[number];

/** Fields whose values are secrets: masked everywhere. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['access_token', 'refresh_token', 'client_secret']);

export type FieldValues = Partial<Record<TokenField, string>>;

/** Flatten a token set (plus the app's credentials) into the values targets write. */
export function fieldValues(tokens: TokenSet, client?: { client_id?: string; client_secret?: string }): FieldValues {
  const values: FieldValues = { access_token: tokens.access_token };
  if (tokens.refresh_token) values.refresh_token = tokens.refresh_token;
  // '' is "the service gave no lifetime": written as an empty value, so no target keeps a stale expiry.
  if (tokens.expires_at !== undefined) values.expires_at = tokens.expires_at;
  if (tokens.refresh_expires_at) values.refresh_expires_at = tokens.refresh_expires_at;
  if (tokens.token_type) values.token_type = tokens.token_type;
  if (tokens.scope) values.scope = tokens.scope;
  for (const [k, v] of Object.entries(tokens.extras)) {
    if ((TOKEN_FIELDS as readonly string[]).includes(k)) values[k as TokenField] = v;
  }
  if (client?.client_id) values.client_id = client.client_id;
  if (client?.client_secret) values.client_secret = client.client_secret;
  return values;
}
