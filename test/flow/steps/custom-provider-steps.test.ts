/** "Another OAuth 2.0 service…": one plain question per `providers:` field, then saving it. */
import { describe, expect, it } from 'vitest';
import { BugError } from '../../../src/errors.js';
import {
  CUSTOM_SERVICE_STEPS,
  checkServiceUrl,
  customAuthorizeParamsStep,
  customAuthorizeUrlStep,
  customNameStep,
  customScopesStep,
  customTokenUrlStep,
  customVerifyUrlStep,
  saveCustomServiceStep,
  startCustomService,
  withCustomService,
} from '../../../src/flow/steps/custom-provider-steps.js';
import { customClientAuthStep, customPkceStep, customScopeSeparatorStep } from '../../../src/flow/steps/custom-provider-options.js';
import type { ProviderOverride } from '../../../src/config/types.js';
import type { WizardData } from '../../../src/flow/wizard-data.js';
import { accepted, ctx, dataFor, fakeEffects, fixtureConfig, makeContext, promptOf, refused, value } from './step-fixtures.js';

const describing = startCustomService(dataFor('netatmo'));
const withAnswers = (fields: ProviderOverride, id = 'acme-api'): WizardData => ({ ...describing, custom: { id, fields } });
const complete = (): WizardData => ({
  ...withAnswers({ name: 'Acme API', authorize_url: 'https://id.acme.test/authorize', token_url: 'https://id.acme.test/token' }),
  providerId: 'acme-api',
});

describe('starting to describe a service', () => {
  it('forgets any chosen service until the last question is answered', () => {
    expect(describing).toMatchObject({ providerId: undefined, custom: { fields: {} } });
  });

  it('asks every question only while a service is being described', () => {
    // The separator needs two scopes; discovery needs an issuer (tested in custom-discovery-steps.test.ts).
    for (const step of CUSTOM_SERVICE_STEPS.filter((s) => s !== customScopeSeparatorStep && s.id !== 'discover_service')) {
      expect(step.applies(describing, ctx), step.id).toBe(true);
      expect(step.applies(dataFor('netatmo'), ctx), step.id).toBe(false);
    }
  });
});

describe('the name question', () => {
  it('says the name also makes the id and key names, and offers an earlier answer', () => {
    const prompt = promptOf(customNameStep.prompt(withAnswers({ name: 'Acme API' }), ctx), 'text');
    expect(prompt.help).toMatch(/makes the id for reauth\.yaml and the \.env key names/);
    expect(prompt.initial).toBe('Acme API');
    expect(prompt.optional).toBe(false);
  });

  it('makes a lowercase id from the name', () => {
    const data = accepted(customNameStep.accept(value('custom_name', '  Acme API (prod) '), describing, ctx));
    expect(data.custom).toEqual({ id: 'acme-api-prod', fields: { name: 'Acme API (prod)' } });
    expect(customNameStep.summary!(data, ctx)).toEqual({ label: 'Name', value: 'Acme API (prod) (saved as providers.acme-api-prod)' });
  });

  it('never makes an id a preset or reauth.yaml already uses', () => {
    expect(accepted(customNameStep.accept(value('custom_name', 'Netatmo'), describing, ctx)).custom?.id).toBe('netatmo-2');
    const taken = makeContext({ config: { ...fixtureConfig, providers: { 'acme-api': { authorize_url: 'https://a.test/auth', token_url: 'https://a.test/token' } } } });
    expect(accepted(customNameStep.accept(value('custom_name', 'Acme API'), describing, taken)).custom?.id).toBe('acme-api-2');
  });

  it('falls back to “custom” when the name has no letters or digits', () => {
    expect(accepted(customNameStep.accept(value('custom_name', '✨✨'), describing, ctx)).custom?.id).toBe('custom');
  });

  it('refuses an empty name', () => {
    expect(refused(customNameStep.accept(value('custom_name', ' '), describing, ctx))).toBe('Give the service a name, e.g. the company or product it belongs to.');
  });
});

