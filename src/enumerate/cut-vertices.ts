/**
 * Lazy cut vertices (the vertex engine's counting path, vertex-cells.ts): a generic cut vertex
 * that is not solved, its doubles from the edge's ends with a proven radius (lazyCut), or, when
 * the ends give no interpolation or the radius has grown past cutLimits.lazy, from a float solve
 * with a verified radius (floatCut, kernel/float-solve.ts). Each keeps the source of the exact
 * system whose solution it is (CutSource: built by cutSystem only when the vertex is solved);
 * the exact solve (VertexGeometry's `cut`) only when no radius within cutLimits.lazy is proven.
 * When a cut's radius overflows because an end's has grown, that end is first re-anchored in
 * place by a float solve of its own system (refresh): a vertex is the end of many edges over its
 * life, so one solve there saves the re-anchoring of many cuts (on 5-10-10-10, 381 K float solves
 * became 140 K refreshes and 14 K cut solves).
 */
import { setBits, withBit } from '../kernel/bitset.js';
import { floatSolveVerified } from '../kernel/float-solve.js';
import type { Row } from '../lp/interior.js';
import { newDoubles } from '../kernel/doubles.js';
import { filterAt, filterOut } from './vertex-filter.js';
import type { Vertex } from './vertex-cells.js';
import { floatRow } from './vertex-readouts.js';

const U = 2 ** -52;
/**
 * lazy: a lazy vertex's largest radius, relative to max(1, |f|): beyond it the vertex is re-anchored
 * (floatCut) or solved exactly. refresh: a lazy end of an edge whose cut overflows `lazy` is
 * re-anchored in place when its own radius is past this (relative). Tests lower both to exercise
 * the re-anchoring on small nets; any positive values are sound (they only pick the route).
 */
export const cutLimits = { lazy: 2 ** -30, refresh: 2 ** -40 };
/** p of a lazy vertex before it is solved (never read: `exact` is called first). */
const NO_POINT: bigint[] = [];

/** The exact cut of an edge (VertexGeometry's `cut`): the point of the edge on h = 0, solved exactly. */
export type ExactCut = (rows: Row[], common: Uint32Array, g: bigint[], e: bigint, newRow: number) => Vertex | null;

export class CutVertices {
  constructor(
    readonly d: number,
    readonly words: number, // bitset width
    private readonly exactCut: ExactCut,
  ) {}

  /**
   * The cut of the generic edge u–w (exactly d−1 rows in `common`, so the system with h = 0 is
   * nonsingular: h changes sign along the edge) as a lazy vertex: x̃ = f_u + t̃·(f_w − f_u) with
   * t̃ = a/(a + b), a = h̃(u) > δ_u, b = −h̃(w) > δ_w (the filter's values and bounds).
   *
   * Radius. The exact cut is x = (1 − t)·u + t·w with t = h(u)/(h(u) − h(w)) = A/(A + B), where
   * |A − a| <= δ_u and |B − b| <= δ_w (so A, B > 0). With τ = a/(a + b):
   * - |t − τ| = |A(b − B) + B(A − a)|/((A + B)(a + b)) <= max(δ_u, δ_w)/(a + b);
   * - and, sharper when the ends' bounds differ: t is increasing in A and decreasing in B, so its
   *   extremes on the box of (A, B) are at (a ± δ_u, b ∓ δ_w), where
   *   |t − τ| = (b·δ_u + a·δ_w)/((a + b)(a + b ± (δ_u − δ_w))) <= (b·δ_u + a·δ_w)/((a + b)(a + b − |δ_u − δ_w|))
   *   (positive: a + b > δ_u + δ_w). It is evaluated only when the float a + b − |δ_u − δ_w| is at
   *   least half the float a + b, so that subtraction loses at most 6u relative.
   * Either bound serves (the smaller is taken); t̃ = fl(a/fl(a + b)) adds 2 roundings (t̃ <= 1);
   * dt is the resulting bound on |t − t̃|, its float terms inflated by 1 + 16U. Then exactly
   *   x − x̃' = (1 − t)(u − f_u) + t(w − f_w) + (t − t̃)(f_w − f_u),   x̃' = f_u + t̃·(f_w − f_u),
   * so |x_k − x̃'_k| <= (1 − t)·r_u + t·r_w + dt·|f_wk − f_uk|, where (1 − t)·r_u + t·r_w <=
   * (1 − t̃)·r_u + t̃·r_w + dt·|r_w − r_u| (linear in t), |f_wk − f_uk| <= |D_k|(1 + 2U) (D_k the float
   * difference), and x̃_k = fl(f_uk + fl(t̃·D_k)) is within 2.02U·|D_k| + 1.02U·|x̃_k| of x̃'_k. An
   * exact vertex's radius is 4.01U·max|f_k| (toDouble's roundings). The bound is evaluated in
   * floats with positive terms (and 1 − t̃, |r_w − r_u|, each one rounding relative): factor 1 + 16U.
   * Anything non-finite, or a radius past cutLimits.lazy: floatCut.
   */
  lazyCut(
    rows: Row[], common: Uint32Array, g: bigint[], e: bigint, newRow: number,
    u: Vertex, hu: number, du: number, w: Vertex, hw: number, dw: number,
    gef: Float64Array, rowsF?: readonly Float64Array[],
  ): Vertex | null {
    const { d } = this;
    let a = hu;
    let b = -hw;
    if (!(a > du && b > dw) || !Number.isFinite(a + b)) return this.floatCut(rows, common, g, e, newRow, gef, rowsF);
    const f = newDoubles(d);
    let r = this.interpolate(u, a, du, w, b, dw, f);
    if (!(r <= cutLimits.lazy * this.scale) && rowsF && (this.refresh(u, rowsF) | this.refresh(w, rowsF))) {
      // an end re-anchored in place (refresh): its filter again, with its new doubles and radius
      // (the old values stay valid bounds on the exact h, so they serve when the new are not conclusive)
      const G = sumAbs(gef, d);
      if (this.filter(u, gef, G) && this.fh > this.fd) (a = this.fh), (du = this.fd);
      if (this.filter(w, gef, G) && -this.fh > this.fd) (b = -this.fh), (dw = this.fd);
      r = this.interpolate(u, a, du, w, b, dw, f);
    }
    // The radius grows with every lazy generation (by 1/cos of the cut's angle to the edge, at
    // least doubling): past cutLimits.lazy (relative to the coordinates) a float solve re-anchors.
    if (!(r > 0 && r <= cutLimits.lazy * this.scale)) return this.floatCut(rows, common, g, e, newRow, gef, rowsF);
    const tight = withBit(common, newRow);
    return { p: NO_POINT, q: 0n, f, tight, r, sys: this.source(rows, newRow, g, e), nt: this.d }; // d − 1 edge rows and the split row
  }

