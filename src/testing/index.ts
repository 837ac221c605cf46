/**
 * `relu-regions/testing`: everything for property-based tests of other engines against this one
 * (fast-check is an optional peer dependency, needed only here):
 * - arbitraries.ts: networks, layers, rationals, float32 values, boxes and points;
 * - degenerate.ts: degenerate networks and boxes (duplicated, dead, always-active neurons, ...);
 * - oracle.ts: `oracle.rangeSoundness`, `verifyAgreement`, `countEquality`, `lipschitzSoundness`
 *   (fast-check properties judging an engine function against the exact answers).
 * The exact function-preserving transforms are `relu-regions/testing/transforms`.
 */
export * from './arbitraries.js';
export * from './degenerate.js';
export * from './oracle.js';
