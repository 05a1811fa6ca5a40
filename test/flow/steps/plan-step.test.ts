/** The plan step: what is shown before writing, including the one warning it adds itself. */
import { describe, expect, it } from 'vitest';
import { planStep, previewBlock } from '../../../src/flow/steps/target-steps.js';
import type { TargetPlan, TargetSpec } from '../../../src/targets/types.js';
import { ctx, dataFor, fakeEffects, tokens } from './step-fixtures.js';

const plan = (label: string): TargetPlan => ({ label, changes: [], warnings: [], internal: null });
const effects = fakeEffects({ planTargets: async (specs) => specs.map((s) => plan(s.file ?? '?')) });

function run(targets: readonly TargetSpec[], withRefresh = true) {
  const data = dataFor('netatmo', { tokens: tokens(withRefresh ? {} : { refresh_token: undefined }), targets });
  return planStep.run(data as Parameters<typeof planStep.run>[0], ctx, effects);
}

describe('the plan step', () => {
  it('warns before writing when the service hands out a refresh token and no chosen place keeps it', async () => {
    const planned = await run([{ type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN' } }]);
    expect(planned.plans?.[0]?.warnings.join('\n')).toMatch(/No place you chose keeps the refresh token/);
  });

  it('says nothing of it when a place keeps the refresh token, or when the service gives none', async () => {
    const kept = await run([{ type: 'dotenv', file: '.env', keys: { refresh_token: 'NETATMO_REFRESH_TOKEN' } }]);
    expect(kept.plans?.[0]?.warnings).toEqual([]);
    const none = await run([{ type: 'dotenv', file: '.env', keys: { access_token: 'A' } }], false);
    expect(none.plans?.[0]?.warnings).toEqual([]);
  });
});

describe('the preview of an expiry the service did not give', () => {
  it('shows an emptied expires_at as that, not as a blank', () => {
    const plan: TargetPlan = { label: '.env', changes: [{ field: 'expires_at', key: 'API_EXPIRES_AT', before: '2020-01-01T00:00:00Z', after: '' }], warnings: [], internal: null };
    expect(previewBlock(plan).lines).toEqual([{ key: 'API_EXPIRES_AT', before: '2020-01-01T00:00:00Z', after: '(empty: the service gave no expiry)' }]);
  });
});

describe('the preview of a key that is in the file without a value', () => {
  it('shows "(empty)" before the arrow, not a blank', () => {
    const plan: TargetPlan = { label: '.env', changes: [{ field: 'client_id', key: 'NETATMO_CLIENT_ID', before: '', after: 'fake-netatmo-client-0001' }], warnings: [], internal: null };
    expect(previewBlock(plan).lines).toEqual([{ key: 'NETATMO_CLIENT_ID', before: '(empty)', after: 'fake-netatmo-client-0001' }]);
  });
});
