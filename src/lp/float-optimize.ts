/**
 * A small dense Float64 simplex that *proposes* an optimal basis for
 *
 *   (P)  maximise c·x  s.t.  A x <= b,  x ∈ R^d free,
 *
 * by solving its dual, which is in standard form with only d equality rows:
 *
 *   (D)  minimise bᵀy  s.t.  Aᵀy = c,  y >= 0.
 *
 * Two phases: rows are sign-flipped so the right-hand side |c| is non-negative and an artificial
 * per row starts basic; phase 1 minimises the sum of the artificials, phase 2 minimises bᵀy.
 * The tableau is (d+2) × (m+d+1) (d constraint rows, the phase-1 and phase-2 objective rows), so
 * a pivot costs O(d·m). The proposed primal optimum x is read off the phase-2 multipliers, and
 * the basic y columns are the proposed tight rows of the optimal vertex.
 *
 * Nothing here decides anything: optimize.ts certifies the proposed basis exactly or falls back
 * to the exact simplex.
 */

const EPS = 1e-9; // pivot / reduced-cost tolerance (rows and c are normalised by the caller)
const FEAS_EPS = 1e-9; // phase-1 value above this proposes "dual infeasible"
const BLAND_AFTER = 50;
const MAX_ITERATIONS = 5000;

export interface FloatOptimum {
  /**
   * 'optimal': (D) optimal, basis/x/y proposed.  'dualInfeasible': proposes (P) unbounded or
   * infeasible.  'dualUnbounded': proposes (P) infeasible.  'failed': numerical trouble.
   */
  status: 'optimal' | 'dualInfeasible' | 'dualUnbounded' | 'failed';
  /** Rows of A whose dual variable is basic in the final tableau (proposed tight rows). */
  basis: number[];
  /** Proposed primal optimum (phase-2 multipliers). */
  x: Float64Array;
  /** Proposed dual optimum. */
  y: Float64Array;
}

/**
 * a: row-major m×d, b: length m, c: length d (callers should normalise rows and c; any positive
 * scaling of a row (a_i, b_i), or of c, leaves the optimal basis unchanged).
 */
export function floatMaximize(a: Float64Array, b: Float64Array, c: Float64Array, m: number, d: number): FloatOptimum {
  const ART = m;
  const n = m + d; // rhs column
  const W = n + 1;
  const O1 = d; // phase-1 objective row
  const O2 = d + 1; // phase-2 objective row
  const T = new Float64Array((d + 2) * W);
  const s = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    s[k] = c[k] < 0 ? -1 : 1;
    const rk = k * W;
    for (let i = 0; i < m; i++) T[rk + i] = s[k] * a[i * d + k];
    T[rk + ART + k] = 1;
    T[rk + n] = s[k] * c[k];
  }
  // Phase-1 reduced costs: cost 0 on y, 1 on the (basic) artificials: minus the sum of the rows.
  for (let j = 0; j <= n; j++) {
    if (j >= ART && j < n) continue;
    let sum = 0;
    for (let k = 0; k < d; k++) sum += T[k * W + j];
    T[O1 * W + j] = -sum;
  }
  // Phase-2 reduced costs: b on y, 0 on artificials (basic artificials cost 0: nothing to eliminate).
  for (let i = 0; i < m; i++) T[O2 * W + i] = b[i];
  const basis = new Int32Array(d);
  for (let k = 0; k < d; k++) basis[k] = ART + k;

  const pivot = (r: number, q: number): void => pivotTableau(T, W, d + 2, basis, r, q);

  /** Simplex on objective row `o`; returns -1 when optimal, the entering column when unbounded, -2 on failure. */
  let iterations = 0;
  const run = (o: number): number => {
    const po = o * W;
    let degenerate = 0;
    for (;;) {
      const bland = degenerate > BLAND_AFTER;
      let q = -1;
      for (let j = 0; j < m; j++) {
        const rc = T[po + j];
        if (rc < -EPS && (q < 0 || (!bland && rc < T[po + q]))) {
          q = j;
          if (bland) break;
        }
      }
      if (q < 0) return -1;
      // Ratio test: the smallest ratio; among near-ties the largest pivot (or, under Bland, the
      // smallest basic index).
      let best = Infinity;
      for (let k = 0; k < d; k++) {
        const v = T[k * W + q];
        if (v > EPS) best = Math.min(best, Math.max(T[k * W + n], 0) / v);
      }
      if (best === Infinity) return q;
      let r = -1;
      for (let k = 0; k < d; k++) {
        const v = T[k * W + q];
        if (v <= EPS) continue;
        const ratio = Math.max(T[k * W + n], 0) / v;
        if (ratio > best + 1e-12 * (1 + best)) continue;
        if (r < 0 || (bland ? basis[k] < basis[r] : v > T[r * W + q])) r = k;
      }
      degenerate = best <= 1e-12 ? degenerate + 1 : 0;
      pivot(r, q);
      if (++iterations > MAX_ITERATIONS) return -2;
    }
  };

  const fail = (status: FloatOptimum['status']): FloatOptimum => ({
    status,
    basis: [],
    x: new Float64Array(d),
    y: new Float64Array(m),
  });

  const r1 = run(O1);
  if (r1 !== -1) return fail('failed'); // phase 1 is bounded below by 0
  let cNorm = 0;
  for (let k = 0; k < d; k++) cNorm += Math.abs(c[k]);
  if (-T[O1 * W + n] > FEAS_EPS * Math.max(1, cNorm)) return fail('dualInfeasible');

  // Drive the artificials out of the basis (degenerate pivots); a row without a usable entry
  // is redundant (A has rank < d) and keeps its artificial at 0.
  for (let k = 0; k < d; k++) {
    if (basis[k] < ART) continue;
    let q = -1;
    for (let j = 0; j < m; j++) {
      const v = Math.abs(T[k * W + j]);
      if (v > EPS && (q < 0 || v > Math.abs(T[k * W + q]))) q = j;
    }
    if (q >= 0) pivot(k, q);
  }

  const r2 = run(O2);
  if (r2 === -2) return fail('failed');
  if (r2 >= 0) return fail('dualUnbounded');

  const x = new Float64Array(d);
  for (let k = 0; k < d; k++) x[k] = -s[k] * T[O2 * W + ART + k];
  const y = new Float64Array(m);
  const rows: number[] = [];
  for (let k = 0; k < d; k++) {
    if (basis[k] < m) {
      rows.push(basis[k]);
      y[basis[k]] = T[k * W + n];
    }
  }
  return { status: 'optimal', basis: rows, x, y };
}

function pivotTableau(T: Float64Array, W: number, rows: number, basis: Int32Array, r: number, q: number): void {
  const pr = r * W;
  const inv = 1 / T[pr + q];
  for (let j = 0; j < W; j++) T[pr + j] *= inv;
  T[pr + q] = 1;
  for (let i = 0; i < rows; i++) {
    if (i === r) continue;
    const pi = i * W;
    const f = T[pi + q];
    if (f === 0) continue;
    for (let j = 0; j < W; j++) T[pi + j] -= f * T[pr + j];
    T[pi + q] = 0;
  }
  basis[r] = q;
}
