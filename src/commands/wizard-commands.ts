/**
 * `reauth setup` and `reauth demo`, loaded by cli.ts as one module: the demo is the wizard with
 * a practice server, so the two share nearly all their code, and one module loaded instead of
 * two means fewer chunks on the way to the first question (issue 9: each chunk Node loads
 * costs ~1 ms on a 2-core machine).
 */
export { runSetup } from './setup.js';
export { runDemo } from './demo.js';
