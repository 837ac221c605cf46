/**
 * Exact rational simplex: decides whether the strict system A x < b has a solution.
 *
 * We solve, exactly, the dual of the interior problem (max t s.t. a_i·x + t <= b_i, t <= 1):
 *     (D)  min bᵀy + u   s.t.  Aᵀy = 0,  1ᵀy + u = 1,  y, u >= 0.
 * (D) is in standard form with only d+1 rows and no free variables, so the tableau is small
 * (d+2 rows × m+d+2 columns) even when m is large. The primal (x, t) is read off (D)'s optimal
 * simplex multipliers. Since the interior problem is feasible and bounded, t* = optimum(D):
 *   t* > 0  → x is a strict witness (a_i·x <= b_i - t* < b_i);
 *   t* <= 0 → bᵀy <= -u <= 0 with y != 0 (y = 0 forces u = 1, value 1): a Motzkin certificate.
 *
 * Arithmetic: integer-preserving tableau (see `pivot`). Pivot rule: Dantzig (most negative
 * reduced cost), switching to Bland's rule after BLAND_AFTER consecutive degenerate pivots
 * until the next non-degenerate one. This rules out cycling: an infinite run would end in an
 * infinite all-degenerate, hence all-Bland, tail, which Bland's rule cannot produce.
 */
import { IntegerTableau } from '../kernel/integer-tableau.js';
import { type Rational, gcd, lcm, rat, sign } from '../kernel/rational.js';
import type { ExactInteriorAnswer, StrictSystem } from './types.js';

/** Dantzig is much faster than Bland on the (very common) degenerate start; see header. */
const BLAND_AFTER = 50;

function checkShape(sys: StrictSystem): void {
  if (sys.a.length !== sys.b.length) throw new RangeError('exactInterior: a and b lengths differ');
  for (const row of sys.a) {
    if (row.length !== sys.d) throw new RangeError('exactInterior: row length differs from d');
  }
}

export function exactInterior(sys: StrictSystem): ExactInteriorAnswer {
  const { t, x, y } = maxMargin(sys);
  if (sign(t) > 0) {
    if (!isStrictWitness(sys, x)) throw new Error('exactInterior: internal error (witness fails)');
    return { kind: 'interior', x };
  }
  if (!isMotzkinCertificate(sys, y)) throw new Error('exactInterior: internal error (certificate fails)');
  return { kind: 'empty', y };
}

/**
 * The closed system A x <= b: a point (the maximiser x satisfies a_i·x <= b_i − t* with t* >= 0),
 * or a Farkas certificate y >= 0, yᵀA = 0, yᵀb < 0 (the optimal dual when t* < 0).
 */
export function exactClosedFeasible(sys: StrictSystem): { kind: 'feasible'; x: Rational[] } | { kind: 'infeasible'; y: bigint[] } {
  const { t, x, y } = maxMargin(sys);
  if (sign(t) >= 0) return { kind: 'feasible', x };
  return { kind: 'infeasible', y };
}

/**
 * Solves  max t  s.t.  a_i·x + t <= b_i, t <= 1  exactly: the optimum t*, a maximiser x, and the
 * optimal dual y (integers, scaled): y >= 0, yᵀA = 0, and yᵀb <= t*·(Σ y) (so yᵀb < 0 if t* < 0).
 */
