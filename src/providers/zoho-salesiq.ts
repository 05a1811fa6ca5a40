/**
 * Zoho SalesIQ (PROVIDERS.md "Zoho", SalesIQ row). The OAuth side is shared with Zoho Desk
 * (zoho-common.ts); SalesIQ adds the portal's screen name and a live check that tells a
 * SalesIQ token from a Desk token by asking SalesIQ, never by the token's shape.
 */
import type { LiveCheckResult, ProviderPreset } from './types.js';
import {
  objectField,
  ZOHO_CREDENTIALS_HELP,
  zohoOAuthCommon,
  zohoRegions,
  ZOHO_SELF_CLIENT_HELP,
  zohoTokenErrors,
  zohoKeyNames,
} from './zoho-common.js';

// The live check reads departments, so SalesIQ.departments.READ must be among the defaults.
const DEFAULT_SCOPES = [
  'SalesIQ.conversations.READ',
  'SalesIQ.conversations.CREATE',
  'SalesIQ.conversations.UPDATE',
  'SalesIQ.departments.READ',
] as const;

const KNOWN_SCOPES = [...DEFAULT_SCOPES, 'SalesIQ.portals.READ', 'SalesIQ.portals.UPDATE'] as const;

/**
 * SalesIQ answers success and errors alike with HTTP 200 (an expired token has also been seen
 * as HTTP 400), so only the body decides. Code 1001 is all SalesIQ says about a token it will
 * not take — an expired SalesIQ token and a Desk token look exactly the same.
 */
function interpretDepartments(status: number, body: unknown): LiveCheckResult {
  const data = objectField(body, 'data');
  if (Array.isArray(data)) {
    return { ok: true, summary: `${data.length} department${data.length === 1 ? '' : 's'} found in SalesIQ` };
  }
  const error = objectField(body, 'error');
  const code = objectField(error, 'code');
  if (code === 1001 || code === '1001') {
    return {
      ok: false,
      problem: {
        kind: 'config',
        message:
          'This token is not accepted by SalesIQ — expired, or it is not a SalesIQ token (a Desk token in the SalesIQ slot looks exactly like this).',
        next: 'Check that this profile asks for SalesIQ.* scopes and writes to the SalesIQ keys; if the token only expired, `reauth refresh PROFILE` gets a new one.',
      },
    };
  }
  const said = objectField(error, 'message');
  if (error !== undefined) {
    return {
      ok: false,
      problem: {
        kind: status >= 500 ? 'unavailable' : 'config',
        message: `SalesIQ refused the departments check${code !== undefined ? ` (error ${String(code)})` : ''}${typeof said === 'string' ? `: ${said}` : '.'}`,
        next: 'Check the screen name (the part after the domain in your SalesIQ address) and the scopes.',
      },
    };
  }
  return {
    ok: false,
    problem: { kind: 'unavailable', message: `SalesIQ answered the departments check unexpectedly (HTTP ${status}).`, next: 'Try again in a few minutes.' },
  };
}

export const zohoSalesIqPreset: ProviderPreset = {
  ...zohoOAuthCommon,
  id: 'zoho-salesiq',
  name: 'Zoho SalesIQ',
  summary: 'Zoho SalesIQ live chat API (one OAuth server per Zoho data centre; browser or Self Client).',
  regions: zohoRegions('salesiq'),
  defaultScopes: DEFAULT_SCOPES,
  knownScopes: KNOWN_SCOPES,
  tokenErrors: zohoTokenErrors,
  refreshRejectedHint:
    'Zoho refresh tokens last until revoked, so a rejected one was revoked, or silently deleted because 20 newer ones were made for this client (another server signing in with the same client can cause it).',
  liveCheck: {
    label: 'List the SalesIQ departments',
    url: '{api_url}/api/v2/{screen_name}/departments',
    auth: { type: 'header', name: 'Authorization', prefix: 'Zoho-oauthtoken ' },
    requiredSettings: [
      {
        key: 'screen_name',
        label: 'SalesIQ screen name',
        help: 'The portal name in your SalesIQ address: in https://salesiq.zoho.in/acme/… it is "acme". Open SalesIQ in the browser and copy the part right after the domain.',
      },
    ],
    interpret: interpretDepartments,
  },
  credentialsHelp: ZOHO_CREDENTIALS_HELP,
  selfClientHelp: ZOHO_SELF_CLIENT_HELP,
  ...zohoKeyNames('SALESIQ'),
};
