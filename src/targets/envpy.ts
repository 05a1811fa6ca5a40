/** Python `env.py` settings files (DESIGN.md "envpy"); the editing rules live in envpy-edit.ts. */
import { editEnvpy, locateEnvpy, readEnvpy } from './envpy-edit.js';
import { createFileTarget } from './file-target.js';
import type { Target, TargetContext, TargetSpec } from './types.js';

export function createEnvpyTarget(spec: TargetSpec, ctx: TargetContext): Target {
  return createFileTarget(spec, ctx, { read: readEnvpy, edit: editEnvpy, locate: locateEnvpy });
}
