/** Which saved profile, which service, which data centre, which way in. */
import { describe, expect, it } from 'vitest';
import { appTypeStep, flowOf, flowStep, profileStep, providerStep, regionStep } from '../../../src/flow/steps/service-steps.js';
import { CUSTOM_SERVICE_CHOICE } from '../../../src/flow/steps/custom-provider-steps.js';
import { EMPTY_DATA } from '../../../src/flow/wizard-data.js';
import { accepted, confirm, ctx, dataFor, emptyConfig, makeContext, promptOf, refused, value } from './step-fixtures.js';

describe('the profile question', () => {
  it('is asked when reauth.yaml has profiles and none was named', () => {
    expect(profileStep.applies(EMPTY_DATA, ctx)).toBe(true);
    expect(profileStep.applies({ ...EMPTY_DATA, given: ['profile'] }, ctx)).toBe(false);
    expect(profileStep.applies(EMPTY_DATA, makeContext({ config: emptyConfig }))).toBe(false);
  });

  it('offers each profile with its service and targets, then a new connection', () => {
    const prompt = promptOf(profileStep.prompt(EMPTY_DATA, ctx), 'select');
    expect(prompt.help).toBe('Profiles from /home/ada/project/reauth.yaml');
    expect(prompt.options).toEqual([
      { value: 'profile:weather', label: 'Reconnect weather', hint: 'netatmo → .env' },
      { value: 'new', label: 'New connection', hint: 'pick a service and answer a few questions' },
    ]);
  });

  it('reconnecting takes every saved setting as a given answer', () => {
    const data = accepted(profileStep.accept(value('profile', 'profile:weather'), EMPTY_DATA, ctx));
    expect(data).toMatchObject({ reconnect: true, profileName: 'weather', providerId: 'netatmo', redirectUri: 'https://localhost/callback' });
    expect(data.given).toEqual(expect.arrayContaining(['profile', 'provider', 'scopes', 'redirect_uri', 'targets', 'keys', 'after_write']));
    expect(profileStep.summary!(data, ctx)).toEqual({ label: 'Profile', value: 'reconnect weather (Netatmo)' });
  });

  it('a new connection changes nothing yet', () => {
    const data = accepted(profileStep.accept(value('profile', 'new'), EMPTY_DATA, ctx));
    expect(data).toBe(EMPTY_DATA);
    expect(profileStep.summary!(data, ctx)).toEqual({ label: 'Profile', value: 'new connection' });
  });

  it('refuses a profile that is not in the file, and anything but a choice', () => {
    expect(refused(profileStep.accept(value('profile', 'profile:garden'), EMPTY_DATA, ctx))).toBe('Choose one of the listed profiles, or New connection.');
    expect(refused(profileStep.accept(confirm('profile', true), EMPTY_DATA, ctx))).toBe('Choose one of the listed profiles, or New connection.');
  });

  it('going back over it forgets everything the profile set', () => {
    const data = accepted(profileStep.accept(value('profile', 'profile:weather'), EMPTY_DATA, ctx));
    expect(profileStep.undo!(data)).toEqual(EMPTY_DATA);
  });
});

