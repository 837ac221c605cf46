/**
 * Cells as exact vertex sets (the "skeleton" route): for a bounded cell, the sign of an affine
 * function on the cell's interior is decided by its signs at the cell's vertices — no LP.
 *
 * Each vertex is exact (x = p/q, found by solving its tight rows exactly) with a float copy
 * and the bitset of rows tight at it. Signs at vertices are decided by a float filter with a
 * proven error bound (as in robust predicates): when |h| does not clear the bound, the sign is
 * computed exactly in BigInt. A split cuts the edges that cross h = 0: u, v are adjacent iff no
 * other vertex is tight on every row tight at both (the double-description adjacency test,
 * exact because it is combinatorial), and the new vertex solves the edge's rows plus h = 0.
 */
import { isSubset, popcount } from '../kernel/bitset.js';
import { dot, type Point } from '../kernel/intvec.js';
import { ratioToDouble } from '../kernel/rational.js';
import { integerNullspace } from '../kernel/nullspace.js';
import { solveExact } from '../kernel/solve.js';
import type { Row } from '../lp/interior.js';

export interface Vertex {
  p: bigint[];
  q: bigint; // > 0
  f: Float64Array; // nearest doubles of p/q (for the filter)
  tight: Uint32Array; // bit k: row k of the cell is tight here
}

export type VertexSplit =
  | { kind: 'positive' } // h > 0 on the interior
  | { kind: 'negative' } // h < 0 on the interior
  | { kind: 'both'; active: Vertex[]; inactive: Vertex[] };

export interface SignCounter {
  vertexSignsFiltered: number; // signs decided by the float filter
  vertexSignsExact: number; // signs that needed BigInt
  witness: number; // region witnesses checked exactly
}

const U = 2 ** -52;

export class VertexGeometry {
  constructor(
    readonly d: number,
    readonly words: number, // bitset width
    readonly counter: SignCounter,
    readonly floatOnly: boolean,
  ) {}

  vertex(pt: Point, tight: Uint32Array): Vertex {
    const f = new Float64Array(this.d);
    for (let k = 0; k < this.d; k++) f[k] = toDouble(pt.p[k], pt.q);
    return { p: pt.p, q: pt.q, f, tight };
  }

  /** Sign of g·x + e at v: the float filter, else exact. */
  sign(v: Vertex, g: bigint[], e: bigint, gf: Float64Array, ef: number): -1 | 0 | 1 {
    let h = ef;
    let s = Math.abs(ef);
    for (let k = 0; k < this.d; k++) {
      const t = gf[k] * v.f[k];
      h += t;
      s += Math.abs(t);
    }
    // Each term carries ≤ 4 roundings of relative size U/2 (g, p, q, the product) and the sum
    // ≤ d more: |error| ≤ (d + 4)·U·s; doubled for margin. Non-finite values fall through.
    const bound = (this.d + 4) * 2 * U * s;
    const usable = s > 1e-290 && Number.isFinite(h + s); // no underflow, no overflow
    if (h > bound && usable) return (this.counter.vertexSignsFiltered++, 1);
    if (h < -bound && usable) return (this.counter.vertexSignsFiltered++, -1);
    if (this.floatOnly) return 0; // unsound mode: within the error bound counts as on the plane
    this.counter.vertexSignsExact++;
    const x = dot(g, v.p) + e * v.q;
    return x > 0n ? 1 : x < 0n ? -1 : 0;
  }

