/**
 * A neuron decided on a cell from its row's doubles with a proven radius (approx-rows.ts), without
 * its exact row: on 3-32-32-32, 9 in 10 neurons of a cell do not cut it, and unpacking and
 * converting their rows was half of `count`.
 *
 * It decides exactly when the vertex engine's per-vertex filter would prove the same sign at every
 * vertex, so the enumeration, its counts and its statistics are those of VertexGeometry.split:
 * the n signs are counted as filtered, as split counts them.
 *
 * The proof. Let (g, e) be the exact integer row (h(x) = g·x + e, the map's den D a power of two)
 * and a = D·A its doubles scaled (exact), ρ = D·rad, so |g_k − a_k| <= ρ and |e − a_e| <= ρ, and
 * let the cell box (cell-box.ts) hold every exact vertex x in [c − w − R, c + w + R]. Then
 * h(x) = (e − a_e) + Σ(g_k − a_k)x_k + (a_e + Σ a_k c_k) + Σ a_k (x_k − c_k), so
 * |h(x) − H| <= errH = γ_{d+1}·sH + Σ|a_k|(w_k + R) + ρ(1 + Σ(|c_k| + w_k + R)), where
 * H = fl(a_e + Σ a_k c_k) and sH = |a_e| + Σ|a_k c_k| (γ_{d+1} <= (d + 2)·U·1.01 covers its d + 1
 * roundings and sH's own).
 *
 * The filter (vertex-cells.ts `filtered`, `sign`) reads gf = Number(g), ef = Number(e), which are
 * within U/2 of g, e relatively, so |gf_k| <= ā_k = (1 + U)(|a_k| + ρ). At a vertex with doubles
 * f (|f_k| <= |c_k| + w_k + R) and radius r <= R its bound is δ = (d + 4)·2U·s + (1 + U)·1.01·G·r
 * + 1e-300 with s = fl(|ef| + Σ|gf_k f_k|) <= 1.01·(ā_e + Σ ā_k(|c_k| + w_k + R)) and
 * G = fl(Σ|gf_k|) <= 1.01·Σ ā_k: so δ <= δ̄ below. The filter proves h > 0 at the vertex when its
 * value h̃, with |h̃ − h(x)| <= δ, exceeds δ; that holds when h(x) > 2δ̄, so when H − errH > 2δ̄.
 * The margin 1e-280 keeps the filter's s > 1e-290 test (s >= |h̃| nearly), and the check below
 * 1e300 keeps its sums finite. g ≠ 0 is required (|a_k| > ρ for some k): a constant neuron is not
 * split, and not counted, by the enumerator. The final sums of non-negative terms lose at most
 * (4d + 10)·U relative, covered by the factor 1 + 1e-12.
 */
import { radAt, type ApproxRows } from './approx-rows.js';
import type { CellBox } from './cell-box.js';

const U = 2 ** -52;

/** 1 or −1 when every vertex's filter would prove that sign of row j of `rows` (scaled by den), else 0. */
export function approxSide(box: CellBox, rows: ApproxRows, j: number, den: number, d: number): -1 | 0 | 1 {
  const { c, w, R } = box;
  const A = rows.v;
  const o = j * (d + 1);
  const rho = A[radAt(rows.n, d) + j] * den;
  let nonzero = false;
  const ae = A[o + d] * den;
  let H = ae;
  let sH = Math.abs(ae);
  let spread = 0; // Σ|a_k|(w_k + R)
  let boxAbs = 0; // Σ(|c_k| + w_k + R)
  let aBar = 0; // Σ ā_k
  let sizeBar = 0; // Σ ā_k(|c_k| + w_k + R)
  for (let k = 0; k < d; k++) {
    const a = A[o + k] * den;
    const abs = Math.abs(a);
    if (abs > rho) nonzero = true;
    const t = a * c[k];
    H += t;
    sH += Math.abs(t);
    const ext = Math.abs(c[k]) + w[k] + R;
    spread += abs * (w[k] + R);
    boxAbs += ext;
    const bar = (1 + U) * (abs + rho);
    aBar += bar;
    sizeBar += bar * ext;
  }
  if (!nonzero) return 0;
  const aeBar = (1 + U) * (Math.abs(ae) + rho);
  const errH = (d + 2) * U * 1.01 * sH + spread + rho * (1 + boxAbs);
  const dBar = (d + 4) * 2 * U * 1.01 * (aeBar + sizeBar) + (1 + U) * 1.01 * 1.01 * aBar * R + 1e-300;
  const need = (errH + 2 * dBar) * (1 + 1e-12) + 1e-280;
  if (!(Math.abs(H) + need + sH + aeBar + sizeBar < 1e300)) return 0; // also false for NaN
  return H > need ? 1 : H < -need ? -1 : 0;
}
