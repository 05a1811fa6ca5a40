/**
 * How the client proves who it is at the token endpoint (the preset's `clientAuth`), and the
 * one refusal whose cause reauth can name: Basic credentials whose id or secret change when
 * form-encoded, sent to a server that does not decode them.
 */
import type { ErrorExplanation, ResolvedProvider } from '../providers/types.js';

export interface ClientCredentials {
  readonly clientId: string;
  /** Empty for a public client (`client_auth: none`). */
  readonly clientSecret: string;
}

/** The header and form fields that carry the client's credentials. */
export function clientAuthParts(
  provider: Pick<ResolvedProvider, 'clientAuth' | 'clientIdParam' | 'clientSecretParam'>,
  client: ClientCredentials,
): { headers: Record<string, string>; form: Record<string, string> } {
  switch (provider.clientAuth) {
    case 'basic':
      // RFC 6749 §2.3.1: id and secret are form-encoded before Base64 (oidc-provider checks this).
      return { headers: { authorization: basicHeader(formEncode(client.clientId), formEncode(client.clientSecret)) }, form: {} };
    case 'basic_raw':
      // What many servers expect instead: the id and secret as they are.
      return { headers: { authorization: basicHeader(client.clientId, client.clientSecret) }, form: {} };
    case 'none':
      // A public client (RFC 8252): it has no secret, so it only says which client it is.
      return { headers: {}, form: { [provider.clientIdParam]: client.clientId } };
    default:
      return { headers: {}, form: { [provider.clientIdParam]: client.clientId, [provider.clientSecretParam]: client.clientSecret } };
  }
}

/** RFC 6749 Appendix B's encoding, as percent-escapes (a space as %20, which servers read too). */
export function formEncode(value: string): string {
  return encodeURIComponent(value);
}

function basicHeader(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;
}

/**
 * `invalid_client` to RFC-encoded Basic credentials that the encoding changed: the server most
 * likely compared the encoded text. Says exactly that and the setting that fixes it, instead of
 * the generic "copy them again" (which would send the person round in a circle).
 */
export function explainEncodedBasicRefused(
  provider: Pick<ResolvedProvider, 'id' | 'name' | 'clientAuth'>,
  client: ClientCredentials,
  errorCode: string | undefined,
): ErrorExplanation | undefined {
  if (provider.clientAuth !== 'basic' || errorCode !== 'invalid_client') return undefined;
  const changed = [
    formEncode(client.clientId) !== client.clientId ? 'client id' : undefined,
    formEncode(client.clientSecret) !== client.clientSecret ? 'client secret' : undefined,
  ].filter(Boolean);
  if (changed.length === 0) return undefined;
  const what = changed.join(' and ');
  return {
    kind: 'config',
    message:
      `${provider.name} did not accept the client credentials in the Basic Authorization header. The ${what} ${changed.length > 1 ? 'hold' : 'holds'} characters such as / + : = ` +
      'that reauth form-encodes before Base64, as RFC 6749 §2.3.1 says; many servers compare them without decoding.',
    next: `If they are right, set client_auth: basic_raw under providers.${provider.id} in reauth.yaml (the same header, not encoded), or client_auth: body if the service accepts the secret in the form body.`,
  };
}
