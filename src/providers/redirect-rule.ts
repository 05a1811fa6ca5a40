/**
 * Checks a redirect URI against the service's rules before a sign-in is wasted on it.
 * Returns one plain sentence when it cannot work, undefined when it can.
 */
import type { RedirectRule } from './types.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function checkRedirectUri(uri: string, rule: RedirectRule): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'That is not a complete address: it must start with https:// (or http://localhost for a local app).';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `"${url.protocol}" addresses cannot receive a sign-in: use https:// (or http://localhost).`;
  }
  if (url.hash) return 'A redirect URI cannot contain "#": remove everything from "#" on.';
  if (rule === 'https' && url.protocol !== 'https:') {
    return 'This kind of app only accepts https:// redirect URIs: use the https address registered in the portal.';
  }
  if (rule === 'loopback') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      return 'Desktop apps must use http://localhost:PORT or http://127.0.0.1:PORT as the redirect URI (as registered in the portal).';
    }
    if (!url.port) return 'Add a port to the address, e.g. http://localhost:8080/callback — desktop apps need one.';
    if (url.search) return 'Desktop redirect URIs cannot have a query (the part after "?"): remove it here and in the portal.';
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return 'Plain http:// is only allowed for localhost: use the https:// address registered in the portal.';
  }
  return undefined;
}
