/**
 * An earlier run obtained tokens but could not write them (DESIGN.md: rescue files). They are
 * newer than what the files hold — and with rotating services the files' refresh token may
 * already be dead — so the wizard offers them before a new sign-in: for a saved profile when
 * reconnecting, and for a new connection once its service and client id are known (a Ctrl+C
 * at the preview of a connection never saved still finds its tokens again).
 */
import type { RescuedTokens } from '../../delivery/rescue-files.js';
import type { TokenSet } from '../../tokens/token-set.js';
import { displayPathOf } from '../../config/display-path.js';
import { formatWhen } from '../../format-when.js';
import { questionStep, type ActionStep, type Has } from '../step.js';
import { guaranteed } from './step-helpers.js';
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
    obtained_at: rescue.obtainedAt,
  };
}

export const findRescuedStep: ActionStep = {
  type: 'action',
  id: 'find_rescued',
  applies: (data) => !data.tokens && data.rescued === undefined && (data.reconnect || !!data.clientId),
  title: () => 'Looking for tokens kept by an earlier run…',
  run: async (data, _ctx, effects) => {
    const rescued = await effects.findRescued({
      ...(data.reconnect && data.profileName ? { profile: data.profileName } : {}),
      ...(data.providerId ? { service: data.providerId } : {}),
      ...(data.clientId ? { clientId: data.clientId } : {}),
    });
    return { ...data, rescued };
  },
  // A folder that cannot be read holds no rescue worth stopping for.
  recover: () => ({ title: 'Kept tokens could not be looked for', message: 'reauth could not read its .reauth folder.', options: [{ value: 'continue', label: 'Go on', action: { type: 'continue', patch: { rescued: [] } } }] }),
  undo: (data) => ({ ...data, rescued: undefined }),
};

/** The list is newest first, and `applies` saw it was not empty. */
const newestRescued = (data: Has<'rescued'>): RescuedTokens => guaranteed(data.rescued[0], 'use_rescued', 'rescued[0]');

export const useRescuedStep = questionStep({
  id: 'use_rescued',
  needs: ['rescued'],
  applies: (data) => !!data.rescued?.length && !data.tokens,
  prompt: (data, ctx) => {
    const newest = newestRescued(data);
    return {
      kind: 'select',
      title: 'reauth kept tokens from an earlier run that did not write them',
      help: `Obtained ${formatWhen(newest.obtainedAt, ctx.now())}, kept in ${displayPathOf(newest.path, ctx.cwd)}.\nThey are newer than what your files hold: write them now instead of signing in again.`,
      options: [
        { value: 'use', label: 'Write the kept tokens', hint: 'no sign-in needed' },
        { value: 'sign-in', label: 'Sign in again instead', hint: 'the kept file is removed once the new tokens are written' },
      ],
      initial: 'use',
    };
  },
  accept: (answer, data): { data: WizardData } | { error: string } => {
    const choice = answer.type === 'value' ? answer.value : '';
    if (choice === 'sign-in') return { data };
    if (choice !== 'use') return { error: 'Choose one of the options.' };
    const newest = newestRescued(data);
    const tokens = tokensFromRescue(newest);
    if (!tokens) return { error: `${newest.path} holds no access token; choose "Sign in again instead".` };
    return { data: { ...data, tokens, usingRescue: newest.path, safetyCopy: { path: newest.path, holds: true } } };
  },
  summary: (data, ctx) => (data.usingRescue ? { label: 'Tokens', value: `kept from ${displayPathOf(data.usingRescue, ctx.cwd)}` } : undefined),
  undo: (data) => ({ ...data, tokens: undefined, usingRescue: undefined, safetyCopy: undefined }),
});
