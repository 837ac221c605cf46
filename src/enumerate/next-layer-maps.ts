/**
 * The pre-activations of one layer from one input map, for many bit patterns of the previous
 * layer (the enumerator's cells that share that map). The result is exactly
 * `preActivations(layer, input, d, bits)` (affine.ts), computed with fewer BigInt operations:
 *
 * - packed: each input neuron's d + 1 integers (its row of M, then c) are one BigInt
 *   X_i = Σ_k comp_k·2^(kS), so a weight multiplies all of them in one operation; S is chosen
 *   so that every component of every sum is below 2^(S−1) in magnitude (bounded by exact bit
 *   lengths), and then BigInt.asIntN(S, ·) reads each component back exactly;
 * - incremental: the packed sums of the last pattern are kept, and the next pattern's are
 *   updated by the inputs whose bit flipped, which in depth-first order are few (siblings differ
 *   in the bits split after their common ancestor). Integer arithmetic is exact, so the sums are
 *   the same whatever the order.
 *
 * Without `reduce` (no certificate is written) and with a power-of-two den (float weights), a
 * map is a PackedMap: not reduced (a common factor 2^t, t = 3..12 on the scale nets, was divided
 * out of nearly every map at a tenth of `count`; signs, witnesses, vertices and the region's map,
 * which applyPattern reduces, are the same, only Motzkin multipliers would scale), and lazy: its
 * exact sums are made when a row is first read, and its rows' doubles with a proven radius
 * (approx-rows.ts) decide most neurons of a cell unread (approx-side.ts).
 */
import { bitLength } from '../kernel/rational.js';
import type { IntLayer } from '../network/integer-network.js';
import { reduceMap, type IntAffine } from './affine.js';
import { approxFromExact, IncrementalApprox, type ApproxRows } from './approx-rows.js';
import { IncrementalResidues, residuesOf, type Residues } from './map-residues.js';

export class NextLayerMaps {
  private bits: Uint8Array | null = null; // the pattern of Y (null: none yet)
  private S = 0; // component width in bits
  private X: bigint[] = []; // packed input rows
  private Y: bigint[] = []; // packed sums of `bits`
  private approx: IncrementalApprox | null | undefined = undefined; // made on the first lazy map
  private residues: IncrementalResidues | null | undefined = undefined;

  constructor(
    readonly layer: IntLayer,
    readonly input: IntAffine,
    readonly d: number,
    readonly options: {
      /** power-of-two maps are left unreduced and lazy (PackedMap); no certificate may read them then */
      lazy?: boolean;
      /** lazy maps carry their rows' doubles with a radius (the vertex engine's approx-side.ts) */
      approx?: boolean;
      /** lazy maps carry their entries' residues (the merge's hash, map-residues.ts) */
      residues?: boolean;
    } = {},
  ) {}

  map(bits: Uint8Array | null): IntAffine {
    const { layer, input, d, options } = this;
    const den = layer.den * input.den;
    if (!options.lazy || (den & (den - 1n)) !== 0n) {
      const m = new PackedMap(this, bits, d, den, null, null);
      return reduceMap({ M: m.M, c: m.c, den });
    }
    if (this.approx === undefined) {
      const inp = !options.approx ? null : input instanceof PackedMap ? input.approx : approxFromExact(input, d);
      this.approx = inp && new IncrementalApprox(layer, inp, d);
    }
    if (this.residues === undefined) {
      const inp = !options.residues ? null : input instanceof PackedMap ? input.residues : residuesOf(input, d);
      this.residues = IncrementalResidues.of(layer, inp);
    }
    return new PackedMap(this, bits && bits.slice(), d, den, this.approx?.at(bits) ?? null, this.residues?.at(bits) ?? null);
  }

  /** A copy of the packed sums for this pattern, updated from the last pattern's. */
  sums(bits: Uint8Array | null): { Y: bigint[]; S: number } {
    const { layer, input, d } = this;
    const W = layer.W;
    const n = W.length;
    const nIn = n > 0 ? W[0].length : 0;
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
    return { Y: Y.slice(), S: this.S };
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

/**
 * A map of NextLayerMaps whose exact rows are made when read: `row(j)` and `constant(j)` unpack
 * one row (y_j = Σ_k comp_k·2^(kS) + c_j·2^(dS)), M and c all of them; the packed sums are asked
 * of the owner on the first read. `approx`: the rows' doubles with a proven radius, or null;
 * `residues`: its entries modulo a prime, or null.
 */
export class PackedMap implements IntAffine {
  private readonly rows: (bigint[] | undefined)[];
  private readonly consts: bigint[];
  private all = false;
  private Y: bigint[] | null = null;
  private S = 0;
  /** Number(den), for approx-side.ts (converted once) */
  readonly denDouble: number;

  constructor(
    private owner: NextLayerMaps | null,
    private readonly bits: Uint8Array | null,
    readonly d: number,
    readonly den: bigint,
    readonly approx: ApproxRows | null,
    /** the entries' residues modulo map-residues.ts's prime, or null */
    readonly residues: Residues | null,
  ) {
    const n = owner!.layer.W.length;
    this.denDouble = Number(den);
    this.rows = new Array(n);
    this.consts = new Array(n);
  }

  row(j: number): bigint[] {
    return this.rows[j] ?? this.unpack(j);
  }

  constant(j: number): bigint {
    if (this.rows[j] === undefined) this.unpack(j);
    return this.consts[j];
  }

  get M(): bigint[][] {
    if (!this.all) this.unpackAll();
    return this.rows as bigint[][];
  }

  get c(): bigint[] {
    if (!this.all) this.unpackAll();
    return this.consts;
  }

  private unpackAll(): void {
    for (let j = 0; j < this.rows.length; j++) if (this.rows[j] === undefined) this.unpack(j);
    this.all = true;
  }

  /** BigInt.asIntN reads each component exactly (every one is below 2^(S−1) in magnitude, see pack). */
  private unpack(j: number): bigint[] {
    if (this.Y === null) {
      ({ Y: this.Y, S: this.S } = this.owner!.sums(this.bits));
      this.owner = null;
    }
    const { S, d } = this;
    const bigS = BigInt(S);
    let y = this.Y[j];
    const row = new Array<bigint>(d);
    for (let k = 0; k < d; k++) {
      const v = BigInt.asIntN(S, y);
      row[k] = v;
      y = (y - v) >> bigS;
    }
    this.rows[j] = row;
    this.consts[j] = y;
    return row;
  }
}

/** Row j's coefficients and constant, unpacking only that row of a PackedMap. */
export const mapRow = (m: IntAffine, j: number): bigint[] => (m instanceof PackedMap ? m.row(j) : m.M[j]);
export const mapConstant = (m: IntAffine, j: number): bigint => (m instanceof PackedMap ? m.constant(j) : m.c[j]);

const maxAbs = (m: bigint, v: bigint): bigint => (v > m ? v : -v > m ? -v : m);

const layerBitsCache = new WeakMap<IntLayer, { wBits: number; bBits: number; dense: boolean }>();

/** Bit lengths of the layer's largest weight and bias, and whether no weight is 0 (cached per layer). */
function layerBits(layer: IntLayer): { wBits: number; bBits: number; dense: boolean } {
  let r = layerBitsCache.get(layer);
  if (!r) {
    let wMax = 0n;
    let dense = true;
    for (const row of layer.W)
      for (const v of row) {
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
