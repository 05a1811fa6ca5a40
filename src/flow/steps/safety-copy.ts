/**
 * The moment reauth holds new tokens they are also on disk (rclone's save-on-change): a
 * closed terminal, a crash or a power cut before the write must not lose them — with a
 * rotating service the old pair may already be dead. The copy is an ordinary rescue file
 * (0600, under .reauth/), removed once every target holds the tokens.
 */
import type { WizardData } from '../wizard-data.js';
import type { WizardEffects } from '../wizard-effects.js';
import { valuesToWrite } from './target-steps.js';

export function rescueName(data: WizardData): string {
  return data.profileName ?? data.providerId ?? 'reauth';
}

export async function withSafetyCopy(data: WizardData, effects: WizardEffects): Promise<WizardData> {
  try {
    return { ...data, rescuePath: await effects.rescue(rescueName(data), valuesToWrite(data)) };
  } catch {
    // The tokens are still in memory and are written (or rescued again) later; an unwritable
    // .reauth/ folder must not throw away a code exchange that worked.
    return data;
  }
}
