/**
 * Device sign-in (RFC 8628): reauth asks the service for a short code, shows it with the
 * address to type it at (on a phone, another computer), and waits for the approval — no
 * browser here, no redirect, nothing to paste. The wait shows the code big and the countdown.
 */
import { formatWhen } from '../../format-when.js';
import { maskSecret } from '../../secret-mask.js';
import { BugError } from '../../errors.js';
import { actionStep } from '../step.js';
import type { WizardData } from '../wizard-data.js';
import type { WizardEffects } from '../wizard-effects.js';
import { exchangeRecovery } from './exchange-recovery.js';
import { flowOf } from './service-steps.js';
import { providerOf } from './step-helpers.js';
import { keepRequest } from './tokens-to-keep.js';

function effect<K extends 'startDeviceSignIn' | 'finishDeviceSignIn'>(effects: WizardEffects, name: K): NonNullable<WizardEffects[K]> {
  const run = effects[name];
  if (!run) throw new BugError(`the wizard's effects have no ${name}, which device sign-in needs`);
  return run.bind(effects) as NonNullable<WizardEffects[K]>;
}

export const deviceCodeStep = actionStep({
  id: 'device_code',
  needs: ['clientId', 'clientSecret'],
  applies: (data, ctx) => !data.tokens && flowOf(data, ctx) === 'device',
  title: (data, ctx) => `Asking ${providerOf(data, ctx).name} for a sign-in code…`,
  run: async (data, ctx, effects) => {
    const provider = providerOf(data, ctx);
    const device = await effect(effects, 'startDeviceSignIn')(provider, {
      clientId: data.clientId,
      clientSecret: data.clientSecret,
      scopes: data.scopes ?? provider.defaultScopes,
    });
    return { ...data, device };
  },
  recover: (error, data) => exchangeRecovery(error, data, 'device'),
  undo: (data): WizardData => ({ ...data, device: undefined }),
});

export const deviceWaitStep = actionStep({
  id: 'device_wait',
  needs: ['clientId', 'clientSecret', 'device'],
  applies: (data, ctx) => !data.tokens && flowOf(data, ctx) === 'device',
  title: (data, ctx) => `Sign in to ${providerOf(data, ctx).name} on another device`,
  // No help line: the screen says what to do beside the code, and the live line says it waits.
  busyView: (data) => ({
    device: {
      userCode: data.device.userCode,
      verificationUri: data.device.verificationUri,
      ...(data.device.verificationUriComplete ? { verificationUriComplete: data.device.verificationUriComplete } : {}),
      deadline: data.device.expiresAt,
      intervalSeconds: data.device.intervalSeconds,
    },
  }),
  run: async (data, ctx, effects) => {
    const obtained = await effect(effects, 'finishDeviceSignIn')(
      providerOf(data, ctx),
      { clientId: data.clientId, clientSecret: data.clientSecret, grant: data.device },
      keepRequest(data),
    );
    return { ...data, tokens: obtained.tokens, safetyCopy: obtained.safetyCopy };
  },
  recover: (error, data) => exchangeRecovery(error, data, 'device'),
  summary: (data, ctx) => ({
    label: 'Tokens',
    value: `access ${maskSecret(data.tokens?.access_token)}${data.tokens?.expires_at ? `, valid until ${formatWhen(data.tokens.expires_at, ctx.now())}` : ''} (device sign-in)`,
  }),
});
