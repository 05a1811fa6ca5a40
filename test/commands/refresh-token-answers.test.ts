/**
 * Issue 10, "the answers real servers give", end to end in process: `reauth refresh` and
 * `reauth status` against a rotating token endpoint on loopback (real fetch, real files) that
 * answers form-encoded, without `expires_in`, with a `mac` token, or with RFC 6749 errors
 * carrying `error_description` and `error_uri`.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { refreshCommand, statusCommand } from '../support/audited-commands.js';
import { startAnswerShapeServer, type AnswerShapeServer } from '../support/answer-shape-server.js';
import { tempProject, testDeps } from './refresh-fixtures.js';

let dir: string;
let api: AnswerShapeServer;
const STALE = '2020-01-01T00:00:00Z';

beforeEach(async () => {
  dir = await tempProject('reauth-answers-');
  api = await startAnswerShapeServer();
  await writeFile(
    join(dir, 'reauth.yaml'),
    [
      'version: 1',
      'profiles:',
      '  api:',
      '    provider: my-api',
      `    client_id: ${api.clientId}`,
      '    client_secret: ${MY_API_SECRET}',
      '    targets:',
      '      - type: dotenv',
      '        file: .env',
      '        keys: { access_token: API_ACCESS_TOKEN, refresh_token: API_REFRESH_TOKEN, expires_at: API_EXPIRES_AT }',
      '      - type: json',
      '        file: tokens.json',
      '        keys: { access_token: access_token, expires_at: expires_at }',
      'providers:',
      '  my-api:',
      '    name: My API',
      '    authorize_url: https://id.example.com/authorize',
      `    token_url: ${api.tokenUrl}`,
      '',
    ].join('\n'),
  );
  const first = api.issued[0]!;
  await writeFile(join(dir, '.env'), `# my app\nAPI_ACCESS_TOKEN=${first.access}\nAPI_REFRESH_TOKEN=${first.refresh}\nAPI_EXPIRES_AT=${STALE}\n`, { mode: 0o600 });
  await writeFile(join(dir, 'tokens.json'), `${JSON.stringify({ access_token: first.access, expires_at: STALE, keep: 1 }, null, 2)}\n`, { mode: 0o600 });
});

afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const deps = () => testDeps({ MY_API_SECRET: api.clientSecret });
const refresh = (json = false) => refreshCommand({ configPath: 'reauth.yaml', profiles: ['api'], json, cwd: dir }, deps());
const status = () => statusCommand({ configPath: 'reauth.yaml', profiles: ['api'], json: false, cwd: dir }, deps());

async function envValue(key: string): Promise<string | undefined> {
  const line = (await readFile(join(dir, '.env'), 'utf8')).split('\n').find((l) => l.startsWith(`${key}=`));
  return line?.slice(key.length + 1);
}

async function rescueFiles(): Promise<{ state: string; values: Record<string, string> }[]> {
  const folder = join(dir, '.reauth', 'rescue');
  const names = await readdir(folder).catch(() => [] as string[]);
  return Promise.all(names.filter((n) => n.endsWith('.json')).map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8')) as { state: string; values: Record<string, string> }));
}

function noTokenIn(text: string): void {
  for (const pair of api.issued) {
    expect(text).not.toContain(pair.access);
    expect(text).not.toContain(pair.refresh);
  }
}

describe('token answers in other shapes', () => {
  it.each(['form', 'text-form'] as const)('reads a rotating refresh answered %s like JSON: the new refresh token lands in the target', async (shape) => {
    api.options.shape = shape;
    const before = Date.now();
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(ExitCode.ok);
    const newest = api.issued.at(-1)!;
    expect(api.currentRefresh()).toBe(newest.refresh);
    expect(await envValue('API_REFRESH_TOKEN')).toBe(newest.refresh);
    expect(await envValue('API_ACCESS_TOKEN')).toBe(newest.access);
    const expires = Date.parse((await envValue('API_EXPIRES_AT')) ?? '');
    expect(expires).toBeGreaterThan(before + 3500_000);
    expect(await rescueFiles()).toEqual([]);
    // And again with the rotated one: nothing was lost.
    expect((await refresh()).exitCode).toBe(ExitCode.ok);
    expect(await envValue('API_REFRESH_TOKEN')).toBe(api.currentRefresh());
    noTokenIn(`${output.stdout}${output.stderr}`);
  });
});

describe('a refresh answer without expires_in', () => {
  it.each([[undefined], [0]])('expires_in %s clears the stale expires_at in every target, and status says the expiry is unknown', async (expiresIn) => {
    api.options.expiresIn = expiresIn;
    api.options.tokenType = undefined; // many servers leave it out: accepted as Bearer
    const output = await refresh();
    expect(output.exitCode, output.stderr).toBe(ExitCode.ok);
    expect(await envValue('API_EXPIRES_AT')).toBe('');
    expect(await envValue('API_REFRESH_TOKEN')).toBe(api.currentRefresh());
    const json = JSON.parse(await readFile(join(dir, 'tokens.json'), 'utf8')) as Record<string, unknown>;
    expect(json).toEqual({ access_token: api.issued.at(-1)!.access, expires_at: '', keep: 1 });

    const shown = await status();
    expect(shown.stdout).toContain('expiry unknown');
    expect(shown.stdout).not.toMatch(/expired|2020/);
  });
});

describe('a token type reauth does not know', () => {
  it('refuses a form answer with token_type=mac plainly (exit 2), keeping the rotated tokens in the safety copy', async () => {
    api.options.shape = 'form';
    api.options.tokenType = 'mac';
    const output = await refresh();
    expect(output.exitCode).toBe(ExitCode.usage);
    expect(output.stderr).toMatch(/handed out a "mac" token, but reauth only knows Bearer tokens/);
    expect(output.stderr).toMatch(/kept in .*\.reauth\/rescue\/api-.*\.json \(readable only by you\)/);
    expect(output.stderr).not.toMatch(/proxy|wrong URL|may still be valid/);
    noTokenIn(`${output.stdout}${output.stderr}`);

    // The only refresh token the server still honours is in the safety copy, nowhere lost.
    const newest = api.issued.at(-1)!;
    expect(api.currentRefresh()).toBe(newest.refresh);
    const kept = await rescueFiles();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ state: 'kept', values: { access_token: newest.access, refresh_token: newest.refresh, token_type: 'mac' } });
    // The targets were not written with a token reauth cannot use.
    expect(await envValue('API_REFRESH_TOKEN')).toBe(api.issued[0]!.refresh);
  });

  it('names the safety copy in --json too', async () => {
    api.options.tokenType = 'mac';
    const output = await refresh(true);
    const [result] = JSON.parse(output.stdout) as { exit_code: number; rescue_file: string | null }[];
    expect(result).toMatchObject({ exit_code: ExitCode.usage, rescue_file: expect.stringMatching(/\.reauth\/rescue\/api-.*\.json$/) });
  });

  it('accepts Bearer in any case', async () => {
    api.options.tokenType = 'BEARER';
    expect((await refresh()).exitCode).toBe(ExitCode.ok);
  });
});

describe('the server’s own words', () => {
  it('shows error_description and error_uri beside the explanation of a rejected refresh token, each sentence once (exit 3)', async () => {
    api.options.error = { status: 400, code: 'invalid_grant', description: 'Token was revoked by the user', uri: 'https://id.example.com/docs/errors#revoked' };
    const output = await refresh(true);
    expect(output.exitCode).toBe(ExitCode.signInAgain);
    const result = (JSON.parse(output.stdout) as { error: { message: string; next?: string } }[])[0]!;
    const text = `${result.error.message} ${result.error.next ?? ''}`;
    expect(result.error.message).toMatch(/^The service no longer accepts the stored refresh token: it expired or was revoked\./);
    expect(result.error.message).toContain('My API said: "Token was revoked by the user". More: https://id.example.com/docs/errors#revoked');
    const sentences = text.split(/(?<=[.!?]["”)]?)\s+/).map((s) => s.toLowerCase().replace(/my api|the service/g, 'x').replace(/[^a-z0-9]+/g, ' ').trim());
    expect(sentences.filter((s, i) => s !== '' && sentences.indexOf(s) !== i)).toEqual([]);
    expect(text.match(/reauth setup/g)).toHaveLength(1);
  });

  it('redacts a token the server echoes in its description, and strips escape sequences', async () => {
    const echoed = api.issued[0]!.refresh;
    api.options.error = { status: 400, code: 'invalid_request', description: `bad refresh_token=${echoed} \u001b[2J` };
    const output = await refresh();
    expect(output.exitCode).toBe(ExitCode.usage);
    expect(output.stderr).toMatch(/My API said: "bad refresh_token=/);
    expect(output.stderr).not.toContain('\u001b');
    noTokenIn(`${output.stdout}${output.stderr}`);
  });
});
