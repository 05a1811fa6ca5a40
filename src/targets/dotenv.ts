/** `.env` files (DESIGN.md "dotenv"): the disk part; the editing rules live in dotenv-edit.ts. */
import { editDotenv, locateDotenv, readDotenv } from './dotenv-edit.js';
import { createFileTarget } from './file-target.js';
import type { Target, TargetContext, TargetSpec } from './types.js';

export function createDotenvTarget(spec: TargetSpec, ctx: TargetContext): Target {
  return createFileTarget(spec, ctx, { read: readDotenv, edit: editDotenv, locate: locateDotenv });
}
