/** A built-in service's documented access-token lifetime (kept in its preset), in words. */
import { findPreset } from '../providers/catalogue.js';

export function accessTokenLifetime(provider: string): { seconds: number; service: string } | undefined {
  const preset = findPreset(provider);
  return preset?.accessTokenLifetimeSeconds ? { seconds: preset.accessTokenLifetimeSeconds, service: preset.name } : undefined;
}

export function lifetimeText(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} days`;
  if (seconds >= 2 * 3600) return `${Math.round(seconds / 3600)} hours`;
  if (seconds >= 3600) return '1 hour';
  return `${Math.round(seconds / 60)} minutes`;
}