describe('the service question', () => {
  it('is asked unless --provider or the profile named the service', () => {
    expect(providerStep.applies(EMPTY_DATA, ctx)).toBe(true);
    expect(providerStep.applies({ ...EMPTY_DATA, given: ['profile', 'provider'] }, ctx)).toBe(false);
  });

  it('lists every built-in service and then “Another OAuth 2.0 service…”', () => {
    const prompt = promptOf(providerStep.prompt(EMPTY_DATA, ctx), 'select');
    expect(prompt.options.map((o) => o.value)).toEqual(['netatmo', 'ttlock', 'tiktok', 'zoho-salesiq', 'zoho-desk', CUSTOM_SERVICE_CHOICE]);
    expect(prompt.options.at(-1)?.label).toBe('Another OAuth 2.0 service…');
    expect(prompt.initial).toBeUndefined();
  });

  it('offers the earlier answer again when the person comes back to it', () => {
    expect(promptOf(providerStep.prompt(dataFor('tiktok'), ctx), 'select').initial).toBe('tiktok');
    expect(promptOf(providerStep.prompt(dataFor(undefined, { custom: { fields: {} } }), ctx), 'select').initial).toBe(CUSTOM_SERVICE_CHOICE);
  });

  it('stores a listed service and names it in the summary', () => {
    const data = accepted(providerStep.accept(value('provider', 'netatmo'), EMPTY_DATA, ctx));
    expect(data.providerId).toBe('netatmo');
    expect(providerStep.summary!(data, ctx)).toEqual({ label: 'Service', value: 'Netatmo' });
  });

  it('starts describing a custom service for “Another OAuth 2.0 service…”', () => {
    const data = accepted(providerStep.accept(value('provider', CUSTOM_SERVICE_CHOICE), dataFor('netatmo'), ctx));
    expect(data.providerId).toBeUndefined();
    expect(data.custom).toEqual({ fields: {} });
    expect(providerStep.summary!(data, ctx)).toEqual({ label: 'Service', value: 'Another OAuth 2.0 service…' });
  });

  it('refuses a service reauth does not know', () => {
    expect(refused(providerStep.accept(value('provider', 'google'), EMPTY_DATA, ctx))).toBe('Choose one of the listed services.');
    expect(refused(providerStep.accept(value('provider', ''), EMPTY_DATA, ctx))).toBe('Choose one of the listed services.');
  });

  it('going back over it forgets the service and what depended on it', () => {
    const data = dataFor('tiktok', { region: 'eu', flow: 'authorization_code', appType: 'web', custom: { fields: {} } });
    expect(providerStep.undo!(data)).toMatchObject({ providerId: undefined, custom: undefined, region: undefined, regionBefore: 'eu', flow: undefined, appType: undefined });
  });
});

describe('the data centre question', () => {
  it('is asked only for services with data centres, and not when the profile gave one', () => {
    expect(regionStep.applies(dataFor('zoho-desk'), ctx)).toBe(true);
    expect(regionStep.applies(dataFor('ttlock'), ctx)).toBe(true);
    expect(regionStep.applies(dataFor('netatmo'), ctx)).toBe(false);
    expect(regionStep.applies(dataFor('zoho-desk', { given: ['region'] }), ctx)).toBe(false);
  });

  it('lists the data centres with the service’s default first chosen', () => {
    const prompt = promptOf(regionStep.prompt(dataFor('ttlock'), ctx), 'select');
    expect(prompt.options.map((o) => o.value)).toEqual(['eu', 'cn']);
    expect(prompt.initial).toBe('eu');
    // TTLock's "no web sign-in" intro comes before the data-centre help.
    expect(prompt.help).toMatch(/^TTLock has no web sign-in[\s\S]*\n\nThe two clouds are separate/);
    expect(promptOf(regionStep.prompt(dataFor('zoho-desk', { region: 'in' }), ctx), 'select').initial).toBe('in');
  });

  it('preselects the data centre the sign-in went to, when asked again after it (Zoho names its accounts server)', () => {
    const prompt = promptOf(regionStep.prompt(dataFor('zoho-salesiq', { accountsServerSeen: 'https://accounts.zoho.in' }), ctx), 'select');
    expect(prompt.initial).toBe('in');
    expect(prompt.help).toContain('Preselected: accounts.zoho.in is where your sign-in went.');
    // A host that is no data centre of this service guesses nothing.
    expect(promptOf(regionStep.prompt(dataFor('zoho-salesiq', { accountsServerSeen: 'https://evil.test' }), ctx), 'select').initial).toBe('com');
  });

  it('keeps the data centre chosen a moment ago when the person goes back and picks the other Zoho service', () => {
    const salesIq = dataFor('zoho-salesiq', { region: 'in' });
    const desk = { ...providerStep.undo!(salesIq), providerId: 'zoho-desk' };
    expect(desk.region).toBeUndefined();
    const prompt = promptOf(regionStep.prompt(desk, ctx), 'select');
    expect(prompt.initial).toBe('in');
    expect(prompt.help).toContain('Preselected: the data centre you chose a moment ago.');
    // TTLock's clouds are other places: an unknown key is not preselected.
    expect(promptOf(regionStep.prompt({ ...desk, providerId: 'ttlock' }, ctx), 'select').initial).toBe('eu');
  });

  it('preselects the data centre of a saved profile of a service with the same data centres (SalesIQ set up, now Desk)', () => {
    const chat = { name: 'chat', provider: 'zoho-salesiq', region: 'in', settings: {}, targets: [] };
    const withChat = makeContext({ config: { ...emptyConfig, profiles: { chat } } });
    const prompt = promptOf(regionStep.prompt(dataFor('zoho-desk'), withChat), 'select');
    expect(prompt.initial).toBe('in');
    expect(prompt.help).toContain('Preselected: the data centre of your profile chat.');
    expect(promptOf(regionStep.prompt(dataFor('ttlock'), withChat), 'select').initial).toBe('eu');
  });

  it('stores a listed data centre and names it in the summary', () => {
    const data = accepted(regionStep.accept(value('region', 'cn'), dataFor('ttlock'), ctx));
    expect(data.region).toBe('cn');
    expect(regionStep.summary!(data, ctx)).toEqual({ label: 'Data centre', value: 'China (cnapi.ttlock.com)' });
  });

  it('refuses a data centre the service does not have', () => {
    expect(refused(regionStep.accept(value('region', 'us'), dataFor('ttlock'), ctx))).toBe('Choose one of the listed data centres.');
  });
});

