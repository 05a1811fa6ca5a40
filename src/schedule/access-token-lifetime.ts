/** What each built-in service documents for its access token's lifetime (PROVIDERS.md). */
const HOUR = 3600;

export function accessTokenLifetime(provider: string): { seconds: number; service: string } | undefined {
  if (provider === 'netatmo') return { seconds: 3 * HOUR, service: 'Netatmo' };
  if (provider === 'tiktok') return { seconds: 24 * HOUR, service: 'TikTok' };
  if (provider.startsWith('zoho')) return { seconds: HOUR, service: 'Zoho' };
  if (provider === 'ttlock') return { seconds: 90 * 24 * HOUR, service: 'TTLock' };
  return undefined;
}

export function lifetimeText(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} days`;
  if (seconds >= 2 * HOUR) return `${Math.round(seconds / HOUR)} h`;
  if (seconds >= HOUR) return '1 h';
  return `${Math.round(seconds / 60)} min`;
}
