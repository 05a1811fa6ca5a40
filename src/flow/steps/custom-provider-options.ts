/** The protocol options of a service described in the wizard: scope separator, PKCE, client auth. */
import type { ProviderOverride } from '../../config/types.js';
import type { QuestionStep } from '../step.js';
import type { WizardData } from '../wizard-data.js';
import { fieldsOf, isCustom, withFields } from './custom-provider-answers.js';
import { answerText } from './step-helpers.js';
import { fieldsFromDiscovery } from '../../providers/discovered-fields.js';
import { discoveredClientAuth, discoveredFor } from './custom-discovery-steps.js';

function selectStep<K extends 'scope_separator' | 'pkce' | 'client_auth'>(
  id: string,
  field: K,
  body: { title: string; help: string; options: readonly { value: string; label: string; hint: string }[] },
  label: string,
  applies: (data: WizardData) => boolean = isCustom,
  /** The answer to offer when none was given yet (what the discovery document suggests). */
  suggested: (data: WizardData) => string | undefined = () => undefined,
): QuestionStep {
  const values = body.options.map((o) => o.value);
  const stored = (value: string): ProviderOverride[K] => (field === 'scope_separator' ? (value === 'comma' ? ',' : ' ') : value) as ProviderOverride[K];
  const shown = (data: WizardData): string | undefined => {
    const value = fieldsOf(data)[field];
    if (value === undefined) return undefined;
    return field === 'scope_separator' ? (value === ',' ? 'comma' : 'space') : String(value);
  };
  return {
    type: 'question',
    id,
    applies,
    prompt: (data) => ({ kind: 'select', title: body.title, help: body.help, options: body.options, initial: shown(data) ?? suggested(data) ?? values[0] }),
    accept: (answer, data) => {
      const value = answerText(answer);
      if (!value || !values.includes(value)) return { error: 'Choose one of the listed answers.' };
      return { data: withFields(data, { [field]: stored(value) }) };
    },
    summary: (data) => ({ label, value: body.options.find((o) => o.value === shown(data))?.label ?? '' }),
  };
}

export const customScopeSeparatorStep = selectStep(
  'custom_scope_separator',
  'scope_separator',
  {
    title: 'How does the service join several scopes in the sign-in link?',
    help: 'The standard is a space. A few services (TikTok, Zoho) want commas; their documentation shows scope=a,b.',
    options: [
      { value: 'space', label: 'With spaces', hint: 'scope=openid offline_access — the OAuth 2.0 standard' },
      { value: 'comma', label: 'With commas', hint: 'scope=read,write' },
    ],
  },
  'Scope separator',
  (data) => isCustom(data) && (fieldsOf(data).scopes?.length ?? 0) > 1,
);

export const customPkceStep = selectStep(
  'custom_pkce',
  'pkce',
  {
    title: 'Does the service use PKCE?',
    help: 'PKCE protects the code on its way back from the browser. Most current services accept it; choose No only if the service refuses the sign-in because of code_challenge.',
    options: [
      { value: 'S256', label: 'Yes (S256)', hint: 'recommended' },
      { value: 'none', label: 'No', hint: 'for services that do not support PKCE' },
    ],
  },
  'PKCE',
  // A document that lists its PKCE methods has answered this.
  (data) => isCustom(data) && !discoveredFor(data)?.codeChallengeMethods,
);

const clientAuthSelect = selectStep(
  'custom_client_auth',
  'client_auth',
  {
    title: 'How does the service want the client ID and secret?',
    help:
      'The documentation usually says: client_secret_post means in the form body, client_secret_basic means an Authorization: Basic header, ' +
      'and an app registered without a secret (a native or public app, token_endpoint_auth_method none) is a public client. If unsure, choose the form body.',
    options: [
      { value: 'body', label: 'In the form body', hint: 'client_secret_post — the most common' },
      { value: 'basic', label: 'In a Basic Authorization header', hint: 'client_secret_basic' },
      { value: 'none', label: 'No secret: a public client, with PKCE', hint: 'native apps (RFC 8252); the client ID alone is sent' },
    ],
  },
  'Client secret sent',
  // A document with one usable method has answered this; with several, its pick is offered first.
  (data) => isCustom(data) && !discoveredClientAuth(data),
  (data) => {
    const doc = discoveredFor(data);
    return doc ? fieldsFromDiscovery(doc).fields.client_auth : undefined;
  },
);

/** A public client has only PKCE to prove the code is its own, so it cannot go without. */
export const customClientAuthStep: QuestionStep = {
  ...clientAuthSelect,
  accept: (answer, data, ctx) => {
    if (answerText(answer) === 'none' && fieldsOf(data).pkce === 'none') {
      return { error: 'A public client needs PKCE: go back (Esc) and answer Yes (S256) to the PKCE question, or choose how the secret is sent.' };
    }
    return clientAuthSelect.accept(answer, data, ctx);
  },
};
