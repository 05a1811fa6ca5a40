/**
 * A custom service described by its issuer: the first question about it, and the discovery that
 * follows (RFC 8414 / OpenID). Once the document is read the address questions are skipped and
 * what was found is shown; reauth.yaml keeps just `issuer:`, so the addresses are read afresh
 * each run. The same action reads the document of a saved service given by `issuer:` alone.
 */
import { BugError, ExitCode, UserError } from '../../errors.js';
import { checkIssuer, type DiscoveryDocument } from '../../oauth/discovery-document.js';
import { describeDiscovered, fieldsFromDiscovery } from '../../providers/discovered-fields.js';
import { needsDiscovery } from '../../providers/resolve-discovered.js';
import { actionStep, type QuestionStep, type RecoveryOption } from '../step.js';
import type { WizardContext, WizardData } from '../wizard-data.js';
import { fieldsOf, isCustom, withFields } from './custom-provider-answers.js';
import { answerText } from './step-helpers.js';

/** The issuer whose document the wizard needs: the one typed in, or a saved issuer-only service's. */
export function issuerToDiscover(data: WizardData, ctx: WizardContext): string | undefined {
  if (isCustom(data)) return fieldsOf(data).issuer;
  const id = data.providerId;
  return id && needsDiscovery(ctx.config, id, ctx.presets) ? ctx.config.providers[id]?.issuer : undefined;
}

/** The document read for the issuer in use; one read for an issuer since changed does not count. */
export function discoveredFor(data: WizardData): DiscoveryDocument | undefined {
  const issuer = isCustom(data) ? fieldsOf(data).issuer : data.discovered?.issuer;
  return issuer !== undefined && data.discovered?.issuer === issuer ? data.discovered : undefined;
}

/** Custom-service questions the document answers are skipped. */
export const hasDiscovered = (data: WizardData): boolean => discoveredFor(data) !== undefined;

export const customIssuerStep: QuestionStep = {
  type: 'question',
  id: 'custom_issuer',
  applies: isCustom,
  prompt: (data) => ({
    kind: 'text',
    title: 'Issuer URL (or leave empty to enter the endpoints yourself)',
    help:
      'The address the service’s documentation calls its issuer (OpenID Connect or RFC 8414), e.g. https://id.example.com. ' +
      'reauth reads the sign-in and token addresses from its discovery document, so you need not type them.',
    ...(fieldsOf(data).issuer ? { initial: fieldsOf(data).issuer } : {}),
    placeholder: 'https://',
    secret: false,
    optional: true,
  }),
  accept: (answer, data) => {
    const issuer = answerText(answer) || undefined;
    const problem = issuer ? checkIssuer(issuer) : undefined;
    if (problem) return { error: problem };
    return { data: withFields(data, { issuer }) };
  },
  summary: (data) => ({ label: 'Issuer', value: fieldsOf(data).issuer ?? 'none (addresses entered by hand)' }),
};

export const discoverServiceStep = actionStep({
  id: 'discover_service',
  needs: [],
  applies: (data, ctx) => {
    const issuer = issuerToDiscover(data, ctx);
    return issuer !== undefined && data.discovered?.issuer !== issuer;
  },
  title: (data, ctx) => `Reading the discovery document of ${issuerToDiscover(data, ctx) ?? 'the service'}…`,
  run: async (data, ctx, effects) => {
    const issuer = issuerToDiscover(data, ctx);
    if (!issuer) throw new BugError('discover_service ran without an issuer');
    if (!effects.discover) throw new BugError('the wizard was started without a way to read discovery documents');
    return { ...data, discovered: await effects.discover(issuer) };
  },
  recover: (error, data) => {
    const options: RecoveryOption[] = [{ value: 'retry', label: 'Try again', action: { type: 'retry' } }];
    if (isCustom(data)) {
      options.push({ value: 'issuer', label: 'Change the issuer, or leave it empty and enter the addresses yourself', action: { type: 'back-to', stepId: 'custom_issuer' } });
    }
    options.push({ value: 'quit', label: 'Quit', hint: 'nothing was spent', action: { type: 'quit', exitCode: error instanceof UserError ? error.exitCode : ExitCode.usage } });
    return {
      title: 'The service’s addresses could not be discovered',
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof UserError && error.nextStep ? { next: error.nextStep } : {}),
      options,
    };
  },
  summary: (data) => {
    const doc = data.discovered;
    return doc ? { label: 'Discovered', value: describeDiscovered(doc).join(' · ') } : undefined;
  },
  undo: (data) => ({ ...data, discovered: undefined }),
});

/** Whether the document settles the client authentication by itself (one usable method). */
export function discoveredClientAuth(data: WizardData): boolean {
  const doc = discoveredFor(data);
  return doc !== undefined && !fieldsFromDiscovery(doc).clientAuthChoice;
}
