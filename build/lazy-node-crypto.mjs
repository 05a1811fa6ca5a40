// esbuild plugin: reauth's own modules get node:crypto when they first call it, not when they
// load. Node builds its crypto module from ~27 internal modules (3–5 ms measured, more on a
// busy machine), and the static imports of pkce.ts, atomic-write.ts, production-deps.ts…
// made every command pay that before its first line, the wizard before its first question,
// though nothing hashes or draws random bytes until a sign-in starts or a file is written.
// Only functions are forwarded (same arguments, same results, called on the real module);
// a src/ file importing anything else from node:crypto fails the build ("No matching export")
// and is added here. Packages' own imports of node:crypto are left as they are.
import { forwardedOnFirstUse, ownModulesBuiltin } from './own-modules-builtin.mjs';

export const LAZY_CRYPTO_FUNCTIONS = ['createHash', 'randomBytes', 'timingSafeEqual'];

export function lazyNodeCrypto(root, names = LAZY_CRYPTO_FUNCTIONS) {
  return ownModulesBuiltin({
    name: 'lazy-node-crypto',
    root,
    builtin: 'node:crypto',
    contents: ['// reauth build patch (build/lazy-node-crypto.mjs): node:crypto is loaded on first use.', ...forwardedOnFirstUse('node:crypto', names)].join('\n'),
  });
}
