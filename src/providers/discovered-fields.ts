/**
 * A discovery document (src/oauth/discovery-document.ts) as the `providers:` fields it stands
 * for, so a discovered service resolves through the same path as one written out by hand —
 * and anything written in reauth.yaml simply wins over it.
 */
import type { ProviderOverride } from '../config/types.js';
import type { DiscoveryDocument } from '../oauth/discovery-document.js';
import type { ClientAuth } from './types.js';

export interface DiscoveredFields {
  readonly fields: ProviderOverride;
  /** Plain sentences about choices made from the document (shown with the provider's assumptions). */
  readonly notes: readonly string[];
  /** Whether the document leaves the client authentication open (several usable methods, or none listed). */
  readonly clientAuthChoice: boolean;
}

/** Token endpoint auth methods reauth can do, in the order it prefers them (RFC 6749 §2.3.1 makes Basic the one every server must accept). */
const AUTH_METHODS: readonly (readonly [string, ClientAuth])[] = [
  ['client_secret_basic', 'basic'],
  ['client_secret_post', 'body'],
  ['none', 'none'],
];

export function fieldsFromDiscovery(doc: DiscoveryDocument): DiscoveredFields {
  const notes: string[] = [];
  const fields: Record<string, unknown> = {
    authorize_url: doc.authorizationEndpoint,
    token_url: doc.tokenEndpoint,
    ...(doc.deviceAuthorizationEndpoint ? { device_authorization_url: doc.deviceAuthorizationEndpoint } : {}),
    ...(doc.revocationEndpoint ? { revoke_url: doc.revocationEndpoint } : {}),
  };

  // Absent means "no PKCE" by RFC 8414 §2, but many servers that accept it do not say so: only
  // a list without S256 turns it off (reauth does not send the weak `plain` method).
  if (doc.codeChallengeMethods) {
    fields.pkce = doc.codeChallengeMethods.includes('S256') ? 'S256' : 'none';
    if (fields.pkce === 'none') notes.push(`${doc.source} lists no S256 PKCE, so reauth signs in without PKCE.`);
  }

  let clientAuthChoice = true;
  if (doc.tokenEndpointAuthMethods) {
    const usable = AUTH_METHODS.filter(([method]) => doc.tokenEndpointAuthMethods!.includes(method));
    if (usable.length > 0) {
      fields.client_auth = usable[0]![1];
      clientAuthChoice = usable.length > 1;
    } else {
      notes.push(
        `${doc.source} offers only ${doc.tokenEndpointAuthMethods.join(', ') || 'no'} client authentication, which reauth cannot do; it sends the secret in the form body (set client_auth under providers: if that is refused).`,
      );
    }
  } else {
    // RFC 8414 §2: "If omitted, the default is client_secret_basic".
    fields.client_auth = 'basic';
  }
  // A public client has nothing but PKCE; the reader refuses that pair from a file too.
  if (fields.client_auth === 'none' && fields.pkce === 'none') fields.pkce = 'S256';
  return { fields: fields as ProviderOverride, notes, clientAuthChoice };
}

/** One line per discovered address, for the wizard and `--plain` to show what was found. */
export function describeDiscovered(doc: DiscoveryDocument): readonly string[] {
  const { fields } = fieldsFromDiscovery(doc);
  return [
    `sign-in ${doc.authorizationEndpoint}`,
    `token ${doc.tokenEndpoint}`,
    ...(doc.deviceAuthorizationEndpoint ? [`device ${doc.deviceAuthorizationEndpoint}`] : []),
    ...(doc.revocationEndpoint ? [`revocation ${doc.revocationEndpoint}`] : []),
    `PKCE ${fields.pkce ?? 'S256 (not listed)'}`,
    `client auth ${fields.client_auth ?? 'body'}`,
    ...(doc.issParameterSupported ? ['iss required in the answer (RFC 9207)'] : []),
  ];
}
