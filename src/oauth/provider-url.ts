/**
 * Preset URLs are templates (`{accounts_url}/oauth/v2/token`, `…/{screen_name}/…`). Filling
 * them here as well as in the resolver is harmless (a filled URL has no placeholders left)
 * and means the mechanism never sends a request to a URL with a `{hole}` in it.
 */
import { UserError } from '../errors.js';
import { fillTemplate, missingPlaceholders } from '../providers/fill-template.js';
import type { ResolvedProvider } from '../providers/types.js';

export function providerUrl(
  provider: Pick<ResolvedProvider, 'name' | 'vars'>,
  template: string,
  extraVars: Readonly<Record<string, string | undefined>> = {},
): string {
  const filled = fillTemplate(template, { ...provider.vars, ...extraVars });
  const missing = missingPlaceholders(filled);
  if (missing.length > 0) {
    throw new UserError(
      `The ${provider.name} address ${template} needs ${missing.map((name) => `"${name}"`).join(' and ')}, which is not set.`,
      `Add ${missing.join(', ')} under settings: in the profile (reauth.yaml), or choose the region again.`,
    );
  }
  return filled;
}
