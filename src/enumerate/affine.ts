/**
 * Exact affine maps x ↦ (M x + c) / den over integers, composed incrementally layer by layer.
 */
import { gcd, lcm, rat, type Rational } from '../kernel/rational.js';
import type { IntLayer } from '../network/integer-network.js';

export interface IntAffine {
  M: bigint[][]; // rows × d
  c: bigint[];
  den: bigint; // > 0
}

export function identityMap(d: number): IntAffine {
  const M = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1n : 0n)));
  return { M, c: new Array<bigint>(d).fill(0n), den: 1n };
}

/**
 * Pre-activations of `layer` as an affine map of x, given the map of its input before the
 * previous layer's ReLU and that layer's bits (null: no ReLU); inactive inputs are skipped.
 */
export function preActivations(layer: IntLayer, input: IntAffine, d: number, bits: Uint8Array | null = null): IntAffine {
  const n = layer.W.length;
  const M: bigint[][] = new Array(n);
  const c: bigint[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const w = layer.W[j];
    const row = new Array<bigint>(d).fill(0n);
    let cj = layer.b[j] * input.den;
    for (let i = 0; i < w.length; i++) {
      const wi = w[i];
      if (wi === 0n || (bits !== null && bits[i] === 0)) continue;
      const Mi = input.M[i];
      for (let k = 0; k < d; k++) row[k] += wi * Mi[k];
      cj += wi * input.c[i];
    }
    M[j] = row;
    c[j] = cj;
  }
  return reduceMap({ M, c, den: layer.den * input.den });
}

/** The layer's output map: inactive ReLU rows are zeroed. */
export function applyPattern(pre: IntAffine, bits: Uint8Array | null): IntAffine {
  if (!bits) return pre;
  const d = pre.M[0]?.length ?? 0;
  const zero = new Array<bigint>(d).fill(0n);
  return reduceMap({
    M: pre.M.map((row, j) => (bits[j] ? row : zero)),
    c: pre.c.map((v, j) => (bits[j] ? v : 0n)),
    den: pre.den,
  });
}

/** Divides out the common factor of den and all entries (keeps numbers from growing). */
function reduceMap(m: IntAffine): IntAffine {
  const g = (m.den & (m.den - 1n)) === 0n ? powerOfTwoFactor(m) : generalFactor(m);
  if (g === 1n) return m;
  return { M: m.M.map((r) => r.map((v) => v / g)), c: m.c.map((v) => v / g), den: m.den / g };
}

/** Float weights give power-of-two denominators: the common factor is then the lowest set bit. */
function powerOfTwoFactor(m: IntAffine): bigint {
  let low = m.den;
  for (const row of m.M) for (const v of row) if (v !== 0n) low = lowest(low, v & -v);
  for (const v of m.c) if (v !== 0n) low = lowest(low, v & -v);
  return low;
}

const lowest = (a: bigint, b: bigint): bigint => (b < a ? b : a);

function generalFactor(m: IntAffine): bigint {
  let g = m.den;
  for (const row of m.M) for (const v of row) if (v !== 0n && g !== 1n) g = gcd(g, v);
  for (const v of m.c) if (v !== 0n && g !== 1n) g = gcd(g, v);
  return g;
}

export function mapToRationals(m: IntAffine): { W: Rational[][]; c: Rational[] } {
  return { W: m.M.map((r) => r.map((v) => rat(v, m.den))), c: m.c.map((v) => rat(v, m.den)) };
}

/**
 * c·f on a region whose outputs are the map (M x + c0)/den, for an objective c over the outputs:
 * c·f(x) = (g·x + e)/D over integers (D = den times c's common denominator, > 0).
 */
export function objectiveMap(map: IntAffine, objective: readonly Rational[]): { g: bigint[]; e: bigint; D: bigint } {
  const { M, c, den } = map;
  let L = 1n;
  for (const v of objective) L = lcm(L, v.d);
  const g = new Array<bigint>(M[0]?.length ?? 0).fill(0n);
  let e = 0n;
  objective.forEach((v, o) => {
    const w = v.n * (L / v.d);
    if (w === 0n) return;
    M[o].forEach((m, i) => (g[i] += w * m));
    e += w * c[o];
  });
  return { g, e, D: L * den };
}

/** A canonical string of the map, for grouping regions with the same affine map. */
export function mapKey(m: IntAffine): string {
  return `${m.den}:${m.M.map((r) => r.join(',')).join(';')}:${m.c.join(',')}`;
}
