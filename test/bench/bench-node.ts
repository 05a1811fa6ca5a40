/**
 * The node that runs reauth and every baseline in the bench: this one, or the binary named by
 * REAUTH_BENCH_NODE (`REAUTH_BENCH_NODE=/opt/node22/bin/node npm run bench -- startup`), so the
 * figures can be read on each Node version users run (20–24) with the same harness.
 */
import { execFileSync } from 'node:child_process';

export const BENCH_NODE = process.env.REAUTH_BENCH_NODE?.trim() || process.execPath;

export const BENCH_NODE_VERSION = BENCH_NODE === process.execPath ? process.version : execFileSync(BENCH_NODE, ['--version'], { encoding: 'utf8' }).trim();
