/**
 * The exact pieces the star search (verify/star.ts) and the checker of star subtrees
 * (verdict-star.ts) share: exact boxes and their rows, the exact composition of a layer's map
 * under decided bits, split and cut rows in primitive form, the Neumaier–Shcherbina bound from any
 * multipliers y >= 0, outward doubles, and the certified CROWN bound of a cell (format in
 * verdict-star.ts). One exact place for every decision, as the brief's kernel model asks.
 */
import { cmp, floorDiv, lcm, rat, type Rational } from '../kernel/rational.js';
import type { IntLayer } from '../network/integer-network.js';
import type { Layer, Network } from '../network/network.js';
import { fail, isIndex, num, type Row } from './checker.js';
import { ratDown } from './directed-rounding.js';
import { linearBounds, presetLayer, type LinearBound, type Objective } from './linear-bounds.js';
import { inputPartMin } from './prune-decider.js';
import type { AffineAtom } from './verdict-format.js';

/** x ↦ (M x + c)/den over integers. */
export interface ExactMap {
  M: bigint[][];
  c: bigint[];
  den: bigint;
}

/** The exact box: lo_i = LO_i / L, hi_i = HI_i / L. */
export interface ExactBox {
  lo: Rational[];
  hi: Rational[];
  LO: bigint[];
  HI: bigint[];
  L: bigint;
}

export function exactBox(lo: Rational[], hi: Rational[]): ExactBox {
  let L = 1n;
  for (const v of [...lo, ...hi]) L = lcm(L, v.d);
  return { lo, hi, L, LO: lo.map((v) => v.n * (L / v.d)), HI: hi.map((v) => v.n * (L / v.d)) };
}

/** The box rows of a cell's row numbering: x_i <= hi_i (row 2i), −x_i <= −lo_i (row 2i+1). */
export function boxRows(box: ExactBox): Row[] {
  const d = box.lo.length;
  const rows: Row[] = [];
  for (let i = 0; i < d; i++) {
    const e = new Array<bigint>(d).fill(0n);
    e[i] = box.L;
    rows.push({ a: e, b: box.HI[i] });
    rows.push({ a: e.map((v) => -v), b: -box.LO[i] });
  }
  return rows;
}

/** The identity map on d inputs. */
export function identity(d: number): ExactMap {
  return { M: Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1n : 0n))), c: new Array<bigint>(d).fill(0n), den: 1n };
}

/** Pre-activations of `layer` on inputs given by `input` (its previous layer's map) under `bits` (null: no ReLU). */
export function compose(layer: IntLayer, input: ExactMap, d: number, bits: Uint8Array | null): ExactMap {
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
  return reduceTwos({ M, c, den: layer.den * input.den });
}

/** Divides out the common power of two of den and every entry (dyadic weights: keeps numbers small). */
function reduceTwos(m: ExactMap): ExactMap {
  let low = m.den & -m.den;
  for (const row of m.M) for (const v of row) if (v !== 0n) low = min(low, v & -v);
  for (const v of m.c) if (v !== 0n) low = min(low, v & -v);
  if (low === 1n) return m;
  return { M: m.M.map((r) => r.map((v) => v / low)), c: m.c.map((v) => v / low), den: m.den / low };
}
const min = (a: bigint, b: bigint) => (b < a ? b : a);

/** The output map after the last ReLU layer's bits (inactive rows zeroed). */
export function applyBits(pre: ExactMap, bits: Uint8Array): ExactMap {
  const d = pre.M[0]?.length ?? 0;
  return { M: pre.M.map((r, j) => (bits[j] ? r : new Array<bigint>(d).fill(0n))), c: pre.c.map((v, j) => (bits[j] ? v : 0n)), den: pre.den };
}

