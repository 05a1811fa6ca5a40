import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { discoverIssuer, discoveryUrls, MAX_DOCUMENT_BYTES } from '../../src/oauth/discovery-document.js';
import { describeDiscovered, fieldsFromDiscovery } from '../../src/providers/discovered-fields.js';
import { discoverOnce } from '../../src/providers/resolve-discovered.js';
import { html, json, startLoopbackServer, type LoopbackHandler, type LoopbackReply, type LoopbackServer } from '../support/loopback-server.js';
import { testDeps } from '../support/test-deps.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: LoopbackHandler): Promise<LoopbackServer> {
  server = await startLoopbackServer(handler);
  return server;
}

function metadata(issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    device_authorization_endpoint: `${issuer}/device`,
    revocation_endpoint: `${issuer}/revoke`,
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    ...extra,
  };
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('discovery addresses', () => {
  it('inserts the RFC 8414 well-known segment before an issuer path, and appends OpenID’s after it', () => {
    expect(discoveryUrls('https://id.example.com')).toEqual([
      'https://id.example.com/.well-known/oauth-authorization-server',
      'https://id.example.com/.well-known/openid-configuration',
    ]);
    expect(discoveryUrls('https://id.example.com/tenant/a/')).toEqual([
      'https://id.example.com/.well-known/oauth-authorization-server/tenant/a',
      'https://id.example.com/tenant/a/.well-known/openid-configuration',
    ]);
  });
});

describe('discoverIssuer against a loopback server', () => {
  it('reads the RFC 8414 document and every endpoint and option reauth uses', async () => {
    const s = await serve((req) => (req.url.pathname === '/.well-known/oauth-authorization-server' ? json(200, metadata(s.origin, { authorization_response_iss_parameter_supported: true })) : json(404, {})));
    const doc = await discoverIssuer(s.origin, testDeps());
    expect(doc).toMatchObject({
      issuer: s.origin,
      source: `${s.origin}/.well-known/oauth-authorization-server`,
      authorizationEndpoint: `${s.origin}/authorize`,
      tokenEndpoint: `${s.origin}/token`,
      deviceAuthorizationEndpoint: `${s.origin}/device`,
      revocationEndpoint: `${s.origin}/revoke`,
      codeChallengeMethods: ['S256'],
      tokenEndpointAuthMethods: ['client_secret_post'],
      issParameterSupported: true,
    });
    expect(s.requests.map((r) => r.url.pathname)).toEqual(['/.well-known/oauth-authorization-server']);
  });

  it('uses the path insertion for an issuer with a path, then falls back to OpenID discovery appended to it', async () => {
    const s = await serve((req) => (req.url.pathname === '/tenant-a/.well-known/openid-configuration' ? json(200, metadata(`${s.origin}/tenant-a`)) : html(404, '<title>Not found</title>')));
    const doc = await discoverIssuer(`${s.origin}/tenant-a`, testDeps());
    expect(doc.tokenEndpoint).toBe(`${s.origin}/tenant-a/token`);
    expect(s.requests.map((r) => r.url.pathname)).toEqual(['/.well-known/oauth-authorization-server/tenant-a', '/tenant-a/.well-known/openid-configuration']);
  });

  it('refuses a document whose issuer differs from the configured one, even by a trailing slash, naming both', async () => {
    const s = await serve(() => json(200, metadata('https://other.example.com/')));
    const error = await refusal(discoverIssuer(s.origin, testDeps()));
    expect(error.message).toContain('"https://other.example.com/"');
    expect(error.message).toContain(`not ${s.origin} as configured`);
    expect(error.exitCode).toBe(ExitCode.usage);

    const slash = await refusal(discoverIssuer(`${s.origin}/`, testDeps()));
    expect(slash.message).toContain('names "https://other.example.com/"');
  });

  it('refuses a plain http issuer that is not this computer without sending anything', async () => {
    let called = 0;
    const deps = testDeps({ overrides: { fetch: async () => (called++, new Response('{}')) } });
    const error = await refusal(discoverIssuer('http://id.example.com', deps));
    expect(error.message).toContain('plain http://');
    expect(error.nextStep).toContain('authorize_url and token_url');
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(called).toBe(0);
  });

  it('refuses a document that sends the token to a plain http address elsewhere', async () => {
    const s = await serve(() => json(200, metadata(s.origin, { token_endpoint: 'http://id.example.com/token' })));
    const error = await refusal(discoverIssuer(s.origin, testDeps()));
    expect(error.message).toContain('token_endpoint as "http://id.example.com/token"');
  });

  it('refuses an endpoint holding control characters, shown safely', async () => {
    const s = await serve(() => json(200, metadata(s.origin, { authorization_endpoint: `${s.origin}/auth\u001b[2J` })));
    const error = await refusal(discoverIssuer(s.origin, testDeps()));
    expect(error.message).toContain('gives authorization_endpoint as');
    expect(error.message).not.toContain('\u001b');
  });

  it('says a web page is not a discovery document, and to write the endpoints yourself', async () => {
    const s = await serve(() => html(200, '<!doctype html><title>Welcome</title><p>Our app</p>'));
    const error = await refusal(discoverIssuer(s.origin, testDeps()));
    expect(error.message).toContain(`${s.origin}/.well-known/openid-configuration both answered HTTP 200 with a web page (HTML), not a metadata document`);
    expect(error.nextStep).toMatch(/write authorize_url and token_url .* yourself/);
    expect(error.exitCode).toBe(ExitCode.usage);
  });

  it('says which endpoints a document lacks', async () => {
    const s = await serve(() => json(200, { issuer: s.origin, jwks_uri: `${s.origin}/jwks` }));
    const error = await refusal(discoverIssuer(s.origin, testDeps()));
    expect(error.message).toContain('has no authorization_endpoint and token_endpoint');
  });

  it('stops reading an answer far larger than a metadata document, with or without Content-Length', async () => {
    const huge = JSON.stringify({ ...metadata('x'), padding: 'x'.repeat(MAX_DOCUMENT_BYTES) });
    const withLength: LoopbackReply = { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(huge)) }, body: huge };
    const chunked: LoopbackReply = { status: 200, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: huge };
    const s = await serve((req) => (req.url.pathname.includes('openid') ? withLength : chunked));
    const error = await refusal(discoverIssuer(s.origin, testDeps()));
    expect(error.message).toContain(`${s.origin}/.well-known/oauth-authorization-server and ${s.origin}/.well-known/openid-configuration both answered with more than 100 kB`);
  });

  it('calls a server that does not answer unavailable (exit 4), not a wrong setting', async () => {
    const s = await serve(() => json(200, {}));
    const origin = s.origin;
    await s.close();
    server = undefined;
    const error = await refusal(discoverIssuer(origin, testDeps()));
    expect(error.message).toContain('could not be read');
    expect(error.exitCode).toBe(ExitCode.unavailable);
  });

  it('times out a server that never answers', async () => {
    const s = await serve(() => new Promise(() => undefined));
    const error = await refusal(discoverIssuer(s.origin, testDeps(), { timeoutMs: 200 }));
    expect(error.message).toContain('did not answer within 200 ms');
    expect(error.exitCode).toBe(ExitCode.unavailable);
  });

  it('reads a document once per run (per Deps), and again after a failure', async () => {
    let broken = true;
    const s = await serve(() => (broken ? json(500, { error: 'server_error' }) : json(200, metadata(s.origin))));
    const deps = testDeps();
    await refusal(discoverOnce(s.origin, deps));
    broken = false;
    const [a, b] = await Promise.all([discoverOnce(s.origin, deps), discoverOnce(s.origin, deps)]);
    await discoverOnce(s.origin, deps);
    expect(a).toBe(b);
    // Both addresses while broken, then the RFC 8414 one once.
    expect(s.requests).toHaveLength(3);
    await discoverOnce(s.origin, testDeps());
    expect(s.requests).toHaveLength(4);
  });
});

