/**
 * Shared by the step and engine unit tests: a WizardContext built the way `prepareWizard`
 * builds it (real presets, the real resolver, a reauth.yaml with one saved profile) but with a
 * fixed clock, plus answer shorthands and a WizardEffects whose every effect fails loudly
 * unless the test hands one in.
 */
import { withCustomService } from '../../../src/flow/steps/custom-provider-steps.js';
import type { Answer } from '../../../src/flow/prompt.js';
import type { Accepted, PromptBody } from '../../../src/flow/step.js';
import { EMPTY_DATA, type WizardContext, type WizardData } from '../../../src/flow/wizard-data.js';
import type { WizardEffects } from '../../../src/flow/wizard-effects.js';
import type { ProfileConfig, ReauthConfig } from '../../../src/config/types.js';
import { listProviders } from '../../../src/commands/providers.js';
import { PRESETS } from '../../../src/providers/catalogue.js';
import { resolveWithDiscovery } from '../../../src/providers/resolve-discovered.js';
import type { TokenSet } from '../../../src/tokens/token-set.js';

/**
 * 2030-06-15 12:00 UTC. Mid-day, so a moment half an hour later falls on the same local date
 * in every time zone from UTC−11 to UTC+11: "valid until" then shows a time without a date.
 */
export const FIXED_NOW = Date.parse('2030-06-15T12:00:00.000Z');

export const weatherProfile: ProfileConfig = {
  name: 'weather',
  provider: 'netatmo',
  client_id: '5f1c0de0123456789abc',
  client_secret: '${NETATMO_CLIENT_SECRET}',
  scopes: ['read_station'],
  redirect_uri: 'https://localhost/callback',
  settings: {},
  targets: [{ type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' } }],
};

export const fixtureConfig: ReauthConfig = {
  path: '/home/ada/project/reauth.yaml',
  baseDir: '/home/ada/project',
  exists: true,
  profiles: { weather: weatherProfile },
  providers: {},
};

/** A config without profiles, as on a first run in an empty folder. */
export const emptyConfig: ReauthConfig = { ...fixtureConfig, exists: false, profiles: {} };

export function makeContext(overrides: Partial<Omit<WizardContext, 'resolve' | 'providerChoices'>> = {}): WizardContext {
  const config = overrides.config ?? fixtureConfig;
  const choices = listProviders(config).map(({ id, name, summary }) => ({ id, name, summary }));
  return {
    config,
    presets: PRESETS,
    providerChoices: choices,
    cwd: config.baseDir,
    commandName: '/usr/bin/reauth',
    env: {},
    now: () => FIXED_NOW,
    ...overrides,
    resolve: (d) =>
      resolveWithDiscovery(withCustomService(config, d), { provider: d.providerId ?? choices[0]!.id, region: d.region, app_type: d.appType, settings: d.settings }, d.discovered),
  };
}

export const ctx = makeContext();

/** The data of a new connection to `providerId`, with whatever else the test says. */
export function dataFor(providerId: string | undefined, patch: Partial<WizardData> = {}): WizardData {
  return { ...EMPTY_DATA, ...(providerId ? { providerId } : {}), ...patch };
}

export const value = (id: string, v: string): Answer => ({ type: 'value', id, value: v });
export const values = (id: string, vs: readonly string[]): Answer => ({ type: 'values', id, values: vs });
export const confirm = (id: string, v: boolean): Answer => ({ type: 'confirm', id, value: v });

/** The data an accepted answer produced; fails the test with the step's own words otherwise. */
export function accepted(result: Accepted): WizardData {
  if ('data' in result) return result.data;
  throw new Error(`expected the answer to be accepted, got ${JSON.stringify(result)}`);
}

/** The error text of a refused answer. */
export function refused(result: Accepted): string {
  if ('error' in result) return result.error;
  throw new Error(`expected the answer to be refused, got ${JSON.stringify(result)}`);
}

/** Narrows a prompt body to one kind, so a test can read its fields. */
export function promptOf<K extends PromptBody['kind']>(body: PromptBody, kind: K): Extract<PromptBody, { kind: K }> {
  if (body.kind !== kind) throw new Error(`expected a ${kind} prompt, got ${body.kind}`);
  return body as Extract<PromptBody, { kind: K }>;
}

export function tokens(patch: Partial<TokenSet> = {}): TokenSet {
  return {
    access_token: 'AT-new-0123456789abcdefghij',
    refresh_token: 'RT-new-0123456789abcdefghij',
    expires_at: new Date(FIXED_NOW + 3 * 3_600_000).toISOString(),
    extras: {},
    obtained_at: new Date(FIXED_NOW).toISOString(),
    ...patch,
  };
}

/**
 * WizardEffects for one test: the effects it names, and for every other one a function that
 * fails with its name — so a step that reaches for an effect the test did not expect says so.
 */
export function fakeEffects(given: Partial<WizardEffects> = {}): WizardEffects {
  const base: Partial<WizardEffects> = { now: () => FIXED_NOW, ...given };
  return new Proxy(base, {
    get: (target, name) => {
      if (name in target) return target[name as keyof WizardEffects];
      // Not an effect: what `await`, vitest or a debugger asks an object.
      if (typeof name === 'symbol' || name === 'then' || name === 'toJSON') return undefined;
      return () => {
        throw new Error(`unexpected effect ${name}`);
      };
    },
  }) as WizardEffects;
}
