/**
 * A float solve of a small square system with a verified error radius (in the style of Rump's
 * verified linear solvers): it proposes x̃ in doubles and proves a bound r on the distance, in
 * every coordinate, to the exact solution of the exact system. Callers use x̃ and r where the
 * exact point is needed only for decisions that r already settles (lazy vertices,
 * vertex-cells.ts), and solve exactly (solve.ts) when r does not.
 *
 * The system is Σ_j A_ij x_j + c_i = 0 (i < n), each row given as the doubles (A_i0 … A_i,n−1, c_i)
 * of exact reals (in practice integers): each double the nearest one (Number of a BigInt), so
 * |A_ij − Â_ij| <= U·|Â_ij| and |c_i − ĉ_i| <= U·|ĉ_i| (U = 2^-52, twice the unit roundoff).
 *
 * The proof. R is any float matrix (an approximate inverse of Â, by Gaussian elimination with
 * partial pivoting). With C = I − R·A (exact), if ‖C‖∞ <= α < 1 then R·A is invertible, so A is,
 * and x* − x̃ = (I − C)^-1·R·ρ with ρ = −c − A·x̃ (exact): ‖x* − x̃‖∞ <= ‖|R|·ρ̄‖∞ / (1 − α),
 * with ρ̄ any componentwise bound on |ρ|.
 *
 * - ρ̄_i: the float residual ρ̃_i = fl(−ĉ_i − Σ Â_ij x̃_j) is within (n + 3)·U·S_i of ρ_i, with
 *   S_i = |ĉ_i| + Σ|Â_ij x̃_j|: U·S_i for the entries' roundings and γ_{n+1} <= (n + 1)·U/2 (plus
 *   slack) for the n + 1 products and sums (Higham, the dot-product bound).
 * - α: likewise |C_ij − fl(δ_ij − Σ_k R_ik Â_kj)| <= (n + 3)·U·T_ij with T_ij = δ_ij + Σ_k |R_ik Â_kj|.
 *
 * The float sums of these nonnegative bounds lose at most 2n·U relative; the factors 1.01 and
 * 1 + 1e-10 cover that for n <= 64 and the division; 1e-300 terms cover underflow of products.
 * Anything not finite, or α >= 1/2, gives Infinity (no proof: the caller solves exactly).
 */

const U = 2 ** -52;

let A0 = new Float64Array(72); // the rows' doubles, n × (n + 1), flat
let LU0 = new Float64Array(64); // n × n copy of Â, then its LU factors
let INV0 = new Float64Array(64); // R
let PERM0 = new Int32Array(8);
let TMP0 = new Float64Array(8);
let IPIV0 = new Float64Array(8); // 1 / U_ii

/**
 * Writes x̃ to `x` (length >= n) and returns a proven r with |x*_k − x̃_k| <= r for every k,
 * where x* solves the exact system the doubles `rows` stand for; Infinity when not proven.
 */
export function floatSolveVerified(rows: readonly Float64Array[], n: number, x: Float64Array | number[]): number {
  const m = n + 1;
  if (LU0.length < n * n) {
    A0 = new Float64Array(n * m);
    LU0 = new Float64Array(n * n);
    INV0 = new Float64Array(n * n);
  }
  if (PERM0.length < n) {
    PERM0 = new Int32Array(n);
    TMP0 = new Float64Array(n);
  }
  // the scratch arrays in locals: each read of a module-level `let` is a context load with a hole check
  const a = A0, lu = LU0, inv = INV0, perm = PERM0, tmp = TMP0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    for (let j = 0; j <= n; j++) {
      const v = r[j];
      if (!Number.isFinite(v)) return Infinity;
      a[i * m + j] = v;
      if (j < n) lu[i * n + j] = v;
    }
    perm[i] = i;
  }
  // LU with partial pivoting (the proposal: nothing below depends on its accuracy)
  const ipiv = IPIV0.length >= n ? IPIV0 : (IPIV0 = new Float64Array(n));
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) (best = v), (p = i);
    }
    if (!(best > 0)) return Infinity; // singular in floats
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    // multipliers by the pivot's reciprocal (one division instead of one per row: the factors
    // only propose R, and the proof holds for any R)
    const ip = 1 / lu[k * n + k];
    ipiv[k] = ip; // for the back substitutions below
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k] * ip;
      lu[i * n + k] = f;
      if (f !== 0) for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  // R = Â^-1, column by column: solve L·U·col = P·e_c (dividing by U's diagonal through its
  // reciprocals, ipiv)
  for (let c = 0; c < n; c++) {
    // forward: entries before row i0 = perm^-1(c) are exactly +0, and subtracting their ±0
    // products from the +0 (or the 1) that each sum starts with changes nothing: skipped
    let i0 = 0;
    while (perm[i0] !== c) tmp[i0++] = 0;
    tmp[i0] = 1;
    for (let i = i0 + 1; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = i0; j < i; j++) s -= lu[row + j] * tmp[j];
      tmp[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = tmp[i];
      for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * tmp[j];
      tmp[i] = s * ipiv[i];
    }
    for (let i = 0; i < n; i++) inv[i * n + c] = tmp[i];
  }
  // x̃ = R·(−ĉ), then one step of refinement x̃ += R·ρ̃
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s -= inv[i * n + j] * a[j * m + n];
    x[i] = s;
  }
  for (let i = 0; i < n; i++) {
    let s = -a[i * m + n];
    for (let j = 0; j < n; j++) s -= a[i * m + j] * x[j];
    tmp[i] = s;
  }
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < n; j++) s += inv[i * n + j] * tmp[j];
    x[i] = s;
  }
  // ρ̄ (into tmp)
  const eps = (n + 3) * U * 1.01;
  for (let i = 0; i < n; i++) {
    let s = -a[i * m + n];
    let S = Math.abs(s);
    for (let j = 0; j < n; j++) {
      const t = a[i * m + j] * x[j];
      s -= t;
      S += Math.abs(t);
    }
    tmp[i] = Math.abs(s) + eps * S + 1e-300;
  }
  // α = max_i Σ_j |C_ij| (bounded)
  let alpha = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    const ri = i * n;
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      let T = s;
      for (let k = 0, ak = j; k < n; k++, ak += m) {
        const t = inv[ri + k] * a[ak];
        s -= t;
        T += Math.abs(t);
      }
      row += Math.abs(s) + eps * T + 1e-300;
    }
    if (!(row <= alpha)) alpha = row; // NaN propagates
  }
  alpha *= 1 + 1e-10;
  if (!(alpha < 0.5)) return Infinity;
  let z = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.abs(inv[i * n + k]) * tmp[k];
    if (!(s <= z)) z = s;
  }
  const r = ((z * (1 + 1e-10)) / (1 - alpha)) * (1 + 1e-10) + 1e-300;
  if (!Number.isFinite(r)) return Infinity;
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) return Infinity;
  return r;
}
