/**
 * Issue 9, the corporate network: from the installed package, `reauth refresh` of a Netatmo
 * profile whose token endpoint has a name that does not resolve on this machine
 * (netatmo.reauth.invalid). The only way to it is a CONNECT through the company's proxy on
 * loopback, which tunnels to a local https server whose certificate a throwaway CA signed — the
 * CA reauth can know only from NODE_EXTRA_CA_CERTS. With NO_PROXY naming the host, the same run
 * must fail plainly (the name cannot be looked up), with the stored token untouched.
 */
import { lookup } from 'node:dns/promises';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { startProxyServer, type ProxyServer } from '../support/proxy-server.js';
import { makeTestCertificates, startTlsEndpoint, type TestCertificates, type TlsEndpoint } from '../support/proxy-tls-endpoint.js';
import { envValues, makeFolder, removeFolders, runWithoutTerminal, type CommandRun } from './e2e-support.js';

const HOST = 'netatmo.reauth.invalid';

let emu: NetatmoEmulator;
let certificates: TestCertificates;
let endpoint: TlsEndpoint;
let proxy: ProxyServer;

beforeAll(async () => {
  emu = await startNetatmoEmulator();
  certificates = makeTestCertificates(HOST);
  endpoint = await startTlsEndpoint(certificates, emu.origin);
  proxy = await startProxyServer({ [`${HOST}:443`]: endpoint.port });
});
afterAll(async () => {
  await Promise.all([proxy?.close(), endpoint?.close(), emu?.close()]);
  certificates?.remove();
});
afterEach(async () => {
  await removeFolders();
});

/** A folder as `reauth setup` leaves it: the profile in reauth.yaml, a live refresh token in .env. */
async function weatherFolder(): Promise<{ dir: string; refresh: string }> {
  const dir = await makeFolder('proxy');
  const answer = await fetch(`${emu.origin}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      code: emu.issueCode('https://localhost/callback'),
      redirect_uri: 'https://localhost/callback',
    }),
  });
  const { refresh_token: refresh } = (await answer.json()) as { refresh_token: string };
  await writeFile(
    join(dir, 'reauth.yaml'),
    [
      'version: 1',
      'profiles:',
      '  weather:',
      '    provider: netatmo',
      `    client_id: ${emu.clientId}`,
      '    client_secret: ${NETATMO_CLIENT_SECRET}',
      '    targets:',
      '      - type: dotenv',
      '        file: .env',
      '        keys: { access_token: NETATMO_ACCESS_TOKEN, refresh_token: NETATMO_REFRESH_TOKEN }',
      'providers:',
      '  netatmo:',
      `    authorize_url: https://${HOST}/oauth2/authorize`,
      `    token_url: https://${HOST}/oauth2/token`,
      `    verify_url: https://${HOST}/api/getstationsdata`,
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, '.env'), `NETATMO_REFRESH_TOKEN='${refresh}'\n`);
  return { dir, refresh };
}

/** `reauth refresh weather` as cron runs it, with only the environment given here. */
function refresh(dir: string, env: Record<string, string>, ...extra: string[]): Promise<CommandRun> {
  return runWithoutTerminal(dir, ['refresh', 'weather', ...extra], { NETATMO_CLIENT_SECRET: emu.clientSecret, ...env });
}

describe('reauth behind a company proxy (from the installed package)', () => {
  it('the service name does not resolve here: a proxy tunnel is the only way to it', async () => {
    await expect(lookup(HOST)).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
  });

  it('refreshes through HTTPS_PROXY (CONNECT), trusting the inspecting CA from NODE_EXTRA_CA_CERTS', async () => {
    const { dir, refresh: before } = await weatherFolder();
    const connectsBefore = proxy.connects.length;
    const requestsBefore = endpoint.requests.length;

    const run = await refresh(dir, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certificates.caFile });

    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^✔ weather: refreshed, access token valid until .+\n$/);
    // One tunnel, asked for by name (reauth never resolved it), and through it one token request
    // that named the host in TLS and in HTTP.
    expect(proxy.connects.slice(connectsBefore)).toEqual([`${HOST}:443`]);
    expect(proxy.plainRequests).toEqual([]);
    expect(endpoint.requests.slice(requestsBefore)).toEqual([{ servername: HOST, host: HOST, method: 'POST', path: '/oauth2/token' }]);
    // The rotated pair is what the service now knows, and it is in .env.
    const values = envValues(await readFile(join(dir, '.env'), 'utf8'));
    expect(values.NETATMO_REFRESH_TOKEN).not.toBe(before);
    expect(emu.liveRefreshTokens()).toContain(values.NETATMO_REFRESH_TOKEN);
    expect(emu.liveAccessTokens()).toContain(values.NETATMO_ACCESS_TOKEN);
  });

  it('without the CA in NODE_EXTRA_CA_CERTS the tunnelled connection is not trusted (lower-case https_proxy)', async () => {
    const { dir, refresh: before } = await weatherFolder();
    const connectsBefore = proxy.connects.length;

    const run = await refresh(dir, { https_proxy: proxy.url });

    expect(run.code, `${run.stdout}${run.stderr}`).toBe(4);
    expect(proxy.connects.slice(connectsBefore)).toEqual([`${HOST}:443`]);
    expect(run.stderr).toContain(`The connection to ${HOST} is not trusted (certificate problem:`);
    expect(run.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(envValues(await readFile(join(dir, '.env'), 'utf8')).NETATMO_REFRESH_TOKEN).toBe(before);
  });

  it('with NO_PROXY naming the host it goes direct, and says plainly that the name cannot be looked up', async () => {
    const { dir, refresh: before } = await weatherFolder();
    const connectsBefore = proxy.connects.length;

    const run = await refresh(dir, { HTTPS_PROXY: proxy.url, NO_PROXY: `localhost,${HOST}`, NODE_EXTRA_CA_CERTS: certificates.caFile });

    expect(run.code, `${run.stdout}${run.stderr}`).toBe(4);
    expect(proxy.connects.slice(connectsBefore)).toEqual([]);
    expect(run.stderr).toContain(`Could not reach ${HOST}: the name ${HOST} could not be looked up (DNS).`);
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(envValues(await readFile(join(dir, '.env'), 'utf8')).NETATMO_REFRESH_TOKEN).toBe(before);
  });
});
