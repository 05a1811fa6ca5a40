/**
 * What a device authorization answer may show on screen (issue 13): the user_code exactly when
 * it is clean and sanitised when not; an address only when it is a plain web address.
 */
import { describe, expect, it } from 'vitest';
import { parseDeviceAnswer } from '../../src/oauth/device-authorization.js';
import { OAuthError } from '../../src/oauth/token-errors.js';

const answer = { device_code: 'fake-device-code-9', user_code: 'WDJB-MJHT', verification_uri: 'https://example.test/device', expires_in: 600 };

describe('parseDeviceAnswer and outside text', () => {
  it('keeps a clean user_code and addresses exactly', () => {
    const grant = parseDeviceAnswer('My TV API', { ...answer, verification_uri_complete: 'https://example.test/device?user_code=WDJB-MJHT' }, 0);
    expect(grant).toMatchObject({ userCode: 'WDJB-MJHT', verificationUri: 'https://example.test/device', verificationUriComplete: 'https://example.test/device?user_code=WDJB-MJHT' });
  });

  it('shows a hostile user_code sanitised, on one line', () => {
    expect(parseDeviceAnswer('My TV API', { ...answer, user_code: 'AB\u001B[2J\n✔ ok\u009B2J' }, 0).userCode).toBe('AB␛ ✔ ok␛');
  });

  it.each([
    ['an escape sequence', { verification_uri: 'https://example.test/\u001B]8;;https://evil.example/\u001B\\device' }],
    ['a bidi override', { verification_uri: 'https://example.test/\u202Eeciveds' }],
    ['a line break', { verification_uri: 'https://example.test/device\nhttps://evil.example/' }],
    ['another scheme', { verification_uri: 'javascript:alert(1)' }],
    ['no address at all', { verification_uri: 'go to the device page' }],
    ['a hostile verification_uri_complete', { verification_uri_complete: 'https://example.test/device?c=\u009D0;t\u0007' }],
  ])('refuses an address with %s, in plain words', (_what, hostile) => {
    let error: unknown;
    try {
      parseDeviceAnswer('My TV API', { ...answer, ...hostile }, 0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).message).toMatch(/^My TV API gave an address to sign in at that no one could open/);
    expect((error as OAuthError).message).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E]/);
  });
});
