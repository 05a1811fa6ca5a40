/**
 * What the wizard writes and keeps: the tokens plus the app's credentials where a key names
 * them, and whose they are — the saved profile when reconnecting, otherwise the service and
 * client id, so a connection never saved is found again by the next `reauth setup`.
 */
import type { RescueOwner } from '../../delivery/rescue-files.js';
import { fieldValues, type FieldValues } from '../../tokens/token-set.js';
import type { Has } from '../step.js';
import type { WizardData } from '../wizard-data.js';
import type { KeepRequest } from '../wizard-effects.js';

export function ownerOf(data: WizardData): RescueOwner {
  return {
    ...(data.reconnect && data.profileName ? { profile: data.profileName } : {}),
    ...(data.providerId ? { service: data.providerId } : {}),
    ...(data.clientId ? { clientId: data.clientId } : {}),
  };
}

function clientOf(data: WizardData): KeepRequest['client'] {
  return { ...(data.clientId ? { client_id: data.clientId } : {}), ...(data.clientSecret ? { client_secret: data.clientSecret } : {}) };
}

export function keepRequest(data: WizardData): KeepRequest {
  return { owner: ownerOf(data), client: clientOf(data) };
}

/** The values every target gets. Only called once the tokens exist. */
export function valuesToWrite(data: Has<'tokens'>): FieldValues {
  return fieldValues(data.tokens, clientOf(data));
}
