/**
 * "Another OAuth 2.0 service…": the wizard asks for what `providers:` in reauth.yaml would say
 * (DESIGN.md "reauth.yaml"), one plain question at a time, so a service reauth has no preset for
 * needs no hand-written file. The answers become a provider through the same resolver as a
 * file entry, and are saved under `providers:` with the profile.
 */
import { BugError } from '../../errors.js';
import type { ReauthConfig } from '../../config/types.js';
import { isLoopbackUrl } from '../../providers/resolve-provider.js';
import { actionStep, type PromptBody, type QuestionStep, type Step } from '../step.js';
import type { WizardContext, WizardData } from '../wizard-data.js';
import { answerText, guaranteed } from './step-helpers.js';
import { fieldsOf, isCustom, nameOf, withFields } from './custom-provider-answers.js';
import { customClientAuthStep, customPkceStep, customScopeSeparatorStep } from './custom-provider-options.js';
import { customIssuerStep, discoveredFor, discoverServiceStep, hasDiscovered } from './custom-discovery-steps.js';

/** The provider step's value for this choice; `+` cannot start a provider id, so it never clashes. */
export const CUSTOM_SERVICE_CHOICE = '+custom';

export const customServiceOption = {
  value: CUSTOM_SERVICE_CHOICE,
  label: 'Another OAuth 2.0 service…',
  hint: 'not listed: give its issuer, or describe its sign-in and token addresses yourself',
} as const;

export function startCustomService(data: WizardData): WizardData {
  return { ...data, providerId: undefined, custom: { fields: {} } };
}

/**
 * reauth.yaml as the resolver should see it: with the service described in the wizard under
 * `providers:` once every question about it is answered (setup.ts builds `resolve` with this).
 */
export function withCustomService(config: ReauthConfig, data: WizardData): ReauthConfig {
  const { custom } = data;
  if (!custom?.id || data.providerId !== custom.id) return config;
  return { ...config, providers: { ...config.providers, [custom.id]: custom.fields } };
}

/**
 * https, or plain http only to this computer: tokens and the client secret must not cross a
 * network unencrypted (the resolver refuses the same for reauth.yaml).
 */
export function checkServiceUrl(text: string, what: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `That is not a whole address: the ${what} starts with https://.`;
  }
  if (url.protocol === 'http:' && !isLoopbackUrl(text)) {
    return `Plain http:// is allowed only for this computer (localhost, 127.0.0.1): use the service’s https:// ${what}.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `The ${what} must start with https://.`;
  if (url.username || url.password) return 'Leave the user name and password out of the address: reauth sends the client ID and secret itself.';
  if (url.hash) return 'An address for the service cannot contain "#": remove everything from "#" on.';
  return undefined;
}

function text(title: string, help: string, initial: string | undefined, optional: boolean, placeholder?: string): PromptBody {
  return { kind: 'text', title, help, ...(initial ? { initial } : {}), ...(placeholder ? { placeholder } : {}), secret: false, optional };
}

/** A lowercase id for reauth.yaml made from the name, not already taken by a preset or `providers:`. */
function idFor(name: string, ctx: WizardContext): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'custom';
  const taken = (id: string) => ctx.presets.some((p) => p.id === id) || ctx.config.providers[id] !== undefined || ctx.providerChoices.some((p) => p.id === id);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

export const customNameStep: QuestionStep = {
  type: 'question',
  id: 'custom_name',
  applies: isCustom,
  prompt: (data) =>
    text(
      'What is the service called?',
      'Any name you will recognise, e.g. Acme API. reauth uses it in messages, and makes the id for reauth.yaml and the .env key names from it.',
      fieldsOf(data).name,
      false,
    ),
  accept: (answer, data, ctx) => {
    const name = answerText(answer);
    if (!name) return { error: 'Give the service a name, e.g. the company or product it belongs to.' };
    const id = idFor(name, ctx);
    const next = withFields(data, { name });
    return { data: { ...next, custom: { ...next.custom, id } } };
  },
  summary: (data) => ({ label: 'Name', value: `${nameOf(data)} (saved as providers.${data.custom?.id ?? ''})` }),
};

function urlStep(id: string, field: 'authorize_url' | 'token_url', title: string, what: string, help: string, label: string): QuestionStep {
  return {
    type: 'question',
    id,
    // Skipped once the issuer's discovery document has given the address.
    applies: (data) => isCustom(data) && !hasDiscovered(data),
    prompt: (data) => text(title, help, fieldsOf(data)[field], false, 'https://'),
    accept: (answer, data) => {
      const value = answerText(answer);
      if (!value) return { error: `The ${what} is needed: the service’s OAuth documentation lists it.` };
      const problem = checkServiceUrl(value, what);
      return problem ? { error: problem } : { data: withFields(data, { [field]: value }) };
    },
    summary: (data) => ({ label, value: fieldsOf(data)[field] ?? '' }),
  };
}

export const customAuthorizeUrlStep = urlStep(
  'custom_authorize_url',
  'authorize_url',
  'Sign-in address (authorization endpoint)',
  'sign-in address',
  'Where the browser goes to sign in and allow access. The service’s OAuth documentation calls it the authorization endpoint; it often ends in /authorize or /oauth2/auth.',
  'Sign-in address',
);

export const customTokenUrlStep = urlStep(
  'custom_token_url',
  'token_url',
  'Token address (token endpoint)',
  'token address',
  'Where reauth exchanges the code for tokens and later refreshes them. The documentation calls it the token endpoint; it often ends in /token.',
  'Token address',
);

