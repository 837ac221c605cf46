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
 *
 * When only counting (`lazy`), a generic cut vertex is not solved: its doubles come from the
 * edge's ends with a proven radius (lazyCut), which widens the filter's bound; a sign or a tight
 * row too close for it solves the vertex exactly. A radius past cutLimits.lazy, or ends without
 * filtered signs, re-anchor through a float solve with a verified radius (floatCut, or first the
 * overflowing end itself: refresh; kernel/float-solve.ts); the exact solve only when that proves
 * no radius within cutLimits.lazy.
 * (lazyCut and floatCut, with their proofs: cut-vertices.ts.)
 */
import { bitCount, isSubset, popcount, withBit } from '../kernel/bitset.js';
import { newDoubles } from '../kernel/doubles.js';
import { filterAt, filterOut } from './vertex-filter.js';
import { dot, type Point } from '../kernel/intvec.js';
import { ratioToDouble } from '../kernel/rational.js';
import { solveAugmented, solveExact } from '../kernel/solve.js';
import type { Row } from '../lp/interior.js';
import { boxSide, filterBound, type CellBox } from './cell-box.js';
import { CutVertices, cutSystem, type CutSource } from './cut-vertices.js';
import { SimpleEdges } from './simple-edges.js';
import { cellFacets, cellWitness, floatRow, motzkinAtVertex } from './vertex-readouts.js';

export { floatRow };

export interface Vertex {
  p: bigint[];
  q: bigint; // > 0
  f: number[]; // nearest doubles of p/q (for the filter); of a lazy vertex, doubles within r of it (always a packed array of doubles: newDoubles)
  tight: Uint32Array; // bit k: row k of the cell is tight here
  /**
   * 0: exact (p/q known, f their nearest doubles). > 0: a lazy vertex (counting only, see
   * VertexGeometry.lazy): p and q are not computed yet, every |x_k − f_k| <= r is proven, and
   * `sys` is the source of the exact system whose solution it is (cut-vertices.ts, cutSystem).
   */
  r: number;
  sys?: CutSource;
  nt: number; // the number of rows tight here (bits of `tight`): d for a simple vertex
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

const POSITIVE: VertexSplit = { kind: 'positive' };
const NEGATIVE: VertexSplit = { kind: 'negative' };

export class VertexGeometry {
  constructor(
    readonly d: number,
    readonly words: number, // bitset width
    readonly counter: SignCounter,
    readonly floatOnly: boolean,
  ) {
    this.cuts = new CutVertices(d, words, (rows, common, g, e, newRow) => this.cut(rows, common, g, e, newRow));
  }

  /**
   * Counting only (no vertices, witnesses or certificates are read): a cut vertex may then be
   * lazy, its doubles computed from its edge's ends with a proven error radius, its exact value
   * solved only when a sign or a tightness is too close for that radius. Every sign and every
   * tight bit is the exact one, so cells, splits and facets are those of exact vertices.
   */
  lazy = false;

  vertex(pt: Point, tight: Uint32Array): Vertex {
    const f = newDoubles(this.d);
    for (let k = 0; k < this.d; k++) f[k] = toDouble(pt.p[k], pt.q);
    return { p: pt.p, q: pt.q, f, tight, r: 0, sys: undefined, nt: bitCount(tight) };
  }

  /** Solves a lazy vertex exactly (in place: the same point, now with p, q and their nearest doubles). */
  exact(v: Vertex): Vertex {
    if (v.r === 0) return v;
    const { A, b } = cutSystem(v);
    const pt = solveExact(A, b);
    if (!pt) throw new Error('vertex-cells: internal error: a lazy vertex without a solution');
    // new doubles (not in place: a copy of v, e.g. one marked tight on a split row, keeps its own f and r)
    v.f = newDoubles(this.d);
    for (let k = 0; k < this.d; k++) v.f[k] = toDouble(pt.p[k], pt.q);
    v.p = pt.p;
    v.q = pt.q;
    v.r = 0;
    v.sys = undefined;
    return v;
  }

