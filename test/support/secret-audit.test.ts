import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRecorded, findLeaks, recordIssuedTokens, recordOutput, recordSecret, SECRET_AUDIT_DIR_VAR, startSecretAudit } from './secret-audit.js';

const access = 'fake-access-token-0001|9f2c4e6a8b0d1f3e';
const refresh = 'fake-refresh-token-0001|0a1b2c3d4e5f6a7b';

describe('findLeaks (the whole-suite secret grep)', () => {
  it('finds a whole secret anywhere in an output, once per output, and names it masked', () => {
    const leaks = findLeaks([access, refresh], [
      { label: 'debug trace', text: `POST /token\nbody: {"access_token":"${access}"}\nagain ${access}` },
      { label: 'clean', text: 'NETATMO_ACCESS_TOKEN fake…7b (39 characters)' },
      { label: 'at the very start and end', text: `${refresh}` },
    ]);
    expect(leaks).toEqual([
      { label: 'debug trace', secret: `fake…1f3e (${access.length} characters)` },
      { label: 'at the very start and end', secret: `fake…6a7b (${refresh.length} characters)` },
    ]);
  });

  it('does not count what reauth shows of a secret: masked forms, a prefix or a suffix alone', () => {
    const outputs = [
      { label: 'masked', text: `fake…1f3e (${access.length} characters)` },
      { label: 'all but the last character', text: access.slice(0, -1) },
      { label: 'all but the first character', text: access.slice(1) },
      { label: 'split by a line break', text: `${access.slice(0, 20)}\n${access.slice(20)}` },
    ];
    expect(findLeaks([access], outputs)).toEqual([]);
  });

  it('tells apart secrets that end alike', () => {
    const a = 'fake-one-XXXXXXXXXXXXXXXX';
    const b = 'fake-two-XXXXXXXXXXXXXXXX';
    expect(findLeaks([a, b], [{ label: 'x', text: `…${b}…` }])).toEqual([{ label: 'x', secret: `fake…XXXX (${b.length} characters)` }]);
  });
});

describe('recording across processes', () => {
  const before = process.env[SECRET_AUDIT_DIR_VAR];
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (before === undefined) delete process.env[SECRET_AUDIT_DIR_VAR];
    else process.env[SECRET_AUDIT_DIR_VAR] = before;
  });

  it('reads back the tokens of a token answer, other secrets and outputs, and fails on a leak', () => {
    dir = startSecretAudit();
    recordIssuedTokens(JSON.stringify({ access_token: access, token_type: 'Bearer', data: { refresh_token: refresh }, expires_in: 10800 }));
    recordSecret('fake-client-secret-0001', 'short');
    recordOutput('refresh', `✔ weather: NETATMO_ACCESS_TOKEN fake…1f3e`);
    expect(auditRecorded(dir)).toEqual({ secrets: 3, outputs: 1, leaks: [] });
    recordOutput('status --debug', `Authorization: Bearer ${access}`);
    expect(auditRecorded(dir).leaks).toEqual([{ label: 'status --debug', secret: `fake…1f3e (${access.length} characters)` }]);
  });

  it('records nothing outside a test run', () => {
    delete process.env[SECRET_AUDIT_DIR_VAR];
    dir = mkdtempSync(join(tmpdir(), 'reauth-audit-off-'));
    expect(() => {
      recordSecret(access);
      recordOutput('x', access);
    }).not.toThrow();
  });
});
