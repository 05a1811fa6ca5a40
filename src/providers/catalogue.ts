/**
 * The built-in services. Each lives in its own file as plain data (STYLE.md: providers are
 * data, OAuth is mechanism); adding a service means adding a file and a line here.
 */
import { netatmoPreset } from './netatmo.js';
import { tiktokPreset } from './tiktok.js';
import { ttlockPreset } from './ttlock.js';
import type { ProviderPreset } from './types.js';
import { zohoDeskPreset } from './zoho-desk.js';
import { zohoSalesIqPreset } from './zoho-salesiq.js';

/** In the order `reauth providers` and the wizard list them. */
export const PRESETS: readonly ProviderPreset[] = [netatmoPreset, ttlockPreset, tiktokPreset, zohoSalesIqPreset, zohoDeskPreset];

export function findPreset(id: string, presets: readonly ProviderPreset[] = PRESETS): ProviderPreset | undefined {
  return presets.find((preset) => preset.id === id);
}
