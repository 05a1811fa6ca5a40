/** Which saved profile, which service, which data centre, which way in. */
import type { FlowKind } from '../../providers/types.js';
import { remoteSessionReason } from '../../system/interactivity.js';
import type { QuestionStep } from '../step.js';
import { EMPTY_DATA, type WizardContext, type WizardData } from '../wizard-data.js';
import { answerText, guaranteed, isGiven, providerOf } from './step-helpers.js';
import { profileToData } from '../profile-to-data.js';
import { CUSTOM_SERVICE_CHOICE, customServiceOption, startCustomService } from './custom-provider-steps.js';

const FLOW_LABELS: Record<string, { label: string; hint: string }> = {
  authorization_code: { label: 'Sign in in the browser', hint: 'reauth opens the service’s sign-in page; you paste back what it shows' },
  self_client: { label: 'Self Client code', hint: 'generate a code in the API console and paste it — no redirect needed' },
  password: { label: 'App account and password', hint: 'the only way this service issues tokens' },
  device: { label: 'Sign in on another device', hint: 'type a short code on your phone or another computer — no browser here, nothing to paste' },
};

export const profileStep: QuestionStep = {
  type: 'question',
  id: 'profile',
  applies: (data, ctx) => !isGiven(data, 'profile') && Object.keys(ctx.config.profiles).length > 0,
  prompt: (_data, ctx) => ({
    kind: 'select',
    title: 'Reconnect a saved profile, or set up a new connection?',
    help: `Profiles from ${ctx.config.path}`,
    options: [
      ...Object.values(ctx.config.profiles).map((p) => ({
        value: `profile:${p.name}`,
        label: `Reconnect ${p.name}`,
        hint: `${p.provider} → ${p.targets.map((t) => t.file ?? t.app ?? t.type).join(', ') || 'no targets yet'}`,
      })),
      { value: 'new', label: 'New connection', hint: 'pick a service and answer a few questions' },
    ],
  }),
  accept: (answer, data, ctx) => {
    const value = answerText(answer);
    if (value === 'new') return { data };
    const profile = value?.startsWith('profile:') ? ctx.config.profiles[value.slice(8)] : undefined;
    if (!profile) return { error: 'Choose one of the listed profiles, or New connection.' };
    return { data: profileToData(profile, data) };
  },
  summary: (data, ctx) => ({ label: 'Profile', value: data.profileName ? `reconnect ${data.profileName} (${providerOf(data, ctx).name})` : 'new connection' }),
  undo: () => EMPTY_DATA,
};

export const providerStep: QuestionStep = {
  type: 'question',
  id: 'provider',
  applies: (data) => !isGiven(data, 'provider'),
  prompt: (data, ctx) => ({
    kind: 'select',
    title: 'Which service do you need tokens for?',
    options: [...ctx.providerChoices.map((p) => ({ value: p.id, label: p.name, hint: p.summary })), customServiceOption],
    ...(data.custom ? { initial: CUSTOM_SERVICE_CHOICE } : data.providerId ? { initial: data.providerId } : {}),
  }),
  accept: (answer, data, ctx) => {
    const id = answerText(answer);
    if (id === CUSTOM_SERVICE_CHOICE) return { data: startCustomService(data) };
    if (!id || !ctx.providerChoices.some((p) => p.id === id)) return { error: 'Choose one of the listed services.' };
    return { data: { ...data, providerId: id } };
  },
  // A service described in the wizard has no name yet here: its own questions follow.
  summary: (data, ctx) => ({ label: 'Service', value: data.custom ? customServiceOption.label : providerOf(data, ctx).name }),
  // The data centre is remembered: switching SalesIQ → Desk keeps the one just chosen as the guess.
  undo: (data): WizardData => ({ ...data, providerId: undefined, custom: undefined, region: undefined, regionBefore: data.region ?? data.regionBefore, flow: undefined, appType: undefined }),
};

export const regionStep: QuestionStep = {
  type: 'question',
  id: 'region',
  applies: (data, ctx) => !isGiven(data, 'region') && providerOf(data, ctx).regions !== undefined,
  prompt: (data, ctx) => {
    const regions = guaranteed(providerOf(data, ctx).regions, 'region', 'list of data centres');
    const guess = regionGuess(data, ctx);
    return {
      kind: 'select',
      title: 'Which data centre is your account in?',
      help: [providerOf(data, ctx).intro, regions.help, guess?.why ? `Preselected: ${guess.why}.` : undefined].filter(Boolean).join('\n\n'),
      options: Object.entries(regions.choices).map(([value, choice]) => ({ value, label: choice.label, hint: value })),
      initial: guess?.value ?? regions.default,
    };
  },
  accept: (answer, data, ctx) => {
    const region = answerText(answer);
    if (!region || !providerOf(data, ctx).regions?.choices[region]) return { error: 'Choose one of the listed data centres.' };
    return { data: { ...data, region } };
  },
  summary: (data, ctx) => {
    const regions = providerOf(data, ctx).regions;
    return { label: 'Data centre', value: (data.region && regions?.choices[data.region]?.label) || data.region || '' };
  },
};

