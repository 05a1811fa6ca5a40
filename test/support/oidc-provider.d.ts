/**
 * oidc-provider 8.8 ships no type declarations (and @types/oidc-provider is not installed):
 * just the part test/support/oidc-server.ts uses.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClientMetadata {
    readonly client_id: string;
    readonly client_secret?: string;
    readonly redirect_uris: readonly string[];
    readonly grant_types?: readonly string[];
    readonly response_types?: readonly string[];
    readonly token_endpoint_auth_method?: 'client_secret_post' | 'client_secret_basic' | 'none';
    readonly application_type?: 'web' | 'native';
  }

  export interface OidcClient {
    readonly clientId: string;
  }

  export interface OidcAccount {
    readonly accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface OidcConfiguration {
    readonly clients?: readonly OidcClientMetadata[];
    readonly cookies?: { readonly keys?: readonly string[] };
    readonly scopes?: readonly string[];
    readonly claims?: Readonly<Record<string, readonly string[] | null>>;
    readonly features?: Readonly<Record<string, { readonly enabled: boolean }>>;
    readonly pkce?: { readonly required?: (ctx: unknown, client: OidcClient) => boolean; readonly methods?: readonly string[] };
    readonly ttl?: Readonly<Record<string, number>>;
    readonly rotateRefreshToken?: boolean | ((ctx: unknown) => boolean);
    readonly findAccount?: (ctx: unknown, sub: string) => Promise<OidcAccount | undefined> | OidcAccount | undefined;
    readonly conformIdTokenClaims?: boolean;
    readonly allowOmittingSingleRegisteredRedirectUri?: boolean;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: OidcConfiguration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
