/**
 * PKCE (RFC 7636): a fresh secret verifier per sign-in, and the challenge sent in the link.
 * TikTok's variant hex-encodes the SHA-256 instead of base64url-encoding it, yet still
 * calls the method `S256` (PROVIDERS.md, TikTok: "PKCE").
 */
import { createHash } from 'node:crypto';
import type { PkceKind } from '../providers/types.js';

export interface Pkce {
  /** 43 unreserved characters; sent only with the code exchange. */
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** 32 random bytes give a 43-character base64url verifier, the RFC's recommended size. */
const VERIFIER_BYTES = 32;

export function createPkce(kind: PkceKind, randomBytes: (size: number) => Uint8Array): Pkce | undefined {
  if (kind === 'none') return undefined;
  const verifier = base64Url(randomBytes(VERIFIER_BYTES));
  return { verifier, challenge: pkceChallenge(kind, verifier), method: 'S256' };
}

export function pkceChallenge(kind: Exclude<PkceKind, 'none'>, verifier: string): string {
  const digest = createHash('sha256').update(verifier, 'ascii').digest();
  return kind === 'S256-hex' ? digest.toString('hex') : base64Url(digest);
}

export function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
