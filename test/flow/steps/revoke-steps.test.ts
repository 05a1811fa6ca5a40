/** Zoho's cap of 20 refresh tokens: revoking the one the new token replaces, only once it is written. */
import { describe, expect, it } from 'vitest';
import { revokeOldQuestion, revokeOldRun } from '../../../src/flow/steps/revoke-steps.js';
import { UserError } from '../../../src/errors.js';
import type { ResolvedProvider } from '../../../src/providers/types.js';
import type { WizardData } from '../../../src/flow/wizard-data.js';
import { revokeToken } from '../../../src/oauth/token-grants.js';
import { startZohoEmulator, zohoOverride } from '../../support/zoho-emulator.js';
import { accepted, confirm, ctx, dataFor, fakeEffects, fixtureConfig, makeContext, promptOf, refused, tokens, value } from './step-fixtures.js';

const OLD = 'RT-old-0123456789abcdefghij';
const written = [{ label: '.env', ok: true as const, summary: 'written' }];

function replacing(providerId = 'zoho-desk', patch: Partial<WizardData> = {}): WizardData {
  return dataFor(providerId, { tokens: tokens(), prefill: { refresh_token: { value: OLD, source: '.env' } }, results: written, ...patch });
}

describe('the question whether to revoke the replaced refresh token', () => {
  it('leaves a summary line when the person keeps the old token, and none of its own when they revoke it', () => {
    expect(revokeOldQuestion.summary!({ ...replacing(), revokeOld: false }, ctx)).toEqual({ label: 'Old token', value: 'kept: not revoked (another server or script may use it)' });
    expect(revokeOldQuestion.summary!({ ...replacing(), revokeOld: true }, ctx)).toBeUndefined();
  });

  it('is asked for a capped service once every target holds the new token', () => {
    expect(revokeOldQuestion.applies(replacing(), ctx)).toBe(true);
  });

  it('is not asked before writing, after a failed write, or without an old token that differs', () => {
    expect(revokeOldQuestion.applies(replacing('zoho-desk', { results: undefined }), ctx)).toBe(false);
    expect(revokeOldQuestion.applies(replacing('zoho-desk', { results: [...written, { label: 'Heroku app x', ok: false, error: 'down' }] }), ctx)).toBe(false);
    expect(revokeOldQuestion.applies(replacing('zoho-desk', { prefill: {} }), ctx)).toBe(false);
    expect(revokeOldQuestion.applies(replacing('zoho-desk', { tokens: tokens({ refresh_token: OLD }) }), ctx)).toBe(false);
  });

  it('is not asked for a service without the cap', () => {
    expect(revokeOldQuestion.applies(replacing('netatmo'), ctx)).toBe(false);
  });

  it('names the old token masked and where it was, and defaults to no', () => {
    const prompt = promptOf(revokeOldQuestion.prompt(replacing(), ctx), 'confirm');
    expect(prompt.help).toBe(
      "The old token RT-o…ghij (27 chars) was in .env. Revoking it keeps you under Zoho's limit of 20. Say no if another server or script still uses it.",
    );
    expect(prompt.help).not.toContain(OLD);
    expect(prompt.initial).toBe(false);
  });

  it('stores the answer, and wants yes or no', () => {
    expect(accepted(revokeOldQuestion.accept(confirm('revoke_old', true), replacing(), ctx)).revokeOld).toBe(true);
    expect(accepted(revokeOldQuestion.accept(confirm('revoke_old', false), replacing(), ctx)).revokeOld).toBe(false);
    expect(refused(revokeOldQuestion.accept(value('revoke_old', 'yes'), replacing(), ctx))).toBe('Answer yes or no.');
  });
});

describe('revoking the replaced refresh token', () => {
  it('runs only after a yes', () => {
    expect(revokeOldRun.applies(replacing('zoho-desk', { revokeOld: true }), ctx)).toBe(true);
    expect(revokeOldRun.applies(replacing('zoho-desk', { revokeOld: false }), ctx)).toBe(false);
    expect(revokeOldRun.title(replacing(), ctx)).toBe('Revoking the replaced refresh token…');
  });

  it('revokes the old token, never the new one, at the data centre’s accounts server', async () => {
    const revoked: [ResolvedProvider, string][] = [];
    const data = await revokeOldRun.run(replacing('zoho-desk', { revokeOld: true, region: 'eu' }), ctx, fakeEffects({ revoke: async (provider, token) => (revoked.push([provider, token]), 'revoked') }));
    expect(revoked.map(([, token]) => token)).toEqual([OLD]);
    expect(revoked[0]?.[0].vars.accounts_url).toBe('https://accounts.zoho.eu');
    expect(data.revokeResult).toEqual({ ok: true, summary: 'the replaced refresh token was revoked' });
    expect(revokeOldRun.summary!(data, ctx)).toEqual({ label: 'Old token', value: 'the replaced refresh token was revoked' });
  });

  it('says calmly, without ✘, that an old token the service no longer knew was already invalid', async () => {
    const data = await revokeOldRun.run(replacing('zoho-desk', { revokeOld: true }), ctx, fakeEffects({ revoke: async () => 'already-invalid' }));
    expect(revokeOldRun.summary!(data, ctx)).toEqual({ label: 'Old token', value: 'the replaced refresh token was already invalid: nothing to revoke' });
  });

  it('reports a failed revoke without stopping, with ✘ and the one next step: the new token is already written', async () => {
    const failure = new UserError('Zoho Desk is having trouble right now (HTTP 500).', 'Try again in a few minutes.');
    const data = await revokeOldRun.run(replacing('zoho-desk', { revokeOld: true }), ctx, fakeEffects({ revoke: async () => Promise.reject(failure) }));
    const summary = revokeOldRun.summary!(data, ctx);
    expect(summary).toEqual({
      label: 'Old token',
      value:
        "could not revoke it: Zoho Desk is having trouble right now (HTTP 500). The new token is in place; if no other server uses the old one, revoke it on Zoho Desk's website.",
      failed: true,
    });
    // The grant's own next step is about signing in, which the wizard is past.
    expect(summary?.value).not.toContain('Try again');
  });

  it('shows the calm line when the real (emulated) Zoho no longer knows the old token', async () => {
    const emu = await startZohoEmulator();
    try {
      const zohoCtx = makeContext({ config: { ...fixtureConfig, providers: { 'zoho-desk': zohoOverride(emu, 'desk') } } });
      const effects = fakeEffects({ revoke: (provider, token) => revokeToken(provider, token, { fetch: globalThis.fetch }) });
      const data = await revokeOldRun.run(replacing('zoho-desk', { revokeOld: true }), zohoCtx, effects);
      expect(emu.requests.at(-1)?.url.pathname).toBe('/oauth/v2/token/revoke');
      expect(revokeOldRun.summary!(data, zohoCtx)).toEqual({ label: 'Old token', value: 'the replaced refresh token was already invalid: nothing to revoke' });
    } finally {
      await emu.close();
    }
  });
});
