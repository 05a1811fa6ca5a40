/** YAML configs, keys under the mapping at `at` (DESIGN.md "yaml"); rules in yaml-edit.ts. */
import { createFileTarget } from './file-target.js';
import type { Target, TargetContext, TargetSpec } from './types.js';
import { editYaml, readYaml } from './yaml-edit.js';

export function createYamlTarget(spec: TargetSpec, ctx: TargetContext): Target {
  return createFileTarget(spec, ctx, { read: readYaml, edit: editYaml });
}
