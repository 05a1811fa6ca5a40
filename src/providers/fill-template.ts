/**
 * Fills `{name}` placeholders in a preset's URL and header templates. Values are
 * percent-encoded when they land in a URL path or query, because settings such as a
 * SalesIQ screen name come from the person.
 */
export function fillTemplate(template: string, vars: Readonly<Record<string, string | undefined>>, encode = true): string {
  return template.replace(/\{([a-z_][a-z0-9_]*)\}/gi, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    // `*_url` values are whole URLs (Zoho's accounts server): never encode those.
    return encode && !name.endsWith('_url') ? encodeURIComponent(value) : value;
  });
}

/** Placeholder names still unfilled, so callers can ask for the missing settings. */
export function missingPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([a-z_][a-z0-9_]*)\}/gi)].map((m) => m[1] as string);
}
