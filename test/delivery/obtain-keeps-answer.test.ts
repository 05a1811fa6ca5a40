/**
 * Issue 10: the safety copy holds an answer's tokens before the answer is judged, so an
 * interpretation error after a code or refresh token was spent loses nothing; a request that
 * brought no token leaves no file behind.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obtainTokens } from '../../src/delivery/obtain.js';
import { UserError } from '../../src/errors.js';
import { OAuthError } from '../../src/oauth/token-errors.js';
import { fieldValues, type TokenSet } from '../../src/tokens/token-set.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-obtain-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const answer: TokenSet = { access_token: 'fake-held-access-0001', refresh_token: 'fake-held-refresh-0001', expires_at: '', token_type: 'mac', extras: {}, obtained_at: '2026-01-01T00:00:00Z' };
const base = () => ({ baseDir: dir, owner: { profile: 'api' }, now: () => Date.now(), spending: 'the refresh token', keep: (t: TokenSet) => fieldValues(t, { client_id: 'fake-client' }) });

async function files(): Promise<{ state: string; values?: Record<string, string> }[]> {
  const folder = join(dir, '.reauth', 'rescue');
  const names = await readdir(folder).catch(() => [] as string[]);
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8')) as { state: string; values?: Record<string, string> }));
}

describe('obtaining tokens keeps the answer before judging it', () => {
  it('an answer refused after it arrived stays in the safety copy, and the refusal says where', async () => {
    const refused = obtainTokens({
      ...base(),
      request: async (onAnswer) => {
        await onAnswer(answer);
        throw new OAuthError({ kind: 'config', message: 'Not a Bearer token.', next: 'Check.' }, 'unsupported_token_type');
      },
    });
    const error = await refused.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).message).toMatch(/^Not a Bearer token\. The tokens it sent are kept in .*rescue.*api-.*\.json \(readable only by you\)\.$/);
    expect((error as OAuthError).code).toBe('unsupported_token_type');
    expect((error as OAuthError).explanation.kind).toBe('config');
    expect(await files()).toEqual([expect.objectContaining({ state: 'kept', values: expect.objectContaining({ refresh_token: 'fake-held-refresh-0001', client_id: 'fake-client' }) })]);
  });

  it('an answer with only a refresh token keeps no empty access token (it would blank a target)', async () => {
    await obtainTokens({ ...base(), request: async (onAnswer) => { await onAnswer({ ...answer, access_token: '' }); throw new UserError('odd answer'); } }).catch(() => undefined);
    const [file] = await files();
    expect(file?.values).not.toHaveProperty('access_token');
    expect(file?.values?.refresh_token).toBe('fake-held-refresh-0001');
  });

  it('a request that brought no token leaves nothing behind', async () => {
    await obtainTokens({ ...base(), request: async () => { throw new UserError('refused'); } }).catch(() => undefined);
    expect(await files()).toEqual([]);
  });

  it('an answer read well replaces what was held with the answer as read', async () => {
    const obtained = await obtainTokens({ ...base(), request: async (onAnswer) => { await onAnswer(answer); return { ...answer, token_type: 'Bearer', expires_at: '2026-01-01T01:00:00Z' }; } });
    expect(obtained.safetyCopy.holds).toBe(true);
    const [file] = await files();
    expect(file).toMatchObject({ state: 'kept', values: { token_type: 'Bearer', expires_at: '2026-01-01T01:00:00Z' } });
    expect((await readFile(obtained.safetyCopy.path, 'utf8')).endsWith('}\n')).toBe(true);
  });
});
