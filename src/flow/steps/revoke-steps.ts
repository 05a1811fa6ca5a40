/**
 * Zoho keeps 20 refresh tokens per user and client; the 21st silently deletes the oldest,
 * which may be the one another deployment uses (PROVIDERS.md). Once the new token is safely
 * written, offer to revoke the one it replaces — never before, so nothing is lost.
 */
import { maskSecret } from '../../secret-mask.js';
import type { ActionStep, QuestionStep } from '../step.js';
import type { WizardContext, WizardData } from '../wizard-data.js';
import { guaranteed, providerOf } from './step-helpers.js';

function replacedToken(data: WizardData, ctx: WizardContext): string | undefined {
  if (!providerOf(data, ctx).refreshTokenCap || !providerOf(data, ctx).revokeUrl) return undefined;
  const old = data.prefill?.refresh_token?.value;
  const allWritten = (data.results ?? []).length > 0 && (data.results ?? []).every((r) => r.ok);
  return old && allWritten && old !== data.tokens?.refresh_token ? old : undefined;
}

export const revokeOldQuestion: QuestionStep = {
  type: 'question',
  id: 'revoke_old',
  applies: (data, ctx) => replacedToken(data, ctx) !== undefined,
  prompt: (data) => ({
    kind: 'confirm',
    title: 'Revoke the refresh token this one replaces?',
    help: `The old token ${maskSecret(data.prefill?.refresh_token?.value)} was in ${data.prefill?.refresh_token?.source ?? 'your files'}. Revoking it keeps you under Zoho's limit of 20. Say no if another server or script still uses it.`,
    initial: false,
  }),
  accept: (answer, data) => (answer.type === 'confirm' ? { data: { ...data, revokeOld: answer.value } } : { error: 'Answer yes or no.' }),
  // A yes is summed up by the revoke itself (revokeOldRun); a no would otherwise leave no trace.
  summary: (data) => (data.revokeOld === false ? { label: 'Old token', value: 'kept: not revoked (another server or script may use it)' } : undefined),
};

export const revokeOldRun: ActionStep = {
  type: 'action',
  id: 'revoke_old_run',
  applies: (data, ctx) => data.revokeOld === true && replacedToken(data, ctx) !== undefined,
  title: () => 'Revoking the replaced refresh token…',
  run: async (data, ctx, effects) => {
    const token = guaranteed(replacedToken(data, ctx), 'revoke_old_run', 'refresh token to revoke');
    try {
      const outcome = await effects.revoke(providerOf(data, ctx), token);
      // Usually the old token of a reconnect was dead already (that is why the person signed
      // in again): nothing is wrong and nothing is left to do, so no ✘.
      if (outcome === 'already-invalid') return { ...data, revokeResult: { ok: true, summary: 'the replaced refresh token was already invalid: nothing to revoke' } };
      return { ...data, revokeResult: { ok: true, summary: 'the replaced refresh token was revoked' } };
    } catch (error) {
      // The new token is already written; a failed revoke is reported, not fatal.
      return { ...data, revokeResult: { ok: false, summary: revokeFailure(error, providerOf(data, ctx).name) } };
    }
  },
  summary: (data) => ({ label: 'Old token', value: data.revokeResult?.summary ?? '', ...(data.revokeResult?.ok ? {} : { failed: true }) }),
};

/**
 * What went wrong, then the one next step. The token error's own next step ("try again in a few
 * minutes", "check the client ID") is about a sign-in: here the new token is in place and the
 * wizard does not try again, so the way forward is to revoke the old one by hand.
 */
function revokeFailure(error: unknown, serviceName: string): string {
  const what = error instanceof Error ? error.message : String(error);
  return `could not revoke it: ${what.replace(/[.\s]*$/, '')}. The new token is in place; if no other server uses the old one, revoke it on ${serviceName}'s website.`;
}