  /** Sign of g·x + e at v: the float filter, else exact. */
  sign(v: Vertex, g: bigint[], e: bigint, gf: Float64Array, ef: number): -1 | 0 | 1 {
    if (v.r > 0) this.exact(v); // split decides lazy vertices itself (see `filtered`)
    // the filter with r = 0 (vertex-filter.ts); its comparisons fail for non-finite values
    if (filterAt(v.f, 0, gf, ef, 0, this.d)) {
      const { h, bound } = filterOut;
      if (h > bound) return (this.counter.vertexSignsFiltered++, 1);
      if (h < -bound) return (this.counter.vertexSignsFiltered++, -1);
    }
    if (this.floatOnly) return 0; // unsound mode: within the error bound counts as on the plane
    this.counter.vertexSignsExact++;
    const x = dot(g, v.p) + e * v.q;
    return x > 0n ? 1 : x < 0n ? -1 : 0;
  }

  /** split's scratch (split is not reentrant): per vertex, its sign, h̃ and δ, and whether it is simple. */
  private signs = new Int8Array(64);
  private hv = new Float64Array(64);
  private dv = new Float64Array(64);
  private simple = new Uint8Array(64);
  private grow(n: number): void {
    const m = Math.max(n, 2 * this.signs.length);
    this.signs = new Int8Array(m);
    this.hv = new Float64Array(m);
    this.dv = new Float64Array(m);
    this.simple = new Uint8Array(m);
  }

  /** The filter's value h̃ and proven bound δ (|h(x) − h̃| <= δ) of the last `filtered` call. */
  private fh = 0;
  private fd = 0;

  /** g·x + e at v through floats: 1 or -1 when proven (h̃ and δ kept in fh, fd), 0 when unclear (vertex-filter.ts). */
  private filtered(v: Vertex, gf: Float64Array, ef: number, G: number): -1 | 0 | 1 {
    // G: Σ|gf_k| as a float (the caller's, once per row)
    if (!filterAt(v.f, v.r, gf, ef, G, this.d)) return 0;
    const { h, bound } = filterOut;
    this.fh = h;
    this.fd = bound;
    return h > bound ? 1 : h < -bound ? -1 : 0;
  }