export const customScopesStep: QuestionStep = {
  type: 'question',
  id: 'custom_scopes',
  applies: isCustom,
  prompt: (data) =>
    text(
      'Scopes to ask for (optional)',
      'The permissions your program needs, spelled as the service spells them, separated by spaces or commas — e.g. openid offline_access. ' +
        'Many services give a refresh token only with a scope such as offline_access. Leave empty if the service has no scopes.',
      fieldsOf(data).scopes?.join(' '),
      true,
    ),
  accept: (answer, data) => {
    const scopes = [...new Set((answerText(answer) ?? '').split(/[\s,]+/).filter(Boolean))];
    // Asked here, so the ordinary scopes question (a list of known scopes) has nothing to add.
    const given = data.given.includes('scopes') ? data.given : [...data.given, 'scopes'];
    // With one scope or none there is nothing to join: the separator question is skipped.
    const separator = scopes.length > 1 ? fieldsOf(data).scope_separator : undefined;
    return { data: { ...withFields(data, { scopes, scope_separator: separator }), scopes, given } };
  },
  summary: (data) => ({ label: 'Scopes', value: fieldsOf(data).scopes?.join(' ') || 'none' }),
  undo: (data) => ({ ...data, scopes: undefined, given: data.given.filter((id) => id !== 'scopes') }),
};

/** Parameters the sign-in link itself is made of: extras may not replace them (authorization-request.ts). */
const RESERVED_PARAMS = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']);

export const customAuthorizeParamsStep: QuestionStep = {
  type: 'question',
  id: 'custom_authorize_params',
  applies: isCustom,
  prompt: (data) =>
    text(
      'Extra parameters for the sign-in link (optional)',
      'Some services give a refresh token only when asked in the link, e.g. prompt=consent or access_type=offline. Write name=value pairs separated by spaces; leave empty for none.',
      Object.entries(fieldsOf(data).authorize_params ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      true,
      'prompt=consent',
    ),
  accept: (answer, data) => {
    const params: Record<string, string> = {};
    for (const pair of (answerText(answer) ?? '').split(/[\s&]+/).filter(Boolean)) {
      const at = pair.indexOf('=');
      const name = at > 0 ? pair.slice(0, at) : '';
      if (!name) return { error: `"${pair}" is not a name=value pair: write them like prompt=consent access_type=offline.` };
      if (RESERVED_PARAMS.has(name)) return { error: `reauth sets ${name} itself: leave it out.` };
      params[name] = pair.slice(at + 1);
    }
    return { data: withFields(data, { authorize_params: Object.keys(params).length > 0 ? params : undefined }) };
  },
  summary: (data) => {
    const params = fieldsOf(data).authorize_params;
    return params ? { label: 'Extra link parameters', value: Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ') } : undefined;
  },
};

export const customVerifyUrlStep: QuestionStep = {
  type: 'question',
  id: 'custom_verify_url',
  applies: isCustom,
  prompt: (data) =>
    text(
      'An address to check the new token with (optional)',
      'A GET address of the service’s API that answers JSON when called with the access token as a Bearer token — e.g. a /userinfo or /me endpoint. Leave empty to skip the check.',
      // The discovered userinfo endpoint is the natural check: offered, not imposed.
      fieldsOf(data).verify_url ?? discoveredFor(data)?.userinfoEndpoint,
      true,
      'https://',
    ),
  accept: (answer, data) => {
    const value = answerText(answer) || undefined;
    const problem = value ? checkServiceUrl(value, 'check address') : undefined;
    if (problem) return { error: problem };
    const next = withFields(data, { verify_url: value });
    // The last question: from here on the service is a provider like any other.
    return { data: { ...next, providerId: next.custom?.id } };
  },
  summary: (data) => ({ label: 'Check address', value: fieldsOf(data).verify_url ?? 'none (the token is not tested)' }),
  // Until it is answered again, the service is not complete: nothing may resolve it yet.
  undo: (data) => ({ ...data, providerId: undefined }),
};

/** The questions in the order they are asked, right after the provider question. */
export const CUSTOM_SERVICE_STEPS: readonly Step[] = [
  customIssuerStep,
  // Also reads the document of a saved service given by issuer: alone (no custom questions then).
  discoverServiceStep,
  customNameStep,
  customAuthorizeUrlStep,
  customTokenUrlStep,
  customScopesStep,
  customScopeSeparatorStep,
  customPkceStep,
  customClientAuthStep,
  customAuthorizeParamsStep,
  customVerifyUrlStep,
];

/** Before the profile: a profile naming a service the file does not describe could not be read back. */
export const saveCustomServiceStep = actionStep({
  id: 'save_custom_service',
  needs: ['custom'],
  applies: (data) =>
    !!data.custom?.id && !data.reconnect && data.wantsProfile === true && !!data.profileName && (data.results ?? []).some((r) => r.ok),
  title: (data, ctx) => `Saving ${nameOf(data)} under providers: in ${ctx.config.path}…`,
  run: async (data, _ctx, effects) => {
    if (!effects.saveProvider) throw new BugError('the wizard was started without a way to save a custom service');
    await effects.saveProvider(guaranteed(data.custom.id, 'save_custom_service', 'custom.id'), data.custom.fields);
    return data;
  },
  summary: (data) => ({ label: 'Saved', value: `service ${nameOf(data)} as providers.${data.custom?.id ?? ''}` }),
});
