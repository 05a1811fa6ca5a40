/**
 * One entry under `profiles:`. Checks that everything the later steps rely on is present and
 * spelled right, so `reauth refresh` from cron fails at once with a line number instead of
 * half-way through a token exchange.
 */
import type { FlowKind, ProviderPreset } from '../providers/types.js';
import type { AfterWriteOn, ProfileConfig } from './types.js';
import type { ConfigReader } from './config-reader.js';
import { hasEnvReference } from './expand-env.js';
import { AFTER_WRITE_ON, FLOW_KINDS, PROFILE_HAND_WRITTEN_KEYS, PROFILE_KEYS, PROFILE_NAME_PATTERN } from './known-keys.js';
import { readNotify } from './read-notify.js';
import { readTarget } from './read-target.js';
import { suggestName } from './suggest-name.js';

/** What the loader knows about a provider id: a preset, or a custom service from `providers:`. */
export type KnownProvider =
  | { readonly kind: 'preset'; readonly preset: ProviderPreset }
  | { readonly kind: 'custom'; readonly id: string };

export function readProfile(
  reader: ConfigReader,
  name: string,
  node: unknown,
  line: number,
  providers: ReadonlyMap<string, KnownProvider>,
): ProfileConfig {
  const field = `profiles.${name}`;
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw reader.fail(line, `the profile name ${JSON.stringify(name)} may only use letters, digits, -, _ and . (it is used in file names and commands).`);
  }
  const map = reader.map(node, field, line);
  const fields = reader.fields(map, field, [...PROFILE_KEYS, ...PROFILE_HAND_WRITTEN_KEYS]);
  const text = (key: (typeof PROFILE_KEYS)[number]): string | undefined => {
    const entry = fields.get(key);
    return entry ? reader.string(entry.node, `${field}.${key}`, entry.line) : undefined;
  };

  const providerId = text('provider');
  if (providerId === undefined) {
    throw reader.fail(line, `${field} needs provider: which service it connects to (see \`reauth providers\`).`);
  }
  const providerLine = fields.get('provider')?.line ?? line;
  const known = providers.get(providerId);
  if (!known) {
    const hint = suggestName(providerId, providers.keys());
    throw reader.fail(
      providerLine,
      `${field}.provider ${JSON.stringify(providerId)} is not a built-in service or one defined under providers:${hint ? `; did you mean ${hint}?` : '.'}`,
      `Built-in services: ${[...providers.values()].flatMap((p) => (p.kind === 'preset' ? [p.preset.id] : [])).join(', ')}. Run \`reauth providers\` for details.`,
    );
  }
  const preset = known.kind === 'preset' ? known.preset : undefined;
  const serviceName = preset?.name ?? providerId;

  const region = text('region');
  if (region !== undefined) {
    const at = fields.get('region')?.line ?? line;
    if (!preset?.regions) {
      reader.warn(at, `${field}.region is ignored: ${serviceName} has a single data centre.`);
    } else if (!(region in preset.regions.choices)) {
      const valid = Object.keys(preset.regions.choices);
      throw reader.fail(at, `${field}.region must be one of ${valid.join(', ')} for ${serviceName} (found ${JSON.stringify(region)}).`);
    }
  }

  const flow = text('flow');
  // A custom service may offer device sign-in (its device_authorization_url, or issuer discovery).
  const flows: readonly FlowKind[] = preset?.flows ?? ['authorization_code', 'device'];
  if (flow !== undefined) {
    const at = fields.get('flow')?.line ?? line;
    if (!(FLOW_KINDS as readonly string[]).includes(flow)) {
      throw reader.fail(at, `${field}.flow must be one of ${FLOW_KINDS.join(', ')} (found ${JSON.stringify(flow)}).`);
    }
    if (!flows.includes(flow as FlowKind)) {
      throw reader.fail(at, `${field}.flow ${flow} is not offered by ${serviceName}; it supports ${flows.join(', ')}.`);
    }
  }

  const appType = text('app_type');
  if (appType !== undefined) {
    const at = fields.get('app_type')?.line ?? line;
    const kinds = preset?.appKinds;
    if (!kinds) {
      reader.warn(at, `${field}.app_type is ignored: ${serviceName} has only one kind of app.`);
    } else if (!kinds.some((kind) => kind.id === appType)) {
      throw reader.fail(at, `${field}.app_type must be one of ${kinds.map((k) => k.id).join(', ')} for ${serviceName} (found ${JSON.stringify(appType)}).`);
    }
  }

  const clientSecret = text('client_secret');
  if (clientSecret !== undefined && clientSecret !== '' && !hasEnvReference(clientSecret)) {
    // Never echo the value: the warning itself may end up in a log.
    const variable = `${providerId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_CLIENT_SECRET`;
    reader.warn(
      fields.get('client_secret')?.line ?? line,
      `${field}.client_secret is written out in full, but this file is meant to be safe to commit. ` +
        `Write client_secret: \${${variable}} and export ${variable}, or keep the secret in a target (keys.client_secret).`,
    );
  }

  const redirectUri = text('redirect_uri');
  if (redirectUri !== undefined && !URL.canParse(redirectUri)) {
    throw reader.fail(fields.get('redirect_uri')?.line ?? line, `${field}.redirect_uri must be a whole address such as https://localhost/callback (found ${JSON.stringify(redirectUri)}).`);
  }

  const scopesField = fields.get('scopes');
  const settingsField = fields.get('settings');
  const targetsField = fields.get('targets');
  if (!targetsField) {
    throw reader.fail(line, `${field} has no targets: reauth would have nowhere to write the tokens.`, `Add a targets: list (see DESIGN.md) or run \`reauth setup ${name}\`.`);
  }
  const targetList = reader.seq(targetsField.node, `${field}.targets`, targetsField.line, '[{ type: dotenv, file: .env, keys: {...} }]');
  const targets = targetList.items.map((item, index) =>
    readTarget(reader, item, `${field}.targets[${index}]`, reader.lineOf(reader.resolve(item), targetsField.line)),
  );
  if (targets.length === 0) {
    throw reader.fail(targetsField.line, `${field}.targets is empty: reauth would have nowhere to write the tokens.`);
  }

  const clientId = text('client_id');
  const flowKind = flow as FlowKind | undefined;
  const afterWrite = text('after_write');
  const afterWriteOn = text('after_write_on');
  if (afterWriteOn !== undefined && !(AFTER_WRITE_ON as readonly string[]).includes(afterWriteOn)) {
    throw reader.fail(
      fields.get('after_write_on')?.line ?? line,
      `${field}.after_write_on must be one of ${AFTER_WRITE_ON.join(', ')} (found ${JSON.stringify(afterWriteOn)}).`,
      'setup: when you sign in with `reauth setup`; refresh: after every unattended `reauth refresh`; both: each time.',
    );
  }
  const notifyField = fields.get('notify');
  return {
    name,
    provider: providerId,
    ...(region !== undefined ? { region } : {}),
    ...(flowKind !== undefined ? { flow: flowKind } : {}),
    ...(appType !== undefined ? { app_type: appType } : {}),
    ...(clientId !== undefined ? { client_id: clientId } : {}),
    ...(clientSecret !== undefined ? { client_secret: clientSecret } : {}),
    ...(scopesField ? { scopes: reader.stringList(scopesField.node, `${field}.scopes`, scopesField.line, `[${preset?.defaultScopes.join(', ') || 'openid'}]`) } : {}),
    ...(redirectUri !== undefined ? { redirect_uri: redirectUri } : {}),
    settings: settingsField ? reader.stringMap(settingsField.node, `${field}.settings`, settingsField.line) : {},
    targets,
    ...(afterWrite !== undefined ? { after_write: afterWrite } : {}),
    ...(afterWriteOn !== undefined ? { after_write_on: afterWriteOn as AfterWriteOn } : {}),
    ...(notifyField ? { notify: readNotify(reader, notifyField.node, `${field}.notify`, notifyField.line) } : {}),
  };
}

