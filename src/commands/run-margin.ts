/**
 * `reauth run --margin`: how long before its expiry an access token counts as stale. A bare
 * number is seconds; `s`, `m`, `h` say the unit (`90s`, `5m`, `1h`).
 */
import { ExitCode, UserError } from '../errors.js';

/** Five minutes: longer than most programs take to start and make their first call. */
export const DEFAULT_MARGIN_MS = 5 * 60_000;

const UNIT_MS: Readonly<Record<string, number>> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000 };

export function parseMargin(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$/i.exec(text);
  if (!match) {
    throw new UserError(`--margin ${JSON.stringify(text)} is not a duration.`, 'Give seconds (300) or a number with s, m or h (90s, 5m, 1h).', ExitCode.usage);
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!);
}