describe('the sign-in and token address questions', () => {
  it('store an https address, or plain http to this computer', () => {
    expect(accepted(customAuthorizeUrlStep.accept(value('custom_authorize_url', 'https://id.acme.test/authorize'), describing, ctx)).custom?.fields).toEqual({
      authorize_url: 'https://id.acme.test/authorize',
    });
    const data = accepted(customTokenUrlStep.accept(value('custom_token_url', 'http://127.0.0.1:8080/token'), describing, ctx));
    expect(data.custom?.fields.token_url).toBe('http://127.0.0.1:8080/token');
    expect(customTokenUrlStep.summary!(data, ctx)).toEqual({ label: 'Token address', value: 'http://127.0.0.1:8080/token' });
  });

  it('offer the earlier answer and a https:// placeholder', () => {
    const prompt = promptOf(customTokenUrlStep.prompt(withAnswers({ token_url: 'https://id.acme.test/token' }), ctx), 'text');
    expect(prompt).toMatchObject({ initial: 'https://id.acme.test/token', placeholder: 'https://', optional: false });
  });

  it('refuse an empty answer, naming the address', () => {
    expect(refused(customAuthorizeUrlStep.accept(value('custom_authorize_url', ''), describing, ctx))).toBe(
      'The sign-in address is needed: the service’s OAuth documentation lists it.',
    );
  });

  it('refuse addresses that would leak the secret or cannot work, saying why', () => {
    const refuse = (url: string) => refused(customTokenUrlStep.accept(value('custom_token_url', url), describing, ctx));
    expect(refuse('id.acme.test/token')).toBe('That is not a whole address: the token address starts with https://.');
    expect(refuse('http://id.acme.test/token')).toBe(
      'Plain http:// is allowed only for this computer (localhost, 127.0.0.1): use the service’s https:// token address.',
    );
    expect(refuse('ftp://id.acme.test/token')).toBe('The token address must start with https://.');
    expect(refuse('https://me:pw@id.acme.test/token')).toMatch(/^Leave the user name and password out of the address/);
    expect(refuse('https://id.acme.test/token#x')).toBe('An address for the service cannot contain "#": remove everything from "#" on.');
  });

  it('checkServiceUrl accepts what the questions accept', () => {
    expect(checkServiceUrl('https://id.acme.test/authorize?tenant=1', 'sign-in address')).toBeUndefined();
    expect(checkServiceUrl('http://localhost:9000/auth', 'sign-in address')).toBeUndefined();
  });
});

describe('the scopes question of a described service', () => {
  it('splits on spaces and commas, once each, and marks the list question as answered', () => {
    const data = accepted(customScopesStep.accept(value('custom_scopes', 'openid, offline_access openid'), describing, ctx));
    expect(data.scopes).toEqual(['openid', 'offline_access']);
    expect(data.custom?.fields.scopes).toEqual(['openid', 'offline_access']);
    expect(data.given).toContain('scopes');
    expect(customScopesStep.summary!(data, ctx)).toEqual({ label: 'Scopes', value: 'openid offline_access' });
  });

  it('accepts none, and says so in the summary', () => {
    const data = accepted(customScopesStep.accept(value('custom_scopes', ''), describing, ctx));
    expect(data.scopes).toEqual([]);
    expect(customScopesStep.summary!(data, ctx)).toEqual({ label: 'Scopes', value: 'none' });
  });

  it('forgets a separator chosen earlier once one scope is left', () => {
    const data = accepted(customScopesStep.accept(value('custom_scopes', 'read'), withAnswers({ scopes: ['read', 'write'], scope_separator: ',' }), ctx));
    expect(data.custom?.fields).toEqual({ scopes: ['read'] });
    expect(customScopeSeparatorStep.applies(data, ctx)).toBe(false);
  });

  it('going back over it clears the scopes and asks the list question again, but keeps what was typed', () => {
    const data = accepted(customScopesStep.accept(value('custom_scopes', 'openid offline_access'), describing, ctx));
    const undone = customScopesStep.undo!(data);
    expect(undone.scopes).toBeUndefined();
    expect(undone.given).not.toContain('scopes');
    expect(promptOf(customScopesStep.prompt(undone, ctx), 'text').initial).toBe('openid offline_access');
  });
});

