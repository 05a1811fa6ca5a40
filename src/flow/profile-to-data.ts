/**
 * Reconnecting a saved profile: every setting it holds becomes a given answer, so the
 * wizard goes straight to the questions it cannot answer itself (usually: sign in).
 */
import type { ProfileConfig } from '../config/types.js';
import type { WizardData } from './wizard-data.js';

export function profileToData(profile: ProfileConfig, data: WizardData): WizardData {
  const given = ['profile', 'provider'];
  if (profile.region) given.push('region');
  if (profile.flow) given.push('flow');
  if (profile.app_type) given.push('app_type');
  if (profile.scopes?.length) given.push('scopes');
  if (profile.redirect_uri) given.push('redirect_uri');
  if (profile.targets.length) given.push('targets', 'keys');
  // The saved profile is the truth about the restart command too: absent means none.
  given.push('after_write', 'after_write_on');
  return {
    ...data,
    given,
    reconnect: true,
    profileName: profile.name,
    savedProfile: profile,
    providerId: profile.provider,
    region: profile.region,
    flow: profile.flow,
    appType: profile.app_type,
    scopes: profile.scopes,
    redirectUri: profile.redirect_uri,
    settings: { ...profile.settings },
    targets: profile.targets.length ? profile.targets : undefined,
    keysConfirmed: profile.targets.length,
    afterWrite: profile.after_write,
    ...(profile.after_write_on ? { afterWriteOn: profile.after_write_on } : {}),
  };
}