  /**
   * Splits the cell by h = g·x + e. `rows` are the cell's rows, `newRow` the index the split
   * row will have in both children (its hyperplane is h = 0).
   */
  split(verts: Vertex[], rows: Row[], g: bigint[], e: bigint, newRow: number, gef?: Float64Array, box?: CellBox | null, rowsF?: readonly Float64Array[]): VertexSplit {
    // gef: g then e as doubles (Number of each), when the caller has them cached; box: the cell's
    // (cell-box.ts); rowsF: each row a·x < b's doubles (a, −b) when the caller keeps them
    if (!gef) gef = floatRow(g, e);
    const gf = gef;
    const ef = gef[this.d];
    const n = verts.length;
    let G = 0;
    for (let k = 0; k < this.d; k++) G += Math.abs(gf[k]);
    if (box) {
      // one side on the whole box, with the margin that makes every vertex's filter prove it too
      const side = boxSide(box, gf, ef, G, this.d);
      if (side !== 0) {
        this.counter.vertexSignsFiltered += n;
        return side > 0 ? POSITIVE : NEGATIVE;
      }
    }
    if (this.signs.length < n) this.grow(n);
    const signs = this.signs;
    // lazy: each vertex's filtered h̃ and bound δ when its sign was proven by floats, else NaN
    // (δ NaN: not computed yet, see cutOf)
    const hv = this.lazy ? this.hv : null;
    const dv = this.lazy ? this.dv : null;
    // Every vertex's filter bound is at most B (cell-box.ts, filterBound): |h̃| above it proves the
    // sign the filter would prove, counted the same, without the bound's own sums.
    const lo = box ? Math.max(filterBound(box, gf, ef, G, this.d), 1e-290) : Infinity;
    this.splitG = G;
    let pos = 0;
    let neg = 0;
    const dd = this.d;
    for (let i = 0; i < n; i++) {
      let s: -1 | 0 | 1;
      const f = verts[i].f;
      let h = ef;
      for (let k = 0; k < dd; k++) h += gf[k] * f[k]; // the filter's h̃, the same operations
      if (h > lo && h < Infinity) s = 1;
      else if (h < -lo && h > -Infinity) s = -1;
      else s = 0;
      if (s !== 0) {
        this.counter.vertexSignsFiltered++;
        if (hv && dv) (hv[i] = h), (dv[i] = NaN);
      } else if (hv && dv) {
        const v = verts[i];
        s = this.filtered(v, gf, ef, G);
        if (s !== 0) {
          this.counter.vertexSignsFiltered++;
          hv[i] = this.fh;
          dv[i] = this.fd;
        } else {
          hv[i] = NaN;
          s = this.sign(this.exact(v), g, e, gf, ef);
        }
      } else s = this.sign(verts[i], g, e, gf, ef);
      signs[i] = s;
      if (s > 0) pos++;
      else if (s < 0) neg++;
    }
    if (neg === 0) return POSITIVE;
    if (pos === 0) return NEGATIVE;
    const active: Vertex[] = [];
    const inactive: Vertex[] = [];
    for (let i = 0; i < n; i++) {
      const v = verts[i];
      if (signs[i] > 0) active.push(v);
      else if (signs[i] < 0) inactive.push(v);
      else {
        const tight = withBit(v.tight, newRow);
        const on = { ...v, tight, nt: bitCount(tight) };
        active.push(on);
        inactive.push(on);
      }
    }
    // A simple vertex (exactly d tight rows, independent since they fix the vertex): two simple
    // vertices with d − 1 common rows are the two ends of the segment where the cell meets the line
    // of those rows, so they span an edge without the search of isEdge.
    const { d, words } = this;
    const simple = this.simple;
    let allSimple = true;
    for (let i = 0; i < n; i++) {
      if (signs[i] === 0) continue;
      const c = verts[i].nt;
      simple[i] = c === d ? 1 : 0;
      if (c !== d) allSimple = false;
    }
    // scratch: `common` is read by cutOf and its callees (copied by withBit), never kept
    const common = this.common.length === words ? this.common : (this.common = new Uint32Array(words));
    const negs = this.negs.length < neg ? (this.negs = new Int32Array(2 * neg)) : this.negs;
    for (let j = 0, c = 0; j < n; j++) if (signs[j] < 0) negs[c++] = j;
    if (allSimple) {
      // every edge between simple vertices (simple-edges.ts): the same pairs in the pair loop's
      // order, by hashing for large splits, else by the single-bit test of every pair, which is
      // cheaper per pair than a hash operation by about this factor (measured: hashing from
      // 2·d·(P + N) on was no faster on 5-10-10-10 and 4-16-16-16; per-row masks of the
      // negatives, O(d) mask operations per positive, were no faster on 4-32-32 either)
      const edges = this.edges;
      const m = pos * neg > 8 * d * (pos + neg) ? edges.find(verts, signs, n, neg, d, words) : edges.byPairs(verts, signs, n, negs, neg, words);
      const pairs = edges.pairs;
      for (let p = 0; p < m; p++) {
        const i = pairs[2 * p];
        const j = pairs[2 * p + 1];
        const u = verts[i].tight;
        const w = verts[j].tight;
        for (let k = 0; k < words; k++) common[k] = u[k] & w[k];
        const nv = this.cutOf(rows, common, d - 1, g, e, newRow, verts, i, j, hv, dv, gef, rowsF);
        if (!nv) continue;
        active.push(nv);
        inactive.push(nv);
      }
      return { kind: 'both', active, inactive };
    }
    for (let i = 0; i < n; i++) {
      if (signs[i] <= 0) continue;
      const u = verts[i].tight;
      for (let jj = 0; jj < neg; jj++) {
        const j = negs[jj];
        const w = verts[j].tight;
        let count = 0;
        for (let k = 0; k < words; k++) count += popcount((common[k] = u[k] & w[k]));
        if (count < d - 1 || (!(simple[i] && simple[j]) && !this.isEdge(verts, i, j, common))) continue;
        const nv = this.cutOf(rows, common, count, g, e, newRow, verts, i, j, hv, dv, gef, rowsF);
        if (!nv) continue; // float mode only: its signs described no real edge crossing
        active.push(nv);
        inactive.push(nv);
      }
    }
    return { kind: 'both', active, inactive };
  }

  private edges = new SimpleEdges();
  private common = new Uint32Array(0); // split's scratch: the rows common to an edge's ends
  private negs = new Int32Array(64); // split's scratch: the negative vertices' indices
  /** Lazy cut vertices (cut-vertices.ts), falling back to `cut`. */
  private readonly cuts: CutVertices;

