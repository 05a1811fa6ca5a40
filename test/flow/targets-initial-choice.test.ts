/** Which places the targets question ticks before the person touches it. */
import { describe, expect, it } from 'vitest';
import { targetsStep } from '../../src/flow/steps/target-steps.js';
import { EMPTY_DATA, type TargetCandidate, type WizardContext } from '../../src/flow/wizard-data.js';

const ctx = {} as WizardContext; // the targets prompt reads only the candidates

function ticked(candidates: readonly TargetCandidate[]): readonly string[] {
  const prompt = targetsStep.prompt({ ...EMPTY_DATA, candidates }, ctx);
  if (prompt.kind !== 'multiselect') throw new Error(`expected a multiselect, got ${prompt.kind}`);
  return prompt.initial.map((i) => candidates[Number(i)]!.label);
}

const generic: TargetCandidate = {
  spec: { type: 'json', file: 'main/tokens.json', keys: { access_token: 'access_token' } },
  label: 'main/tokens.json',
  reason: 'holds access_token and refresh_token',
  exists: true,
  preselect: false,
};
const newEnv: TargetCandidate = { spec: { type: 'dotenv', file: '.env', keys: {} }, label: '.env', reason: 'a new file in this folder', exists: false };
const other: TargetCandidate = { spec: { type: 'dotenv', file: '', keys: {} }, label: 'Another file…', reason: 'type its path', exists: false, ask: 'file-path' };

describe('the places ticked at first', () => {
  it('ticks the files that clearly hold this service’s tokens', () => {
    expect(ticked([{ ...generic, label: 'env.py', preselect: true }, newEnv, other])).toEqual(['env.py']);
  });

  it('never ticks a file of plain token keys that may be another service’s: the .env instead', () => {
    expect(ticked([generic, newEnv, other])).toEqual(['.env']);
  });

  it('ticks nothing rather than guess when there is no .env slot', () => {
    expect(ticked([generic, other])).toEqual([]);
  });
});
