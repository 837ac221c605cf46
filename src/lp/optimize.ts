/**
 * Exact linear optimisation:  maximise c·x  s.t.  A x <= b,  x ∈ R^d free  (A, b, c integers).
 *
 * Every answer carries a certificate that `isOptimal` checks in BigInt arithmetic:
 *
 *   optimal     x = p/q feasible, and integers y >= 0, scale > 0 with
 *                 Σ y_i a_i = scale·c   and   Σ y_i b_i = scale·(c·x).
 *               (y/scale is dual feasible with dual value = primal value: x is optimal by weak
 *               duality: for any feasible x', scale·c·x' = Σ y_i a_i·x' <= Σ y_i b_i = scale·c·x.)
 *               `value` = c·x as a reduced rational.
 *   unbounded   x = p/q feasible and an integer ray r with A r <= 0 and c·r > 0.
 *   infeasible  Farkas: integers y >= 0 with yᵀA = 0 and yᵀb < 0.
 *
 * Route: (1) a float dual simplex (float-optimize.ts) proposes an optimal basis; the basis is
 * solved exactly (vertex x by solveExact, duals from A_Bᵀ y_B = c) and accepted iff x is
 * feasible and y_B >= 0 exactly. (2) Otherwise an exact two-phase simplex on the dual
 *   (D)  minimise bᵀy  s.t.  Aᵀy = c,  y >= 0
 * decides, with integer-preserving (Bareiss/Edmonds) pivoting as in exact-simplex.ts:
 *   phase 1 > 0     → (D) infeasible; its multipliers give a ray r (A r <= 0, c·r > 0), and
 *                     exactClosedFeasible decides between "unbounded" (a point) and "infeasible";
 *   (D) unbounded   → the improving direction is a Farkas certificate: (P) infeasible;
 *   (D) optimal     → y, and x from the simplex multipliers.
 * Lineality (rank A < d) needs no special case: (D) then has redundant rows whose artificials
 * stay basic at 0, and (D) is feasible exactly when c is orthogonal to the lineality space.
 */
import { IntegerTableau } from '../kernel/integer-tableau.js';
import { dot, type Point, pointFromRationals, reducePoint } from '../kernel/intvec.js';
import { bitLength, gcd, rat, type Rational } from '../kernel/rational.js';
import { solveExact } from '../kernel/solve.js';
import { exactClosedFeasible } from './exact-simplex.js';
import { floatMaximize } from './float-optimize.js';

export type OptimumAnswer =
  /** y >= 0, scale > 0: Σ y_i a_i = scale·c and Σ y_i b_i = scale·value (y/scale: the dual optimum). */
  | { kind: 'optimal'; value: Rational; x: Point; y: bigint[]; scale: bigint }
  /** x feasible; A·ray <= 0, c·ray > 0. */
  | { kind: 'unbounded'; x: Point; ray: bigint[] }
  /** Farkas: y >= 0, yᵀA = 0, yᵀb < 0. */
  | { kind: 'infeasible'; y: bigint[] };

export interface OptimizeStats {
  /** answers certified from the float proposal */
  float: number;
  /** answers decided by the exact simplex */
  exact: number;
}

const BLAND_AFTER = 50;

function checkShape(A: bigint[][], b: bigint[], c: bigint[]): void {
  if (A.length !== b.length) throw new RangeError('maximize: A and b lengths differ');
  for (const row of A) if (row.length !== c.length) throw new RangeError('maximize: row length differs from c');
}

/** maximise c·x subject to A x <= b (x ∈ R^d free, d = c.length). A, b, c integers. */
export function maximize(
  A: bigint[][],
  b: bigint[],
  c: bigint[],
  stats?: { float: number; exact: number },
): OptimumAnswer {
  checkShape(A, b, c);
  if (A.length > 0 && c.length > 0) {
    const proposed = floatProposal(A, b, c);
    if (proposed) {
      if (stats) stats.float++;
      return proposed;
    }
  }
  if (stats) stats.exact++;
  const ans = exactMaximize(A, b, c);
  if (!isOptimal(A, b, c, ans)) throw new Error('maximize: internal error (certificate fails)');
  return ans;
}

// ---------------------------------------------------------------------------------------------
// Float proposal, certified exactly

