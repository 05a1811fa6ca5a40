/**
 * Issue 2's folder, shared by the Ink and plain runs: the dashboard's `.env` as the operator
 * left it, and the one exact way it may look after reauth wrote new tokens into it.
 */
import { expect } from 'vitest';
import type { NetatmoEmulator } from '../support/netatmo-emulator.js';
import { envValues } from './e2e-support.js';

export const OLD_NETATMO_REFRESH = 'fake-old-netatmo-refresh-0001';

/** Comments, an `export` line, a quoted value holding `#`, CRLF line ends, an old token. */
export function dashboardEnv(clientId: string): string {
  return [
    '# Weather dashboard — read by dashboard.py',
    `export NETATMO_CLIENT_ID=${clientId}`,
    'STATION_LABEL="Garden # north side"',
    '',
    '# Dead since the last 3-hour rotation',
    `NETATMO_REFRESH_TOKEN=${OLD_NETATMO_REFRESH}`,
    '',
  ].join('\r\n');
}

/**
 * Byte for byte: the refresh line replaced in place (quoted: Netatmo tokens hold `|`, and a shell
 * must still be able to source the file), the access token and expiry appended, CRLF kept — plus
 * the client secret, which nothing else holds, kept for `reauth refresh` (withCredentialsKept).
 * Returns the new tokens.
 */
export function expectOnlyTokenLinesChanged(before: string, after: string, emu: NetatmoEmulator): { access: string; refresh: string } {
  const values = envValues(after);
  const refresh = values.NETATMO_REFRESH_TOKEN!;
  const access = values.NETATMO_ACCESS_TOKEN!;
  expect(emu.liveRefreshTokens()).toContain(refresh);
  expect(emu.liveAccessTokens()).toContain(access);
  const expiresAt = values.NETATMO_TOKEN_EXPIRES_AT!;
  expect(expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(after).toBe(
    before.replace(`NETATMO_REFRESH_TOKEN=${OLD_NETATMO_REFRESH}`, `NETATMO_REFRESH_TOKEN='${refresh}'`) +
      `NETATMO_ACCESS_TOKEN='${access}'\r\n` +
      `NETATMO_TOKEN_EXPIRES_AT=${expiresAt}\r\n` +
      `NETATMO_CLIENT_SECRET=${emu.clientSecret}\r\n`,
  );
  return { access, refresh };
}
