/**
 * Zoho Desk (PROVIDERS.md "Zoho", Desk row). The OAuth side is shared with SalesIQ
 * (zoho-common.ts). Desk wants an `orgId` header on everything except `/organizations`, which
 * is why the live check reads that endpoint and needs no setting; `org_id` stays an optional
 * profile setting for the person's own program.
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

// Desk.basic.READ lets the live check read /organizations.
const DEFAULT_SCOPES = ['Desk.basic.READ', 'Desk.tickets.READ', 'Desk.tickets.CREATE', 'Desk.contacts.READ'] as const;

// Desk.activities.calls.* rather than the older Desk.calls.* (PROVIDERS.md).
const KNOWN_SCOPES = [
  'Desk.basic.READ',
  'Desk.tickets.READ',
  'Desk.tickets.CREATE',
  'Desk.tickets.UPDATE',
  'Desk.tickets.ALL',
  'Desk.contacts.READ',
  'Desk.contacts.CREATE',
  'Desk.contacts.UPDATE',
  'Desk.settings.READ',
  'Desk.activities.calls.READ',
  'Desk.activities.calls.CREATE',
] as const;

function describeOrganization(org: unknown): string {
  const name = objectField(org, 'companyName') ?? objectField(org, 'portalName');
  const id = objectField(org, 'id');
  return `organization ${typeof name === 'string' ? name : '(unnamed)'} (id ${typeof id === 'string' || typeof id === 'number' ? String(id) : '?'})`;
}

function interpretOrganizations(status: number, body: unknown): LiveCheckResult {
  const data = objectField(body, 'data');
  if (status === 200 && Array.isArray(data)) {
    if (data.length === 0) {
      return {
        ok: false,
        problem: {
          kind: 'config',
          message: 'The token works, but this Zoho account belongs to no Desk organization.',
          next: 'Sign in with the Zoho user who is a member of your Desk portal.',
        },
      };
    }
    return { ok: true, summary: data.map(describeOrganization).join(', ') };
  }
  const errorCode = objectField(body, 'errorCode');
  if (errorCode === 'INVALID_OAUTH') {
    return {
      ok: false,
      problem: {
        kind: 'config',
        message:
          'This token is not accepted by Zoho Desk — expired, or it is not a Desk token (a SalesIQ token in the Desk slot looks exactly like this).',
        next: 'Check that this profile asks for Desk.* scopes and writes to the Desk keys; if the token only expired, `reauth refresh PROFILE` gets a new one.',
      },
    };
  }
  const said = objectField(body, 'message');
  return {
    ok: false,
    problem: {
      kind: status >= 500 || errorCode === undefined ? 'unavailable' : 'config',
      message: `Zoho Desk refused the organizations check (HTTP ${status}${typeof errorCode === 'string' ? `, ${errorCode}` : ''})${typeof said === 'string' ? `: ${said}` : '.'}`,
      next: 'Check the data centre and the scopes, then try again.',
    },
  };
}

export const zohoDeskPreset: ProviderPreset = {
  ...zohoOAuthCommon,
  id: 'zoho-desk',
  name: 'Zoho Desk',
  summary: 'Zoho Desk help desk API (one OAuth server per Zoho data centre; browser or Self Client).',
  regions: zohoRegions('desk'),
  defaultScopes: DEFAULT_SCOPES,
  knownScopes: KNOWN_SCOPES,
  tokenErrors: zohoTokenErrors,
  refreshRejectedHint:
    'Zoho refresh tokens last until revoked, so a rejected one was revoked, or silently deleted because 20 newer ones were made for this client (another server signing in with the same client can cause it).',
  liveCheck: {
    label: 'Read the Desk organizations of this account',
    url: '{api_url}/api/v1/organizations',
    auth: { type: 'header', name: 'Authorization', prefix: 'Zoho-oauthtoken ' },
    interpret: interpretOrganizations,
  },
  credentialsHelp: ZOHO_CREDENTIALS_HELP,
  selfClientHelp: ZOHO_SELF_CLIENT_HELP,
  ...zohoKeyNames('DESK'),
};
