/**
 * Shared pieces for the oauth tests: resolved providers built from presets (the real
 * resolver lives in src/providers/), and the few deps the mechanism uses.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../src/deps.js';
import { netatmoPreset } from '../../src/providers/netatmo.js';
import type { ProviderPreset, ResolvedProvider } from '../../src/providers/types.js';
import { netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';

export const FIXED_NOW = Date.parse('2025-03-01T12:00:00Z');

export function testDeps(overrides: Partial<Pick<Deps, 'fetch' | 'now' | 'randomBytes'>> = {}): Pick<Deps, 'fetch' | 'now' | 'randomBytes'> {
  return { fetch: globalThis.fetch, now: () => FIXED_NOW, randomBytes: (size) => new Uint8Array(randomBytes(size)), ...overrides };
}

export function resolved(preset: ProviderPreset, changes: Partial<ResolvedProvider> = {}): ResolvedProvider {
  return { ...preset, vars: {}, assumptions: [], ...changes };
}

/** The Netatmo preset pointed at an emulator, as a `providers:` override would. */
export function netatmoAt(emulator: NetatmoEmulator): ResolvedProvider {
  const urls = netatmoOverride(emulator);
  const liveCheck = netatmoPreset.liveCheck;
  return resolved(netatmoPreset, {
    authorizeUrl: urls.authorize_url,
    tokenUrl: urls.token_url,
    ...(liveCheck ? { liveCheck: { ...liveCheck, url: urls.verify_url } } : {}),
  });
}

/**
 * A made-up service with the generic shape, for the quirks Netatmo does not have (errcode
 * bodies, Basic auth, callback-named token servers). Each test overrides what it exercises.
 */
export function genericProvider(origin: string, changes: Partial<ResolvedProvider> = {}): ResolvedProvider {
  return resolved(
    {
      ...netatmoPreset,
      id: 'example',
      name: 'Example',
      authorizeUrl: `${origin}/authorize`,
      tokenUrl: `${origin}/token`,
      scopeInCodeExchange: false,
      tokenErrors: {},
      refreshRejectedHint: 'Example refresh tokens die when the password changes.',
    },
    changes,
  );
}
