/** The real side effects, assembled once in cli.ts. */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { createProductionFetch } from '../oauth/production-fetch.js';
import { copyText } from './copy-text.js';
import { openUrl } from './open-url.js';
import { runCommand } from './run-command.js';

export function createProductionDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  return {
    fetch: createProductionFetch(env),
    now: () => Date.now(),
    randomBytes: (size) => randomBytes(size),
    env,
    platform: process.platform,
    openUrl: (url) => openUrl(url, env, process.platform),
    copyText: (text) => copyText(text, env, process.platform, (sequence) => (process.stdout.isTTY ? process.stdout.write(sequence) || true : false)),
    runCommand,
  };
}
