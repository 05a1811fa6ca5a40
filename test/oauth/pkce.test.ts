import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createPkce, pkceChallenge } from '../../src/oauth/pkce.js';

// RFC 7636 appendix B: these 32 octets give this verifier and this S256 challenge.
const RFC_OCTETS = new Uint8Array([
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88,
  83, 132, 141, 121,
]);
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
// `printf %s dBjftJeZ… | sha256sum`: TikTok wants this hex form instead.
const RFC_VERIFIER_HEX_SHA256 = '13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3';

describe('PKCE', () => {
  it('builds the RFC 7636 appendix B verifier and base64url challenge for S256', () => {
    expect(createPkce('S256', () => RFC_OCTETS)).toEqual({ verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, method: 'S256' });
  });

  it('uses the lowercase hex SHA-256 for TikTok’s S256-hex, still named S256', () => {
    expect(createPkce('S256-hex', () => RFC_OCTETS)).toEqual({ verifier: RFC_VERIFIER, challenge: RFC_VERIFIER_HEX_SHA256, method: 'S256' });
    expect(pkceChallenge('S256-hex', RFC_VERIFIER)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes no verifier when the service uses no PKCE', () => {
    expect(createPkce('none', () => RFC_OCTETS)).toBeUndefined();
  });

  it('makes a new 43–128 character unreserved verifier every time', () => {
    const random = (size: number) => new Uint8Array(randomBytes(size));
    const first = createPkce('S256', random);
    const second = createPkce('S256', random);
    expect(first?.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(second?.verifier).not.toEqual(first?.verifier);
  });
});