function maxMargin(sys: StrictSystem): { t: Rational; x: Rational[]; y: bigint[] } {
  checkShape(sys);
  const { d, a, b } = sys;
  const m = a.length;
  // Columns: y_0..y_{m-1}, u = m, artificials art_k = m+1+k for the rows Aᵀy = 0 (k < d),
  // rhs = n. Rows 0..d-1: Aᵀy + art = 0; row d: 1ᵀy + u = 1; row d+1: objective, holding
  // tableau.D·(reduced costs | -z). Start at y = 0, u = 1 with the artificials basic at 0: feasible
  // already, so no phase 1 is needed, only degenerate pivots that drive the artificials out.
  const U = m;
  const ART = m + 1;
  const n = m + d + 1;
  const T: bigint[][] = [];
  for (let k = 0; k <= d; k++) {
    const row = new Array<bigint>(n + 1).fill(0n);
    for (let i = 0; i < m; i++) row[i] = k < d ? a[i][k] : 1n;
    if (k < d) row[ART + k] = 1n;
    else row[U] = row[n] = 1n;
    T.push(row);
  }
  // Objective: cost b on y, 1 on u, minus row d to eliminate the basic u.
  const obj = new Array<bigint>(n + 1).fill(0n);
  for (let i = 0; i < m; i++) obj[i] = b[i] - 1n;
  obj[n] = -1n;
  T.push(obj);
  const basis: number[] = [];
  for (let k = 0; k < d; k++) basis.push(ART + k);
  basis.push(U);

  const tableau = new IntegerTableau(T, basis); // see kernel/integer-tableau.ts
  const pivot = (r: number, q: number): void => tableau.pivot(r, q);

  // Drive the artificials out (degenerate pivots: their value is 0), preferring the column
  // with the most negative reduced cost. A row with no non-artificial entry is redundant
  // (rank-deficient A): its artificial stays basic at 0 and the row never changes again.
  for (let k = 0; k < d; k++) {
    let q = -1;
    for (let j = 0; j < ART; j++) if (T[k][j] !== 0n && (q < 0 || obj[j] < obj[q])) q = j;
    if (q >= 0) pivot(k, q);
  }

  // Primal simplex; artificial columns never enter.
  let degenerate = 0; // consecutive degenerate pivots
  for (;;) {
    const bland = degenerate > BLAND_AFTER;
    const q = tableau.entering(obj, ART, bland);
    if (q < 0) break;
    const r = tableau.leaving(q, d + 1);
    // (D) is bounded below (weak duality with the feasible interior problem).
    if (r < 0) throw new Error('exactInterior: internal error (unbounded dual)');
    degenerate = T[r][n] === 0n ? degenerate + 1 : 0;
    pivot(r, q);
  }

  // Optimal value t* = -obj[n]/tableau.D; multiplier of row k = -(reduced cost of art_k) = -obj[art_k]/tableau.D.
  const t = rat(-obj[n], tableau.D);
  const x: Rational[] = [];
  for (let k = 0; k < d; k++) x.push(rat(-obj[ART + k], tableau.D));
  const vals: Rational[] = new Array<Rational>(m).fill(rat(0n));
  for (let k = 0; k <= d; k++) if (basis[k] < m) vals[basis[k]] = rat(T[k][n], T[k][basis[k]]);
  let L = 1n;
  for (const v of vals) L = lcm(L, v.d);
  const y = vals.map((v) => v.n * (L / v.d));
  let g = 0n;
  for (const v of y) g = gcd(g, v);
  if (g > 1n) for (let i = 0; i < m; i++) y[i] /= g;
  return { t, x, y };
}

/** y >= 0, y != 0, Σ y_i a_i = 0, Σ y_i b_i <= 0: proves A x < b has no solution. */
export function isMotzkinCertificate(sys: StrictSystem, y: bigint[]): boolean {
  const { d, a, b } = sys;
  if (y.length !== a.length || b.length !== a.length) return false;
  let nonzero = false;
  let yb = 0n;
  const ya = new Array<bigint>(d).fill(0n);
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 0n) return false;
    if (y[i] === 0n) continue;
    nonzero = true;
    if (a[i].length !== d) return false;
    yb += y[i] * b[i];
    for (let j = 0; j < d; j++) ya[j] += y[i] * a[i][j];
  }
  return nonzero && yb <= 0n && ya.every((v) => v === 0n);
}

/** Every a_i·x < b_i, exactly (evaluated over the common denominator of x). */
export function isStrictWitness(sys: StrictSystem, x: Rational[]): boolean {
  const { d, a, b } = sys;
  if (x.length !== d || b.length !== a.length) return false;
  let L = 1n;
  for (const v of x) {
    if (v.d <= 0n) return false;
    L = lcm(L, v.d);
  }
  const X = x.map((v) => v.n * (L / v.d));
  for (let i = 0; i < a.length; i++) {
    if (a[i].length !== d) return false;
    let s = 0n;
    for (let j = 0; j < d; j++) s += a[i][j] * X[j];
    if (s >= b[i] * L) return false;
  }
  return true;
}
