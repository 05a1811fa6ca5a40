import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { OAuthError, explainRefreshRejected, explainTokenError } from '../../src/oauth/token-errors.js';
import { netatmoPreset } from '../../src/providers/netatmo.js';
import type { ErrorExplanation } from '../../src/providers/types.js';
import { resolved } from './fixtures.js';

const netatmo = resolved(netatmoPreset);
const zohoLike = resolved(netatmoPreset, {
  name: 'Zoho',
  tokenErrors: { invalid_code: { kind: 'code', message: 'Zoho did not accept the code.' } },
});
const ttlockLike = resolved(netatmoPreset, {
  name: 'TTLock',
  errorShape: 'errcode',
  tokenErrors: { '10004': { kind: 'sign-in-again', message: 'TTLock no longer accepts this token.' } },
});

describe('explaining token errors', () => {
  it('reads an RFC 6749 error at HTTP 400 from the preset’s table', () => {
    expect(explainTokenError(netatmo, 400, { error: 'invalid_client' })).toMatchObject({ kind: 'config', message: expect.stringMatching(/wrong client id or secret/) });
  });

  it('reads Netatmo’s invalid_grant as a used or expired code at the exchange…', () => {
    expect(explainTokenError(netatmo, 400, { error: 'invalid_grant' }, 'code')).toMatchObject({
      kind: 'code',
      message: expect.stringMatching(/already used or has expired/),
    });
  });

  it('…and as a dead refresh token at refresh', () => {
    expect(explainTokenError(netatmo, 400, { error: 'invalid_grant' }, 'refresh')).toMatchObject({ kind: 'sign-in-again' });
  });

  it('treats an error body with HTTP 200 as an error (Zoho, TikTok)', () => {
    expect(explainTokenError(zohoLike, 200, { error: 'invalid_code' })).toEqual({ kind: 'code', message: 'Zoho did not accept the code.' });
  });

  it('reads TTLock’s errcode with HTTP 200, and 0 or absent as success', () => {
    expect(explainTokenError(ttlockLike, 200, { errcode: 10004, errmsg: 'invalid grant' })).toMatchObject({ kind: 'sign-in-again' });
    expect(explainTokenError(ttlockLike, 200, { errcode: 0, access_token: 'x' })).toBeUndefined();
    expect(explainTokenError(ttlockLike, 200, { access_token: 'x', uid: 1 })).toBeUndefined();
  });

  it('quotes an unknown code and a short, redacted description', () => {
    const secret = 'fake-client-secret-0001';
    const explanation = explainTokenError(ttlockLike, 200, { errcode: 10099, errmsg: `bad secret ${secret} ${'z'.repeat(400)}` }, 'code', [secret]);
    expect(explanation?.kind).toBe('config');
    expect(explanation?.message).toContain('"10099"');
    expect(explanation?.message).toContain('bad secret');
    expect(explanation?.message).not.toContain(secret);
    expect(explanation?.message.length).toBeLessThan(250);
  });

  it('falls back to RFC 6749 meanings for codes a preset does not list', () => {
    const bare = resolved(netatmoPreset, { name: 'My API', tokenErrors: {} });
    expect(explainTokenError(bare, 400, { error: 'invalid_grant' }, 'code')?.kind).toBe('code');
    expect(explainTokenError(bare, 400, { error: 'invalid_grant' }, 'refresh')?.kind).toBe('sign-in-again');
    expect(explainTokenError(bare, 503, { error: 'temporarily_unavailable' })?.kind).toBe('unavailable');
  });

  it('calls HTTP 5xx and 429 unavailable', () => {
    expect(explainTokenError(netatmo, 502, undefined)?.kind).toBe('unavailable');
    expect(explainTokenError(netatmo, 429, { error: 'slow down please' })?.kind).toBe('unavailable');
  });

  it('explains an HTTP error without a body', () => {
    expect(explainTokenError(netatmo, 401, undefined)).toMatchObject({ kind: 'config', message: expect.stringContaining('HTTP 401') });
  });

  it('sees no error in a plain success', () => {
    expect(explainTokenError(netatmo, 200, { access_token: 'x' })).toBeUndefined();
  });

  it('adds the preset’s hint when a refresh token is rejected', () => {
    const dead: ErrorExplanation = { kind: 'sign-in-again', message: 'Dead.' };
    expect(explainRefreshRejected(netatmo, dead).message).toMatch(/^Dead\. Netatmo hands out a new refresh token/);
    const down: ErrorExplanation = { kind: 'unavailable', message: 'Down.' };
    expect(explainRefreshRejected(netatmo, down)).toBe(down);
  });

  it('gives each kind its exit code', () => {
    expect(new OAuthError({ kind: 'sign-in-again', message: 'm' }).exitCode).toBe(ExitCode.signInAgain);
    expect(new OAuthError({ kind: 'unavailable', message: 'm' }).exitCode).toBe(ExitCode.unavailable);
    for (const kind of ['code', 'config', 'credentials'] as const) expect(new OAuthError({ kind, message: 'm' }).exitCode).toBe(ExitCode.usage);
    const error = new OAuthError({ kind: 'code', message: 'Used code.', next: 'Try again.' }, 'invalid_grant');
    expect(error).toMatchObject({ message: 'Used code.', nextStep: 'Try again.', code: 'invalid_grant', explanation: { kind: 'code' } });
  });

  it.each(['invalid_client', 'invalid_scope', 'invalid_request', 'invalid_grant'])('shows the server’s error_description and error_uri beside the explanation of a known code (%s)', (code) => {
    const secret = 'fake-client-secret-0002';
    const explanation = explainTokenError(
      netatmo,
      400,
      { error: code, error_description: `client authentication failed for ${secret} \u001b]0;pwned\u0007${'y'.repeat(300)}`, error_uri: 'https://dev.example.com/errors/42' },
      'refresh',
      [secret],
    )!;
    expect(explanation.message).toMatch(/Netatmo said: "client authentication failed for /);
    expect(explanation.message).toContain('More: https://dev.example.com/errors/42');
    expect(explanation.message).not.toContain(secret);
    expect(explanation.message).not.toContain('\u001b');
    expect(explanation.message.length).toBeLessThan(700);
  });

  it('redacts token values a service echoes in its description, not only the secrets it was given', () => {
    const explanation = explainTokenError(netatmo, 400, { error: 'invalid_request', error_description: 'got refresh_token=fake-echoed-refresh-000099 twice' })!;
    expect(explanation.message).toContain('refresh_token=');
    expect(explanation.message).not.toContain('fake-echoed-refresh-000099');
  });

  it('says nothing extra when the service sent no description or only repeated its code', () => {
    expect(explainTokenError(netatmo, 400, { error: 'invalid_client' })!.message).not.toMatch(/said/);
    expect(explainTokenError(netatmo, 400, { error: 'invalid_client', error_description: 'invalid_client' })!.message).not.toMatch(/said/);
    expect(explainTokenError(netatmo, 400, { error: 'invalid_client', error_uri: 'https://x.example/e' })!.message).toMatch(/Netatmo points to https:\/\/x\.example\/e for details\.$/);
  });
});
