/** The ways out when a place is not ready: honest about what was spent, and the places question reachable for a saved profile too. */
import { describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../../src/errors.js';
import { checkTargetsStep, writeFailedStep } from '../../../src/flow/steps/target-steps.js';
import { placesAgain } from '../../../src/flow/steps/target-recovery.js';
import { ctx, dataFor } from './step-fixtures.js';

const tokens = { access_token: 'fake-access-token-1', extras: {}, obtained_at: '2026-01-01T00:00:00Z' };
const saved = () => dataFor('netatmo', { given: ['profile', 'provider', 'targets', 'keys'], reconnect: true, profileName: 'weather', targets: [{ type: 'dotenv', file: '.env', keys: { access_token: 'A' } }] });

describe('opening the places question again', () => {
  it('goes back to it for a new connection', () => {
    expect(placesAgain(dataFor('netatmo'), false)).toEqual({ stepId: 'targets' });
    expect(placesAgain(dataFor('netatmo'), true)).toEqual({ stepId: 'targets' });
  });

  it('stops giving a saved profile its places: retried before the check, rewound to it after', () => {
    const before = placesAgain(saved(), false);
    expect(before.stepId).toBeUndefined();
    expect(before.patch?.given).toEqual(['profile', 'provider']);
    expect(placesAgain(saved(), true)).toMatchObject({ stepId: 'check_targets', patch: { given: ['profile', 'provider'], keysConfirmed: 0 } });
  });
});

describe('the check before the sign-in', () => {
  it('offers Check again, Choose other places (for a saved profile: a retry that asks the places) and an honest Quit', () => {
    const recovery = checkTargetsStep.type === 'action' ? checkTargetsStep.recover!(new UserError('The Heroku CLI is not installed.', 'Install it.'), saved(), ctx) : undefined;
    expect(recovery?.options.map((o) => o.label)).toEqual(['Check again', 'Choose other places', 'Quit']);
    expect(recovery?.options[1]?.action).toEqual({ type: 'retry', patch: { given: ['profile', 'provider'], keysConfirmed: 0 } });
    expect(recovery?.options[2]?.hint).toBe('nothing was spent: you have not signed in yet; run `reauth setup weather` again later');
    expect(recovery?.options[2]?.action).toEqual({ type: 'quit', exitCode: ExitCode.usage });
  });

  it('says the tokens are kept once there are some (the places asked again after the sign-in)', () => {
    const recovery = checkTargetsStep.type === 'action' ? checkTargetsStep.recover!(new Error('x'), { ...dataFor('netatmo'), tokens }, ctx) : undefined;
    expect(recovery?.options[2]).toMatchObject({ hint: 'the new tokens are kept in a rescue file: reauth offers them next time', action: { type: 'quit', exitCode: ExitCode.writeFailed } });
  });
});

describe('a write that failed', () => {
  it('"Choose other places" goes back to the places, keeping what the engine keeps (the tokens)', () => {
    const data = { ...dataFor('netatmo'), tokens, results: [{ label: '.env', ok: false, error: 'EISDIR' }] } as never;
    expect(writeFailedStep.accept({ type: 'value', id: 'write_failed', value: 'targets' }, data, ctx)).toEqual({ rewindTo: 'targets' });
    expect(writeFailedStep.accept({ type: 'value', id: 'write_failed', value: 'targets' }, { ...saved(), tokens } as never, ctx)).toMatchObject({ rewindTo: 'check_targets', patch: { given: ['profile', 'provider'] } });
  });
});
