/** The issuer question and the discovery action of "Another OAuth 2.0 service…". */
import { describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../../src/errors.js';
import { customIssuerStep, discoverServiceStep } from '../../../src/flow/steps/custom-discovery-steps.js';
import { customClientAuthStep, customPkceStep } from '../../../src/flow/steps/custom-provider-options.js';
import { customAuthorizeUrlStep, customTokenUrlStep, customVerifyUrlStep, startCustomService } from '../../../src/flow/steps/custom-provider-steps.js';
import type { DiscoveryDocument } from '../../../src/oauth/discovery-document.js';
import type { WizardData } from '../../../src/flow/wizard-data.js';
import { accepted, ctx, dataFor, fakeEffects, fixtureConfig, makeContext, promptOf, refused, value } from './step-fixtures.js';

const ISSUER = 'https://id.acme.test';
const DOC: DiscoveryDocument = {
  issuer: ISSUER,
  source: `${ISSUER}/.well-known/openid-configuration`,
  authorizationEndpoint: `${ISSUER}/authorize`,
  tokenEndpoint: `${ISSUER}/token`,
  userinfoEndpoint: `${ISSUER}/userinfo`,
  codeChallengeMethods: ['S256'],
  tokenEndpointAuthMethods: ['client_secret_post'],
  issParameterSupported: true,
};

const describing = startCustomService(dataFor('netatmo'));
const withIssuer = (issuer: string | undefined, patch: Partial<WizardData> = {}): WizardData => ({
  ...describing,
  custom: { id: 'acme', fields: issuer ? { name: 'Acme', issuer } : { name: 'Acme' } },
  ...patch,
});

describe('the issuer question', () => {
  it('comes first and may be left empty to type the addresses', () => {
    const prompt = promptOf(customIssuerStep.prompt(describing, ctx), 'text');
    expect(prompt.title).toBe('Issuer URL (or leave empty to enter the endpoints yourself)');
    expect(prompt.optional).toBe(true);
    expect(accepted(customIssuerStep.accept(value('custom_issuer', ''), describing, ctx)).custom?.fields.issuer).toBeUndefined();
  });

  it.each([
    ['http://id.acme.test', /plain http:\/\//],
    ['https://id.acme.test/?tenant=1', /query or a fragment/],
    ['id.acme.test', /not a whole address/],
  ])('refuses %s', (text, message) => {
    expect(refused(customIssuerStep.accept(value('custom_issuer', text), describing, ctx))).toMatch(message);
  });

  it('takes https, and plain http only for this computer', () => {
    expect(accepted(customIssuerStep.accept(value('custom_issuer', ISSUER), describing, ctx)).custom?.fields.issuer).toBe(ISSUER);
    expect(accepted(customIssuerStep.accept(value('custom_issuer', 'http://127.0.0.1:8080'), describing, ctx)).custom?.fields.issuer).toBe('http://127.0.0.1:8080');
  });
});

describe('reading the document', () => {
  it('runs for a typed issuer until its document is read, and again when the issuer changes', () => {
    expect(discoverServiceStep.applies(withIssuer(undefined), ctx)).toBe(false);
    expect(discoverServiceStep.applies(withIssuer(ISSUER), ctx)).toBe(true);
    expect(discoverServiceStep.applies(withIssuer(ISSUER, { discovered: DOC }), ctx)).toBe(false);
    expect(discoverServiceStep.applies(withIssuer('https://other.acme.test', { discovered: DOC }), ctx)).toBe(true);
  });

  it('runs for a saved service given by issuer: alone, not for one with its addresses or a preset', () => {
    const c = makeContext({
      config: {
        ...fixtureConfig,
        providers: { acme: { issuer: ISSUER }, written: { issuer: ISSUER, authorize_url: `${ISSUER}/a`, token_url: `${ISSUER}/t` }, netatmo: { issuer: ISSUER } },
      },
    });
    expect(discoverServiceStep.applies(dataFor('acme'), c)).toBe(true);
    expect(discoverServiceStep.applies(dataFor('acme', { discovered: DOC }), c)).toBe(false);
    expect(discoverServiceStep.applies(dataFor('written'), c)).toBe(false);
    expect(discoverServiceStep.applies(dataFor('netatmo'), c)).toBe(false);
    // Resolved with the document: the wizard's provider has the discovered addresses.
    expect(c.resolve(dataFor('acme', { discovered: DOC }))).toMatchObject({ tokenUrl: `${ISSUER}/token`, issuerRequired: true, clientAuth: 'body' });
  });

  it('keeps the document and shows what it found', async () => {
    let asked: string | undefined;
    const effects = fakeEffects({ discover: async (issuer) => ((asked = issuer), DOC) });
    const data = await discoverServiceStep.run(withIssuer(ISSUER), ctx, effects);
    expect(asked).toBe(ISSUER);
    expect(data.discovered).toBe(DOC);
    expect(discoverServiceStep.summary!(data, ctx)?.value).toBe(
      `sign-in ${ISSUER}/authorize · token ${ISSUER}/token · PKCE S256 · client auth body · iss required in the answer (RFC 9207)`,
    );
    expect(discoverServiceStep.undo!(data).discovered).toBeUndefined();
  });

  it('offers to change the issuer (or leave it empty) when the document cannot be read', () => {
    const recovery = discoverServiceStep.recover!(new UserError('no document', 'write them yourself', ExitCode.unavailable), withIssuer(ISSUER), ctx);
    expect(recovery.options.map((o) => o.action)).toEqual([
      { type: 'retry' },
      { type: 'back-to', stepId: 'custom_issuer' },
      { type: 'quit', exitCode: ExitCode.unavailable },
    ]);
    expect(recovery.next).toBe('write them yourself');
  });
});

describe('questions the document answers', () => {
  const found = withIssuer(ISSUER, { discovered: DOC });

  it('skips the addresses, PKCE when listed, and the client auth when one method is usable', () => {
    for (const step of [customAuthorizeUrlStep, customTokenUrlStep, customPkceStep, customClientAuthStep]) {
      expect(step.applies(withIssuer(undefined), ctx), step.id).toBe(true);
      expect(step.applies(found, ctx), step.id).toBe(false);
    }
  });

  it('asks the client auth when several methods are usable, offering the document’s first', () => {
    const several = withIssuer(ISSUER, { discovered: { ...DOC, tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'] } });
    expect(customClientAuthStep.applies(several, ctx)).toBe(true);
    expect(promptOf(customClientAuthStep.prompt(several, ctx), 'select').initial).toBe('basic');
  });

  it('offers the userinfo endpoint as the check address', () => {
    expect(promptOf(customVerifyUrlStep.prompt(found, ctx), 'text').initial).toBe(`${ISSUER}/userinfo`);
  });
});
