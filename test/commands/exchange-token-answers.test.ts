/**
 * Issue 10 on the wizard's side: the code exchange as `reauth setup` runs it (the real setup
 * effects, real fetch, a loopback token endpoint, the real `.reauth/rescue` folder). A form
 * answer is read like JSON; one reauth refuses (a `mac` token) or cannot read (cut off) still
 * leaves its tokens in the safety copy; nothing says a spent code "may still be valid".
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSetupEffects } from '../../src/commands/setup-effects.js';
import { loadConfig } from '../../src/config/load-config.js';
import { exchangeRecovery } from '../../src/flow/steps/exchange-recovery.js';
import type { WizardData } from '../../src/flow/wizard-data.js';
import { resolveProvider } from '../../src/providers/resolve-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { recordOutput, recordSecret } from '../support/secret-audit.js';
import { startAnswerShapeServer, type AnswerShapeServer } from '../support/answer-shape-server.js';
import { tempProject, testDeps } from './refresh-fixtures.js';

let dir: string;
let api: AnswerShapeServer;
const REDIRECT = 'https://localhost/callback';

beforeEach(async () => {
  dir = await tempProject('reauth-exchange-answers-');
  api = await startAnswerShapeServer();
});

afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

async function setupFor(tokenUrl: string): Promise<{ provider: ResolvedProvider; effects: ReturnType<typeof createSetupEffects> }> {
  await writeFile(
    join(dir, 'reauth.yaml'),
    ['version: 1', 'profiles: {}', 'providers:', '  my-api:', '    name: My API', '    authorize_url: https://id.example.com/authorize', `    token_url: ${tokenUrl}`, ''].join('\n'),
  );
  const config = await loadConfig(join(dir, 'reauth.yaml'));
  const provider = resolveProvider(config, { provider: 'my-api', settings: {} });
  return { provider, effects: createSetupEffects(testDeps({}), { config, cwd: dir, noBrowser: true }) };
}

const keep = () => ({ owner: { service: 'my-api', clientId: api.clientId }, client: { client_id: api.clientId, client_secret: api.clientSecret } });

async function kept(): Promise<{ state: string; values: Record<string, string> }[]> {
  const folder = join(dir, '.reauth', 'rescue');
  const names = await readdir(folder).catch(() => [] as string[]);
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8')) as { state: string; values: Record<string, string> }));
}

async function rejection(promise: Promise<unknown>): Promise<Error & { nextStep?: string; exitCode?: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the exchange to fail');
  recordOutput('exchange error', `${error.message}\n${(error as { nextStep?: string }).nextStep ?? ''}`);
  return error;
}

describe('the code exchange reads every answer shape and keeps what it cannot use', () => {
  it('reads a form-encoded answer like JSON, its tokens in the safety copy', async () => {
    api.options.shape = 'form';
    const { provider, effects } = await setupFor(api.tokenUrl);
    const obtained = await effects.exchangeCode(provider, { clientId: api.clientId, clientSecret: api.clientSecret, code: api.issueCode(), redirectUri: REDIRECT }, keep());
    const newest = api.issued.at(-1)!;
    expect(obtained.tokens).toMatchObject({ access_token: newest.access, refresh_token: newest.refresh, token_type: 'bearer' });
    expect(obtained.safetyCopy.holds).toBe(true);
    expect(await kept()).toEqual([expect.objectContaining({ state: 'kept', values: expect.objectContaining({ refresh_token: newest.refresh }) })]);
  });

  it('refuses a form answer with token_type=mac, keeps its tokens, and never calls the spent code still valid', async () => {
    api.options.shape = 'form';
    api.options.tokenType = 'mac';
    const { provider, effects } = await setupFor(api.tokenUrl);
    const error = await rejection(effects.exchangeCode(provider, { clientId: api.clientId, clientSecret: api.clientSecret, code: api.issueCode(), redirectUri: REDIRECT }, keep()));
    expect(error.message).toMatch(/"mac" token, but reauth only knows Bearer tokens.*kept in .*rescue/);
    expect(error.exitCode).toBe(2);
    const newest = api.issued.at(-1)!;
    expect(`${error.message}${error.nextStep}`).not.toContain(newest.access);
    expect(await kept()).toEqual([expect.objectContaining({ state: 'kept', values: expect.objectContaining({ access_token: newest.access, refresh_token: newest.refresh }) })]);
    const recovery = exchangeRecovery(error, {} as WizardData, 'authorization_code');
    expect(JSON.stringify(recovery)).not.toMatch(/may still be valid|still works/);
  });

  it('a cut-off answer: not "may still be valid", no token in the text, and the tokens it held are kept', async () => {
    const access = `fake-cutoff-access-${process.pid}-0001`;
    const refresh = `fake-cutoff-refresh-${process.pid}-0001`;
    recordSecret(access, refresh);
    const cut: LoopbackServer = await startLoopbackServer(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"access_token":"${access}","refresh_token":"${refresh}","token_type":"Bearer","expi`,
    }));
    try {
      const { provider, effects } = await setupFor(`${cut.origin}/token`);
      const error = await rejection(effects.exchangeCode(provider, { clientId: api.clientId, clientSecret: api.clientSecret, code: 'fake-code-cutoff-0001', redirectUri: REDIRECT }, keep()));
      expect(error.message).toMatch(/not data/);
      expect(error.message).toMatch(/kept in .*rescue/);
      expect(error.message).not.toContain(access);
      expect(error.message).not.toContain(refresh);
      expect(await kept()).toEqual([expect.objectContaining({ state: 'kept', values: expect.objectContaining({ access_token: access, refresh_token: refresh }) })]);
      const recovery = exchangeRecovery(error, {} as WizardData, 'authorization_code');
      expect(recovery.options[0]?.value).toBe('fresh');
      expect(JSON.stringify(recovery)).not.toMatch(/may still be valid/);
    } finally {
      await cut.close();
    }
  });

  it('shows the server’s error_description for a known code (invalid_client)', async () => {
    const { provider, effects } = await setupFor(api.tokenUrl);
    const error = await rejection(effects.exchangeCode(provider, { clientId: api.clientId, clientSecret: 'fake-wrong-secret-00042', code: api.issueCode(), redirectUri: REDIRECT }, keep()));
    expect(error.message).toBe('The service did not accept the client id or client secret. My API said: "client authentication failed".');
    expect(await kept()).toEqual([]);
  });
});
