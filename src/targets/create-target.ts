/** One place that turns a `targets:` entry of reauth.yaml into the Target that writes it. */
import { createDotenvTarget } from './dotenv.js';
import { createEnvpyTarget } from './envpy.js';
import { createHerokuTarget } from './heroku.js';
import { createJsonTarget } from './json.js';
import { UserError } from '../errors.js';
import type { Target, TargetContext, TargetSpec } from './types.js';
import { createYamlTarget } from './yaml.js';

const FACTORIES: Readonly<Record<TargetSpec['type'], (spec: TargetSpec, ctx: TargetContext) => Target>> = {
  dotenv: createDotenvTarget,
  envpy: createEnvpyTarget,
  yaml: createYamlTarget,
  json: createJsonTarget,
  heroku: createHerokuTarget,
};

export function createTarget(spec: TargetSpec, ctx: TargetContext): Target {
  // reauth.yaml is hand-edited: a typo in `type:` must read as advice, not a crash.
  const factory = Object.hasOwn(FACTORIES, spec.type) ? FACTORIES[spec.type] : undefined;
  if (!factory) {
    throw new UserError(`A target in reauth.yaml has type "${String(spec.type)}", which reauth does not know.`, `use one of: ${Object.keys(FACTORIES).join(', ')}`);
  }
  return factory(spec, ctx);
}
