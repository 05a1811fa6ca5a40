/**
 * The heroku target driving the REAL heroku CLI (v11, installed by the test setup) against a
 * loopback fake of the Platform API. One fake and one HOME serve the whole file; each test
 * uses its own app, so the tests can run side by side (the CLI needs ~1 s of CPU to start).
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { runCommand } from '../../src/system/run-command.js';
import { createHerokuTarget, listHerokuApps } from '../../src/targets/heroku.js';
import type { HerokuMethod, KeyMap, Target } from '../../src/targets/types.js';
import type { FieldValues } from '../../src/tokens/token-set.js';
import { herokuCliEnv, makeHerokuHome } from '../support/heroku-cli-env.js';
import { FAKE_HEROKU_API_KEY, startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { json } from '../support/loopback-server.js';
import { herokuTestDeps } from '../support/heroku-test-deps.js';

const keys: KeyMap = { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' };
const newValues: FieldValues = {
  access_token: 'fake-netatmo-access-0002',
  refresh_token: 'fake-netatmo-refresh-0002',
  client_id: 'fake-client-id-not-mapped',
};

let fake: HerokuPlatformFake;
let home: string;
const homes: string[] = [];

beforeAll(async () => {
  fake = await startHerokuPlatformFake();
  home = await makeHerokuHome();
  homes.push(home);
  // One run first so the CLI's first-run chores in HOME (terms-of-service notice, a git
  // credential helper in ~/.gitconfig) are done before tests share the folder.
  await runCommand(herokuCliEnv({ home, origin: fake.origin }).REAUTH_HEROKU_BIN!, ['auth:whoami'], {
    env: herokuCliEnv({ home, origin: fake.origin }),
  });
});

afterAll(async () => {
  await fake?.close();
  await Promise.all(homes.map((folder) => rm(folder, { recursive: true, force: true })));
});

function targetFor(app: string, options: { apiKey?: string | null; bin?: string; home?: string; method?: HerokuMethod } = {}): Target {
  const env = herokuCliEnv({ home: options.home ?? home, origin: fake.origin, apiKey: options.apiKey, bin: options.bin });
  return createHerokuTarget({ type: 'heroku', app, keys, ...(options.method ? { method: options.method } : {}) }, { baseDir: home, deps: herokuTestDeps(env) });
}

async function caught(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

function patchesOf(app: string) {
  return fake.configPatches.filter((patch) => patch.app === app);
}

/** Everything a person could see from one call: message, next step, summary, warnings. */
function visibleText(...parts: unknown[]): string {
  return JSON.stringify(parts, (_key, value: unknown) =>
    value instanceof Error ? { message: value.message, nextStep: (value as UserError).nextStep } : value,
  );
}