  /**
   * x̃ into f and its radius (the proof above), from ends u, w with filter values a = h̃(u) > du,
   * b = −h̃(w) > dw (|h(x_u) − a| <= du, |h(x_w) + b| <= dw for the exact vertices).
   */
  private interpolate(u: Vertex, a: number, du: number, w: Vertex, b: number, dw: number, f: number[]): number {
    const { d } = this;
    const ru = this.radius(u);
    const rw = this.radius(w);
    const sum = a + b;
    const t = a / sum;
    // |t − a/(a + b)|: the weighted bound when its float evaluation is covered (denominator
    // sum − |du − dw| >= sum/2), else the plain one (both are proven above; take the smaller)
    let dtEnds = Math.max(du, dw) / sum;
    const den = sum - Math.abs(du - dw);
    if (den >= 0.5 * sum) {
      const weighted = (b * du + a * dw) / (sum * den);
      if (weighted < dtEnds) dtEnds = weighted;
    }
    const dt = dtEnds * (1 + 16 * U) + 2.01 * U + 1e-300;
    // the ends' share: (1 − t)·r_u + t·r_w <= (1 − t̃)·r_u + t̃·r_w + |t − t̃|·|r_w − r_u| (t̃ <= 1)
    const ends = (1 - t) * ru + t * rw + dt * Math.abs(rw - ru);
    let r = 0;
    let scale = 1;
    for (let k = 0; k < d; k++) {
      const D = w.f[k] - u.f[k];
      const x = u.f[k] + t * D;
      f[k] = x;
      const ad = Math.abs(D);
      const ax = Math.abs(x);
      const err = ends + dt * ad * (1 + 2 * U) + 2.02 * U * ad + 1.02 * U * ax + 1e-300;
      if (err > r) r = err;
      scale = Math.max(scale, ax);
    }
    this.scale = scale;
    return r * (1 + 16 * U);
  }

  /** max(1, |f_k|) of the last interpolate's f (scaleOf). */
  private scale = 1;

  /**
   * Re-anchors a lazy vertex in place: its doubles and radius from a float solve of its own exact
   * system (rows: its tight set, which is its edge's d − 1 rows and its split row, as the current
   * cell's doubles `rowsF` give them — a cell's rows keep their indices in every descendant, and
   * the split row's doubles there are (g, e) or their exact negation, the same equation), kept only
   * when the proven radius is smaller. The exact vertex is unchanged, so every bound held about it
   * (filter values of this split, cell boxes: see cell-box.ts) stays true; a vertex is shared by the
   * cells that hold it, and each later cut with it as an end starts from the smaller radius.
   * Returns 1 when re-anchored. Only vertices whose radius has grown past cutLimits.refresh.
   */
  private refresh(v: Vertex, rowsF: readonly Float64Array[]): number {
    if (!(v.r > cutLimits.refresh * scaleOf(v.f, this.d)) || !v.sys) return 0;
    // its tight set when made (a lazy vertex's is never replaced: see CutSource)
    const M = this.doublesOf(v.tight, v.sys.rows, rowsF);
    if (M.length !== this.d) return 0;
    const f = newDoubles(this.d);
    const r = floatSolveVerified(M, this.d, f);
    if (!(r > 0 && r < v.r)) return 0;
    v.f = f;
    v.r = r;
    return 1;
  }

