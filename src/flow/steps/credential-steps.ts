/** The app's credentials, scopes, redirect URI and the settings the live check needs. */
import { maskSecret } from '../../secret-mask.js';
import { checkRedirectUri } from '../../providers/redirect-rule.js';
import type { ActionStep, QuestionStep } from '../step.js';
import type { WizardContext, WizardData } from '../wizard-data.js';
import type { PrefillValues, SettingLookup, WizardEffects } from '../wizard-effects.js';
import type { ResolvedProvider } from '../../providers/types.js';
import type { TargetSpec } from '../../targets/types.js';
import { answerText, guaranteed, isGiven, providerOf } from './step-helpers.js';
import { flowOf } from './service-steps.js';

/** `${VAR}` as a whole value reads the environment (DESIGN.md); anything else is literal. */
function fromProfile(raw: string | undefined, ctx: WizardContext, file: string): { value: string; source: string } | undefined {
  if (!raw) return undefined;
  const name = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(raw.trim())?.[1];
  if (!name) return { value: raw, source: file };
  const value = ctx.env[name];
  return value ? { value, source: `environment variable ${name} (named in ${file})` } : undefined;
}

export const findTargetsStep: ActionStep = {
  type: 'action',
  id: 'find_targets',
  applies: () => true,
  title: () => 'Looking for files that already hold these tokens…',
  run: async (data, ctx, effects) => {
    const provider = providerOf(data, ctx);
    const candidates = await effects.findTargets(provider, data.targets ?? []);
    const found = await effects.readPrefill(candidates.filter((c) => c.exists).map((c) => c.spec));
    const prefill: PrefillValues = { ...found };
    const envKey = (field: 'client_id' | 'client_secret') => provider.defaultEnvKeys[field];
    for (const field of ['client_id', 'client_secret'] as const) {
      const key = envKey(field);
      const fromEnv = key ? ctx.env[key] : undefined;
      if (fromEnv) prefill[field] = { value: fromEnv, source: `environment variable ${key}` };
      const saved = fromProfile(data.savedProfile?.[field], ctx, 'reauth.yaml');
      if (saved) prefill[field] = saved;
    }
    const secretRef = data.savedProfile?.client_secret?.trim();
    const settingsFound = await findSettings(provider, candidates.filter((c) => c.exists).map((c) => c.spec), data, ctx, effects);
    return {
      ...data,
      candidates,
      prefill,
      ...(settingsFound ? { settingsFound } : {}),
      ...(secretRef?.startsWith('${') ? { clientSecretRef: secretRef } : {}),
      // Reconnecting with both credentials known: nothing to ask.
      clientId: data.reconnect ? prefill.client_id?.value : data.clientId,
      clientSecret: data.reconnect ? prefill.client_secret?.value : data.clientSecret,
    };
  },
  undo: (data) => ({ ...data, candidates: undefined, prefill: undefined, settingsFound: undefined }),
};

/**
 * The live check's settings already written down somewhere: in a file of the folder
 * (`SALESIQ_SCREEN_NAME=acme` in `.env`, `screen_name: acme` in YAML), else in a saved profile
 * of the same service — so the screen name is not typed again.
 */
async function findSettings(
  provider: ResolvedProvider,
  specs: readonly TargetSpec[],
  data: WizardData,
  ctx: WizardContext,
  effects: WizardEffects,
): Promise<WizardData['settingsFound']> {
  const settings = provider.liveCheck?.requiredSettings ?? [];
  if (settings.length === 0) return undefined;
  const prefix = provider.defaultEnvKeys.access_token?.replace(/_?ACCESS_TOKEN$/, '');
  const lookups: SettingLookup[] = [];
  for (const spec of specs) {
    for (const { key: setting } of settings) {
      const envStyle = spec.type === 'dotenv' || spec.type === 'envpy';
      const keys = envStyle ? [...(prefix ? [`${prefix}_${setting.toUpperCase()}`] : []), setting.toUpperCase()] : [setting];
      for (const key of keys) lookups.push({ spec, setting, key });
    }
  }
  const found: Record<string, { value: string; source: string }> = { ...(lookups.length && effects.readSettings ? await effects.readSettings(lookups) : {}) };
  for (const { key: setting } of settings) {
    if (found[setting]) continue;
    const profile = Object.values(ctx.config.profiles)
      .filter((p) => p.provider === data.providerId && p.settings?.[setting])
      .at(-1);
    if (profile) found[setting] = { value: profile.settings[setting]!, source: `your profile ${profile.name} in reauth.yaml` };
  }
  return Object.keys(found).length ? found : undefined;
}

