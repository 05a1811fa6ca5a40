/** The key-name question: keep the proposed names, or rename them field by field. */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/flow/prompt.js';
import { keyCollisions, keyNamesSummary, keysStep } from '../../src/flow/steps/key-names-step.js';
import type { PromptBody } from '../../src/flow/step.js';
import { EMPTY_DATA, type WizardContext, type WizardData } from '../../src/flow/wizard-data.js';
import type { TargetSpec } from '../../src/targets/types.js';

const ctx = {} as WizardContext; // the key-name step reads only the targets

const tiktokEnv: TargetSpec = {
  type: 'dotenv',
  file: '.env',
  keys: {
    access_token: 'TIKTOK_ACCESS_TOKEN',
    refresh_token: 'TIKTOK_REFRESH_TOKEN',
    expires_at: 'TIKTOK_TOKEN_EXPIRES_AT',
    client_id: 'TIKTOK_CLIENT_KEY',
    client_secret: 'TIKTOK_CLIENT_SECRET',
  },
};

const start: WizardData = { ...EMPTY_DATA, targets: [tiktokEnv] };

function value(text: string): Answer {
  return { type: 'value', id: 'keys', value: text };
}

type Round = { data: WizardData; prompt: PromptBody | { kind: 'none' }; error?: string; done?: boolean };

function answer(data: WizardData, given: Answer): Round {
  const result = keysStep.accept(given, data, ctx);
  if ('error' in result) return { data, prompt: keysStep.prompt(data, ctx), error: result.error };
  if (!('data' in result)) throw new Error(`unexpected ${JSON.stringify(result)}`);
  if (!result.again) return { data: result.data, prompt: { kind: 'none' }, done: true };
  return { data: result.data, prompt: keysStep.prompt(result.data, ctx), done: false };
}

function textPrompt(round: Round): Extract<PromptBody, { kind: 'text' }> {
  if (round.prompt.kind !== 'text') throw new Error(`expected a text field, got ${round.prompt.kind}`);
  return round.prompt;
}

describe('key names', () => {
  it('offers each field of "Change them" with its own name, not the previous field’s', () => {
    let round = answer(start, value('edit'));
    const seen: { title: string; initial: string | undefined }[] = [];
    while (round.prompt.kind === 'text') {
      const field = textPrompt(round);
      seen.push({ title: field.title, initial: field.initial });
      round = answer(round.data, value(field.initial ?? ''));
    }
    expect(seen).toEqual([
      { title: 'Key name for the access token in .env', initial: 'TIKTOK_ACCESS_TOKEN' },
      { title: 'Key name for the refresh token in .env', initial: 'TIKTOK_REFRESH_TOKEN' },
      { title: 'Key name for the expires at in .env', initial: 'TIKTOK_TOKEN_EXPIRES_AT' },
      { title: 'Key name for the client id in .env', initial: 'TIKTOK_CLIENT_KEY' },
      { title: 'Key name for the client secret in .env', initial: 'TIKTOK_CLIENT_SECRET' },
    ]);
    // Enter through every field changes nothing; the names are shown once more to confirm.
    expect(round.prompt.kind).toBe('select');
    expect(round.data.targets).toEqual([tiktokEnv]);
    expect(answer(round.data, value('keep')).done).toBe(true);
  });

  it('refuses a name an earlier field already took, naming both fields', () => {
    // What the old screen did on Enter-through: the second field arrived holding the first's name.
    const first = answer(answer(start, value('edit')).data, value('TIKTOK_ACCESS_TOKEN'));
    const refused = answer(first.data, value('TIKTOK_ACCESS_TOKEN'));
    expect(refused.error).toBe(
      'TIKTOK_ACCESS_TOKEN is already the key name for the access token here: two values cannot share one key. Type another name, or leave it empty to not write the refresh token here.',
    );
    expect(textPrompt(refused).title).toBe('Key name for the refresh token in .env');
    expect(refused.data.targets).toEqual([tiktokEnv]);
  });

  it('lets two names be swapped, since a later field may still be renamed', () => {
    let round = answer(start, value('edit'));
    round = answer(round.data, value('TIKTOK_REFRESH_TOKEN'));
    expect(round.error).toBeUndefined();
    round = answer(round.data, value('TIKTOK_ACCESS_TOKEN'));
    expect(round.error).toBeUndefined();
    for (let i = 0; i < 3; i++) round = answer(round.data, value(textPrompt(round).initial ?? ''));
    expect(round.data.targets![0]!.keys).toMatchObject({ access_token: 'TIKTOK_REFRESH_TOKEN', refresh_token: 'TIKTOK_ACCESS_TOKEN' });
    expect(keyCollisions(round.data.targets![0]!.keys)).toEqual([]);
  });

  it('asks every field even when an earlier one is left empty, then leaves that value out', () => {
    let round = answer(start, value('edit'));
    const titles: string[] = [];
    while (round.prompt.kind === 'text') {
      const field = textPrompt(round);
      titles.push(field.title);
      round = answer(round.data, value(field.title.includes('expires at') ? '' : (field.initial ?? '')));
    }
    expect(titles).toHaveLength(5);
    expect(titles.at(-1)).toBe('Key name for the client secret in .env');
    const { expires_at, ...rest } = tiktokEnv.keys;
    expect(expires_at).toBeDefined();
    expect(round.data.targets![0]!.keys).toEqual(rest);
  });

  it('refuses to keep a mapping that sends two values to one key, and says which', () => {
    const broken: TargetSpec = { ...tiktokEnv, keys: { ...tiktokEnv.keys, client_secret: 'TIKTOK_ACCESS_TOKEN' } };
    const round = answer({ ...start, targets: [broken] }, value('keep'));
    expect(round.error).toBe('In .env the access token and client secret would both be written to TIKTOK_ACCESS_TOKEN: each value needs its own key name. Choose "Change them".');
    expect(round.data.keysConfirmed).toBe(0);
  });

  it('lets two targets use the same names: only one target’s own keys must differ', () => {
    const heroku: TargetSpec = { type: 'heroku', app: 'guesthouse', keys: { access_token: 'TIKTOK_ACCESS_TOKEN' } };
    const first = answer({ ...start, targets: [tiktokEnv, heroku] }, value('keep'));
    expect(first.done).toBe(false);
    expect(answer(first.data, value('keep')).done).toBe(true);
  });
});

describe('the key names summary line', () => {
  it('names the place before its keys when there are several, and only the keys for one', () => {
    const envpy = { type: 'envpy' as const, file: 'env.py', keys: { access_token: 'SCIENER_ACCESS_TOKEN', refresh_token: 'SCIENER_REFRESH_TOKEN' } };
    const json = { type: 'json' as const, file: 'main/tokens.json', keys: { access_token: 'access_token' } };
    const heroku = { type: 'heroku' as const, app: 'guest-house-locks', keys: { access_token: 'SCIENER_ACCESS_TOKEN' } };
    expect(keyNamesSummary([envpy])).toBe('SCIENER_ACCESS_TOKEN, SCIENER_REFRESH_TOKEN');
    expect(keyNamesSummary([envpy, json, heroku])).toBe(
      'env.py: SCIENER_ACCESS_TOKEN, SCIENER_REFRESH_TOKEN; main/tokens.json: access_token; Heroku guest-house-locks: SCIENER_ACCESS_TOKEN',
    );
  });
});
