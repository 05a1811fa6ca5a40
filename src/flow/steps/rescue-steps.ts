/**
 * An earlier run obtained tokens but could not write them (DESIGN.md: rescue files). They are
 * newer than what the files hold — and with rotating services the files' refresh token may
 * already be dead — so reconnecting offers them before a new sign-in.
 */
import type { TokenSet } from '../../tokens/token-set.js';
import type { RescuedTokens } from '../../tokens/rescue.js';
import type { ActionStep, QuestionStep } from '../step.js';
import type { WizardData } from '../wizard-data.js';

export function tokensFromRescue(rescue: RescuedTokens): TokenSet | undefined {
  const v = rescue.values;
  if (!v.access_token) return undefined;
  const extras: Record<string, string> = {};
  for (const key of ['uid', 'open_id', 'api_domain'] as const) if (v[key]) extras[key] = v[key];
  return {
    access_token: v.access_token,
    ...(v.refresh_token ? { refresh_token: v.refresh_token } : {}),
    ...(v.expires_at ? { expires_at: v.expires_at } : {}),
    ...(v.refresh_expires_at ? { refresh_expires_at: v.refresh_expires_at } : {}),
    ...(v.token_type ? { token_type: v.token_type } : {}),
    ...(v.scope ? { scope: v.scope } : {}),
    extras,
    obtained_at: rescue.savedAt,
  };
}

export const useRescuedStep: QuestionStep = {
  type: 'question',
  id: 'use_rescued',
  applies: (data) => !!data.rescued?.length && !data.tokens,
  prompt: (data) => {
    const newest = data.rescued![0]!;
    return {
      kind: 'select',
      title: 'reauth kept tokens from an earlier run that could not write them',
      help: `Saved ${newest.savedAt} in ${newest.path}.\nThey are newer than what your files hold: write them now instead of signing in again.`,
      options: [
        { value: 'use', label: 'Write the kept tokens', hint: 'no sign-in needed' },
        { value: 'sign-in', label: 'Sign in again instead', hint: 'the kept file stays until you delete it' },
      ],
      initial: 'use',
    };
  },
  accept: (answer, data): { data: WizardData } | { error: string } => {
    const choice = answer.type === 'value' ? answer.value : '';
    if (choice === 'sign-in') return { data };
    if (choice !== 'use') return { error: 'Choose one of the options.' };
    const newest = data.rescued![0]!;
    const tokens = tokensFromRescue(newest);
    if (!tokens) return { error: `${newest.path} holds no access token; choose "Sign in again instead".` };
    return { data: { ...data, tokens, usingRescue: newest.path } };
  },
  summary: (data) => (data.usingRescue ? { label: 'Tokens', value: `kept from ${data.usingRescue}` } : undefined),
  undo: (data) => ({ ...data, tokens: undefined, usingRescue: undefined }),
};

/** Once the kept tokens are written everywhere, their rescue file has done its job. */
export const clearRescuedStep: ActionStep = {
  type: 'action',
  id: 'clear_rescued',
  applies: (data) => !!data.usingRescue && (data.results ?? []).length > 0 && (data.results ?? []).every((r) => r.ok),
  title: () => 'Removing the rescue file…',
  run: async (data, _ctx, effects) => {
    await effects.removeRescued(data.usingRescue!);
    return data;
  },
  summary: (data) => ({ label: 'Rescue file', value: `${data.usingRescue} removed` }),
};