describe('the way-in question', () => {
  it('is asked only when the service has more than one way to get tokens', () => {
    expect(flowStep.applies(dataFor('zoho-salesiq'), ctx)).toBe(true);
    expect(flowStep.applies(dataFor('netatmo'), ctx)).toBe(false);
    expect(flowStep.applies(dataFor('zoho-salesiq', { given: ['flow'] }), ctx)).toBe(false);
  });

  it('explains each way and starts on the service’s default', () => {
    const prompt = promptOf(flowStep.prompt(dataFor('zoho-desk'), ctx), 'select');
    expect(prompt.options.map((o) => [o.value, o.label])).toEqual([
      ['authorization_code', 'Sign in in the browser'],
      ['self_client', 'Self Client code'],
      ['device', 'Sign in on another device'],
    ]);
    // Zoho's device flow is documented but unconfirmed: it says so, and stays last.
    expect(prompt.options.at(-1)?.hint).toContain('(documented by Zoho, not yet tried against the real service)');
    expect(prompt.initial).toBe('authorization_code');
  });

  it('stores the chosen way, and the default applies until one is chosen', () => {
    expect(flowOf(dataFor('zoho-desk'), ctx)).toBe('authorization_code');
    const data = accepted(flowStep.accept(value('flow', 'self_client'), dataFor('zoho-desk'), ctx));
    expect(flowOf(data, ctx)).toBe('self_client');
    expect(flowStep.summary!(data, ctx)).toEqual({ label: 'Way in', value: 'Self Client code' });
  });

  it('refuses a way the service does not offer', () => {
    expect(refused(flowStep.accept(value('flow', 'password'), dataFor('zoho-desk'), ctx))).toBe('Choose one of the listed ways.');
  });
});

describe('the app kind question', () => {
  it('is asked for a browser sign-in to a service whose portal has app kinds', () => {
    expect(appTypeStep.applies(dataFor('tiktok'), ctx)).toBe(true);
    expect(appTypeStep.applies(dataFor('netatmo'), ctx)).toBe(false);
    expect(appTypeStep.applies(dataFor('tiktok', { given: ['app_type'] }), ctx)).toBe(false);
  });

  it('lists the kinds with whether each uses PKCE', () => {
    const prompt = promptOf(appTypeStep.prompt(dataFor('tiktok'), ctx), 'select');
    expect(prompt.options).toEqual([
      { value: 'desktop', label: 'Desktop app (PKCE, localhost redirect)', hint: 'PKCE: yes' },
      { value: 'web', label: 'Web app (no PKCE, https redirect)', hint: 'PKCE: no' },
    ]);
  });

  it('stores the kind, which then decides the redirect rules', () => {
    const data = accepted(appTypeStep.accept(value('app_type', 'web'), dataFor('tiktok'), ctx));
    expect(data.appType).toBe('web');
    expect(ctx.resolve(data).redirectRule).toBe('https');
    expect(appTypeStep.summary!(data, ctx)).toEqual({ label: 'App kind', value: 'Web app (no PKCE, https redirect)' });
  });

  it('refuses a kind the service does not have', () => {
    expect(refused(appTypeStep.accept(value('app_type', 'mobile'), dataFor('tiktok'), ctx))).toBe('Choose one of the listed kinds.');
  });
});