function floatProposal(A: bigint[][], b: bigint[], c: bigint[]): OptimumAnswer | null {
  const m = A.length;
  const d = c.length;
  const fa = new Float64Array(m * d);
  const fb = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const row = A[i];
    let huge = b[i] >= HUGE || -b[i] >= HUGE;
    for (let k = 0; k < d && !huge; k++) huge = row[k] >= HUGE || -row[k] >= HUGE;
    const f = huge ? scaledFloats([...row, b[i]]) : null;
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const v = f ? f[k] : Number(row[k]);
      fa[i * d + k] = v;
      norm += v * v;
    }
    norm = norm > 0 ? Math.sqrt(norm) : 1;
    for (let k = 0; k < d; k++) fa[i * d + k] /= norm;
    fb[i] = (f ? f[d] : Number(b[i])) / norm;
  }
  const fc = scaledFloats(c);
  let cmax = 0;
  for (const v of fc) cmax = Math.max(cmax, Math.abs(v));
  if (cmax > 0) for (let k = 0; k < d; k++) fc[k] /= cmax;
  const res = floatMaximize(fa, fb, fc, m, d);
  if (res.status !== 'optimal') return null;
  return certifyBasis(A, b, c, res.basis);
}

const HUGE = 1n << 1000n;

/** The values times a common power of two that keeps them within double range (for proposals). */
function scaledFloats(v: readonly bigint[]): Float64Array {
  let huge = false;
  for (const x of v) if (x >= HUGE || -x >= HUGE) huge = true;
  if (!huge) return Float64Array.from(v, Number);
  let bits = 0;
  for (const x of v) bits = Math.max(bits, bitLength(x));
  const shift = BigInt(bits - 64);
  return Float64Array.from(v, (x) => Number(x >> shift));
}

/**
 * Exact check of a proposed optimal basis B (rows of A, linearly independent): x solves
 * A_B x = b_B (completed by unit rows e_k x = 0 when |B| < d, i.e. along the lineality space),
 * y_B solves [A_B; E]ᵀ (y_B, z) = c. Accepted iff z = 0, y_B >= 0 and A x <= b, all exactly:
 * then Σ y_i a_i = q·c and Σ y_i b_i = Σ y_i a_i·x = q·c·x (complementary slackness), which is
 * the optimality certificate. Returns null when the basis does not certify.
 */
export function certifyBasis(A: bigint[][], b: bigint[], c: bigint[], basis: readonly number[]): OptimumAnswer | null {
  const d = c.length;
  const r = basis.length;
  if (r > d || d === 0) return null;
  const M = basis.map((i) => A[i]);
  const rhs = basis.map((i) => b[i]);
  if (r < d) {
    // Complete by the unit rows of the non-pivot columns (solveExact below rejects r = d singular).
    const pivots = pivotColumns(M, d);
    if (pivots === null) return null; // dependent rows
    for (let k = 0, j = 0; k < d; k++) {
      if (j < pivots.length && pivots[j] === k) j++;
      else {
        const e = new Array<bigint>(d).fill(0n);
        e[k] = 1n;
        M.push(e);
        rhs.push(0n);
      }
    }
  }
  const x = solveExact(M, rhs);
  if (!x) return null;
  for (let i = 0; i < A.length; i++) if (dot(A[i], x.p) > b[i] * x.q) return null;
  const Mt: bigint[][] = [];
  for (let k = 0; k < d; k++) Mt.push(M.map((row) => row[k]));
  const yz = solveExact(Mt, c);
  if (!yz) return null;
  for (let j = 0; j < d; j++) if (j < r ? yz.p[j] < 0n : yz.p[j] !== 0n) return null;
  const y = new Array<bigint>(A.length).fill(0n);
  for (let j = 0; j < r; j++) y[basis[j]] = yz.p[j];
  const scaled = reduceScaled(y, yz.q);
  const pt = reducePoint(x);
  return { kind: 'optimal', value: rat(dot(c, pt.p), pt.q), x: pt, y: scaled.v, scale: scaled.s };
}

/**
 * Pivot columns of the row-echelon form of `rows` (r × d), or null when the rows are linearly
 * dependent. Fraction-free elimination with gcd reduction (r <= d is small).
 */
function pivotColumns(rows: readonly bigint[][], d: number): number[] | null {
  const R = rows.map((row) => row.slice());
  const cols: number[] = [];
  let rank = 0;
  for (let k = 0; k < d && rank < R.length; k++) {
    let pr = -1;
    for (let i = rank; i < R.length; i++) if (R[i][k] !== 0n) { pr = i; break; }
    if (pr < 0) continue;
    [R[rank], R[pr]] = [R[pr], R[rank]];
    const P = R[rank];
    for (let i = rank + 1; i < R.length; i++) {
      const f = R[i][k];
      if (f === 0n) continue;
      let g = 0n;
      for (let j = 0; j < d; j++) g = gcd(g, (R[i][j] = R[i][j] * P[k] - f * P[j]));
      if (g > 1n) for (let j = 0; j < d; j++) R[i][j] /= g;
    }
    cols.push(k);
    rank++;
  }
  return rank === R.length ? cols : null;
}