/**
 * Where the value the field holds came from — found in a file, or typed last time — and, once
 * the service refused the credentials, that it did: "press Enter to keep it" only when keeping
 * it can work.
 */
function heldNote(data: WizardData, field: 'client_id' | 'client_secret'): string | undefined {
  const found = data.prefill?.[field];
  const typed = field === 'client_id' ? data.clientId : data.clientSecret;
  const refused = data.credentialsRefused === true;
  if (typed && typed !== found?.value) {
    return refused
      ? 'This is what you typed last time, and the service refused the credentials: check it against the developer portal.'
      : 'This is what you typed last time; press Enter to keep it.';
  }
  if (!found) return undefined;
  return refused
    ? `Found in ${found.source}, but the service refused the credentials last time: check it against the developer portal.`
    : `Found in ${found.source}; press Enter to keep it.`;
}

export const clientIdStep: QuestionStep = {
  type: 'question',
  id: 'client_id',
  applies: (data) => !(data.reconnect && data.clientId),
  prompt: (data, ctx) => {
    const provider = providerOf(data, ctx);
    const initial = data.clientId ?? data.prefill?.client_id?.value;
    return {
      kind: 'text',
      title: `${provider.name} ${provider.clientIdName ?? 'client ID'}`,
      // The service's intro (TTLock: "no web sign-in") goes on the first question it can.
      help: [provider.regions ? undefined : provider.intro, provider.credentialsHelp, heldNote(data, 'client_id')].filter(Boolean).join('\n'),
      ...(initial ? { initial } : {}),
      secret: false,
      optional: false,
    };
  },
  accept: (answer, data) => {
    const value = answerText(answer);
    if (!value) return { error: 'The client ID is needed: copy it from the developer portal.' };
    if (/\s/.test(value)) return { error: 'A client ID has no spaces: check that you copied only the ID.' };
    return { data: { ...data, clientId: value } };
  },
  summary: (data, ctx) => {
    const name = providerOf(data, ctx).clientIdName;
    return { label: name ? name[0]!.toUpperCase() + name.slice(1) : 'Client ID', value: data.clientId ?? '' };
  },
};

/** The one line that says what an empty secret means. */
export const PUBLIC_CLIENT_NOTE =
  'This service is set up as a public client (client_auth: none): leave this empty. reauth then sends only the client ID, and PKCE (S256) proves the sign-in is its own.';

export const clientSecretStep: QuestionStep = {
  type: 'question',
  id: 'client_secret',
  applies: (data) => !(data.reconnect && data.clientSecret),
  prompt: (data, ctx) => {
    const initial = data.clientSecret || data.prefill?.client_secret?.value;
    const provider = providerOf(data, ctx);
    const isPublic = provider.clientAuth === 'none';
    return {
      kind: 'text',
      title: `${provider.name} client secret`,
      help: [
        // By the portal's own name for it (TikTok: "client key"), as the question before asked it.
        isPublic ? PUBLIC_CLIENT_NOTE : (heldNote(data, 'client_secret') ?? `Shown next to the ${provider.clientIdName ?? 'client ID'} in the developer portal.`),
        'It is masked here and never written to reauth.yaml.',
      ].join('\n'),
      ...(initial ? { initial } : {}),
      secret: true,
      optional: isPublic,
    };
  },
  accept: (answer, data, ctx) => {
    const value = answerText(answer);
    // A public client (client_auth: none) has no secret: empty is the expected answer.
    // Both credentials are answered again by now: the next refusal, if any, is news.
    if (!value && providerOf(data, ctx).clientAuth === 'none') return { data: { ...data, clientSecret: '', credentialsRefused: undefined } };
    if (!value) return { error: 'The client secret is needed: copy it from the developer portal.' };
    if (/\s/.test(value)) return { error: 'A client secret has no spaces: check that you copied only the secret.' };
    return { data: { ...data, clientSecret: value, credentialsRefused: undefined } };
  },
  summary: (data) => ({ label: 'Client secret', value: data.clientSecret === '' ? 'none (public client)' : maskSecret(data.clientSecret) }),
};

