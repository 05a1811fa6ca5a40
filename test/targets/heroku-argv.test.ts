/**
 * Issue 13, point 2: with `method: api` (the default) no token value is ever in a process's
 * arguments while reauth writes to Heroku — polled from /proc/PID/cmdline while the write runs,
 * with the REAL heroku CLI giving its login token through a pipe (`heroku auth:token`, read from
 * ~/.netrc) and a loopback Platform API. `method: cli` is the control that proves the poller
 * sees what other local users would: `heroku config:set K=V` shows the value.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHerokuTarget } from '../../src/targets/heroku.js';
import type { HerokuMethod } from '../../src/targets/types.js';
import { herokuCliEnv, makeHerokuHome } from '../support/heroku-cli-env.js';
import { FAKE_HEROKU_API_KEY, startHerokuPlatformFake, type HerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { herokuTestDeps } from '../support/heroku-test-deps.js';

const ACCESS = 'fake-argv-access-token-0003';
const REFRESH = 'fake-argv-refresh-token-0003';

let fake: HerokuPlatformFake;
let home: string;

beforeAll(async () => {
  fake = await startHerokuPlatformFake();
  home = await makeHerokuHome();
  // Logged in the way `heroku login` leaves it: the key in ~/.netrc under the API host.
  const apiHost = new URL(fake.origin).host;
  await writeFile(join(home, '.netrc'), `machine ${apiHost}\n  login fake-owner@example.com\n  password ${FAKE_HEROKU_API_KEY}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await fake?.close();
  await rm(home, { recursive: true, force: true });
});

/** Every process's arguments, as any local user can read them, sampled until `stop()`. */
function pollProcessList(): { stop(): Promise<string[]> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const pid of await readdir('/proc').catch(() => [])) {
        if (!/^\d+$/.test(pid)) continue;
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmdline) seen.add(cmdline.replaceAll('\0', ' '));
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...seen];
    },
  };
}

async function writeWhileWatched(app: string, method: HerokuMethod): Promise<string[]> {
  fake.addApp(app);
  // No HEROKU_API_KEY: the CLI's own login (netrc), handed over by `heroku auth:token`.
  const env = herokuCliEnv({ home, origin: fake.origin, apiKey: null });
  const target = createHerokuTarget({ type: 'heroku', app, method, keys: { access_token: 'APP_ACCESS', refresh_token: 'APP_REFRESH' } }, { baseDir: home, deps: herokuTestDeps(env) });
  const plan = await target.plan({ access_token: ACCESS, refresh_token: REFRESH });
  const poller = pollProcessList();
  const result = await target.apply(plan).finally(() => poller.stop());
  const seen = await poller.stop();
  expect(result.summary).toMatch(/^set 2 config vars/);
  expect(fake.apps.get(app)?.config).toMatchObject({ APP_ACCESS: ACCESS, APP_REFRESH: REFRESH });
  return seen;
}

describe('Heroku values and the process list', { timeout: 60_000 }, () => {
  it('method: api — one release with both values, none of them (nor the login) in any process arguments', async () => {
    const seen = await writeWhileWatched('argv-api-app', 'api');
    expect(fake.configPatches.filter((p) => p.app === 'argv-api-app')).toHaveLength(1);
    // The CLI did run (auth:token), so the poller was watching the right moment.
    expect(seen.some((line) => line.includes('auth:token'))).toBe(true);
    for (const secret of [ACCESS, REFRESH, FAKE_HEROKU_API_KEY]) {
      expect(seen.filter((line) => line.includes(secret)), secret).toEqual([]);
    }
  });

  it('method: cli — the control: `heroku config:set` shows the value to anyone reading the process list', async () => {
    const seen = await writeWhileWatched('argv-cli-app', 'cli');
    expect(seen.some((line) => line.includes(`APP_REFRESH=${REFRESH}`))).toBe(true);
  });
});
