/**
 * Deps for the heroku target tests: the real runCommand, the real fetch (the Platform API write,
 * `method: api`, talks to the same loopback fake as the CLI) and the environment built for the
 * CLI; everything the heroku target never touches throws if called.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../src/deps.js';
import { runCommand } from '../../src/system/run-command.js';

function unused(name: string): () => never {
  return () => {
    throw new Error(`the heroku target should not call deps.${name}`);
  };
}

export function herokuTestDeps(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Deps {
  return {
    fetch: globalThis.fetch,
    now: () => Date.now(),
    randomBytes: (size) => new Uint8Array(randomBytes(size)),
    env,
    platform,
    openUrl: unused('openUrl'),
    copyText: unused('copyText'),
    runCommand,
  };
}
