/**
 * Lazy cut vertices (the vertex engine's counting path, vertex-cells.ts): a generic cut vertex
 * that is not solved, its doubles from the edge's ends with a proven radius (lazyCut), or, when
 * the ends give no interpolation or the radius has grown past LAZY_RADIUS, from a float solve
 * with a verified radius (floatCut, kernel/float-solve.ts). Each keeps the source of the exact
 * system whose solution it is (CutSource: built by cutSystem only when the vertex is solved);
 * the exact solve (VertexGeometry's `cut`) only when no radius within LAZY_RADIUS is proven.
 */
import { withBit } from '../kernel/bitset.js';
import { floatSolveVerified } from '../kernel/float-solve.js';
import type { Row } from '../lp/interior.js';
import type { Vertex } from './vertex-cells.js';
import { floatRow } from './vertex-readouts.js';

const U = 2 ** -52;
/** A lazy vertex's largest radius, relative to max(1, |f|): beyond it the vertex is solved exactly. */
const LAZY_RADIUS = 2 ** -30;
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
   * |A − a| <= δ_u and |B − b| <= δ_w, so |t − a/(a + b)| = |A(b − B) + B(A − a)|/((A + B)(a + b))
   * <= max(δ_u, δ_w)/(a + b); t̃ adds 2 roundings (t̃ <= 1). Then
   *   |x_k − x̃_k| <= |t − t̃|·|w_k − u_k| + max(r_u, r_w) + (roundings of x̃_k),
   * with |w_k − u_k| <= |D_k|(1 + 2U) + r_u + r_w (D_k the float difference) and the roundings
   * <= 2.02U·|D_k| + 1.02U·|x̃_k|. An exact vertex's radius is 4.01U·max|f_k| (toDouble's
   * roundings). The bound is evaluated in floats with positive terms only: factor 1 + 16U.
   * Anything non-finite, or a radius past LAZY_RADIUS: floatCut.
   */
  lazyCut(
    rows: Row[], common: Uint32Array, g: bigint[], e: bigint, newRow: number,
    u: Vertex, hu: number, du: number, w: Vertex, hw: number, dw: number,
    gef: Float64Array, rowsF?: readonly Float64Array[],
  ): Vertex | null {
    const { d } = this;
    const a = hu;
    const b = -hw;
    const ru = this.radius(u);
    const rw = this.radius(w);
    const sum = a + b;
    const t = a / sum;
    const dt = (Math.max(du, dw) / sum) * (1 + 4 * U) + 2.01 * U + 1e-300;
    const f = new Float64Array(d);
    let r = 0;
    for (let k = 0; k < d; k++) {
      const D = w.f[k] - u.f[k];
      const x = u.f[k] + t * D;
      f[k] = x;
      const ad = Math.abs(D);
      const err = Math.max(ru, rw) + dt * (ad * (1 + 2 * U) + ru + rw) + 2.02 * U * ad + 1.02 * U * Math.abs(x) + 1e-300;
      if (err > r) r = err;
    }
    r *= 1 + 16 * U;
    // The radius grows with every lazy generation (by 1/cos of the cut's angle to the edge, at
    // least doubling): past LAZY_RADIUS (relative to the coordinates) a float solve re-anchors.
    let scale = 1;
    for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(f[k]));
    if (!(a > du && b > dw) || !(r > 0 && r <= LAZY_RADIUS * scale) || !Number.isFinite(sum)) return this.floatCut(rows, common, g, e, newRow, gef, rowsF);
    const tight = withBit(common, newRow);
    return { p: NO_POINT, q: 0n, f, tight, r, sys: { rows, tight, newRow, g, e } };
  }

  private fsRows: Float64Array[] = [];

  /**
   * The cut of a generic edge (exactly d − 1 rows in `common`) as a lazy vertex from a float
   * solve of its system with a verified radius (kernel/float-solve.ts): used when the ends give
   * no interpolation (a sign there needed BigInt) or its radius has grown past LAZY_RADIUS. The
   * doubles of each row a·x = b are (a, −b), Number of each (the nearest doubles, as float-solve
   * requires). A radius past LAZY_RADIUS (relative), or no proof, solves exactly.
   */
  floatCut(rows: Row[], common: Uint32Array, g: bigint[], e: bigint, newRow: number, gef: Float64Array, rowsF?: readonly Float64Array[]): Vertex | null {
    const { d } = this;
    const M = this.fsRows;
    M.length = 0;
    for (let w32 = 0; w32 < this.words; w32++) {
      let bits = common[w32];
      while (bits !== 0) {
        const k = w32 * 32 + (31 - Math.clz32(bits & -bits));
        M.push(rowsF ? rowsF[k] : floatRow(rows[k].a, -rows[k].b));
        bits &= bits - 1;
      }
    }
    M.push(gef);
    const f = new Float64Array(d);
    const r = floatSolveVerified(M, d, f);
    let scale = 1;
    for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(f[k]));
    if (!(r > 0 && r <= LAZY_RADIUS * scale)) return this.exactCut(rows, common, g, e, newRow);
    const tight = withBit(common, newRow);
    return { p: NO_POINT, q: 0n, f, tight, r, sys: { rows, tight, newRow, g, e } };
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
 * A lazy vertex's source: the cut of a generic edge whose rows are `tight` without `newRow`
 * (ascending indices below newRow, which `rows` keeps: rows are only appended), and g·x = −e.
 * The system is built only when the vertex is solved exactly (most lazy vertices never are).
 */
export interface CutSource {
  rows: readonly Row[];
  tight: Uint32Array; // never mutated (withBit copies)
  newRow: number;
  g: bigint[];
  e: bigint;
}

/** The exact system of a generic cut: the d − 1 rows of its edge as equations, and g·x = −e. */
export function cutSystem(src: CutSource): { A: bigint[][]; b: bigint[] } {
  const { rows, tight, newRow, g, e } = src;
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