describe('the protocol option questions', () => {
  it('ask for the separator only when there are several scopes, with spaces first', () => {
    expect(customScopeSeparatorStep.applies(withAnswers({ scopes: ['a'] }), ctx)).toBe(false);
    const several = withAnswers({ scopes: ['a', 'b'] });
    expect(customScopeSeparatorStep.applies(several, ctx)).toBe(true);
    expect(promptOf(customScopeSeparatorStep.prompt(several, ctx), 'select').initial).toBe('space');
  });

  it('store commas as "," and show the choice again when coming back', () => {
    const data = accepted(customScopeSeparatorStep.accept(value('custom_scope_separator', 'comma'), withAnswers({ scopes: ['a', 'b'] }), ctx));
    expect(data.custom?.fields.scope_separator).toBe(',');
    expect(promptOf(customScopeSeparatorStep.prompt(data, ctx), 'select').initial).toBe('comma');
    expect(customScopeSeparatorStep.summary!(data, ctx)).toEqual({ label: 'Scope separator', value: 'With commas' });
  });

  it('recommend PKCE and the form body, and store what was chosen', () => {
    expect(promptOf(customPkceStep.prompt(describing, ctx), 'select').initial).toBe('S256');
    expect(promptOf(customClientAuthStep.prompt(describing, ctx), 'select').initial).toBe('body');
    expect(accepted(customPkceStep.accept(value('custom_pkce', 'none'), describing, ctx)).custom?.fields.pkce).toBe('none');
    const basic = accepted(customClientAuthStep.accept(value('custom_client_auth', 'basic'), describing, ctx));
    expect(basic.custom?.fields.client_auth).toBe('basic');
    expect(customClientAuthStep.summary!(basic, ctx)).toEqual({ label: 'Client secret sent', value: 'In a Basic Authorization header' });
  });

  it('refuse an answer that is not one of the options', () => {
    expect(refused(customPkceStep.accept(value('custom_pkce', 'plain'), describing, ctx))).toBe('Choose one of the listed answers.');
    expect(refused(customClientAuthStep.accept(value('custom_client_auth', ''), describing, ctx))).toBe('Choose one of the listed answers.');
  });
});

describe('the extra sign-in link parameters question', () => {
  it('stores name=value pairs separated by spaces or &', () => {
    const data = accepted(customAuthorizeParamsStep.accept(value('custom_authorize_params', 'prompt=consent&access_type=offline  audience=api=v2'), describing, ctx));
    expect(data.custom?.fields.authorize_params).toEqual({ prompt: 'consent', access_type: 'offline', audience: 'api=v2' });
    expect(customAuthorizeParamsStep.summary!(data, ctx)).toEqual({ label: 'Extra link parameters', value: 'prompt=consent access_type=offline audience=api=v2' });
  });

  it('offers earlier pairs again, and an empty answer removes them', () => {
    const earlier = withAnswers({ authorize_params: { prompt: 'consent' } });
    expect(promptOf(customAuthorizeParamsStep.prompt(earlier, ctx), 'text').initial).toBe('prompt=consent');
    const data = accepted(customAuthorizeParamsStep.accept(value('custom_authorize_params', ''), earlier, ctx));
    expect(data.custom?.fields).toEqual({});
    expect(customAuthorizeParamsStep.summary!(data, ctx)).toBeUndefined();
  });

  it('refuses a word without "=", and a parameter reauth sets itself', () => {
    expect(refused(customAuthorizeParamsStep.accept(value('custom_authorize_params', 'consent'), describing, ctx))).toBe(
      '"consent" is not a name=value pair: write them like prompt=consent access_type=offline.',
    );
    expect(refused(customAuthorizeParamsStep.accept(value('custom_authorize_params', '=x'), describing, ctx))).toMatch(/"=x" is not a name=value pair/);
    expect(refused(customAuthorizeParamsStep.accept(value('custom_authorize_params', 'redirect_uri=https://x.test'), describing, ctx))).toBe(
      'reauth sets redirect_uri itself: leave it out.',
    );
  });
});

