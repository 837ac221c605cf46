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

/**
 * The pre-activations of one layer from one input map, for many bit patterns of the previous
 * layer (the enumerator's cells that share that map). The result is exactly
 * `preActivations(layer, input, d, bits)`, computed with fewer BigInt operations:
 *
 * - packed: each input neuron's d + 1 integers (its row of M, then c) are one BigInt
 *   X_i = Σ_k comp_k·2^(kS), so a weight multiplies all of them in one operation; S is chosen
 *   so that every component of every sum is below 2^(S−1) in magnitude (bounded by exact bit
 *   lengths), and then BigInt.asIntN(S, ·) reads each component back exactly;
 * - incremental: the packed sums of the last pattern are kept, and the next pattern's are
 *   updated by the inputs whose bit flipped, which in depth-first order are few (siblings differ
 *   in the bits split after their common ancestor). Integer arithmetic is exact, so the sums are
 *   the same whatever the order.
 */
export class NextLayerMaps {
  private bits: Uint8Array | null = null;
  private S = 0; // component width in bits
  private X: bigint[] = []; // packed input rows
  private Y: bigint[] = []; // packed sums of the last pattern

  constructor(
    readonly layer: IntLayer,
    readonly input: IntAffine,
    readonly d: number,
    /** false: power-of-two maps are left unreduced (see map); no certificate may read them then */
    readonly reduce = true,
  ) {}

  map(bits: Uint8Array | null): IntAffine {
    const { layer, input, d } = this;
    const nIn = input.M.length;
    const W = layer.W;
    const n = W.length;
    if (this.X.length === 0 && nIn > 0) this.pack();
    let flips = 0;
    if (this.bits && bits) for (let i = 0; i < nIn; i++) if (bits[i] !== this.bits[i]) flips++;
    const X = this.X;
    let Y = this.Y;
    if (!this.bits || !bits || 2 * flips > nIn) {
      Y = this.Y = new Array<bigint>(n);
      const shift = BigInt(d * this.S);
      const active: number[] = [];
      for (let i = 0; i < nIn; i++) if (bits === null || bits[i] !== 0) active.push(i);
      const dense = layerBits(layer).dense;
      for (let j = 0; j < n; j++) {
        const w = W[j];
        let y = (layer.b[j] * input.den) << shift;
        for (const i of active) {
          const wi = w[i];
          if (dense || wi !== 0n) y += wi * X[i];
        }
        Y[j] = y;
      }
    } else if (flips > 0) {
      const old = this.bits;
      for (let i = 0; i < nIn; i++) {
        if (bits[i] === old[i]) continue;
        const Xi = bits[i] !== 0 ? X[i] : -X[i];
        for (let j = 0; j < n; j++) {
          const w = W[j][i];
          if (w !== 0n) Y[j] += w * Xi;
        }
      }
    }
    this.bits = bits ? bits.slice() : new Uint8Array(nIn).fill(1);
    const S = this.S;
    const bigS = BigInt(S);
    const M: bigint[][] = new Array(n);
    const c: bigint[] = new Array(n);
    for (let j = 0; j < n; j++) {
      let y = Y[j];
      const row = new Array<bigint>(d);
      for (let k = 0; k < d; k++) {
        const v = BigInt.asIntN(S, y);
        row[k] = v;
        y = (y - v) >> bigS;
      }
      M[j] = row;
      c[j] = y;
    }
    // Without `reduce`, a power-of-two den (float weights) is left as it is: a common factor 2^t
    // (t = 3..12 on the scale nets) was divided out of nearly every map, at a tenth of `count`,
    // and an unreduced map only carries t more bits. Signs, witnesses, vertices and the region's
    // map (applyPattern reduces it) are the same; only Motzkin multipliers would scale, so a run
    // that writes a certificate reduces.
    const den = layer.den * input.den;
    return !this.reduce && (den & (den - 1n)) === 0n ? { M, c, den } : reduceMap({ M, c, den });
  }

  /** S from exact bit lengths: |Σ_i w_i·comp_i + b·den| ≤ nIn·2^(bw+bc) + 2^(bb+bden) < 2^(S−1). */
  private pack(): void {
    const { layer, input, d } = this;
    const nIn = input.M.length;
    let cMax = 0n;
    for (let i = 0; i < nIn; i++) {
      for (const v of input.M[i]) cMax = maxAbs(cMax, v);
      cMax = maxAbs(cMax, input.c[i]);
    }
    const { wBits, bBits } = layerBits(layer);
    const logIn = Math.ceil(Math.log2(nIn)); // nIn ≤ 2^logIn
    const S = Math.max(wBits + bitLength(cMax) + logIn, bBits + bitLength(input.den)) + 2;
    const bigS = BigInt(S);
    const X = new Array<bigint>(nIn);
    for (let i = 0; i < nIn; i++) {
      let x = input.c[i];
      for (let k = d - 1; k >= 0; k--) x = (x << bigS) + input.M[i][k];
      X[i] = x;
    }
    this.S = S;
    this.X = X;
  }
}

const maxAbs = (m: bigint, v: bigint): bigint => (v > m ? v : -v > m ? -v : m);

const layerBitsCache = new WeakMap<IntLayer, { wBits: number; bBits: number; dense: boolean }>();

/** Bit lengths of the layer's largest weight and bias, and whether no weight is 0 (cached per layer). */
function layerBits(layer: IntLayer): { wBits: number; bBits: number; dense: boolean } {
  let r = layerBitsCache.get(layer);
  if (!r) {
    let wMax = 0n;
    let dense = true;
    for (const row of layer.W) for (const v of row) {
      wMax = maxAbs(wMax, v);
      if (v === 0n) dense = false;
    }
    let bMax = 0n;
    for (const v of layer.b) bMax = maxAbs(bMax, v);
    r = { wBits: bitLength(wMax), bBits: bitLength(bMax), dense };
    layerBitsCache.set(layer, r);
  }
  return r;
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
function reduceMap(m: IntAffine): IntAffine {
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