  /**
   * Splits the cell by h = g·x + e. `rows` are the cell's rows, `newRow` the index the split
   * row will have in both children (its hyperplane is h = 0).
   */
  split(verts: Vertex[], rows: Row[], g: bigint[], e: bigint, newRow: number, gef?: Float64Array): VertexSplit {
    // gef: g then e as doubles (Number of each), when the caller has them cached
    if (!gef) gef = floatRow(g, e);
    const gf = gef;
    const ef = gef[this.d];
    const n = verts.length;
    const signs = new Int8Array(n);
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < n; i++) {
      const s = this.sign(verts[i], g, e, gf, ef);
      signs[i] = s;
      if (s > 0) pos++;
      else if (s < 0) neg++;
    }
    if (neg === 0) return { kind: 'positive' };
    if (pos === 0) return { kind: 'negative' };
    const active: Vertex[] = [];
    const inactive: Vertex[] = [];
    for (let i = 0; i < n; i++) {
      const v = verts[i];
      if (signs[i] > 0) active.push(v);
      else if (signs[i] < 0) inactive.push(v);
      else {
        const on = { ...v, tight: withBit(v.tight, newRow) };
        active.push(on);
        inactive.push(on);
      }
    }
    const common = new Uint32Array(this.words);
    for (let i = 0; i < n; i++) {
      if (signs[i] <= 0) continue;
      for (let j = 0; j < n; j++) {
        if (signs[j] >= 0) continue;
        const u = verts[i].tight;
        const w = verts[j].tight;
        let count = 0;
        for (let k = 0; k < this.words; k++) count += popcount((common[k] = u[k] & w[k]));
        if (count < this.d - 1 || !this.isEdge(verts, i, j, common)) continue;
        const nv = this.cut(rows, common, g, e, newRow);
        if (!nv) continue; // float mode only: its signs described no real edge crossing
        active.push(nv);
        inactive.push(nv);
      }
    }
    return { kind: 'both', active, inactive };
  }

  /** u, v span an edge iff no other vertex is tight on all rows tight at both. */
  private isEdge(verts: Vertex[], i: number, j: number, common: Uint32Array): boolean {
    for (let k = 0; k < verts.length; k++) {
      if (k !== i && k !== j && isSubset(common, verts[k].tight)) return false;
    }
    return true;
  }

  /** The point of the edge (rows in `common`) on h = 0, solved exactly. */
  private cut(rows: Row[], common: Uint32Array, g: bigint[], e: bigint, newRow: number): Vertex | null {
    const idx: number[] = [];
    for (let w = 0; w < this.words; w++) {
      let bits = common[w];
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        idx.push(w * 32 + b);
        bits &= bits - 1;
      }
    }
    const tight = withBit(common, newRow);
    // An edge lies on ≥ d−1 independent tight rows; in degenerate cells more rows are tight,
    // so try (d−1)-subsets until the system with h = 0 is nonsingular.
    for (const subset of subsets(idx, this.d - 1)) {
      const A = subset.map((k) => rows[k].a);
      const b = subset.map((k) => rows[k].b);
      A.push(g);
      b.push(-e);
      const pt = solveExact(A, b);
      if (pt) return this.vertex(pt, this.allTight(rows, pt, tight));
    }
    if (this.floatOnly) return null;
    throw new Error('vertex-cells: internal error: edge without a solvable cut');
  }

  /**
   * A Motzkin certificate that the strict system rows ∪ {other} is empty, read off the cell's
   * vertices: `other` is a·x < b with a·x >= b on the whole cell; at a vertex v* minimising
   * a·x − b the KKT multipliers of the rows tight there, with 1 on `other`, sum the normals to
   * zero and the right-hand sides to b − a·v* <= 0. Null when v* is degenerate (more tight rows
   * than one multiplier vector fixes): the caller then asks an LP.
   */
  motzkinAtVertex(verts: Vertex[], rows: Row[], other: Row): bigint[] | null {
    let best: Vertex | null = null;
    let bestNum = 0n;
    let bestDen = 1n;
    for (const v of verts) {
      const num = dot(other.a, v.p) - other.b * v.q; // (a·v − b)·q
      if (!best || num * bestDen < bestNum * v.q) {
        best = v;
        bestNum = num;
        bestDen = v.q;
      }
    }
    if (!best) return null;
    const tight: number[] = [];
    for (let w = 0; w < this.words; w++) {
      let bits = best.tight[w];
      while (bits !== 0) {
        tight.push(w * 32 + (31 - Math.clz32(bits & -bits)));
        bits &= bits - 1;
      }
    }
    if (tight.length !== this.d) return null;
    const support = [...tight.map((k) => rows[k].a), other.a];
    const M: bigint[][] = [];
    for (let k = 0; k < this.d; k++) M.push(support.map((a) => a[k]));
    const basis = integerNullspace(M, support.length);
    if (basis.length !== 1) return null;
    let y = basis[0];
    if (y[y.length - 1] < 0n) y = y.map((v) => -v);
    if (y.some((v) => v < 0n)) return null;
    const out = new Array<bigint>(rows.length + 1).fill(0n);
    tight.forEach((k, i) => (out[k] = y[i]));
    out[rows.length] = y[y.length - 1];
    return out;
  }

  /**
   * `tight` plus every other row the point lies on exactly. In degenerate cells a cut point can lie
   * on an older row that the edge's rows do not include (three hyperplanes through one (d−2)-flat):
   * without its bit, edges and facets read from the bitsets would be wrong.
   */
  private allTight(rows: Row[], pt: Point, tight: Uint32Array): Uint32Array {
    let out = tight;
    for (let k = 0; k < rows.length; k++) {
      if (out[k >> 5] & (1 << (k & 31))) continue;
      const { a, b } = rows[k];
      let s = -b * pt.q;
      for (let i = 0; i < a.length; i++) s += a[i] * pt.p[i];
      if (s === 0n) out = withBit(out, k);
    }
    return out;
  }

  /**
   * Indices of rows that are facets: tight on a vertex set contained in no other row's (of rows
   * with equal sets, the same hyperplane given twice, only the first).
   */
  facets(verts: Vertex[], nRows: number): number[] {
    const sets: Uint32Array[] = [];
    for (let r = 0; r < nRows; r++) {
      const s = new Uint32Array(Math.ceil(verts.length / 32));
      verts.forEach((v, i) => {
        if (v.tight[r >> 5] & (1 << (r & 31))) s[i >> 5] |= 1 << (i & 31);
      });
      sets.push(s);
    }
    const out: number[] = [];
    for (let r = 0; r < nRows; r++) {
      let size = 0;
      for (const w of sets[r]) size += popcount(w);
      if (size < this.d) continue;
      let dominated = false;
      for (let o = 0; o < nRows && !dominated; o++) {
        if (o === r) continue;
        dominated = isSubset(sets[r], sets[o]) && (o < r || sets[o].some((w, k) => w !== sets[r][k]));
      }
      if (!dominated) out.push(r);
    }
    return out;
  }

  /** An exact interior point: the float centroid rounded short if it checks, else the exact centroid. */
  witness(verts: Vertex[], rows: Row[]): Point {
    const n = verts.length;
    const c = new Float64Array(this.d);
    for (const v of verts) for (let k = 0; k < this.d; k++) c[k] += v.f[k] / n;
    for (const bitsOfPrecision of [20, 40, 60]) {
      const scale = 2 ** bitsOfPrecision;
      const p = Array.from(c, (x) => BigInt(Math.round(x * scale)));
      const pt = { p, q: BigInt(scale) };
      if (strictlyInside(rows, pt)) return (this.counter.witness++, pt);
    }
    // exact centroid: Σ p_i / q_i over n, on the common denominator Π-free via lcm-less product
    let q = 1n;
    for (const v of verts) q *= v.q;
    const p = new Array<bigint>(this.d).fill(0n);
    for (const v of verts) {
      const f = q / v.q;
      for (let k = 0; k < this.d; k++) p[k] += v.p[k] * f;
    }
    const pt = { p, q: q * BigInt(n) };
    // float mode may have cut a cell along a hyperplane it only grazes: unsound, not an error
    if (this.floatOnly) return pt;
    if (!strictlyInside(rows, pt)) throw new Error('vertex-cells: internal error: centroid not interior');
    this.counter.witness++;
    return pt;
  }
}

function strictlyInside(rows: Row[], pt: Point): boolean {
  for (const r of rows) if (dot(r.a, pt.p) >= r.b * pt.q) return false;
  return true;
}

/** g then e as doubles (Number of each: the filter's inputs). */
export function floatRow(g: readonly bigint[], e: bigint): Float64Array {
  const out = new Float64Array(g.length + 1);
  for (let k = 0; k < g.length; k++) out[k] = Number(g[k]);
  out[g.length] = Number(e);
  return out;
}

function toDouble(p: bigint, q: bigint): number {
  const x = Number(p) / Number(q);
  return Number.isFinite(x) && x !== 0 ? x : ratioToDouble(p, q);
}

export function withBit(set: Uint32Array, k: number): Uint32Array {
  const out = set.slice();
  out[k >> 5] |= 1 << (k & 31);
  return out;
}


function* subsets<T>(items: T[], k: number, start = 0, acc: T[] = []): Generator<T[]> {
  if (acc.length === k) {
    yield acc.slice();
    return;
  }
  for (let i = start; i <= items.length - (k - acc.length); i++) {
    acc.push(items[i]);
    yield* subsets(items, k, i + 1, acc);
    acc.pop();
  }
}
