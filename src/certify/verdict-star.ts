/**
 * Star subtrees of verdict certificates (format version 3, verdict-format.ts): the exact pieces
 * the star search (verify/star.ts) and the checker share, and the checker of a star subtree.
 *
 * A star subtree proves that no point of its box [lo, hi] (free inputs) is unsafe. Its nodes are
 * cells: a polytope P = {x in [lo, hi] : rows} (split rows in primitive integer form, numbered
 * 2d, 2d+1, ... after the box rows x_i <= hi_i (row 2i) and −x_i <= −lo_i (row 2i+1), both times
 * the common denominator L of lo and hi), a ReLU layer k with its exact pre-activation map on P
 * (layers before k composed under the decided bits, `compose`), and per neuron of layer k:
 * decided (active h >= 0 or inactive h <= 0 on P) or undecided with bounds l <= h <= u on P
 * (doubles, -Inf/+Inf at first), plus a bounding box [blo, bhi] of P (exact, at first [lo, hi]).
 * Lines, in preorder (the checker recomputes everything from the network):
 *   bbox    {p: [[i, dir, pairs], ...]}: dir = 1: x_i >= v, dir = -1: −x_i >= v over P, v the
 *           Neumaier–Shcherbina bound (`nsLower`) of ±x_i from the multipliers `pairs`
 *           ([row, y] with y a JSON double >= 0, row a split row); v is rounded outward to the
 *           grid 2^-40 and replaces the box side if tighter;
 *   bounds  {n: [[j, "l"|"u", pairs], ...]}: first, for every undecided neuron in order, the exact
 *           minimum (then, if still undecided, maximum) over [blo, bhi] of its affine h, then each
 *           listed bound from its pairs: l = max(l, lowerDouble(bound)) (u = min(u, upperDouble(bound)));
 *           a neuron with l >= 0 is decided active, with u <= 0 inactive;
 *   split   {neuron: j} (undecided): children P ∩ {h >= 0} (decided active, l = 0) then
 *           P ∩ {h <= 0} (decided inactive, u = 0), each adding the primitive row;
 *   cut     {input: i, at: "v"}: children P ∩ {x_i <= v} (its box side hi_i = min(hi_i, v)) then
 *           P ∩ {x_i >= v} (lo_i = max(lo_i, v)), each adding the primitive row;
 *   next    every neuron of layer k decided: go to layer k + 1 (fresh bounds);
 *   prune   {atoms: [j per disjunct], y: [pairs or null per disjunct]}: for each disjunct the
 *           atom's certified CROWN bound (certify/linear-bounds.ts, proven rounding, every unstable
 *           neuron of the later layers refined) on the network from layer k on, whose first layer
 *           is layer k's exact map, over [blo, bhi] with layer k's bounds (decided neurons: l = 0,
 *           resp. u = 0) gives Λ·(x − blo) + β <= atom on P; it
 *           is > 0 over the box (y null) or β + nsLower(Λ over P, pairs) − Λ·blo > 0 (exact);
 *   empty   {farkas: [[row, "int"], ...]}: box rows and split rows have no common point;
 *   leaf    at the output (every ReLU decided): {farkas: [pairs per disjunct]}, integers over the
 *           box rows, split rows, then the disjunct's atoms on the exact output map.
 * Why it is a proof: each split's two closed children cover P; every bound is a valid bound on P
 * (nsLower holds for any y >= 0), so decided neurons are decided correctly and the CROWN relaxation
 * (valid for h in [l, u]) bounds the atom on P; Farkas proves emptiness.
 */
