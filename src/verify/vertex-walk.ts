/**
 * A warm-started float simplex for the star search's many small LPs over one polytope
 * (star-lp.ts): min c·x over {x : A x <= b} in low dimension d, walking from a known optimal
 * vertex of the same polytope (the last LP's basis) by primal simplex pivots. A cell asks
 * hundreds of LPs over the same rows with different c (neuron bounds, refined neurons of the
 * later layers); from the previous vertex a few pivots usually suffice, where the dense simplex
 * (lp/float-optimize.ts) starts from scratch with a phase 1.
 *
 * Like every float LP here it only PROPOSES dual multipliers y >= 0 with Aᵀy ≈ −c; the bound is
 * computed from them with proven rounding or exactly (any y >= 0 gives a valid bound, a poor one
 * only a weaker bound). It gives up (null) on a singular basis, an unbounded direction or too
 * many pivots; the caller then asks the dense simplex.
 *
 * Method: the basis B (d row indices) defines the vertex x = A_B⁻¹ b_B; y_B solves A_Bᵀ y_B = −c.
 * If y_B >= −tol it is optimal. Otherwise the row r with the most negative y_r leaves (Bland's
 * smallest index after a few pivots, against cycling): x moves along δ = −A_B⁻¹ e_r (a_r·δ = −1,
 * the other basic rows stay tight, c·δ = y_r < 0) until the first row i outside B with a_i·δ > 0
 * becomes tight (ratio test), and i replaces r.
 */

const TOL = 1e-10;
const MAX_PIVOTS = 60;
const BLAND_AFTER = 20;
const REFRESH = 40; // rank-one updates before the inverse is recomputed

/** inv = (A_B)⁻¹ (rows of A_B are A's rows B[k]); false if (nearly) singular. */
function invert(A: Float64Array, B: Int32Array, d: number, inv: Float64Array, work: Float64Array): boolean {
  // Gauss–Jordan on [A_B | I] with partial pivoting
  const w = 2 * d;
  for (let k = 0; k < d; k++) {
    for (let j = 0; j < d; j++) {
      work[k * w + j] = A[B[k] * d + j];
      work[k * w + d + j] = k === j ? 1 : 0;
    }
  }
  for (let col = 0; col < d; col++) {
    let p = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(work[r * w + col]) > Math.abs(work[p * w + col])) p = r;
    const piv = work[p * w + col];
    if (!(Math.abs(piv) > 1e-12)) return false;
    if (p !== col) {
      for (let j = 0; j < w; j++) {
        const t = work[p * w + j];
        work[p * w + j] = work[col * w + j];
        work[col * w + j] = t;
      }
    }
    for (let j = 0; j < w; j++) work[col * w + j] /= piv;
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const f = work[r * w + col];
      if (f === 0) continue;
      for (let j = 0; j < w; j++) work[r * w + j] -= f * work[col * w + j];
    }
  }
  for (let k = 0; k < d; k++) for (let j = 0; j < d; j++) inv[k * d + j] = work[k * w + d + j];
  return Number.isFinite(inv[0]);
}

/** A basis (d row indices) with its inverse, kept across calls (updated by rank-one steps). */
export interface Basis {
  B: Int32Array;
  inv: Float64Array | null;
  /** Rank-one updates since the last full inversion. */
  updates: number;
}

/**
 * Walks from the feasible basis (modified in place to the final basis) to a minimiser of c·x
 * (A: m×d row-major, rows normalised; c scaled to max |c_i| = 1). Returns y (length m, >= 0,
 * zero off the basis) and the vertex, or null.
 */
export function vertexWalk(A: Float64Array, b: Float64Array, m: number, d: number, c: Float64Array, basis: Basis): { y: Float64Array; x: Float64Array } | null {
  const B = basis.B;
  if (!basis.inv || basis.updates > REFRESH) {
    const inv = new Float64Array(d * d);
    if (!invert(A, B, d, inv, new Float64Array(2 * d * d))) return null;
    basis.inv = inv;
    basis.updates = 0;
  }
  const inv = basis.inv;
  const x = new Float64Array(d);
  const yB = new Float64Array(d);
  const inB = new Uint8Array(m);
  for (let k = 0; k < d; k++) inB[B[k]] = 1;
  for (let pivot = 0; pivot <= MAX_PIVOTS; pivot++) {
    // x_i = Σ_k inv[i][k] b_{B_k};  y_B,k = −Σ_i inv[i][k] c_i  (A_Bᵀ y_B = −c)
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += inv[i * d + k] * b[B[k]];
      x[i] = s;
    }
    let r = -1;
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let i = 0; i < d; i++) s -= inv[i * d + k] * c[i];
      yB[k] = s;
      if (s < -TOL) {
        if (r < 0) r = k;
        else if (pivot < BLAND_AFTER ? s < yB[r] : B[k] < B[r]) r = k;
      }
    }
    if (r < 0) {
      const y = new Float64Array(m);
      for (let k = 0; k < d; k++) if (yB[k] > 0) y[B[k]] = yB[k];
      return { y, x };
    }
    if (pivot === MAX_PIVOTS) return null;
    // δ = −(column r of inv); ratio test over the rows outside B
    let enter = -1;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      if (inB[i]) continue;
      let ad = 0;
      let ax = 0;
      for (let j = 0; j < d; j++) {
        ad -= A[i * d + j] * inv[j * d + r];
        ax += A[i * d + j] * x[j];
      }
      if (!(ad > TOL)) continue;
      const t = Math.max(0, b[i] - ax) / ad;
      if (t < best) {
        best = t;
        enter = i;
      }
    }
    if (enter < 0) return null;
    // row r of A_B becomes a = A[enter]: column r of inv divided by a·inv[:, r], then every
    // other column j loses (a·inv[:, j]) times it (so a_k·inv'[:, j] = δ_kj again)
    const e = enter * d;
    let ar = 0;
    for (let i = 0; i < d; i++) ar += A[e + i] * inv[i * d + r];
    if (!(Math.abs(ar) > 1e-12)) return null;
    for (let i = 0; i < d; i++) inv[i * d + r] /= ar;
    for (let j = 0; j < d; j++) {
      if (j === r) continue;
      let aj = 0;
      for (let i = 0; i < d; i++) aj += A[e + i] * inv[i * d + j];
      if (aj !== 0) for (let i = 0; i < d; i++) inv[i * d + j] -= aj * inv[i * d + r];
    }
    basis.updates++;
    inB[B[r]] = 0;
    inB[enter] = 1;
    B[r] = enter;
  }
  return null;
}
