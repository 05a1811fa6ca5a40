/**
 * The atomic writer moved to src/system/atomic-write.ts: reauth.yaml saves and reauth's own
 * files (.reauth/) use it too, not only targets. This re-export keeps older imports working;
 * import from '../system/atomic-write.js' in new code.
 */
export * from '../system/atomic-write.js';
