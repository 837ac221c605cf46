/**
 * A region from its activation pattern (one bit string per ReLU layer): its exact output map and
 * the rows that define it, recomputed as the enumerator computes them (the merge's mapOf and
 * rowsOf, enumerate.ts), without the split tree.
 */
import { domainConstraints, integerConstraint, type Domain } from '../domain/domain.js';
import { isZero } from '../kernel/intvec.js';
import type { Row } from '../lp/interior.js';
import type { IntLayer } from '../network/integer-network.js';
import { applyPattern, identityMap, preActivations, type IntAffine } from './affine.js';

/**
 * The output map of the region with this activation pattern (one bit string per ReLU layer),
 * composed as the enumerator composes it (preActivations is what NextLayerMaps.map computes), so
 * equal to the region's map entry for entry.
 */
export function patternMap(layers: readonly IntLayer[], d: number, pattern: readonly string[]): IntAffine {
  let pre = preActivations(layers[0], identityMap(d), d);
  let next = 0;
  for (let l = 0; ; l++) {
    const bits = layers[l].relu ? Uint8Array.from(pattern[next++], (ch) => (ch === '1' ? 1 : 0)) : null;
    if (l + 1 === layers.length) return applyPattern(pre, bits);
    pre = preActivations(layers[l + 1], pre, d, bits);
  }
}

/**
 * The rows of a region from its pattern. A region's closure in the open domain is cut by every
 * non-constant pre-activation h = g·x + e of a ReLU neuron on one side only: the enumerator gives
 * bit 1 where h > 0 on the open region and 0 where h < 0 (a one-sided neuron has h ≥ 0 or h ≤ 0
 * on the open set, so h ≠ 0 there). So these rows hold strictly on the region; they include the
 * rows it was found with, so they define it (some may be redundant).
 */
export function patternRows(layers: IntLayer[], d: number, domain: Domain, pattern: readonly string[]): Row[] {
  const rows: Row[] = [];
  for (const c of domainConstraints(domain, d)) {
    const row = integerConstraint(c);
    if (!isZero(row.a)) rows.push(row);
  }
  let pre = preActivations(layers[0], identityMap(d), d);
  let next = 0;
  for (let l = 0; l < layers.length; l++) {
    const bits = layers[l].relu ? Uint8Array.from(pattern[next++], (ch) => (ch === '1' ? 1 : 0)) : null;
    if (bits) {
      for (let j = 0; j < bits.length; j++) {
        const g = pre.M[j];
        if (isZero(g)) continue;
        rows.push(bits[j] ? { a: g.map((v) => -v), b: pre.c[j] } : { a: g, b: -pre.c[j] });
      }
    }
    if (l + 1 < layers.length) pre = preActivations(layers[l + 1], pre, d, bits);
  }
  return rows;
}
