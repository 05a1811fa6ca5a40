/** The list of steps as a whole: the engine finds steps by id, so ids must be unique and every jump must land on one. */
import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../../src/oauth/token-errors.js';
import { exchangeStep } from '../../../src/flow/steps/sign-in-steps.js';
import { herokuAppsStep } from '../../../src/flow/steps/target-choice-steps.js';
import { checkTargetsStep, planStep } from '../../../src/flow/steps/target-steps.js';
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
      // The places' ways out, for a new connection and for a saved profile (its places given).
      ...[dataFor('netatmo'), dataFor('netatmo', { given: ['targets', 'keys'] })].flatMap((data) =>
        [checkTargetsStep, planStep].map((step) => (step.type === 'action' ? step.recover!(new Error('x'), data, ctx) : { options: [] })),
      ),
    ];
    const targets = recoveries.flatMap((r) => r.options.flatMap((o) => (o.action.type === 'back-to' ? [o.action.stepId] : [])));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(ids).toContain(target);
  });
});

describe('the order of the wizard (issue 11)', () => {
  it('asks where the tokens go, and checks those places, before any password, browser or device code', () => {
    const at = (id: string) => ids.indexOf(id);
    for (const place of ['targets', 'heroku_apps', 'heroku_app', 'target_file', 'target_file_inspect', 'target_file_at', 'keys']) {
      expect(at(place), place).toBeLessThan(at('check_targets'));
    }
    for (const signIn of ['username', 'password', 'self_client_duration', 'sign_in', 'paste', 'device_code', 'device_wait', 'exchange']) {
      expect(at('check_targets'), signIn).toBeLessThan(at(signIn));
    }
    // The preview and the write show and write what actually came back: after the exchange and the live check.
    expect(at('verify')).toBeLessThan(at('plan'));
    expect(at('plan')).toBeLessThan(at('preview'));
  });
});
