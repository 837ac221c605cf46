/**
 * The float LP of the star search (star.ts) over a cell's polytope P = {x in the box : split
 * rows}: it only PROPOSES dual multipliers; every bound is then computed exactly from them by
 * certify/verdict-star.ts's nsLower (Neumaier–Shcherbina), valid for any multipliers >= 0, so
 * nothing the float LP computes can make a bound wrong (a poor proposal only weakens it).
 */
import type { Row } from '../certify/checker.js';
import { nsLower, type ExactBox, type Pairs } from '../certify/star-exact.js';
import type { Rational } from '../kernel/rational.js';
import { floatMaximize } from '../lp/float-optimize.js';
import { vertexWalk, type Basis } from './vertex-walk.js';

/** A closed split row a·x <= b (primitive integers) with its float copy normalised to unit 2-norm. */
export interface StarRow extends Row {
  fa: Float64Array;
  fb: number;
  norm: number;
}

export function starRow(r: Row): StarRow {
  // rows beyond the double range (norm not finite) get no multipliers: the bound is then the box's (still sound)
  const fa = Float64Array.from(r.a, Number);
  let norm = 0;
  for (const v of fa) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < fa.length; i++) fa[i] /= norm;
  return { a: r.a, b: r.b, fa, fb: Number(r.b) / norm, norm };
}

export class StarLp {
  private readonly flo: Float64Array;
  private readonly fhi: Float64Array;
  /** The primal optimum of the last LP solved to optimality (a proposal: a candidate point, nothing more). */
  lastX: Float64Array | null = null;
  /** The float rows of the last polytope asked about, and the optimal basis of its last LP (vertex-walk.ts warm start). */
  private last: { rows: StarRow[]; fa: Float64Array; fb: Float64Array; basis: Basis | null } | null = null;

  constructor(
    readonly box: ExactBox,
    readonly stats: { lps: number },
  ) {
    this.flo = Float64Array.from(box.lo, (v) => Number(v.n) / Number(v.d));
    this.fhi = Float64Array.from(box.hi, (v) => Number(v.n) / Number(v.d));
  }

  /**
   * The float LP's proposal for min c·x over P: multipliers on the split rows ([] without rows
   * or when the LP fails: the box alone), or 'empty' when the LP proposes P empty.
   */
  propose(rows: StarRow[], c: bigint[] | Float64Array): Pairs | 'empty' {
    if (rows.length === 0) return [];
    const d = c.length;
    for (const r of rows) if (!Number.isFinite(r.norm) || !Number.isFinite(r.fb)) return [];
    const m = 2 * d + rows.length;
    // the float rows of the last polytope asked about (a cell asks many times in a row)
    if (this.last?.rows !== rows) {
      const fa = new Float64Array(m * d);
      const fb = new Float64Array(m);
      for (let i = 0; i < d; i++) {
        fa[2 * i * d + i] = 1;
        fb[2 * i] = this.fhi[i];
        fa[(2 * i + 1) * d + i] = -1;
        fb[2 * i + 1] = -this.flo[i];
      }
      rows.forEach((r, t) => {
        fa.set(r.fa, (2 * d + t) * d);
        fb[2 * d + t] = r.fb;
      });
      this.last = { rows, fa, fb, basis: null };
    }
    const last = this.last;
    const { fa, fb } = last;
    const fc = Float64Array.from(c as ArrayLike<number>, Number);
    let cmax = 0;
    for (const v of fc) cmax = Math.max(cmax, Math.abs(v));
    if (!(cmax > 0) || !Number.isFinite(cmax)) return [];
    for (let i = 0; i < d; i++) fc[i] = -fc[i] / cmax; // maximise −c·x
    this.stats.lps++;
    let res: { y: Float64Array; x: Float64Array } | null = null;
    if (last.basis) {
      // from the last LP's optimal vertex: fc is −c/cmax, the walk minimises c/cmax
      for (let i = 0; i < d; i++) fc[i] = -fc[i];
      res = vertexWalk(fa, fb, m, d, fc, last.basis);
      for (let i = 0; i < d; i++) fc[i] = -fc[i];
      if (!res) last.basis = null;
    }
    if (!res) {
      const full = floatMaximize(fa, fb, fc, m, d);
      if (full.status === 'dualUnbounded') return 'empty';
      if (full.status !== 'optimal') return [];
      res = full;
      if (full.basis.length === d && feasible(fa, fb, m, d, full.x)) last.basis = { B: Int32Array.from(full.basis), inv: null, updates: 0 };
    }
    this.lastX = res.x;
    // Σ y_i fa_i = fc  ⇒  Σ (y_i·cmax/norm_i) a_i ≈ −c
    const pairs: Pairs = [];
    rows.forEach((r, t) => {
      const v = (res.y[2 * d + t] * cmax) / r.norm;
      if (v > 0 && Number.isFinite(v)) pairs.push([t, v]);
    });
    return pairs;
  }

  /** An exact lower bound of (c·x)/D over P with the LP's multipliers (and the multipliers), or 'empty'. */
  minimize(rows: StarRow[], c: bigint[], D: bigint): { bound: Rational; pairs: Pairs } | 'empty' {
    const pairs = this.propose(rows, c);
    if (pairs === 'empty') return 'empty';
    return { bound: nsLower(this.box, rows, c, D, pairs), pairs };
  }
}


/** x satisfies every row up to 1e-9 (rows normalised): the dense simplex's basis is a vertex to walk from. */
function feasible(fa: Float64Array, fb: Float64Array, m: number, d: number, x: Float64Array): boolean {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += fa[i * d + j] * x[j];
    if (!(s <= fb[i] + 1e-9)) return false;
  }
  return true;
}

/**
 * y (> 0) rounded to six significant decimal digits: a double whose JSON form is that short (any
 * multipliers >= 0 are valid; the bound moves by about 1e-6 of the multipliers' part).
 */
export function short(y: number): number {
  const e = Math.floor(Math.log10(y));
  if (!(e > -17 && e < 17)) return Number(y.toPrecision(6));
  const p = 5 - e; // y·10^p has six digits before the point
  return p >= 0 ? Math.round(y * 10 ** p) / 10 ** p : Math.round(y / 10 ** -p) * 10 ** -p;
}