  /** The vertex where h = 0 cuts the edge verts[i]–verts[j] (rows in `common`, `count` of them). */
  private cutOf(
    rows: Row[], common: Uint32Array, count: number, g: bigint[], e: bigint, newRow: number,
    verts: Vertex[], i: number, j: number, hv: Float64Array | null, dv: Float64Array | null,
    gef: Float64Array, rowsF?: readonly Float64Array[],
  ): Vertex | null {
    if (!(hv && dv && count === this.d - 1)) return this.cut(rows, common, g, e, newRow);
    // an end whose sign B decided: its filter's value and bound now (from its current doubles,
    // which a refresh of this split may have changed: the pair is computed together)
    if (dv[i] !== dv[i] && hv[i] === hv[i]) this.ownBound(verts[i], i, 1, gef, hv, dv);
    if (dv[j] !== dv[j] && hv[j] === hv[j]) this.ownBound(verts[j], j, -1, gef, hv, dv);
    // lazy (counting): interpolated from the ends when both signs came from the filter
    return hv[i] === hv[i] && hv[j] === hv[j]
      ? this.cuts.lazyCut(rows, common, g, e, newRow, verts[i], hv[i], dv[i], verts[j], hv[j], dv[j], gef, rowsF)
      : this.cuts.floatCut(rows, common, g, e, newRow, gef, rowsF);
  }

  /** The split's G = Σ|gf_k| (for ownBound). */
  private splitG = 0;

  /** hv[i], dv[i]: the filter's value and bound at v, when it proves the sign `want`; else hv[i] = NaN. */
  private ownBound(v: Vertex, i: number, want: 1 | -1, gef: Float64Array, hv: Float64Array, dv: Float64Array): void {
    if (this.filtered(v, gef, gef[this.d], this.splitG) === want) (hv[i] = this.fh), (dv[i] = this.fd);
    else hv[i] = NaN;
  }

  /** u, v span an edge iff no other vertex is tight on all rows tight at both. */
  private isEdge(verts: Vertex[], i: number, j: number, common: Uint32Array): boolean {
    for (let k = 0; k < verts.length; k++) {
      if (k !== i && k !== j && isSubset(common, verts[k].tight)) return false;
    }
    return true;
  }

  /**
   * The point of the edge (rows in `common`) on h = 0, solved exactly. Its tight rows are `common`
   * and the split row, no others: every row holds (a·x <= b) at every vertex of the cell, so on the
   * open segment between u and w, a·x − b = (1 − t)(a·u − b) + t(a·w − b) with 0 < t < 1 is 0 only
   * if the row is tight at both ends, that is, in `common`. (Tight sets are complete by induction:
   * box corners; cut vertices by this argument; vertices exactly on a split row get its bit.)
   */
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
    if (idx.length === this.d - 1) {
      // the generic edge: exactly d−1 tight rows, one system (what the subsets below start with)
      const M: bigint[][] = [];
      for (const k of idx) M.push([...rows[k].a, rows[k].b]);
      M.push([...g, -e]);
      const pt = solveAugmented(M);
      if (pt) return this.vertex(pt, tight);
    } else {
      for (const subset of subsets(idx, this.d - 1)) {
        const A = subset.map((k) => rows[k].a);
        const b = subset.map((k) => rows[k].b);
        A.push(g);
        b.push(-e);
        const pt = solveExact(A, b);
        if (pt) return this.vertex(pt, tight);
      }
    }
    if (this.floatOnly) return null;
    throw new Error('vertex-cells: internal error: edge without a solvable cut');
  }

  /** Motzkin multipliers for an empty side, read off the cell's vertices (vertex-readouts.ts). */
  motzkinAtVertex(verts: Vertex[], rows: Row[], other: Row): bigint[] | null {
    return motzkinAtVertex(this, verts, rows, other);
  }

  /** The cell's facet rows (vertex-readouts.ts). */
  facets(verts: Vertex[], nRows: number): number[] {
    return cellFacets(this, verts, nRows);
  }

  /** An exact interior point of the cell (vertex-readouts.ts). */
  witness(verts: Vertex[], rows: Row[], rowsF?: readonly Float64Array[]): Point {
    return cellWitness(this, verts, rows, rowsF);
  }
}

function toDouble(p: bigint, q: bigint): number {
  const x = Number(p) / Number(q);
  return Number.isFinite(x) && x !== 0 ? x : ratioToDouble(p, q);
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
