/** JSON token files, keys under the object at `at` (DESIGN.md "json"); rules in json-edit.ts. */
import { createFileTarget } from './file-target.js';
import { editJson, readJson } from './json-edit.js';
import type { Target, TargetContext, TargetSpec } from './types.js';

export function createJsonTarget(spec: TargetSpec, ctx: TargetContext): Target {
  return createFileTarget(spec, ctx, { read: readJson, edit: editJson });
}
