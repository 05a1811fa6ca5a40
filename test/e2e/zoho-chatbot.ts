/**
 * The support chatbot of scenario 4 as the Zoho SalesIQ tests find it: the pair it uses today
 * (really minted by the loopback Zoho, so it can be revoked) and its .env — box-drawing banners,
 * Desk tokens that must not be touched.
 */
import type { ZohoEmulator } from '../support/zoho-emulator.js';

export const SALESIQ_SCOPES = ['SalesIQ.conversations.READ', 'SalesIQ.conversations.CREATE', 'SalesIQ.conversations.UPDATE', 'SalesIQ.departments.READ'];

export async function mintCurrentPair(emu: ZohoEmulator): Promise<{ access: string; refresh: string }> {
  const { selfClientId, selfClientSecret } = emu.credentials;
  const response = await fetch(`${emu.origin}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: selfClientId,
      client_secret: selfClientSecret,
      code: emu.issueSelfClientCode({ scopes: SALESIQ_SCOPES }),
    }),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

export function chatbotEnv(emu: ZohoEmulator, old: { access: string; refresh: string }): string {
  const { selfClientId, selfClientSecret } = emu.credentials;
  return [
    '# ╔══════════════════════════════════════╗',
    '# ║  Support chatbot — production config  ║',
    '# ╚══════════════════════════════════════╝',
    'APP_ID=fake-app-0001',
    'DEPARTMENT_ID=5001',
    '',
    '# ── SalesIQ ──────────────────────────────',
    `SALESIQ_ACCESS_TOKEN=${old.access}`,
    `SALESIQ_REFRESH_TOKEN=${old.refresh}`,
    '',
    '# ── Desk (not this run) ──────────────────',
    'DESK_ACCESS_TOKEN=1000.fake-desk-access-0001',
    'DESK_REFRESH_TOKEN=1000.fake-desk-refresh-0001',
    'DESK_ORG_ID=600001',
    '',
    `ZOHO_CLIENT_ID=${selfClientId}`,
    `ZOHO_CLIENT_SECRET=${selfClientSecret}`,
    '',
  ].join('\n');
}
