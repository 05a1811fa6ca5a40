/** The list of steps as a whole: the engine finds steps by id, so ids must be unique and every jump must land on one. */
import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../../src/oauth/token-errors.js';
import { exchangeStep } from '../../../src/flow/steps/sign-in-steps.js';
import { herokuAppsStep } from '../../../src/flow/steps/target-choice-steps.js';
import { WIZARD_STEPS } from '../../../src/flow/wizard-steps.js';
import type { ErrorKind } from '../../../src/providers/types.js';
import { ctx, dataFor } from './step-fixtures.js';

const ids = WIZARD_STEPS.map((s) => s.id);

describe('the wizard’s steps', () => {
  it('have one id each, never “given” (the engine’s name for answers decided before the wizard)', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('given');
  });

  it('jump back only to steps that exist', () => {
    const kinds: ErrorKind[] = ['code', 'sign-in-again', 'credentials', 'config', 'unavailable'];
    const flows = [dataFor('netatmo'), dataFor('zoho-desk', { flow: 'self_client' }), dataFor('ttlock')];
    const recoveries = [
      ...kinds.flatMap((kind) => flows.map((data) => exchangeStep.recover!(new OAuthError({ kind, message: kind }), data, ctx))),
      herokuAppsStep.recover!(new Error('x'), dataFor('netatmo'), ctx),
    ];
    const targets = recoveries.flatMap((r) => r.options.flatMap((o) => (o.action.type === 'back-to' ? [o.action.stepId] : [])));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(ids).toContain(target);
  });
});