import { cmp, floorDiv, lcm, rat, type Rational } from '../kernel/rational.js';
import { toIntegerLayers, type IntLayer } from '../network/integer-network.js';
import type { Layer, Network } from '../network/network.js';
import { combineRows, fail, isIndex, num, type Row } from './checker.js';
import { linearBounds, presetLayer, ratDown, type LinearBound, type Objective } from './linear-bounds.js';
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
export function cellBounds(net: Network, pre: ExactMap, k: number, blo: Rational[], bhi: Rational[], l: Float64Array, u: Float64Array, objectives: Objective[]): LinearBound[] {
  return linearBounds(subNetwork(net, pre, k), blo, bhi, objectives, { refine: true, known: { l: [l], u: [u] } }).bounds;
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

const sgn = (r: Rational): number => (r.n === 0n ? 0 : (r.n > 0n) === (r.d > 0n) ? 1 : -1);

/** One cell's state, as the checker tracks it. */
interface State {
  rows: Row[];
  k: number;
  pre: ExactMap;
  fixed: Int8Array;
  l: Float64Array;
  u: Float64Array;
  blo: Rational[];
  bhi: Rational[];
}

/** The checker of one star subtree (lines after a `star` node of the box tree). */
export class StarTreeChecker {
  private readonly layers: IntLayer[];
  private readonly d: number;
  private readonly base: Row[];
  private readonly pending: State[] = [];
  /** cells: the tree's terminal cells (pruned, empty or leaf), as the search counts them. */
  readonly counts = { cells: 0, pruned: 0, empty: 0, leaves: 0 };

  /** `net`: the network of the free inputs; `atoms`: the disjuncts over the free inputs (pinned ones folded in). */
  constructor(
    private readonly net: Network,
    private readonly atoms: AffineAtom[][],
    private readonly box: ExactBox,
  ) {
    this.layers = toIntegerLayers(net);
    this.d = net.inputSize;
    if (this.layers.slice(0, -1).some((l) => !l.relu)) fail('star: linear hidden layers are not supported');
    this.base = boxRows(box);
    this.pending.push(this.fresh([], 0, compose(this.layers[0], identity(this.d), this.d, null), box.lo.slice(), box.hi.slice()));
  }

  private fresh(rows: Row[], k: number, pre: ExactMap, blo: Rational[], bhi: Rational[]): State {
    const n = k < this.layers.length ? this.layers[k].W.length : 0;
    return { rows, k, pre, fixed: new Int8Array(n).fill(-1), l: new Float64Array(n).fill(-Infinity), u: new Float64Array(n).fill(Infinity), blo, bhi };
  }

  /** The state is at the output: every ReLU decided. */
  private atOutput(s: State): boolean {
    return s.k === this.layers.length || (s.k === this.layers.length - 1 && !this.layers[s.k].relu);
  }

  /** Feeds one line; true when the subtree is complete. */
  step(v: Record<string, unknown>): boolean {
    const s = this.pending[this.pending.length - 1];
    if (!s) return fail('star: a line after the complete star tree');
    const d = this.d;
    switch (v.t) {
      case 'bbox': {
        if (!Array.isArray(v.p)) fail('bbox: p must be an array');
        for (const side of v.p as unknown[]) {
          if (!Array.isArray(side) || side.length !== 3) fail('bbox: each side is [input, dir, pairs]');
          const [i, dir, p] = side as [unknown, unknown, unknown];
          if (!isIndex(i) || i >= d) fail(`bbox: input ${JSON.stringify(i)}`);
          if (dir !== 1 && dir !== -1) fail('bbox: dir must be 1 or -1');
          const c = new Array<bigint>(d).fill(0n);
          c[i as number] = BigInt(dir as number);
          const t = bboxSide(nsLower(this.box, s.rows, c, 1n, readPairs(p, s.rows.length, 'bbox')), dir as 1 | -1);
          if (dir === 1 && cmp(t, s.blo[i as number]) > 0) s.blo[i as number] = t;
          if (dir === -1 && cmp(t, s.bhi[i as number]) < 0) s.bhi[i as number] = t;
        }
        return false;
      }
      case 'bounds': {
        if (this.atOutput(s)) fail('bounds: the cell is at the output');
        if (!Array.isArray(v.n)) fail('bounds: n must be an array');
        const { pre, fixed, l, u } = s;
        for (let j = 0; j < fixed.length; j++) {
          if (fixed[j] >= 0) continue;
          l[j] = Math.max(l[j], lowerDouble(boxMin(pre.M[j], pre.c[j], pre.den, s.blo, s.bhi, 1n)));
          if (l[j] >= 0) {
            fixed[j] = 1;
            continue;
          }
          u[j] = Math.min(u[j], upperDouble(neg(boxMin(pre.M[j], pre.c[j], pre.den, s.blo, s.bhi, -1n))));
          if (u[j] <= 0) fixed[j] = 0;
        }
        for (const entry of v.n as unknown[]) {
          if (!Array.isArray(entry) || entry.length !== 3) fail('bounds: each entry is [neuron, "l"|"u", pairs]');
          const [j, side, p] = entry as [unknown, unknown, unknown];
          if (!isIndex(j) || j >= fixed.length) fail(`bounds: neuron ${JSON.stringify(j)}`);
          if (fixed[j as number] >= 0) fail(`bounds: neuron ${j} is already decided`);
          const pairs = readPairs(p, s.rows.length, 'bounds');
          const g = pre.M[j as number];
          const e = pre.c[j as number];
          if (side === 'l') {
            const ns = nsLower(this.box, s.rows, g, pre.den, pairs);
            l[j as number] = Math.max(l[j as number], lowerDouble({ n: ns.n * pre.den + e * ns.d, d: ns.d * pre.den }));
            if (l[j as number] >= 0) fixed[j as number] = 1;
          } else if (side === 'u') {
            const ns = nsLower(this.box, s.rows, g.map((x) => -x), pre.den, pairs);
            u[j as number] = Math.min(u[j as number], upperDouble({ n: e * ns.d - ns.n * pre.den, d: ns.d * pre.den }));
            if (u[j as number] <= 0) fixed[j as number] = 0;
          } else fail('bounds: side must be "l" or "u"');
        }
        return false;
      }
      case 'split': {
        if (this.atOutput(s)) fail('split: the cell is at the output');
        const j = v.neuron;
        if (!isIndex(j) || j >= s.fixed.length) fail(`split: neuron ${JSON.stringify(j)}`);
        if (s.fixed[j as number] >= 0) fail(`split: neuron ${j} is already decided`);
        const { active, inactive } = splitRows(s.pre.M[j as number], s.pre.c[j as number]);
        this.pending.pop();
        const child = (row: Row, bit: 0 | 1): State => {
          const c: State = { ...s, rows: [...s.rows, row], fixed: s.fixed.slice(), l: s.l.slice(), u: s.u.slice(), blo: s.blo.slice(), bhi: s.bhi.slice() };
          c.fixed[j as number] = bit;
          if (bit) c.l[j as number] = 0;
          else c.u[j as number] = 0;
          return c;
        };
        this.pending.push(child(inactive, 0), child(active, 1)); // the active child first
        return false;
      }
      case 'cut': {
        if (this.atOutput(s)) fail('cut: the cell is at the output');
        const i = v.input;
        if (!isIndex(i) || i >= d) fail(`cut: input ${JSON.stringify(i)}`);
        const at = num(v.at, 'cut: at');
        const { lower, upper } = cutRows(i as number, at, d);
        this.pending.pop();
        const child = (row: Row, up: boolean): State => {
          const c: State = { ...s, rows: [...s.rows, row], fixed: s.fixed.slice(), l: s.l.slice(), u: s.u.slice(), blo: s.blo.slice(), bhi: s.bhi.slice() };
          if (up && cmp(at, c.blo[i as number]) > 0) c.blo[i as number] = at;
          if (!up && cmp(at, c.bhi[i as number]) < 0) c.bhi[i as number] = at;
          return c;
        };
        this.pending.push(child(upper, true), child(lower, false)); // the lower child first
        return false;
      }
      case 'next': {
        if (this.atOutput(s)) fail('next: the cell is at the output');
        const open = s.fixed.findIndex((f) => f < 0);
        if (open >= 0) fail(`next: neuron ${open} of layer ${s.k} is undecided`);
        const bits = Uint8Array.from(s.fixed);
        const k = s.k + 1;
        const pre = k === this.layers.length ? applyBits(s.pre, bits) : compose(this.layers[k], s.pre, d, bits);
        this.pending[this.pending.length - 1] = this.fresh(s.rows, k, pre, s.blo, s.bhi);
        return false;
      }
      case 'prune': {
        if (this.atOutput(s)) fail('prune: the cell is at the output (use leaf)');
        const atoms = v.atoms;
        const ys = v.y;
        if (!Array.isArray(atoms) || atoms.length !== this.atoms.length) fail(`prune: atoms must name one atom per disjunct (${this.atoms.length})`);
        if (!Array.isArray(ys) || ys.length !== this.atoms.length) fail('prune: y must have one entry per disjunct');
        const objectives: Objective[] = [];
        const which: number[] = [];
        (atoms as unknown[]).forEach((j, k) => {
          if (!isIndex(j) || j >= this.atoms[k].length) fail(`prune: disjunct ${k} has no atom ${JSON.stringify(j)}`);
          const o = atomObjective(this.atoms[k][j as number], s.blo, s.bhi);
          if (o === null) {
            if (sgn(inputPartMin(this.atoms[k][j as number], s.blo, s.bhi)) <= 0) fail(`prune: disjunct ${k}: the atom's minimum over the box is not > 0`);
            which.push(-1);
          } else {
            which.push(objectives.length);
            objectives.push(o);
          }
        });
        const bounds = objectives.length > 0 ? cellBounds(this.net, s.pre, s.k, s.blo, s.bhi, s.l, s.u, objectives) : [];
        which.forEach((w, k) => {
          if (w < 0) return;
          const b = bounds[w];
          const y = (ys as unknown[])[k];
          if (y === null) {
            if (!(b.bound > 0)) fail(`prune: disjunct ${k}: the CROWN bound over the cell's box is ${b.bound}, not > 0`);
            return;
          }
          if (b.beta === undefined || !Number.isFinite(b.bound)) fail(`prune: disjunct ${k}: no finite CROWN bound`);
          const total = polytopeBound(this.box, s.rows, b, s.blo, readPairs(y, s.rows.length, 'prune'));
          if (sgn(total) <= 0) fail(`prune: disjunct ${k}: the bound over the cell is not > 0`);
        });
        this.counts.pruned++;
        return this.done();
      }
      case 'empty': {
        const rows = [...this.base, ...s.rows];
        const sum = combineRows(rows, v.farkas, d, { label: 'empty: farkas', integer: true, rowsAre: 'the cell has rows' });
        if (typeof sum === 'string') fail(`empty: ${sum}`);
        const r = sum as Exclude<typeof sum, string>;
        if (r.a.some((x) => x !== 0n) || r.b >= 0n) fail('empty: not a Farkas certificate (Σ y a != 0 or Σ y b >= 0)');
        this.counts.empty++;
        return this.done();
      }
      case 'leaf': {
        if (!this.atOutput(s)) fail(`leaf: layer ${s.k} is not the output`);
        const f = v.farkas;
        if (!Array.isArray(f) || f.length !== this.atoms.length) fail(`leaf: farkas must have one certificate per disjunct (${this.atoms.length})`);
        const rows = [...this.base, ...s.rows];
        this.atoms.forEach((conj, k) => {
          const all = [...rows, ...conj.map((a) => atomRow(a, s.pre))];
          const sum = combineRows(all, (f as unknown[])[k], d, { label: `leaf: disjunct ${k}`, integer: true, rowsAre: 'there are rows' });
          if (typeof sum === 'string') fail(`leaf: ${sum}`);
          const r = sum as Exclude<typeof sum, string>;
          if (r.a.some((x) => x !== 0n) || r.b >= 0n) fail(`leaf: disjunct ${k}: not a Farkas certificate`);
        });
        this.counts.leaves++;
        return this.done();
      }
      default:
        return fail(`star: unknown line ${JSON.stringify(v.t)} (expected bbox, bounds, split, cut, next, prune, empty or leaf)`);
    }
  }

  private done(): boolean {
    this.pending.pop();
    this.counts.cells++;
    return this.pending.length === 0;
  }
}

const neg = (r: Rational): Rational => ({ n: -r.n, d: r.d });
