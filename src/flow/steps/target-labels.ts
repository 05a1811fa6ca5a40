/** How a target is named to the person. */
import type { TargetSpec } from '../../targets/types.js';

export function targetLabel(spec: TargetSpec): string {
  if (spec.type === 'heroku') return spec.app ? `Heroku app ${spec.app}` : 'a Heroku app (not chosen yet)';
  if (!spec.file) return 'another file (not named yet)';
  return spec.at ? `${spec.file} at ${spec.at}` : spec.file;
}

/** "access token → NETATMO_ACCESS_TOKEN" lines, for confirming key names. */
export function describeKeys(spec: TargetSpec): string {
  return Object.entries(spec.keys)
    .map(([field, key]) => `${field.replace(/_/g, ' ').padEnd(14)} → ${key}`)
    .join('\n');
}