/**
 * The data centre to preselect: the one answered, else the one the service itself named when
 * the person signed in (Zoho's `accounts-server`), else the one chosen before switching
 * service, else that of a saved profile of a service with the same data centres (SalesIQ and
 * Desk of one company live in one) — so a choice made a minute ago is not asked from scratch.
 */
export function regionGuess(data: WizardData, ctx: WizardContext): { value: string; why?: string } | undefined {
  const regions = providerOf(data, ctx).regions;
  if (!regions) return undefined;
  const known = (region: string | undefined): region is string => !!region && regions.choices[region] !== undefined;
  if (known(data.region)) return { value: data.region };
  const seen = data.accountsServerSeen ?? data.callbackServer;
  const named = seen ? Object.entries(regions.choices).find(([, choice]) => sameOrigin(choice.vars.accounts_url, seen))?.[0] : undefined;
  if (named) return { value: named, why: `${new URL(seen!).host} is where your sign-in went` };
  if (known(data.regionBefore)) return { value: data.regionBefore, why: 'the data centre you chose a moment ago' };
  const keys = Object.keys(regions.choices).sort().join(' ');
  const sibling = Object.values(ctx.config.profiles)
    .filter((p) => known(p.region) && Object.keys(ctx.presets.find((preset) => preset.id === p.provider)?.regions?.choices ?? {}).sort().join(' ') === keys)
    .at(-1);
  if (sibling?.region) return { value: sibling.region, why: `the data centre of your profile ${sibling.name}` };
  return undefined;
}

function sameOrigin(a: string | undefined, b: string): boolean {
  try {
    return a !== undefined && new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export const flowStep: QuestionStep = {
  type: 'question',
  id: 'flow',
  applies: (data, ctx) => !isGiven(data, 'flow') && providerOf(data, ctx).flows.length > 1,
  prompt: (data, ctx) => {
    const provider = providerOf(data, ctx);
    const flows = offeredFlows(provider.flows, ctx.env, process.platform, !provider.deviceFlowNote);
    const remote = flows[0] === 'device' ? remoteSessionReason(ctx.env, process.platform) : undefined;
    const label = (flow: string) => {
      const known = FLOW_LABELS[flow] ?? { label: flow, hint: '' };
      // An unconfirmed device flow says how sure it is (PROVIDERS.md: say "unconfirmed" where unsure).
      return flow === 'device' && provider.deviceFlowNote ? { ...known, hint: `${known.hint} (${provider.deviceFlowNote})` } : known;
    };
    return {
      kind: 'select',
      title: 'How do you want to get the tokens?',
      ...(remote ? { help: `Sign-in on another device comes first because ${remote}.` } : {}),
      options: flows.map((flow) => ({ value: flow, ...label(flow) })),
      initial: data.flow ?? flows[0],
    };
  },
  accept: (answer, data, ctx) => {
    const flow = providerOf(data, ctx).flows.find((f) => f === answerText(answer));
    return flow ? { data: { ...data, flow } } : { error: 'Choose one of the listed ways.' };
  },
  summary: (data) => ({ label: 'Way in', value: FLOW_LABELS[data.flow ?? '']?.label ?? String(data.flow) }),
};

export const appTypeStep: QuestionStep = {
  type: 'question',
  id: 'app_type',
  applies: (data, ctx) => !isGiven(data, 'app_type') && flowOf(data, ctx) === 'authorization_code' && !!providerOf(data, ctx).appKinds?.length,
  prompt: (data, ctx) => ({
    kind: 'select',
    title: 'How is your app registered in the developer portal?',
    help: 'The portal decides the rules: which redirect URIs are allowed and whether PKCE is used.',
    options: (providerOf(data, ctx).appKinds ?? []).map((k) => ({ value: k.id, label: k.label, hint: `PKCE: ${k.pkce === 'none' ? 'no' : 'yes'}` })),
    ...(data.appType ? { initial: data.appType } : {}),
  }),
  accept: (answer, data, ctx) => {
    const kind = providerOf(data, ctx).appKinds?.find((k) => k.id === answerText(answer));
    return kind ? { data: { ...data, appType: kind.id } } : { error: 'Choose one of the listed kinds.' };
  },
  summary: (data, ctx) => ({ label: 'App kind', value: providerOf(data, ctx).appKinds?.find((k) => k.id === data.appType)?.label ?? '' }),
};

/**
 * The service's flows, device sign-in first where a browser cannot come back (SSH, no display)
 * — unless `promoteDevice` is false: a device flow not confirmed against the service is offered,
 * but not put ahead of the ways known to work.
 */
export function offeredFlows(flows: readonly FlowKind[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, promoteDevice = true): readonly FlowKind[] {
  if (!promoteDevice || !flows.includes('device') || !remoteSessionReason(env, platform)) return flows;
  return ['device', ...flows.filter((f) => f !== 'device')];
}

/** The flow in use: the chosen one, else the service's default. */
export function flowOf(data: WizardData, ctx: Parameters<QuestionStep['applies']>[1]) {
  return data.flow ?? providerOf(data, ctx).flows[0];
}