function reduceScaled(v: bigint[], s: bigint): { v: bigint[]; s: bigint } {
  let g = s;
  for (const x of v) {
    if (g === 1n) break;
    g = gcd(g, x);
  }
  return g > 1n ? { v: v.map((x) => x / g), s: s / g } : { v, s };
}

function reduceVector(v: bigint[]): bigint[] {
  let g = 0n;
  for (const x of v) {
    g = gcd(g, x);
    if (g === 1n) return v;
  }
  return g > 1n ? v.map((x) => x / g) : v;
}

// ---------------------------------------------------------------------------------------------
// Exact two-phase simplex on the dual

/**
 * Decides the LP exactly (no float involved): a two-phase simplex on (D) with integer-preserving
 * pivoting. Dantzig pricing, switching to Bland's rule after BLAND_AFTER consecutive degenerate
 * pivots until the next non-degenerate one (no cycling: see exact-simplex.ts). Exported for
 * tests and benchmarks; `maximize` is the entry point.
 */
export function exactMaximize(A: bigint[][], b: bigint[], c: bigint[]): OptimumAnswer {
  checkShape(A, b, c);
  const m = A.length;
  const d = c.length;
  const s = c.map((v) => (v < 0n ? -1n : 1n)); // row k of Aᵀy = c is multiplied by s_k: rhs >= 0
  const ART = m; // artificial of row k: column ART + k
  const n = m + d; // rhs column
  // Rows 0..d-1: s_k (Aᵀy)_k + art_k = |c_k|; row d: phase-1 objective, row d+1: phase-2
  // objective, each holding tableau.D·(reduced costs | -z).
  const T: bigint[][] = [];
  for (let k = 0; k < d; k++) {
    const row = new Array<bigint>(n + 1).fill(0n);
    for (let i = 0; i < m; i++) row[i] = s[k] * A[i][k];
    row[ART + k] = 1n;
    row[n] = s[k] * c[k];
    T.push(row);
  }
  const obj1 = new Array<bigint>(n + 1).fill(0n);
  for (let j = 0; j <= n; j++) {
    if (j >= ART && j < n) continue; // artificials: cost 1 minus 1 = 0
    let sum = 0n;
    for (let k = 0; k < d; k++) sum -= T[k][j];
    obj1[j] = sum;
  }
  const obj2 = new Array<bigint>(n + 1).fill(0n);
  for (let i = 0; i < m; i++) obj2[i] = b[i];
  T.push(obj1, obj2);
  const basis: number[] = [];
  for (let k = 0; k < d; k++) basis.push(ART + k);

  const tableau = new IntegerTableau(T, basis); // see kernel/integer-tableau.ts
  const pivot = (r: number, q: number): void => tableau.pivot(r, q);

  /** Minimises the objective row `obj`; -1 when optimal, else an entering column with no positive entry. */
  const run = (obj: bigint[]): number => {
    let degenerate = 0;
    for (;;) {
      const bland = degenerate > BLAND_AFTER;
      const q = tableau.entering(obj, m, bland);
      if (q < 0) return -1;
      const r = tableau.leaving(q, d);
      if (r < 0) return q;
      degenerate = T[r][n] === 0n ? degenerate + 1 : 0;
      pivot(r, q);
    }
  };

  // Phase 1 (bounded below by 0, so it ends optimal).
  if (run(obj1) !== -1) throw new Error('exactMaximize: internal error (phase 1 unbounded)');
  if (obj1[n] !== 0n) {
    // (D) infeasible. Phase-1 multipliers π_k = 1 - obj1[ART+k]/tableau.D satisfy (s_k a_i[k])ᵀπ <= 0
    // for every column y_i and |c|ᵀπ = phase-1 value > 0, so r = Sπ (times tableau.D) has A r <= 0, c·r > 0.
    const ray = reduceVector(s.map((sk, k) => sk * (tableau.D - obj1[ART + k])));
    const feas = exactClosedFeasible({ d, a: A, b });
    if (feas.kind === 'infeasible') return { kind: 'infeasible', y: reduceVector(feas.y) };
    return { kind: 'unbounded', x: reducePoint(pointFromRationals(feas.x)), ray };
  }

  // Drive the artificials out (degenerate pivots: they are at 0). A row with no y entry is
  // redundant (rank A < d): its artificial stays basic at 0 and the row stays zero on y.
  for (let k = 0; k < d; k++) {
    if (basis[k] < ART) continue;
    let q = -1;
    for (let j = 0; j < m; j++) if (T[k][j] !== 0n && (q < 0 || obj2[j] < obj2[q])) q = j;
    if (q >= 0) pivot(k, q);
  }

  // Phase 2.
  const q = run(obj2);
  if (q >= 0) {
    // (D) unbounded along w: w_q = 1, w_{basis k} = -T[k][q]/tableau.D >= 0; Aᵀw = 0 and
    // bᵀw = obj2[q]/tableau.D < 0: a Farkas certificate for A x <= b (times tableau.D).
    const y = new Array<bigint>(m).fill(0n);
    y[q] = tableau.D;
    for (let k = 0; k < d; k++) if (basis[k] < m) y[basis[k]] = -T[k][q];
    return { kind: 'infeasible', y: reduceVector(y) };
  }
  // Optimal: y_{basis k} = T[k][n]/tableau.D; multipliers π_k = -obj2[ART+k]/tableau.D of the scaled rows,
  // so x_k = s_k π_k (reduced costs b_i - a_i·x >= 0 are primal feasibility).
  const y = new Array<bigint>(m).fill(0n);
  for (let k = 0; k < d; k++) if (basis[k] < m) y[basis[k]] = T[k][n];
  const x = reducePoint({ p: s.map((sk, k) => -sk * obj2[ART + k]), q: tableau.D });
  const scaled = reduceScaled(y, tableau.D);
  return { kind: 'optimal', value: rat(dot(c, x.p), x.q), x, y: scaled.v, scale: scaled.s };
}