export const scopesStep: QuestionStep = {
  type: 'question',
  id: 'scopes',
  // Kept tokens taken from a rescue file need no sign-in, so nothing to ask for it.
  applies: (data, ctx) => !data.tokens && !isGiven(data, 'scopes') && flowOf(data, ctx) !== 'password' && providerOf(data, ctx).knownScopes.length + providerOf(data, ctx).defaultScopes.length > 0,
  prompt: (data, ctx) => {
    const provider = providerOf(data, ctx);
    const all = [...new Set([...provider.defaultScopes, ...provider.knownScopes, ...(data.scopes ?? [])])];
    return {
      kind: 'multiselect',
      title: 'Which permissions (scopes) does your program need?',
      help: 'Space toggles, Enter confirms. Ask only for what the program uses; the preselected ones are what most people need.',
      options: all.map((s) => ({ value: s, label: s })),
      initial: data.scopes ?? provider.defaultScopes,
      allowOther: true,
    };
  },
  accept: (answer, data) => {
    if (answer.type !== 'values') return { error: 'Choose at least one scope.' };
    const scopes = [...new Set(answer.values.map((s) => s.trim()).filter(Boolean))];
    if (scopes.length === 0) return { error: 'Choose at least one scope.' };
    const bad = scopes.find((s) => /[\s,]/.test(s));
    if (bad) return { error: `"${bad}" is not one scope: enter scopes one at a time, without spaces or commas.` };
    return { data: { ...data, scopes } };
  },
  summary: (data) => ({ label: 'Scopes', value: (data.scopes ?? []).join(' ') }),
};

export const redirectUriStep: QuestionStep = {
  type: 'question',
  id: 'redirect_uri',
  applies: (data, ctx) => !data.tokens && !isGiven(data, 'redirect_uri') && flowOf(data, ctx) === 'authorization_code',
  prompt: (data, ctx) => {
    const provider = providerOf(data, ctx);
    const initial = data.redirectUri ?? provider.defaultRedirectUri;
    return {
      kind: 'text',
      title: 'Redirect URI, exactly as registered in the developer portal',
      help: provider.redirectHelp,
      ...(initial ? { initial } : {}),
      secret: false,
      optional: false,
    };
  },
  accept: (answer, data, ctx) => {
    const value = answerText(answer);
    if (!value) return { error: 'The redirect URI is needed: copy it from your app’s settings in the developer portal.' };
    const problem = checkRedirectUri(value, providerOf(data, ctx).redirectRule);
    return problem ? { error: problem } : { data: { ...data, redirectUri: value } };
  },
  summary: (data) => ({ label: 'Redirect URI', value: data.redirectUri ?? '' }),
};

/** Settings the live check needs (SalesIQ's screen name), asked one at a time. */
export const settingsStep: QuestionStep = {
  type: 'question',
  id: 'settings',
  applies: (data, ctx) => missingSettings(data, ctx).length > 0 || false,
  prompt: (data, ctx) => {
    const setting = guaranteed(missingSettings(data, ctx)[0], 'settings', 'setting left to ask');
    const found = data.settingsFound?.[setting.key];
    return {
      kind: 'text',
      title: setting.label,
      help: [setting.help, found ? `Found in ${found.source}; press Enter to keep it.` : undefined].filter(Boolean).join('\n'),
      ...(found ? { initial: found.value } : {}),
      secret: false,
      optional: false,
    };
  },
  accept: (answer, data, ctx) => {
    const setting = missingSettings(data, ctx)[0];
    const value = answerText(answer);
    if (!setting) return { data };
    if (!value) return { error: `${setting.label} is needed to check that the token works.` };
    const next = { ...data, settings: { ...data.settings, [setting.key]: value } };
    return { data: next, again: missingSettings(next, ctx).length > 0 };
  },
  summary: (data, ctx) => {
    const keys = (providerOf(data, ctx).liveCheck?.requiredSettings ?? []).map((s) => `${s.key}=${data.settings[s.key] ?? ''}`);
    return keys.length ? { label: 'Settings', value: keys.join(', ') } : undefined;
  },
};

function missingSettings(data: WizardData, ctx: WizardContext) {
  return (providerOf(data, ctx).liveCheck?.requiredSettings ?? []).filter((s) => !data.settings[s.key]);
}
