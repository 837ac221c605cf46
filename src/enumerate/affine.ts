/**
 * Exact affine maps x ↦ (M x + c) / den over integers, composed incrementally layer by layer.
 */
import { bitLength, gcd, lcm, rat, type Rational } from '../kernel/rational.js';
import type { IntLayer } from '../network/integer-network.js';
import { DenominatorGcd } from '../kernel/den-gcd.js';

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
  const { M, c } = sum(layer, input, d, bits);
  return reduceMap({ M, c, den: layer.den * input.den });
}

/** The unreduced integer sums of preActivations (bits null: every input counts). */
function sum(layer: IntLayer, input: IntAffine, d: number, bits: Uint8Array | null): { M: bigint[][]; c: bigint[] } {
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
  return { M, c };
}

/** The layer's output map, reduced: inactive ReLU rows are zeroed. */
export function applyPattern(pre: IntAffine, bits: Uint8Array | null): IntAffine {
  if (!bits) return reduceMap(pre); // NextLayerMaps leaves power-of-two maps unreduced
  const d = pre.M[0]?.length ?? 0;
  const zero = new Array<bigint>(d).fill(0n);
  return reduceMap({
    M: pre.M.map((row, j) => (bits[j] ? row : zero)),
    c: pre.c.map((v, j) => (bits[j] ? v : 0n)),
    den: pre.den,
  });
}

/** Divides out the common factor of den and all entries (keeps numbers from growing). */
export function reduceMap(m: IntAffine): IntAffine {
  const g = commonFactor(m);
  return g === 1n ? m : divide(m, g);
}

function commonFactor(m: IntAffine): bigint {
  return (m.den & (m.den - 1n)) === 0n ? powerOfTwoFactor(m) : generalFactor(m);
}

function divide(m: IntAffine, g: bigint): IntAffine {
  if ((g & (g - 1n)) === 0n) {
    // a power of two divides every entry exactly: an arithmetic shift is that quotient, also below 0
    const k = BigInt(bitLength(g) - 1);
    return { M: m.M.map((r) => r.map((v) => v >> k)), c: m.c.map((v) => v >> k), den: m.den >> k };
  }
  return { M: m.M.map((r) => r.map((v) => v / g)), c: m.c.map((v) => v / g), den: m.den / g };
}

/**
 * Float weights give power-of-two denominators: the common factor is then the lowest set bit of
 * den and the entries, that of their bitwise or (in two's complement, x | y has the trailing
 * zeros of whichever of x, y has fewer; zero entries add none).
 */
function powerOfTwoFactor(m: IntAffine): bigint {
  let acc = 0n;
  for (const row of m.M) {
    for (const v of row) acc |= v;
    if ((acc & 1n) !== 0n) return 1n; // an odd entry: nothing to divide
  }
  for (const v of m.c) acc |= v;
  if (acc === 0n) return m.den;
  const low = acc & -acc;
  return low < m.den ? low : m.den;
}

function generalFactor(m: IntAffine): bigint {
  // the first gcd with the long denominator through its splitting (kernel/den-gcd.ts); then g is short
  let g = m.den;
  let first = true;
  const step = (v: bigint): void => {
    if (v === 0n || g === 1n) return;
    g = first ? DenominatorGcd.of(g).gcd(v) : gcd(g, v);
    first = false;
  };
  for (const row of m.M) for (const v of row) step(v);
  for (const v of m.c) step(v);
  return g;
}

export function mapToRationals(m: IntAffine): { W: Rational[][]; c: Rational[] } {
  const den = m.den;
  if ((den & (den - 1n)) === 0n) return { W: m.M.map((r) => r.map((v) => rat(v, den))), c: m.c.map((v) => rat(v, den)) };
  // one denominator for every entry: split it once (kernel/den-gcd.ts) instead of a long gcd per entry
  const split = DenominatorGcd.of(den);
  const reduce = (v: bigint): Rational => {
    const g = split.gcd(v);
    return v === 0n ? { n: 0n, d: 1n } : g === 1n ? { n: v, d: den } : { n: v / g, d: den / g };
  };
  return { W: m.M.map((r) => r.map(reduce)), c: m.c.map(reduce) };
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
