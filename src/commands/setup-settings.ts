/**
 * Settings the live check needs (SalesIQ's screen name) that a file of the folder already
 * holds, e.g. `SALESIQ_SCREEN_NAME=acme` in `.env`: read through the same targets as tokens,
 * with the setting's key put where a token field would be (the file engines read any key).
 */
import { createTarget } from '../targets/create-target.js';
import type { KeyMap, TargetContext } from '../targets/types.js';
import type { SettingLookup } from '../flow/wizard-effects.js';

export async function readFoundSettings(
  lookups: readonly SettingLookup[],
  ctx: TargetContext,
): Promise<Record<string, { value: string; source: string }>> {
  const found: Record<string, { value: string; source: string }> = {};
  for (const { spec, setting, key } of lookups) {
    // Heroku would mean a CLI call per guess; only files are read.
    if (found[setting] || spec.type === 'heroku') continue;
    try {
      const target = createTarget({ ...spec, keys: { [setting]: key } as KeyMap }, ctx);
      const value = ((await target.read()).values as Record<string, string | undefined>)[setting]?.trim();
      if (value) found[setting] = { value, source: `${target.label} (${key})` };
    } catch {
      // A file that cannot be read is reported when it is planned as a target, not here.
    }
  }
  return found;
}
