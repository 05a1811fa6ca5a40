/** Rescue files as an earlier run would have left them: kept tokens of a saved profile. */
import { keepTokens } from '../../src/delivery/rescue-files.js';
import type { FieldValues } from '../../src/tokens/token-set.js';

export function saveRescue(baseDir: string, profile: string, values: FieldValues, now: number, obtainedAt = new Date(now).toISOString()): Promise<string> {
  return keepTokens(baseDir, { profile, service: 'netatmo' }, values, obtainedAt, now);
}
