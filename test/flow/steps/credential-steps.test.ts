/** The app's credentials, scopes, redirect URI and the settings the live check needs. */
import { describe, expect, it } from 'vitest';
import {
  clientIdStep,
  clientSecretStep,
  findTargetsStep,
  redirectUriStep,
  scopesStep,
  settingsStep,
} from '../../../src/flow/steps/credential-steps.js';
import { profileToData } from '../../../src/flow/profile-to-data.js';
import type { TargetCandidate } from '../../../src/flow/wizard-data.js';
import type { TargetSpec } from '../../../src/targets/types.js';
import { EMPTY_DATA } from '../../../src/flow/wizard-data.js';
import { accepted, ctx, dataFor, fakeEffects, makeContext, promptOf, refused, value, values, weatherProfile } from './step-fixtures.js';

const envFile: TargetCandidate = {
  spec: { type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', client_id: 'NETATMO_CLIENT_ID' } },
  label: '.env',
  reason: 'holds NETATMO_ACCESS_TOKEN',
  exists: true,
  preselect: true,
};
const newFile: TargetCandidate = { spec: { type: 'dotenv', file: 'new.env', keys: {} }, label: 'new.env', reason: 'a new file', exists: false };

describe('looking for files that already hold the tokens', () => {
  function effectsFinding(candidates: readonly TargetCandidate[], found: object, seen: { saved?: readonly TargetSpec[]; read?: readonly TargetSpec[] }) {
    return fakeEffects({
      findTargets: async (_provider, saved) => {
        seen.saved = saved;
        return candidates;
      },
      readPrefill: async (specs) => {
        seen.read = specs;
        return found;
      },
    });
  }

  it('always runs, and says what it is doing', () => {
    expect(findTargetsStep.applies(EMPTY_DATA, ctx)).toBe(true);
    expect(findTargetsStep.title(dataFor('netatmo'), ctx)).toBe('Looking for files that already hold these tokens…');
  });

  it('offers the candidates and reads values only from files that exist', async () => {
    const seen: { saved?: readonly TargetSpec[]; read?: readonly TargetSpec[] } = {};
    const found = { client_id: { value: 'id-from-env-file', source: '.env' } };
    const data = await findTargetsStep.run(dataFor('netatmo'), ctx, effectsFinding([envFile, newFile], found, seen));
    expect(seen.saved).toEqual([]);
    expect(seen.read).toEqual([envFile.spec]);
    expect(data.candidates).toEqual([envFile, newFile]);
    expect(data.prefill).toEqual(found);
    // A new connection is asked for its credentials, with the found ones offered.
    expect(data.clientId).toBeUndefined();
  });

  it('prefers the environment over a file, and reauth.yaml over both', async () => {
    const found = {
      client_id: { value: 'id-in-file', source: '.env' },
      client_secret: { value: 'secret-in-file', source: '.env' },
    };
    const env = { NETATMO_CLIENT_ID: 'id-in-env', NETATMO_CLIENT_SECRET: 'secret-in-env' };
    const data = await findTargetsStep.run(profileToData(weatherProfile, EMPTY_DATA), makeContext({ env }), effectsFinding([envFile], found, {}));
    expect(data.prefill?.client_id).toEqual({ value: '5f1c0de0123456789abc', source: 'reauth.yaml' });
    expect(data.prefill?.client_secret).toEqual({ value: 'secret-in-env', source: 'environment variable NETATMO_CLIENT_SECRET (named in reauth.yaml)' });
  });

  it('reconnecting with both credentials known fills them in and keeps the ${VAR} the secret came from', async () => {
    const seen: { saved?: readonly TargetSpec[] } = {};
    const data = await findTargetsStep.run(
      profileToData(weatherProfile, EMPTY_DATA),
      makeContext({ env: { NETATMO_CLIENT_SECRET: 'secret-in-env' } }),
      effectsFinding([envFile], {}, seen),
    );
    expect(seen.saved).toEqual(weatherProfile.targets);
    expect(data.clientId).toBe('5f1c0de0123456789abc');
    expect(data.clientSecret).toBe('secret-in-env');
    expect(data.clientSecretRef).toBe('${NETATMO_CLIENT_SECRET}');
    expect(clientIdStep.applies(data, ctx)).toBe(false);
    expect(clientSecretStep.applies(data, ctx)).toBe(false);
  });

  it('takes the environment variable the service’s keys name when reauth.yaml says nothing', async () => {
    const data = await findTargetsStep.run(dataFor('netatmo'), makeContext({ env: { NETATMO_CLIENT_ID: 'id-in-env' } }), effectsFinding([], {}, {}));
    expect(data.prefill?.client_id).toEqual({ value: 'id-in-env', source: 'environment variable NETATMO_CLIENT_ID' });
  });

  it('a ${VAR} in reauth.yaml that is not set offers nothing', async () => {
    const data = await findTargetsStep.run(profileToData(weatherProfile, EMPTY_DATA), ctx, effectsFinding([], {}, {}));
    expect(data.prefill?.client_secret).toBeUndefined();
    expect(data.clientSecret).toBeUndefined();
    expect(clientSecretStep.applies(data, ctx)).toBe(true);
  });

  it('going back over it forgets the candidates and the found values', () => {
    const data = dataFor('netatmo', { candidates: [envFile], prefill: { client_id: { value: 'x', source: '.env' } } });
    expect(findTargetsStep.undo!(data)).toMatchObject({ candidates: undefined, prefill: undefined });
  });
});

describe('the client ID question', () => {
  it('is asked unless a reconnect already knows the client ID', () => {
    expect(clientIdStep.applies(dataFor('netatmo'), ctx)).toBe(true);
    expect(clientIdStep.applies(dataFor('netatmo', { clientId: 'typed-earlier' }), ctx)).toBe(true);
    expect(clientIdStep.applies(dataFor('netatmo', { reconnect: true, clientId: 'known' }), ctx)).toBe(false);
  });

  it('uses the portal\'s own word where it has one (TikTok: client key), in the question and the summary', () => {
    expect(promptOf(clientIdStep.prompt(dataFor('tiktok'), ctx), 'text').title).toBe('TikTok client key');
    expect(clientIdStep.summary!(dataFor('tiktok', { clientId: 'fakeclientkey0001' }), ctx)).toEqual({ label: 'Client key', value: 'fakeclientkey0001' });
    expect(clientIdStep.summary!(dataFor('netatmo', { clientId: 'x' }), ctx)).toEqual({ label: 'Client ID', value: 'x' });
  });

  it('says where to find it and offers a found value with where it was found', () => {
    const prompt = promptOf(clientIdStep.prompt(dataFor('netatmo', { prefill: { client_id: { value: 'found-id', source: '.env' } } }), ctx), 'text');
    expect(prompt.title).toBe('Netatmo client ID');
    expect(prompt.help).toContain('dev.netatmo.com');
    expect(prompt.help).toContain('Found in .env; press Enter to keep it.');
    expect(prompt.initial).toBe('found-id');
    expect(prompt.secret).toBe(false);
  });

  it('leaves a service’s intro to the data-centre question, which showed it already', () => {
    const help = promptOf(clientIdStep.prompt(dataFor('ttlock'), ctx), 'text').help;
    expect(help).not.toContain('TTLock has no web sign-in');
    expect(help).toContain('TTLock open platform');
  });

  it('stores the trimmed ID and shows it in the summary', () => {
    const data = accepted(clientIdStep.accept(value('client_id', '  5f1c0de  '), dataFor('netatmo'), ctx));
    expect(data.clientId).toBe('5f1c0de');
    expect(clientIdStep.summary!(data, ctx)).toEqual({ label: 'Client ID', value: '5f1c0de' });
  });

  it('refuses an empty ID and one with spaces inside', () => {
    expect(refused(clientIdStep.accept(value('client_id', '  '), dataFor('netatmo'), ctx))).toBe('The client ID is needed: copy it from the developer portal.');
    expect(refused(clientIdStep.accept(value('client_id', 'abc def'), dataFor('netatmo'), ctx))).toBe(
      'A client ID has no spaces: check that you copied only the ID.',
    );
  });
});

describe('the client secret question', () => {
  it('is masked, says it is never written to reauth.yaml, and offers a found secret', () => {
    const plain = promptOf(clientSecretStep.prompt(dataFor('netatmo'), ctx), 'text');
    expect(plain.secret).toBe(true);
    expect(plain.help).toBe('Shown next to the client ID in the developer portal.\nIt is masked here and never written to reauth.yaml.');
    const found = promptOf(clientSecretStep.prompt(dataFor('netatmo', { prefill: { client_secret: { value: 's3cret-value', source: '.env' } } }), ctx), 'text');
    expect(found.initial).toBe('s3cret-value');
    expect(found.help).toContain('Found in .env; press Enter to keep it.');
  });

  it('stores the secret and shows only its mask in the summary', () => {
    const data = accepted(clientSecretStep.accept(value('client_secret', 'abcdefghijklmnopqrstuvwxyz'), dataFor('netatmo'), ctx));
    expect(data.clientSecret).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(clientSecretStep.summary!(data, ctx)).toEqual({ label: 'Client secret', value: 'abcd…wxyz (26 chars)' });
  });

  it('refuses an empty secret and one with spaces inside', () => {
    expect(refused(clientSecretStep.accept(value('client_secret', ''), dataFor('netatmo'), ctx))).toBe('The client secret is needed: copy it from the developer portal.');
    expect(refused(clientSecretStep.accept(value('client_secret', 'two words'), dataFor('netatmo'), ctx))).toBe(
      'A client secret has no spaces: check that you copied only the secret.',
    );
  });
});

describe('the scopes question', () => {
  it('is asked for browser and Self Client sign-ins of services with scopes', () => {
    expect(scopesStep.applies(dataFor('netatmo'), ctx)).toBe(true);
    expect(scopesStep.applies(dataFor('zoho-desk', { flow: 'self_client' }), ctx)).toBe(true);
    expect(scopesStep.applies(dataFor('ttlock'), ctx)).toBe(false);
    expect(scopesStep.applies(dataFor('netatmo', { given: ['scopes'] }), ctx)).toBe(false);
  });

  it('lists the defaults first, ticked, then the known ones and any the person added', () => {
    const prompt = promptOf(scopesStep.prompt(dataFor('netatmo'), ctx), 'multiselect');
    expect(prompt.options[0]).toEqual({ value: 'read_station', label: 'read_station' });
    expect(prompt.initial).toEqual(['read_station']);
    expect(prompt.allowOther).toBe(true);
    const again = promptOf(scopesStep.prompt(dataFor('netatmo', { scopes: ['read_station', 'my_extra'] }), ctx), 'multiselect');
    expect(again.options.at(-1)).toEqual({ value: 'my_extra', label: 'my_extra' });
    expect(again.initial).toEqual(['read_station', 'my_extra']);
  });

  it('stores the chosen scopes once each, trimmed', () => {
    const data = accepted(scopesStep.accept(values('scopes', [' read_station', 'read_thermostat', 'read_station', '']), dataFor('netatmo'), ctx));
    expect(data.scopes).toEqual(['read_station', 'read_thermostat']);
    expect(scopesStep.summary!(data, ctx)).toEqual({ label: 'Scopes', value: 'read_station read_thermostat' });
  });

  it('refuses no scope at all, and two scopes typed as one', () => {
    expect(refused(scopesStep.accept(values('scopes', []), dataFor('netatmo'), ctx))).toBe('Choose at least one scope.');
    expect(refused(scopesStep.accept(value('scopes', 'read_station'), dataFor('netatmo'), ctx))).toBe('Choose at least one scope.');
    expect(refused(scopesStep.accept(values('scopes', ['read_station,read_thermostat']), dataFor('netatmo'), ctx))).toBe(
      '"read_station,read_thermostat" is not one scope: enter scopes one at a time, without spaces or commas.',
    );
  });
});

describe('the redirect URI question', () => {
  it('is asked only for the browser sign-in, and not when the profile gave one', () => {
    expect(redirectUriStep.applies(dataFor('netatmo'), ctx)).toBe(true);
    expect(redirectUriStep.applies(dataFor('zoho-desk', { flow: 'self_client' }), ctx)).toBe(false);
    expect(redirectUriStep.applies(dataFor('ttlock'), ctx)).toBe(false);
    expect(redirectUriStep.applies(dataFor('netatmo', { given: ['redirect_uri'] }), ctx)).toBe(false);
  });

  it('offers the service’s default address and its rules', () => {
    const prompt = promptOf(redirectUriStep.prompt(dataFor('netatmo'), ctx), 'text');
    expect(prompt.initial).toBe('https://localhost/callback');
    expect(prompt.title).toBe('Redirect URI, exactly as registered in the developer portal');
    expect(promptOf(redirectUriStep.prompt(dataFor('netatmo', { redirectUri: 'https://example.com/cb' }), ctx), 'text').initial).toBe('https://example.com/cb');
  });

  it('stores an address the service’s rules accept', () => {
    const data = accepted(redirectUriStep.accept(value('redirect_uri', 'http://127.0.0.1:8976/callback'), dataFor('tiktok', { appType: 'desktop' }), ctx));
    expect(data.redirectUri).toBe('http://127.0.0.1:8976/callback');
    expect(redirectUriStep.summary!(data, ctx)).toEqual({ label: 'Redirect URI', value: 'http://127.0.0.1:8976/callback' });
  });

  it('refuses an empty address and one the app kind cannot use, saying why', () => {
    expect(refused(redirectUriStep.accept(value('redirect_uri', ''), dataFor('netatmo'), ctx))).toMatch(/^The redirect URI is needed/);
    expect(refused(redirectUriStep.accept(value('redirect_uri', 'https://example.com/cb'), dataFor('tiktok', { appType: 'desktop' }), ctx))).toBe(
      'Desktop apps must use http://localhost:PORT or http://127.0.0.1:PORT as the redirect URI (as registered in the portal).',
    );
    expect(refused(redirectUriStep.accept(value('redirect_uri', 'http://example.com/cb'), dataFor('tiktok', { appType: 'web' }), ctx))).toMatch(/only accepts https/);
  });
});

describe('the settings the live check needs', () => {
  const salesiq = dataFor('zoho-salesiq');

  it('are asked only when the service’s check needs one that is missing', () => {
    expect(settingsStep.applies(salesiq, ctx)).toBe(true);
    expect(settingsStep.applies(dataFor('zoho-salesiq', { settings: { screen_name: 'acme' } }), ctx)).toBe(false);
    expect(settingsStep.applies(dataFor('netatmo'), ctx)).toBe(false);
  });

  it('ask for the first missing setting with its help', () => {
    const prompt = promptOf(settingsStep.prompt(salesiq, ctx), 'text');
    expect(prompt.title).toBe('SalesIQ screen name');
    expect(prompt.help).toContain('https://salesiq.zoho.in/acme/');
  });

  it('store the answer and move on when none is missing any more', () => {
    const result = settingsStep.accept(value('settings', ' acme '), salesiq, ctx);
    expect(result).toEqual({ data: { ...salesiq, settings: { screen_name: 'acme' } }, again: false });
    expect(settingsStep.summary!(accepted(result), ctx)).toEqual({ label: 'Settings', value: 'screen_name=acme' });
  });

  it('refuse an empty answer, naming what it is for', () => {
    expect(refused(settingsStep.accept(value('settings', ''), salesiq, ctx))).toBe('SalesIQ screen name is needed to check that the token works.');
  });

  it('have no summary line for a service whose check needs none', () => {
    expect(settingsStep.summary!(dataFor('netatmo'), ctx)).toBeUndefined();
  });
});
