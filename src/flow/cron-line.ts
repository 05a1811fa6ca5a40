/**
 * The crontab line shown at the end of the wizard. It refreshes at about half the access
 * token's lifetime, so one failed run still leaves time before production breaks.
 */
import type { TokenSet } from '../tokens/token-set.js';
import { shellQuote } from '../shell-quote.js';

export function cronSchedule(lifetimeSeconds: number | undefined): string {
  if (!lifetimeSeconds || lifetimeSeconds >= 4 * 86_400) return '17 4 * * *'; // long-lived: daily
  const halfMinutes = Math.max(15, Math.floor(lifetimeSeconds / 120));
  if (halfMinutes < 60) return `*/${halfMinutes >= 30 ? 30 : 15} * * * *`;
  const hours = Math.min(12, Math.floor(halfMinutes / 60));
  return hours === 1 ? '7 * * * *' : `7 */${hours} * * *`;
}


export function cronLine(profile: string, tokens: TokenSet, ctx: { commandName: string; config: { path: string } }): string {
  const lifetime = tokens.expires_at ? (Date.parse(tokens.expires_at) - Date.parse(tokens.obtained_at)) / 1000 : undefined;
  return `${cronSchedule(lifetime)} ${ctx.commandName} refresh ${shellQuote(profile)} -c ${shellQuote(ctx.config.path)} >> "$HOME/reauth.log" 2>&1`;
}