describe('the providers: fields a document stands for', () => {
  const base = { issuer: 'https://id.example.com', source: 'https://id.example.com/.well-known/openid-configuration', authorizationEndpoint: 'https://id.example.com/a', tokenEndpoint: 'https://id.example.com/t', issParameterSupported: false };

  it.each([
    [['client_secret_basic', 'client_secret_post', 'none'], 'basic', true],
    [['private_key_jwt', 'client_secret_post'], 'body', false],
    [['none'], 'none', false],
    [undefined, 'basic', true],
  ] as const)('picks client_auth from %j: %s', (methods, clientAuth, choice) => {
    const picked = fieldsFromDiscovery({ ...base, ...(methods ? { tokenEndpointAuthMethods: methods } : {}) });
    expect(picked.fields.client_auth).toBe(clientAuth);
    expect(picked.clientAuthChoice).toBe(choice);
  });

  it('turns PKCE off only when the document lists methods without S256, and never for a public client', () => {
    expect(fieldsFromDiscovery({ ...base, codeChallengeMethods: ['plain', 'S256'] }).fields.pkce).toBe('S256');
    expect(fieldsFromDiscovery(base).fields.pkce).toBeUndefined();
    const plainOnly = fieldsFromDiscovery({ ...base, codeChallengeMethods: ['plain'], tokenEndpointAuthMethods: ['client_secret_post'] });
    expect(plainOnly.fields.pkce).toBe('none');
    expect(plainOnly.notes.join(' ')).toContain('without PKCE');
    expect(fieldsFromDiscovery({ ...base, codeChallengeMethods: ['plain'], tokenEndpointAuthMethods: ['none'] }).fields.pkce).toBe('S256');
  });

  it('describes what was found one line each', () => {
    expect(describeDiscovered({ ...base, issParameterSupported: true, tokenEndpointAuthMethods: ['none'] })).toEqual([
      'sign-in https://id.example.com/a',
      'token https://id.example.com/t',
      'PKCE S256 (not listed)',
      'client auth none',
      'iss required in the answer (RFC 9207)',
    ]);
  });
});
