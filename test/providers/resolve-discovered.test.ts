import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ExitCode, UserError } from '../../src/errors.js';
import { listProviders } from '../../src/commands/providers.js';
import { needsDiscovery, resolveProviderDiscovering } from '../../src/providers/resolve-discovered.js';
import { tempFolder, yaml, type TempFolder } from '../config/config-files.js';
import { json, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { testDeps } from '../support/test-deps.js';

let folder: TempFolder;
let server: LoopbackServer;
let documents = 0;

beforeEach(async () => {
  folder = await tempFolder();
  documents = 0;
  server = await startLoopbackServer((req) => {
    if (req.url.pathname !== '/.well-known/openid-configuration') return json(404, {});
    documents++;
    return json(200, {
      issuer: server.origin,
      authorization_endpoint: `${server.origin}/authorize`,
      token_endpoint: `${server.origin}/token`,
      device_authorization_endpoint: `${server.origin}/device`,
      revocation_endpoint: `${server.origin}/revoke`,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      authorization_response_iss_parameter_supported: true,
    });
  });
});
afterEach(async () => {
  await server.close();
  await folder.remove();
});

async function configWith(...providerLines: string[]) {
  return loadConfig(await folder.write(yaml('version: 1', 'providers:', '  my-oidc:', ...providerLines)));
}

describe('a custom service given by its issuer alone', () => {
  it('is read from reauth.yaml without authorize_url and token_url', async () => {
    const config = await configWith(`    issuer: ${server.origin}`);
    expect(config.providers['my-oidc']).toEqual({ issuer: server.origin });
    expect(needsDiscovery(config, 'my-oidc')).toBe(true);
    await expect(loadConfig(await folder.write(yaml('version: 1', 'providers:', '  my-api:', '    name: X')))).rejects.toThrow(/needs authorize_url and token_url/);
  });

  it('gets every address and option from the document, with RFC 9207 iss required', async () => {
    const config = await configWith(`    issuer: ${server.origin}`);
    const provider = await resolveProviderDiscovering(config, { provider: 'my-oidc', settings: {} }, testDeps());
    expect(provider).toMatchObject({
      authorizeUrl: `${server.origin}/authorize`,
      tokenUrl: `${server.origin}/token`,
      deviceAuthorizationUrl: `${server.origin}/device`,
      revokeUrl: `${server.origin}/revoke`,
      flows: ['authorization_code', 'device'],
      pkce: 'S256',
      clientAuth: 'body',
      issuer: server.origin,
      issuerRequired: true,
    });
    expect(provider.assumptions.join(' ')).toContain(`addresses come from ${server.origin}/.well-known/openid-configuration`);
  });

  it('lets explicit fields in reauth.yaml win over discovered ones', async () => {
    const config = await configWith(`    issuer: ${server.origin}`, '    token_url: https://gateway.example.com/token', '    client_auth: basic', '    pkce: none');
    const provider = await resolveProviderDiscovering(config, { provider: 'my-oidc', settings: {} }, testDeps());
    expect(provider).toMatchObject({ authorizeUrl: `${server.origin}/authorize`, tokenUrl: 'https://gateway.example.com/token', clientAuth: 'basic', pkce: 'none' });
  });

  it('does not discover when both addresses are written out (the issuer then only checks iss)', async () => {
    const config = await configWith(`    issuer: ${server.origin}`, '    authorize_url: https://id.example.com/a', '    token_url: https://id.example.com/t');
    const provider = await resolveProviderDiscovering(config, { provider: 'my-oidc', settings: {} }, testDeps());
    expect(provider.tokenUrl).toBe('https://id.example.com/t');
    expect(provider.issuerRequired).toBeUndefined();
    expect(documents).toBe(0);
  });

  it('names the file and what to write there when the issuer cannot be reached (exit 4)', async () => {
    const config = await configWith('    issuer: http://127.0.0.1:9');
    const error = await resolveProviderDiscovering(config, { provider: 'my-oidc', settings: {} }, testDeps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(ExitCode.unavailable);
    expect((error as UserError).nextStep).toMatch(/write authorize_url and token_url .* under providers\.my-oidc in \S*reauth\.yaml yourself/);
  });

  it('is listed by `reauth providers` without any network', async () => {
    const config = await configWith(`    issuer: ${server.origin}`, '    name: My OIDC');
    const listed = listProviders(config).find((entry) => entry.id === 'my-oidc');
    expect(listed?.summary).toContain(`addresses come from ${server.origin} (discovery)`);
    expect(documents).toBe(0);
  });
});
