/**
 * The commands that ask nothing — refresh, status, run, schedule, providers — loaded by cli.ts
 * as one module: they share most of their code (reauth.yaml, the targets, the token requests),
 * and one module instead of five splits the bundle into fewer, larger chunks, which Node loads
 * faster (issue 9: each chunk costs ~1 ms on a 2-core machine, for the wizard too).
 */
export { refreshCommand } from './refresh.js';
export { statusCommand } from './status.js';
export { runWithTokens } from './run.js';
export { scheduleCommand } from './schedule.js';
export { providersCommand } from './providers.js';
export { loadConfig } from '../config/load-config.js';
