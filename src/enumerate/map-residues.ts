/**
 * The linear-region merge's hash of a region's map f(x) = (M x + c)/den: its values at a fixed
 * point x* modulo a prime p, f_j(x*) = (M_j·x* + c_j)·den⁻¹ mod p whenever p does not divide den.
 * That is the same number however the fraction is written (reduced or not), so equal maps have
 * equal hashes; two different maps agree at x* with probability about 1/p per row, and a
 * collision costs only an exact comparison (merge.ts). The enumerator keeps these residues layer
 * by layer (IncrementalResidues: f_j = β_j + Σ_i ω_ji·relu(f_i), bit by bit as NextLayerMaps
 * keeps its exact sums, exactly: every value is an integer below 2^53), so a region alone with
 * its map needs no exact map at all.
 */
import type { IntLayer } from '../network/integer-network.js';
import type { IntAffine } from './affine.js';

/** A prime below 2^26: residues multiply below 2^52, exactly in doubles. */
export const P = 67108859;
const BP = BigInt(P);
const INV_P = 1 / P;

/** The point x*: fixed residues, one per input. */
const point = (k: number): bigint => BigInt((1000003 * (k + 1) * (k + 7) + 12345) % P);

/** Each row's value at x* modulo p. */
export interface Residues {
  r: Float64Array;
}

const mod = (v: bigint): number => {
  const m = Number(v % BP);
  return m < 0 ? m + P : m;
};

/**
 * a·b mod p for residues a, b: a·b < 2^52 is exact, the quotient's floor from a·b·(1/p) is off by
 * at most one (its relative error is about 2^-52 of a value below 2^26), and q·p < 2^53 is exact,
 * so one correction gives the remainder.
 */
function mulmod(a: number, b: number): number {
  const x = a * b;
  const r = x - Math.floor(x * INV_P) * P;
  return r < 0 ? r + P : r >= P ? r - P : r;
}

function inverse(a: bigint): bigint {
  // Fermat: a^(p−2) mod p, for a not divisible by p
  let result = 1n;
  let base = ((a % BP) + BP) % BP;
  let e = BP - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % BP;
    base = (base * base) % BP;
    e >>= 1n;
  }
  return result;
}

/** The residues of an exact map's rows at x*; null when p divides den (never for power-of-two dens). */
export function residuesOf(m: IntAffine, d: number): Residues | null {
  if (m.den % BP === 0n) return null;
  const inv = inverse(m.den);
  const n = m.M.length;
  const r = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = m.c[j];
    for (let k = 0; k < d; k++) v += m.M[j][k] * point(k);
    r[j] = mod(v * inv);
  }
  return { r };
}

/**
 * The merge's 30-bit hash of a map from its rows' residues, with the rows whose bit is 0
 * (inactive neurons after the ReLU; bits null: none) as zeros: the hash of applyPattern's map.
 */
export function residueHash(res: Residues, bits: Uint8Array | null): number {
  let h = 0x811c9dc5;
  const { r } = res;
  for (let j = 0; j < r.length; j++) {
    h = Math.imul(h ^ (bits === null || bits[j] !== 0 ? r[j] : 0), 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h & 0x3fffffff; // a small integer for V8: a Map key without a boxed number
}

/** The hash of an exact map (any form, reduced or not); maps whose den p divides hash apart, by their den. */
export function mapHash(m: IntAffine, d: number): number {
  const res = residuesOf(m, d);
  if (res) return residueHash(res, null);
  return (mod(m.den / BP) * 31 + 0x2f) & 0x3fffffff;
}

/** A layer's weights and biases divided by den, modulo p (null when p divides den). */
const layerCache = new WeakMap<IntLayer, { w: Float64Array; b: Float64Array } | null>();
function layerResidues(layer: IntLayer): { w: Float64Array; b: Float64Array } | null {
  let c = layerCache.get(layer);
  if (c !== undefined) return c;
  c = null;
  if (layer.den % BP !== 0n) {
    const inv = inverse(layer.den);
    const n = layer.W.length;
    const nIn = n > 0 ? layer.W[0].length : 0;
    const w = new Float64Array(n * nIn);
    const b = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < nIn; i++) w[j * nIn + i] = mod(layer.W[j][i] * inv);
      b[j] = mod(layer.b[j] * inv);
    }
    c = { w, b };
  }
  layerCache.set(layer, c);
  return c;
}

/**
 * The residues of a layer's pre-activations at x* for many bit patterns of its input layer,
 * updated by the inputs whose bit flipped: f_j = β_j + Σ_{i active} ω_ji·f_i modulo p. `at`
 * returns a copy.
 */
export class IncrementalResidues {
  private cur: Float64Array | null = null;
  private bits: Uint8Array | null = null;

  private constructor(
    private readonly lr: { w: Float64Array; b: Float64Array },
    private readonly n: number,
    private readonly inp: Residues,
  ) {}

  static of(layer: IntLayer, inp: Residues | null): IncrementalResidues | null {
    const lr = layerResidues(layer);
    return lr && inp ? new IncrementalResidues(lr, layer.W.length, inp) : null;
  }

  at(bits: Uint8Array | null): Residues {
    const { lr, n, inp } = this;
    const I = inp.r;
    const nIn = I.length;
    if (!this.cur || !this.bits || !bits) {
      const r = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let v = lr.b[j];
        for (let i = 0; i < nIn; i++) {
          if (bits !== null && bits[i] === 0) continue;
          v += mulmod(lr.w[j * nIn + i], I[i]);
          if (v >= P) v -= P;
        }
        r[j] = v;
      }
      this.cur = r;
    } else {
      const r = this.cur;
      const old = this.bits;
      for (let i = 0; i < nIn; i++) {
        if (bits[i] === old[i]) continue;
        const add = bits[i] !== 0;
        const x = I[i];
        for (let j = 0; j < n; j++) {
          const t = mulmod(lr.w[j * nIn + i], x);
          let v = add ? r[j] + t : r[j] - t;
          if (v >= P) v -= P;
          else if (v < 0) v += P;
          r[j] = v;
        }
      }
    }
    this.bits = bits ? bits.slice() : null;
    return { r: this.cur.slice() };
  }
}