  /** The filter's value and bound (vertex-filter.ts, as VertexGeometry's `filtered`) at v for the row gef; false if unusable. */
  private fh = 0;
  private fd = 0;
  private filter(v: Vertex, gef: Float64Array, G: number): boolean {
    // (callers compare fh with fd, which fails for non-finite values: see vertex-filter.ts)
    if (!filterAt(v.f, v.r, gef, gef[this.d], G, this.d)) return false;
    this.fh = filterOut.h;
    this.fd = filterOut.bound;
    return true;
  }

  private fsRows: Float64Array[] = [];
  private rowIdx: Int32Array | null = null;

  /**
   * The doubles (a, −b) of the rows in `set` (the cell's `rowsF` when kept, else converted), in
   * ascending order, in the reused array fsRows (read before the next call).
   */
  private doublesOf(set: Uint32Array, rows: readonly Row[], rowsF?: readonly Float64Array[]): Float64Array[] {
    const idx = (this.rowIdx ??= new Int32Array(32 * this.words));
    const n = setBits(set, this.words, idx);
    const M = this.fsRows;
    M.length = 0;
    for (let q = 0; q < n; q++) {
      const k = idx[q];
      M.push(rowsF ? rowsF[k] : floatRow(rows[k].a, -rows[k].b));
    }
    return M;
  }

  /** The last split's CutSource, shared by every lazy vertex it makes (one object per split, not per vertex). */
  private src: CutSource | null = null;
  private source(rows: Row[], newRow: number, g: bigint[], e: bigint): CutSource {
    const s = this.src;
    if (s && s.rows === rows && s.newRow === newRow && s.g === g && s.e === e) return s;
    return (this.src = { rows, newRow, g, e });
  }

  /**
   * The cut of a generic edge (exactly d − 1 rows in `common`) as a lazy vertex from a float
   * solve of its system with a verified radius (kernel/float-solve.ts): used when the ends give
   * no interpolation (a sign there needed BigInt) or its radius has grown past cutLimits.lazy. The
   * doubles of each row a·x = b are (a, −b), Number of each (the nearest doubles, as float-solve
   * requires). A radius past cutLimits.lazy (relative), or no proof, solves exactly.
   */
  floatCut(rows: Row[], common: Uint32Array, g: bigint[], e: bigint, newRow: number, gef: Float64Array, rowsF?: readonly Float64Array[]): Vertex | null {
    const { d } = this;
    const M = this.doublesOf(common, rows, rowsF);
    M.push(gef);
    const f = newDoubles(d);
    const r = floatSolveVerified(M, d, f);
    let scale = 1;
    for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(f[k]));
    if (!(r > 0 && r <= cutLimits.lazy * scale)) return this.exactCut(rows, common, g, e, newRow);
    const tight = withBit(common, newRow);
    return { p: NO_POINT, q: 0n, f, tight, r, sys: this.source(rows, newRow, g, e), nt: this.d }; // d − 1 edge rows and the split row
  }

  /** |x_k − f_k| <= radius for every k. */
  private radius(v: Vertex): number {
    if (v.r > 0) return v.r;
    let m = 0;
    for (let k = 0; k < this.d; k++) m = Math.max(m, Math.abs(v.f[k]));
    return 4.01 * U * m + 1e-300;
  }
}

/**
 * A lazy vertex's source: the cut of a generic edge whose rows are the vertex's tight set without
 * `newRow` (ascending indices below newRow, which `rows` keeps: rows are only appended), and
 * g·x = −e. Shared by the lazy vertices of one split (the same rows, split row and h); each
 * vertex's own rows are its `tight`, which a lazy vertex keeps as made: a vertex gets a copy with
 * another tight bit only when a split finds it exactly on its row (sign 0), and on the counting
 * path that sign is computed only after `exact` (vertex-cells.ts, split), which drops `sys`.
 * The system is built only when the vertex is solved exactly (most lazy vertices never are).
 */
export interface CutSource {
  rows: readonly Row[];
  newRow: number;
  g: bigint[];
  e: bigint;
}

/** The exact system of a lazy vertex (a generic cut): the d − 1 rows of its edge as equations, and g·x = −e. */
export function cutSystem(v: { tight: Uint32Array; sys?: CutSource }): { A: bigint[][]; b: bigint[] } {
  const { rows, newRow, g, e } = v.sys!;
  const tight = v.tight;
  const A: bigint[][] = [];
  const b: bigint[] = [];
  for (let w32 = 0; w32 < tight.length; w32++) {
    let bits = tight[w32];
    while (bits !== 0) {
      const k = w32 * 32 + (31 - Math.clz32(bits & -bits));
      if (k !== newRow) {
        A.push(rows[k].a);
        b.push(rows[k].b);
      }
      bits &= bits - 1;
    }
  }
  A.push(g);
  b.push(-e);
  return { A, b };
}

/** max(1, |f_k|): radii are relative to it. */
function scaleOf(f: readonly number[], d: number): number {
  let scale = 1;
  for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(f[k]));
  return scale;
}

/** Σ|gef_k| over the d coefficients (as VertexGeometry's split computes G). */
function sumAbs(gef: Float64Array, d: number): number {
  let G = 0;
  for (let k = 0; k < d; k++) G += Math.abs(gef[k]);
  return G;
}