describe('the check address question, the last one', () => {
  it('makes the described service the chosen one, which then resolves like a providers: entry', () => {
    const data = accepted(customVerifyUrlStep.accept(value('custom_verify_url', 'https://id.acme.test/userinfo'), { ...complete(), providerId: undefined }, ctx));
    expect(data.providerId).toBe('acme-api');
    const provider = ctx.resolve(data);
    expect(provider).toMatchObject({ id: 'acme-api', name: 'Acme API', tokenUrl: 'https://id.acme.test/token' });
    expect(provider.liveCheck).toBeDefined();
  });

  it('may be left empty: the token is then not tested', () => {
    const data = accepted(customVerifyUrlStep.accept(value('custom_verify_url', ''), { ...complete(), providerId: undefined }, ctx));
    expect(data.custom?.fields.verify_url).toBeUndefined();
    expect(customVerifyUrlStep.summary!(data, ctx)).toEqual({ label: 'Check address', value: 'none (the token is not tested)' });
    expect(ctx.resolve(data).liveCheck).toBeUndefined();
  });

  it('refuses an address that is not https', () => {
    expect(refused(customVerifyUrlStep.accept(value('custom_verify_url', 'http://id.acme.test/me'), complete(), ctx))).toMatch(/^Plain http:\/\/ is allowed only/);
  });

  it('going back over it makes the service incomplete again', () => {
    expect(customVerifyUrlStep.undo!(complete()).providerId).toBeUndefined();
  });
});

describe('withCustomService', () => {
  it('adds the described service under providers: only once it is the chosen one', () => {
    expect(withCustomService(fixtureConfig, complete()).providers['acme-api']).toEqual(complete().custom?.fields);
    expect(withCustomService(fixtureConfig, { ...complete(), providerId: undefined })).toBe(fixtureConfig);
    expect(withCustomService(fixtureConfig, dataFor('netatmo'))).toBe(fixtureConfig);
  });
});

describe('saving the described service', () => {
  const wrote = { results: [{ label: '.env', ok: true as const, summary: 'written' }] };
  const ready = (patch: Partial<WizardData> = {}): WizardData => ({ ...complete(), ...wrote, wantsProfile: true, profileName: 'acme', ...patch });

  it('runs only when a new profile of a described service is saved after a write', () => {
    expect(saveCustomServiceStep.applies(ready(), ctx)).toBe(true);
    expect(saveCustomServiceStep.applies(ready({ wantsProfile: false }), ctx)).toBe(false);
    expect(saveCustomServiceStep.applies(ready({ reconnect: true }), ctx)).toBe(false);
    expect(saveCustomServiceStep.applies(ready({ results: [{ label: '.env', ok: false, error: 'read-only' }] }), ctx)).toBe(false);
    expect(saveCustomServiceStep.applies({ ...dataFor('netatmo'), ...wrote, wantsProfile: true, profileName: 'w' }, ctx)).toBe(false);
  });

  it('writes the answers under providers: with the id made from the name', async () => {
    const saved: [string, ProviderOverride][] = [];
    const data = ready();
    const after = await saveCustomServiceStep.run(data, ctx, fakeEffects({ saveProvider: async (id, fields) => (saved.push([id, fields]), '/home/ada/project/reauth.yaml') }));
    expect(saved).toEqual([['acme-api', data.custom!.fields]]);
    expect(after).toBe(data);
    expect(saveCustomServiceStep.title(data, ctx)).toBe('Saving Acme API under providers: in /home/ada/project/reauth.yaml…');
    expect(saveCustomServiceStep.summary!(data, ctx)).toEqual({ label: 'Saved', value: 'service Acme API as providers.acme-api' });
  });

  it('is a bug when the wizard was started without a way to save a service', async () => {
    // saveProvider is optional in WizardEffects: effects made for other commands may lack it.
    await expect(saveCustomServiceStep.run(ready(), ctx, fakeEffects({ saveProvider: undefined }))).rejects.toThrow(BugError);
  });
});
