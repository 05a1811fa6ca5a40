/** Zoho's cap of 20 refresh tokens: revoking the one the new token replaces, only once it is written. */
import { describe, expect, it } from 'vitest';
import { revokeOldQuestion, revokeOldRun } from '../../../src/flow/steps/revoke-steps.js';
import type { ResolvedProvider } from '../../../src/providers/types.js';
import type { WizardData } from '../../../src/flow/wizard-data.js';
import { accepted, confirm, ctx, dataFor, fakeEffects, promptOf, refused, tokens, value } from './step-fixtures.js';

const OLD = 'RT-old-0123456789abcdefghij';
const written = [{ label: '.env', ok: true as const, summary: 'written' }];

function replacing(providerId = 'zoho-desk', patch: Partial<WizardData> = {}): WizardData {
  return dataFor(providerId, { tokens: tokens(), prefill: { refresh_token: { value: OLD, source: '.env' } }, results: written, ...patch });
}

describe('the question whether to revoke the replaced refresh token', () => {
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
    const data = await revokeOldRun.run(replacing('zoho-desk', { revokeOld: true, region: 'eu' }), ctx, fakeEffects({ revoke: async (provider, token) => void revoked.push([provider, token]) }));
    expect(revoked.map(([, token]) => token)).toEqual([OLD]);
    expect(revoked[0]?.[0].vars.accounts_url).toBe('https://accounts.zoho.eu');
    expect(data.revokeResult).toEqual({ ok: true, summary: 'the replaced refresh token was revoked' });
    expect(revokeOldRun.summary!(data, ctx)).toEqual({ label: 'Old token', value: 'the replaced refresh token was revoked' });
  });

  it('reports a failed revoke without stopping: the new token is already written', async () => {
    const data = await revokeOldRun.run(replacing('zoho-desk', { revokeOld: true }), ctx, fakeEffects({ revoke: async () => Promise.reject(new Error('HTTP 500')) }));
    expect(data.revokeResult).toEqual({ ok: false, summary: 'could not revoke it: HTTP 500' });
    expect(revokeOldRun.summary!(data, ctx)).toEqual({ label: 'Old token', value: 'could not revoke it: HTTP 500', failed: true });
  });
});