// ---------------------------------------------------------------------------------------------
// Checker

function isFeasiblePoint(A: bigint[][], b: bigint[], x: Point, d: number): boolean {
  if (x.p.length !== d || x.q <= 0n) return false;
  for (let i = 0; i < A.length; i++) if (dot(A[i], x.p) > b[i] * x.q) return false;
  return true;
}

/** Σ y_i a_i (exact). */
function combine(A: bigint[][], y: bigint[], d: number): bigint[] {
  const sum = new Array<bigint>(d).fill(0n);
  for (let i = 0; i < A.length; i++) {
    const yi = y[i];
    if (yi === 0n) continue;
    for (let k = 0; k < d; k++) sum[k] += yi * A[i][k];
  }
  return sum;
}

/**
 * Verifies any answer of `maximize` exactly: for 'optimal' primal feasibility, dual feasibility
 * (y >= 0, Σ y_i a_i = scale·c, scale > 0), equal objectives (Σ y_i b_i = scale·c·x) and
 * value = c·x; for 'unbounded' a feasible x and A·ray <= 0, c·ray > 0; for 'infeasible' the
 * Farkas conditions y >= 0, yᵀA = 0, yᵀb < 0.
 */
export function isOptimal(A: bigint[][], b: bigint[], c: bigint[], ans: OptimumAnswer): boolean {
  const m = A.length;
  const d = c.length;
  if (b.length !== m || A.some((row) => row.length !== d)) return false;
  switch (ans.kind) {
    case 'optimal': {
      const { x, y, scale, value } = ans;
      if (scale <= 0n || y.length !== m || y.some((v) => v < 0n)) return false;
      if (!isFeasiblePoint(A, b, x, d)) return false;
      const ya = combine(A, y, d);
      for (let k = 0; k < d; k++) if (ya[k] !== scale * c[k]) return false;
      const cx = dot(c, x.p); // c·x = cx / q
      if (dot(y, b) * x.q !== scale * cx) return false;
      return value.d > 0n && value.n * x.q === cx * value.d;
    }
    case 'unbounded': {
      const { x, ray } = ans;
      if (ray.length !== d || !isFeasiblePoint(A, b, x, d)) return false;
      for (const row of A) if (dot(row, ray) > 0n) return false;
      return dot(c, ray) > 0n;
    }
    case 'infeasible': {
      const { y } = ans;
      if (y.length !== m || y.some((v) => v < 0n)) return false;
      if (combine(A, y, d).some((v) => v !== 0n)) return false;
      return dot(y, b) < 0n;
    }
    default:
      return false;
  }
}