/** The primitive integer row a·x <= b. */
export function primitiveRow(a: bigint[], b: bigint): Row {
  let g = b < 0n ? -b : b;
  for (const v of a) g = gcdB(g, v < 0n ? -v : v);
  return g > 1n ? { a: a.map((v) => v / g), b: b / g } : { a, b };
}
function gcdB(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The rows of a split of h = (g·x + e)/den: active h >= 0, inactive h <= 0. */
export function splitRows(g: bigint[], e: bigint): { active: Row; inactive: Row } {
  return { active: primitiveRow(g.map((v) => -v), e), inactive: primitiveRow(g, -e) };
}

/** The rows of a cut of input i at v: lower x_i <= v, upper x_i >= v (primitive). */
export function cutRows(i: number, v: Rational, d: number): { lower: Row; upper: Row } {
  const a = new Array<bigint>(d).fill(0n);
  a[i] = v.d;
  return { lower: primitiveRow(a, v.n), upper: primitiveRow(a.map((x) => -x), -v.n) };
}

/** v = m / 2^e exactly (e >= 0), for a finite double. */
export function dyadic(v: number): { m: bigint; e: number } {
  if (v === 0) return { m: 0n, e: 0 };
  let e = 0;
  let x = v;
  while (!Number.isInteger(x)) {
    x *= 2;
    e++;
  }
  return { m: BigInt(x), e };
}

/** Multipliers: [split row index t (0-based among the split rows), y >= 0 a finite double]. */
export type Pairs = [number, number][];

/**
 * Neumaier–Shcherbina: an exact lower bound of (c·x)/D over P = {x in box : rows}, valid for
 * any multipliers y >= 0: with ρ = c + Σ y_t a_t, c·x = ρ·x − Σ y_t a_t·x >= Σ_i min(ρ_i lo_i,
 * ρ_i hi_i) − Σ y_t b_t. The doubles y are taken at their exact dyadic values.
 */
export function nsLower(box: ExactBox, rows: readonly Row[], c: bigint[], D: bigint, pairs: Pairs | null): Rational {
  const d = c.length;
  const ys: { t: number; m: bigint; e: number }[] = [];
  let S = 0;
  for (const [t, y] of pairs ?? []) {
    if (!(y > 0)) continue;
    const q = dyadic(y);
    ys.push({ t, ...q });
    if (q.e > S) S = q.e;
  }
  const rho = c.map((v) => v << BigInt(S));
  let yb = 0n;
  for (const { t, m, e } of ys) {
    const Y = m << BigInt(S - e);
    const r = rows[t];
    for (let i = 0; i < d; i++) rho[i] += Y * r.a[i];
    yb += Y * r.b;
  }
  let num = -yb * box.L;
  for (let i = 0; i < d; i++) {
    const r = rho[i];
    if (r !== 0n) num += r * (r > 0n ? box.LO[i] : box.HI[i]);
  }
  return { n: num, d: (D << BigInt(S)) * box.L };
}

/** Reads and checks a pairs list against the number of split rows. */
export function readPairs(v: unknown, rows: number, place: string): Pairs {
  if (!Array.isArray(v)) return fail(`${place}: multipliers must be an array of [row, y] pairs`);
  return (v as unknown[]).map((p) => {
    if (!Array.isArray(p) || p.length !== 2) return fail(`${place}: multipliers must be [row, y] pairs`);
    const [t, y] = p as [unknown, unknown];
    if (!isIndex(t) || t >= rows) return fail(`${place}: multiplier for split row ${JSON.stringify(t)}, the cell has ${rows}`);
    if (typeof y !== 'number' || !Number.isFinite(y) || y < 0) return fail(`${place}: multiplier ${JSON.stringify(y)} is not a finite double >= 0`);
    return [t, y];
  });
}

/** The bbox side from its exact bound v (dir 1: x_i >= v; dir −1: −x_i >= v), rounded outward to 2^-40. */
const GRID = 2n ** 40n;
export function bboxSide(v: Rational, dir: 1 | -1): Rational {
  const f = floorDiv(v.n * GRID, v.d);
  return dir === 1 ? rat(f, GRID) : rat(-f, GRID);
}

/** Exact min over [blo, bhi] of s·(g·x + e)/D (s = ±1). */
export function boxMin(g: bigint[], e: bigint, D: bigint, lo: Rational[], hi: Rational[], s: bigint): Rational {
  let L = 1n;
  for (let i = 0; i < g.length; i++) if (g[i] !== 0n) L = lcm(lcm(L, lo[i].d), hi[i].d);
  let num = s * e * L;
  for (let i = 0; i < g.length; i++) {
    const c = s * g[i];
    if (c === 0n) continue;
    const v = c > 0n ? lo[i] : hi[i];
    num += c * v.n * (L / v.d);
  }
  return { n: num, d: D * L };
}

/**
 * The network from layer k on, its first layer the exact map of layer k (ReLU); one per map
 * object (cached), so that linear-bounds.ts prepares it once.
 */
const subNets = new WeakMap<ExactMap, { net: Network; k: number; of: Network }>();
export function subNetwork(net: Network, pre: ExactMap, k: number): Network {
  const hit = subNets.get(pre);
  if (hit && hit.k === k && hit.of === net) return hit.net;
  const { M, c, den } = pre;
  // unreduced rationals (no gcds): the float enclosure is registered from the integers
  const first: Layer = { weights: M.map((row) => row.map((v) => ({ n: v, d: den }))), bias: c.map((v) => ({ n: v, d: den })), activation: 'relu' };
  if (!presetLayer(first, M, c, den)) {
    first.weights = M.map((row) => row.map((v) => rat(v, den)));
    first.bias = c.map((v) => rat(v, den));
  }
  const sub = { inputSize: net.inputSize, layers: [first, ...net.layers.slice(k + 1)] };
  subNets.set(pre, { net: sub, k, of: net });
  return sub;
}

const BIG = 2n ** 999n;

/**
 * A double <= n/d (d > 0), fast: for |n|, d < 2^999, q = Number(n)/Number(d) has relative error
 * below 2^-51 (three roundings to nearest) plus an absolute error below 2^-1073 in the subnormal
 * range, and q − (|q|·2^-48 + 2^-1060), with its own two roundings, lies below n/d. Larger
 * numbers: ratDown (exact). The search and the checker both use it, so they agree on every double.
 */
export function lowerDouble(r: Rational): number {
  const { n, d } = r;
  if (n >= BIG || -n >= BIG || d >= BIG) return ratDown(r);
  const q = Number(n) / Number(d);
  return q - (Math.abs(q) * 2 ** -48 + 2 ** -1060);
}
export function upperDouble(r: Rational): number {
  return -lowerDouble({ n: -r.n, d: r.d });
}

/** The CROWN objective of an atom over [blo, bhi] (input part minimised exactly over the box), or null for an atom without output terms. */
export function atomObjective(atom: AffineAtom, blo: Rational[], bhi: Rational[]): Objective | null {
  if (atom.c.every((v) => v.n === 0n)) return null;
  return { c: atom.c, k: inputPartMin(atom, blo, bhi) };
}

/** The CROWN bounds of the objectives on a cell (the search and the checker call exactly this). */
export function cellBounds(net: Network, pre: ExactMap, k: number, blo: Rational[], bhi: Rational[], l: Float64Array, u: Float64Array, objectives: Objective[], tighten?: (m: number, j: number, s: 1 | -1, b: LinearBound) => number): LinearBound[] {
  return linearBounds(subNetwork(net, pre, k), blo, bhi, objectives, { refine: true, known: { l: [l], u: [u] }, tighten }).bounds;
}

/** Λ (doubles) as integers over 2^E. */
export function integerCoef(coef: Float64Array): { c: bigint[]; D: bigint } {
  const rs = Array.from(coef, dyadic);
  let E = 0;
  for (const r of rs) E = Math.max(E, r.e);
  return { c: rs.map((r) => r.m << BigInt(E - r.e)), D: 1n << BigInt(E) };
}

/** Exact β + min_P Λ·x (by nsLower) − Λ·blo: a lower bound of the atom on P. */
export function polytopeBound(box: ExactBox, rows: readonly Row[], b: LinearBound, blo: Rational[], pairs: Pairs | null): Rational {
  const { c, D } = integerCoef(b.coef);
  const v = nsLower(box, rows, c, D, pairs);
  const beta = dyadic(b.beta!);
  // common denominator: v.d, 2^beta.e, D·lcm(blo dens)
  let Lb = 1n;
  for (const x of blo) Lb = lcm(Lb, x.d);
  const den = lcm(lcm(v.d, 1n << BigInt(beta.e)), D * Lb);
  let num = v.n * (den / v.d) + beta.m * (den / (1n << BigInt(beta.e)));
  const f = den / (D * Lb);
  for (let i = 0; i < c.length; i++) if (c[i] !== 0n) num -= c[i] * blo[i].n * (Lb / blo[i].d) * f;
  return { n: num, d: den };
}

/** The atom c·y + a·x + k <= 0 as an integer row over x on a piece with outputs (M x + c0)/den (a free atom). */
export function atomRow(atom: AffineAtom, map: ExactMap): Row {
  let D = lcm(map.den, atom.k.d);
  for (const v of atom.c) D = lcm(D, v.d * map.den);
  for (const v of atom.a) D = lcm(D, v.d);
  const coef = atom.a.map((v) => v.n * (D / v.d));
  let k = atom.k.n * (D / atom.k.d);
  atom.c.forEach((c, o) => {
    if (c.n === 0n) return;
    const f = (c.n * D) / (c.d * map.den);
    for (let i = 0; i < coef.length; i++) coef[i] += f * map.M[o][i];
    k += f * map.c[o];
  });
  return { a: coef, b: -k };
}

export const sgn = (r: Rational): number => (r.n === 0n ? 0 : (r.n > 0n) === (r.d > 0n) ? 1 : -1);

/**
 * The box of the points of [lo, hi] that a disjunct's single-input atoms allow (atoms without
 * output terms and with one input term, a_i·x_i + k <= 0: x_i <= −k/a_i or x_i >= −k/a_i), or
 * null when that box is empty. Every point of [lo, hi] satisfying the disjunct lies in it (the
 * other atoms only make the set smaller). The search (a union of input boxes, verify/input-union.ts)
 * and the checker's `union` node (verdict-checker.ts) both use it.
 */
export function atomBox(conj: readonly AffineAtom[], lo: readonly Rational[], hi: readonly Rational[]): { lo: Rational[]; hi: Rational[] } | null {
  const blo = lo.slice();
  const bhi = hi.slice();
  for (const atom of conj) {
    if (atom.c.some((v) => v.n !== 0n)) continue;
    const nz = atom.a.flatMap((v, i) => (v.n !== 0n ? [i] : []));
    if (nz.length !== 1) continue;
    const i = nz[0];
    const a = atom.a[i];
    const t = rat(-atom.k.n * a.d, atom.k.d * a.n); // the threshold −k/a_i
    if (sgn(a) > 0) {
      if (cmp(t, bhi[i]) < 0) bhi[i] = t;
    } else if (cmp(t, blo[i]) > 0) blo[i] = t;
  }
  return blo.some((l, i) => cmp(l, bhi[i]) > 0) ? null : { lo: blo, hi: bhi };
}
