/**
 * A small dense Float64 simplex for the interior problem (see types.ts), written for LPs of a
 * few dozen rows in a handful of dimensions. It solves the dual, which is in standard form with
 * only d+1 equality rows:
 *
 *   minimise  Σ b_i y_i + u   s.t.  Σ y_i a_i = 0,  Σ y_i + u = 1,  y, u >= 0
 *
 * so the tableau is (d+1) × (m+1+d) and a pivot costs O(d·m). The primal (x, t) is read off the
 * simplex multipliers. It only proposes: callers certify exactly.
 */
import type { FloatInteriorResult, FloatLpBackend } from './types.js';

const EPS = 1e-11;
const MAX_ITERATIONS = 2000;

export const denseFloatSimplex: FloatLpBackend = {
  name: 'dense-float-simplex',
  interior(a: Float64Array, b: Float64Array, m: number, d: number): FloatInteriorResult {
    return solveInterior(a, b, m, d);
  },
};

// Scratch buffers reused across calls (the solver is synchronous and keeps no reference).
let scratchT = new Float64Array(0);
let scratchCost = new Float64Array(0);
let scratchReduced = new Float64Array(0);
let scratchCb = new Float64Array(0);

export function solveInterior(a: Float64Array, b: Float64Array, m: number, d: number): FloatInteriorResult {
  const rows = d + 1;
  // columns: y_0..y_{m-1}, u (index m), artificials art_0..art_{d-1} (index m+1+k), rhs last
  const nCols = m + 1 + d;
  const W = nCols + 1;
  if (scratchT.length < rows * W) scratchT = new Float64Array(2 * rows * W);
  if (scratchCost.length < nCols) {
    scratchCost = new Float64Array(2 * nCols);
    scratchReduced = new Float64Array(2 * nCols);
  }
  if (scratchCb.length < rows) scratchCb = new Float64Array(rows);
  const T = scratchT;
  T.fill(0, 0, rows * W);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < d; k++) T[k * W + i] = a[i * d + k];
    T[d * W + i] = 1;
  }
  T[d * W + m] = 1;
  T[d * W + nCols] = 1;
  for (let k = 0; k < d; k++) T[k * W + m + 1 + k] = 1;
  const basis = new Int32Array(rows);
  for (let k = 0; k < d; k++) basis[k] = m + 1 + k;
  basis[d] = m;

  // Phase 1 is trivial (artificials start at level 0): pivot them out where possible.
  // A row with no usable entry is redundant (the a_i do not span R^d); its artificial stays at 0.
  const redundant = new Uint8Array(rows);
  for (let k = 0; k < d; k++) {
    let best = -1;
    let bestAbs = EPS;
    for (let j = 0; j < m; j++) {
      const v = Math.abs(T[k * W + j]);
      if (v > bestAbs && !isBasic(basis, j)) {
        bestAbs = v;
        best = j;
      }
    }
    if (best < 0) redundant[k] = 1;
    else pivot(T, W, rows, basis, k, best);
  }

  // Phase 2: costs c_j = b_j for y_j, 1 for u, artificials may not enter (cost 0).
  const cost = scratchCost;
  cost.fill(0, 0, nCols);
  for (let j = 0; j < m; j++) cost[j] = b[j];
  cost[m] = 1;
  const reduced = scratchReduced;
  const cb = scratchCb;
  let iter = 0;
  let bland = false;
  for (;;) {
    // only the columns that may enter (y and u) are priced here
    computeReducedCosts(T, W, rows, basis, m + 1, cost, cb, reduced);
    let enter = -1;
    let bestRc = -EPS;
    for (let j = 0; j <= m; j++) {
      if (reduced[j] < bestRc) {
        enter = j;
        if (bland) break;
        bestRc = reduced[j];
      }
    }
    if (enter < 0) break;
    let leave = -1;
    let bestRatio = Infinity;
    for (let r = 0; r < rows; r++) {
      if (redundant[r]) continue;
      const v = T[r * W + enter];
      if (v > EPS) {
        const ratio = T[r * W + nCols] / v;
        if (ratio < bestRatio - 1e-14 || (bland && Math.abs(ratio - bestRatio) <= 1e-14 && basis[r] < basis[leave])) {
          bestRatio = ratio;
          leave = r;
        }
      }
    }
    if (leave < 0) return failed(d); // unbounded dual: cannot happen for a feasible primal
    pivot(T, W, rows, basis, leave, enter);
    if (++iter > 50) bland = true; // anti-cycling on degenerate problems
    if (iter > MAX_ITERATIONS) return failed(d);
  }

  // Multipliers: π_k = -(reduced cost of artificial k) for k < d, π_d = 1 - reduced cost of u.
  computeReducedCosts(T, W, rows, basis, nCols, cost, cb, reduced);
  const x = new Float64Array(d);
  for (let k = 0; k < d; k++) x[k] = -reduced[m + 1 + k];
  const t = 1 - reduced[m];
  const y = new Float64Array(m);
  for (let r = 0; r < rows; r++) if (basis[r] < m) y[basis[r]] = T[r * W + nCols];
  return { t, x, y };
}

function isBasic(basis: Int32Array, j: number): boolean {
  for (let r = 0; r < basis.length; r++) if (basis[r] === j) return true;
  return false;
}

/**
 * reduced_j = c_j - Σ_r c_basis[r]·T[r][j] for j < cols, subtracted in the order r = 0, 1, …
 * (row by row over the columns, for locality: the same operations in the same order per j).
 */
function computeReducedCosts(
  T: Float64Array,
  W: number,
  rows: number,
  basis: Int32Array,
  cols: number,
  cost: Float64Array,
  cb: Float64Array,
  out: Float64Array,
): void {
  for (let r = 0; r < rows; r++) cb[r] = cost[basis[r]];
  for (let j = 0; j < cols; j++) out[j] = cost[j];
  for (let r = 0; r < rows; r++) {
    const c = cb[r];
    const base = r * W;
    for (let j = 0; j < cols; j++) out[j] -= c * T[base + j];
  }
}

function pivot(T: Float64Array, W: number, rows: number, basis: Int32Array, r: number, c: number): void {
  const pr = r * W;
  const inv = 1 / T[pr + c];
  for (let k = 0; k < W; k++) T[pr + k] *= inv;
  T[pr + c] = 1;
  for (let i = 0; i < rows; i++) {
    if (i === r) continue;
    const f = T[i * W + c];
    if (f === 0) continue;
    const pi = i * W;
    for (let k = 0; k < W; k++) T[pi + k] -= f * T[pr + k];
    T[pi + c] = 0;
  }
  basis[r] = c;
}

function failed(d: number): FloatInteriorResult {
  return { t: -Infinity, x: new Float64Array(d), y: null, failed: true };
}
