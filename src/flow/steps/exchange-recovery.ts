/**
 * What to offer when getting the tokens failed, by the kind of failure: a used or expired
 * code wants a fresh link, wrong app settings want the settings, a network problem wants a retry.
 */
import { ExitCode } from '../../errors.js';
import { requestNotSent } from '../../oauth/http.js';
import type { ErrorExplanation, FlowKind } from '../../providers/types.js';
import type { Recovery, RecoveryOption } from '../step.js';
import type { WizardData } from '../wizard-data.js';

function explanationOf(error: unknown): ErrorExplanation | undefined {
  const explanation = (error as { explanation?: ErrorExplanation } | null)?.explanation;
  return explanation && typeof explanation.message === 'string' ? explanation : undefined;
}

export function exchangeRecovery(error: unknown, data: WizardData, flow: FlowKind | undefined): Recovery {
  const explanation = explanationOf(error);
  const message = explanation?.message ?? (error instanceof Error ? error.message : String(error));
  const next = explanation?.next ?? (error as { nextStep?: string } | null)?.nextStep;
  const kind = explanation?.kind ?? ((error as { exitCode?: number } | null)?.exitCode === ExitCode.unavailable ? 'unavailable' : 'config');
  const freshStart: RecoveryOption =
    flow === 'device'
      ? { value: 'fresh', label: 'Get a new code', hint: 'codes for another device expire too', action: { type: 'back-to', stepId: 'device_code' } }
      : flow === 'password'
      ? { value: 'account', label: 'Enter the account and password again', action: { type: 'back-to', stepId: 'username' } }
      : flow === 'self_client'
        ? { value: 'fresh', label: 'Paste a new code', hint: 'generate another one in the API console', action: { type: 'back-to', stepId: 'sign_in' } }
        : { value: 'fresh', label: 'Get a fresh sign-in link', hint: 'codes work once and expire quickly', action: { type: 'back-to', stepId: 'sign_in' } };
  const credentials: RecoveryOption = {
    value: 'credentials',
    label: 'Enter the client ID and secret again',
    // Only an app-settings error says the client ID or secret was refused (a wrong TTLock password is not).
    action: { type: 'back-to', stepId: 'client_id', ...(kind === 'config' ? { patch: { credentialsRefused: true } } : {}) },
  };
  const quit = (exitCode: number): RecoveryOption => ({ value: 'quit', label: 'Quit', action: { type: 'quit', exitCode } });
  const options: RecoveryOption[] = [];
  switch (kind) {
    case 'code':
    case 'sign-in-again':
      options.push(freshStart, quit(ExitCode.signInAgain));
      break;
    case 'credentials':
      options.push(freshStart, credentials, quit(ExitCode.usage));
      break;
    case 'config':
      options.push(credentials);
      if (flow === 'authorization_code') {
        options.push({ value: 'redirect', label: 'Change the redirect URI', action: { type: 'back-to', stepId: 'redirect_uri' } });
      }
      options.push(freshStart, quit(ExitCode.usage));
      break;
    case 'unavailable':
      options.push(...retryOptions(error, flow, freshStart), quit(ExitCode.unavailable));
      break;
  }
  return { title: 'The service did not hand out tokens', message, ...(next ? { next } : {}), options };
}

/**
 * A code works once: once the request reached the service it is spent, whatever came back, so
 * only a request that never got there (DNS, connection refused) leaves it good for a retry.
 * A device code or an account password can be sent again.
 */
function retryOptions(error: unknown, flow: FlowKind | undefined, freshStart: RecoveryOption): RecoveryOption[] {
  const retry = (hint: string): RecoveryOption => ({ value: 'retry', label: 'Try again', hint, action: { type: 'retry' } });
  if (flow === 'password') return [retry('sends the account and password again'), freshStart];
  if (flow === 'device') return [retry('asks again with the same device code, while it lasts'), freshStart];
  if (requestNotSent(error)) return [retry('the code never reached the service, so it still works'), freshStart];
  return [freshStart, retry('sends the same code again: it was already sent once, so the service will most likely refuse it')];
}
