/**
 * The ways out when a place the tokens go is not ready — found before the sign-in
 * (check_targets, heroku_apps) or after it (plan, write): "Choose other places" really opens
 * the places question again, for a saved profile too, and "Quit" says honestly what was spent.
 */
import { ExitCode, UserError } from '../../errors.js';
import type { Recovery, RecoveryOption } from '../step.js';
import type { WizardData } from '../wizard-data.js';
import { isGiven } from './step-helpers.js';

/**
 * How to ask the places question again. A new connection answered it: go back to it. A saved
 * profile gave its places, so there is no answer to go back to: they stop being given, and the
 * question is asked with the saved places ticked beside the ones found in the folder. When the
 * places were already checked (the failure came later), that check is undone too, so the
 * places chosen now are checked before anything is written.
 */
export function placesAgain(data: WizardData, checked: boolean): { readonly stepId?: string; readonly patch?: Partial<WizardData> } {
  if (!isGiven(data, 'targets')) return { stepId: 'targets' };
  const patch: Partial<WizardData> = { given: data.given.filter((id) => id !== 'targets' && id !== 'keys'), keysConfirmed: 0 };
  return checked ? { stepId: 'check_targets', patch } : { patch };
}

/** "Choose other places" as a recovery option; `checked`: the places passed check_targets already. */
export function choosePlacesOption(data: WizardData, checked: boolean): RecoveryOption {
  const again = placesAgain(data, checked);
  return {
    value: 'targets',
    label: 'Choose other places',
    hint: isGiven(data, 'targets') ? 'untick the one named above; reauth.yaml keeps its saved places' : 'untick the one named above',
    action: again.stepId ? { type: 'back-to', stepId: again.stepId, ...(again.patch ? { patch: again.patch } : {}) } : { type: 'retry', ...(again.patch ? { patch: again.patch } : {}) },
  };
}

/** Quit, saying what it costs: nothing before the sign-in; after it, the tokens wait in a rescue file. */
export function quitOption(data: WizardData, error?: unknown): RecoveryOption {
  if (data.tokens) {
    return { value: 'quit', label: 'Quit', hint: 'the new tokens are kept in a rescue file: reauth offers them next time', action: { type: 'quit', exitCode: ExitCode.writeFailed } };
  }
  const later = data.reconnect && data.profileName ? `; run \`reauth setup ${data.profileName}\` again later` : '';
  return {
    value: 'quit',
    label: 'Quit',
    hint: `nothing was spent: you have not signed in yet${later}`,
    action: { type: 'quit', exitCode: error instanceof UserError ? error.exitCode : ExitCode.usage },
  };
}

/** A place that is not ready: what went wrong, then try again, other places, or quit. */
export function placeNotReady(
  title: string,
  error: unknown,
  data: WizardData,
  retry: { readonly label: string; readonly hint: string },
  checked: boolean,
): Recovery {
  return {
    title,
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof UserError && error.nextStep ? { next: error.nextStep } : {}),
    options: [
      { value: 'retry', label: retry.label, hint: retry.hint, action: { type: 'retry' } },
      choosePlacesOption(data, checked),
      quitOption(data, error),
    ],
  };
}
