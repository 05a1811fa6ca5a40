/**
 * The reauth that tests run: the packed and installed package's bin, which the global setup
 * provides (global-setup.ts), else the checkout's dist/ when a test file runs on its own.
 */
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const REAUTH_BIN: string = inject('reauthBin') ?? fileURLToPath(new URL('../../dist/reauth.js', import.meta.url));