describe.concurrent('heroku target with the real heroku CLI', { timeout: 60_000 }, () => {
  it('passes preflight when someone is logged in and the app exists', async () => {
    fake.addApp('preflight-ok', { OTHER: 'x' });
    await expect(targetFor('preflight-ok').preflight()).resolves.toBeUndefined();
    const paths = fake.server.requests.map((request) => `${request.method} ${request.url.pathname}`);
    expect(paths).toContain('GET /account');
    expect(paths).toContain('GET /apps/preflight-ok/config-vars');
  });

  it('relies on a real CLI quirk: auth:whoami exits 100 when nobody is logged in', async () => {
    const emptyHome = await makeHerokuHome();
    homes.push(emptyHome);
    const env = herokuCliEnv({ home: emptyHome, origin: fake.origin, apiKey: null });
    const result = await runCommand(env.REAUTH_HEROKU_BIN!, ['auth:whoami'], { env });
    expect(result.code).toBe(100);
  });

  it('says plainly that nobody is logged in, on a computer where heroku was never used', async () => {
    const emptyHome = await makeHerokuHome();
    homes.push(emptyHome);
    fake.addApp('logged-out');
    const error = await caught(targetFor('logged-out', { apiKey: null, home: emptyHome }).preflight());
    expect(error.message).toBe('You are not logged in to Heroku on this computer.');
    expect(error.nextStep).toBe('Run `heroku login`, then run reauth again.');
    expect(error.exitCode).toBe(ExitCode.usage);
  });

  it('says which key Heroku refused when HEROKU_API_KEY is wrong', async () => {
    fake.addApp('wrong-key');
    const error = await caught(targetFor('wrong-key', { apiKey: 'fake-wrong-api-key' }).preflight());
    expect(error.message).toBe('Heroku refused the API key in the HEROKU_API_KEY environment variable.');
    expect(visibleText(error)).not.toContain('fake-wrong-api-key');
  });

  it('says the Heroku CLI is not installed, and where to get it, when the program is missing', async () => {
    const error = await caught(targetFor('any-app', { bin: '/nonexistent/heroku' }).preflight());
    expect(error.message).toContain('The Heroku CLI is not installed (reauth uses it to set config vars).');
    expect(error.nextStep).toBe(
      'Install it from https://devcenter.heroku.com/articles/heroku-cli, run `heroku login`, then run reauth again.',
    );
  });

  it('names an app that does not exist and how to find the right name', async () => {
    const error = await caught(targetFor('no-such-app').preflight());
    expect(error.message).toBe('Heroku has no app called no-such-app that you can access — check the name with `heroku apps`.');
  });

  it('reads the current values of the mapped config vars only', async () => {
    fake.addApp('read-app', {
      NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0001',
      NETATMO_REFRESH_TOKEN: 'fake-netatmo-refresh-0001',
      DATABASE_URL: 'postgres://fake-user:fake-pass@db.example.test/app',
    });
    const result = await targetFor('read-app').read();
    expect(result).toEqual({
      values: { access_token: 'fake-netatmo-access-0001', refresh_token: 'fake-netatmo-refresh-0001' },
      exists: true,
      warnings: [],
    });
  });

  it('warns in the plan when method: cli will put the values in the process list', async () => {
    fake.addApp('cli-plan-app', { NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0001' });
    const plan = await targetFor('cli-plan-app', { method: 'cli' }).plan(newValues);
    expect(plan.warnings).toEqual(['Sent with `heroku config:set` (method: cli): other users here can see the values in the process list.']);
    expect(plan.notes).toEqual(['Heroku will restart cli-plan-app once (one release) to apply 2 config vars.']);
  });

  it('plans each change before → after and warns of one restart, without writing anything', async () => {
    fake.addApp('plan-app', { NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0001' });
    const plan = await targetFor('plan-app').plan(newValues);
    expect(plan.label).toBe('Heroku app plan-app');
    expect(plan.changes).toEqual([
      { field: 'access_token', key: 'NETATMO_ACCESS_TOKEN', before: 'fake-netatmo-access-0001', after: 'fake-netatmo-access-0002' },
      { field: 'refresh_token', key: 'NETATMO_REFRESH_TOKEN', after: 'fake-netatmo-refresh-0002' },
    ]);
    // Facts, not warnings: the preview shows them, and a refresh does not repeat them every run.
    expect(plan.warnings).toEqual([]);
    expect(plan.notes).toEqual([
      'Heroku will restart plan-app once (one release) to apply 2 config vars.',
      'Sent in one Heroku API request: the values never appear on a command line.',
    ]);
    expect(patchesOf('plan-app')).toEqual([]);
  });

  it('sets every key in one API call, names the release, and never shows the values the CLI echoes', async () => {
    fake.addApp('apply-app', { NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0001', KEEP_ME: 'fake-untouched-value' });
    const target = targetFor('apply-app');
    const plan = await target.plan(newValues);
    const printed: string[] = [];
    const writeOut = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown): boolean => (printed.push(String(chunk)), true);
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    let result;
    try {
      result = await target.apply(plan);
    } finally {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
    }
    expect(patchesOf('apply-app')).toEqual([
      { app: 'apply-app', body: { NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0002', NETATMO_REFRESH_TOKEN: 'fake-netatmo-refresh-0002' } },
    ]);
    expect(result).toEqual({ label: 'Heroku app apply-app', summary: 'set 2 config vars, released v2' });
    expect(fake.apps.get('apply-app')?.config).toEqual({
      NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0002',
      NETATMO_REFRESH_TOKEN: 'fake-netatmo-refresh-0002',
      KEEP_ME: 'fake-untouched-value',
    });
    const seen = visibleText(result, plan.warnings, plan.label, printed.join(''));
    expect(seen).not.toContain('fake-netatmo-access-0002');
    expect(seen).not.toContain('fake-netatmo-refresh-0002');
  });

  it('passes a value with spaces, =, quotes, & and other shell characters through unchanged', async () => {
    fake.addApp('awkward-app');
    const awkward = `fake value = "quoted" & 'single' | $HOME \`id\` ; * %PATH% ! ^ \\ end`;
    const target = targetFor('awkward-app');
    await target.apply(await target.plan({ access_token: awkward, refresh_token: 'fake=refresh=0003' }));
    expect(fake.apps.get('awkward-app')?.config).toEqual({ NETATMO_ACCESS_TOKEN: awkward, NETATMO_REFRESH_TOKEN: 'fake=refresh=0003' });
  });

  it('makes no call and no release when the app already has the values', async () => {
    fake.addApp('same-app', { NETATMO_ACCESS_TOKEN: 'fake-netatmo-access-0002', NETATMO_REFRESH_TOKEN: 'fake-netatmo-refresh-0002' });
    const target = targetFor('same-app');
    const plan = await target.plan(newValues);
    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.notes).toEqual(['same-app already has these values: nothing to set, no restart.']);
    expect(await target.apply(plan)).toEqual({ label: 'Heroku app same-app', summary: 'already up to date (no release)' });
    expect(patchesOf('same-app')).toEqual([]);
  });

  it('explains a refused write in a plain sentence with every secret masked (method: cli)', async () => {
    fake.addApp('refusing-app');
    const target = targetFor('refusing-app', { method: 'cli' });
    const plan = await target.plan(newValues);
    fake.failNextPatch(
      'refusing-app',
      json(422, { id: 'invalid_params', message: 'Config var value fake-netatmo-refresh-0002 is not allowed here.' }),
    );
    const error = await caught(target.apply(plan));
    expect(error.message).toBe(
      'The Heroku CLI could not set the config vars of refusing-app: Config var value fake…0002 (25 chars) is not allowed here.',
    );
    expect(error.exitCode).toBe(ExitCode.writeFailed);
    expect(visibleText(error)).not.toContain('fake-netatmo-refresh-0002');
  });

  it('explains a refused write in a plain sentence with every secret masked (method: api)', async () => {
    fake.addApp('refusing-api-app');
    const target = targetFor('refusing-api-app');
    const plan = await target.plan(newValues);
    fake.failNextPatch('refusing-api-app', json(422, { id: 'invalid_params', message: 'Config var value fake-netatmo-refresh-0002 is not allowed here.' }));
    const error = await caught(target.apply(plan));
    expect(error.message).toBe("Heroku refused the change to refusing-api-app's config vars (HTTP 422): Config var value fake…0002 (25 chars) is not allowed here.");
    expect(error.exitCode).toBe(ExitCode.writeFailed);
    expect(visibleText(error)).not.toContain('fake-netatmo-refresh-0002');
    expect(visibleText(error)).not.toContain(FAKE_HEROKU_API_KEY);
  });

  it('fails apply with exit code 5 when the app is gone by the time it writes', async () => {
    fake.addApp('vanishing-app');
    const target = targetFor('vanishing-app');
    const plan = await target.plan(newValues);
    fake.apps.delete('vanishing-app');
    const error = await caught(target.apply(plan));
    expect(error.message).toContain('Heroku has no app called vanishing-app');
    expect(error.exitCode).toBe(ExitCode.writeFailed);
  });

  it('lists the apps the person can access, sorted, for the wizard to offer', async () => {
    fake.addApp('zz-list-app');
    fake.addApp('aa-list-app');
    const env = herokuCliEnv({ home, origin: fake.origin });
    const names = await listHerokuApps(herokuTestDeps(env));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names).toEqual(expect.arrayContaining(['aa-list-app', 'zz-list-app']));
    expect(fake.server.requests.some((request) => request.method === 'GET' && request.url.pathname === '/apps')).toBe(true);
  });
});

describe('heroku target configuration', () => {
  const deps = herokuTestDeps({});

  it('refuses a target without an app name, or with a name the command line would misread', () => {
    expect(() => createHerokuTarget({ type: 'heroku', keys }, { baseDir: tmpdir(), deps })).toThrow(/has no `app:`/);
    for (const bad of ['two words', '--all', 'line\nbreak']) {
      expect(() => createHerokuTarget({ type: 'heroku', app: bad, keys }, { baseDir: tmpdir(), deps })).toThrow(/cannot be a Heroku app name/);
    }
  });

  it('refuses a config var name that config:set would misread', () => {
    for (const bad of ['A=B', '-a', 'TWO WORDS', '']) {
      expect(() =>
        createHerokuTarget({ type: 'heroku', app: 'guesthouse', keys: { access_token: bad } }, { baseDir: tmpdir(), deps }),
      ).toThrow(/cannot be a Heroku config var name/);
    }
  });

  it('refuses on Windows, before running anything, a value with a line break (cmd.exe would cut it)', async () => {
    const target = createHerokuTarget({ type: 'heroku', app: 'guesthouse', keys }, { baseDir: tmpdir(), deps: herokuTestDeps({}, 'win32') });
    const error = await caught(target.plan({ access_token: 'fake-line\nbreak-0001' }));
    expect(error.message).toBe('The value for NETATMO_ACCESS_TOKEN contains a line break, which cannot be passed to heroku.cmd on Windows.');
  });
});
