/**
 * The environment the real heroku CLI runs with in tests: pointed at a loopback fake, with a
 * HOME of its own (the CLI writes `~/.gitconfig`, `~/.cache/heroku` and reads `~/.netrc`), and
 * with every call home switched off — this machine has no network but loopback.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { herokuBinPath } from './ensure-heroku-cli.js';
import { FAKE_HEROKU_API_KEY } from './heroku-platform-fake.js';

export async function makeHerokuHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'reauth-heroku-home-'));
}

export interface HerokuCliEnvOptions {
  /** Folder used as HOME (and the XDG folders under it). */
  readonly home: string;
  /** The fake's origin. */
  readonly origin: string;
  /** The key the CLI sends; `null` runs it logged out (no key, empty netrc). */
  readonly apiKey?: string | null;
  /** Overrides REAUTH_HEROKU_BIN (default: the CLI installed by the test setup). */
  readonly bin?: string;
}

export function herokuCliEnv(options: HerokuCliEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    // `#!/usr/bin/env -S node` and the CLI's `git config` hook need PATH.
    PATH: process.env.PATH,
    HOME: options.home,
    USERPROFILE: options.home,
    XDG_CACHE_HOME: join(options.home, '.cache'),
    XDG_CONFIG_HOME: join(options.home, '.config'),
    XDG_DATA_HOME: join(options.home, '.local', 'share'),
    REAUTH_HEROKU_BIN: options.bin ?? herokuBinPath(),
    HEROKU_HOST: options.origin,
    // `whoami` also asks particleboard.heroku.com about the account; without this it retries
    // that unreachable host for ~7 s.
    HEROKU_PARTICLEBOARD_URL: options.origin,
    // Credentials only from HEROKU_API_KEY or $HOME/.netrc, never a desktop keyring.
    HEROKU_NETRC_WRITE: 'true',
    DISABLE_TELEMETRY: 'true',
    HEROKU_SKIP_ANALYTICS: '1',
    HEROKU_DISABLE_AUTOUPDATE: '1',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    NO_COLOR: '1',
  };
  const apiKey = options.apiKey === undefined ? FAKE_HEROKU_API_KEY : options.apiKey;
  if (apiKey !== null) env.HEROKU_API_KEY = apiKey;
  if (process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
  return env;
}
