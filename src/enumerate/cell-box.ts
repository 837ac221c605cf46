/**
 * A cell's bounding box decides a one-sided split at once. Most neurons do not cut a given
 * cell (on 4-16-16-16, 9 of 10 splits are one-sided), and the vertex engine used to prove that by
 * the float filter at every vertex. The box of the vertices' doubles, widened by their largest
 * lazy radius, holds every exact vertex; when h = g·x + e keeps one sign on the whole box with
 * margin, every vertex's own filter would have proven that sign too.
 *
 * The margin keeps the counts (and the lazy vertices' state) exactly as the per-vertex filter
 * leaves them: the box decides only when h(x) > 2·B* at every exact vertex x, where B* bounds the
 * filter's bound δ_v at every vertex. The filter's value satisfies |h̃_v − h(x_v)| <= δ_v, so then
 * h̃_v >= h(x_v) − δ_v > δ_v: the filter proves the sign, with no exact solve of a lazy vertex.
 * So the n signs are counted as filtered, as before, byte for byte.
 */
import type { Vertex } from './vertex-cells.js';

const U = 2 ** -52;

/** Every vertex's doubles f lie in [c − w, c + w]; every vertex's radius (|x − f| <= r) is at most R. */
export interface CellBox {
  c: Float64Array;
  w: Float64Array;
  R: number;
}

/** The box of the cell's vertices (null if a coordinate is not finite: the caller then asks each vertex). */
export function cellBox(verts: readonly Vertex[], d: number): CellBox | null {
  // one pass over the vertices (lo in c, hi in w until the end); min and max do not depend on the order
  const c = new Float64Array(d).fill(Infinity);
  const w = new Float64Array(d).fill(-Infinity);
  let R = 0;
  for (let i = 0; i < verts.length; i++) {
    const v = verts[i];
    if (v.r > R) R = v.r;
    const f = v.f;
    for (let k = 0; k < d; k++) {
      const x = f[k];
      if (x < c[k]) c[k] = x;
      if (x > w[k]) w[k] = x;
    }
  }
  for (let k = 0; k < d; k++) {
    const lo = c[k];
    const hi = w[k];
    const mid = lo + (hi - lo) / 2;
    // fl(hi − mid) >= (hi − mid)(1 − U): the factor 1 + 4U makes w an upper bound
    const half = Math.max(hi - mid, mid - lo) * (1 + 4 * U);
    if (!Number.isFinite(mid) || !Number.isFinite(half)) return null;
    c[k] = mid;
    w[k] = half;
  }
  return Number.isFinite(R) ? { c, w, R } : null;
}

/**
 * 1 or −1 when h = g·x + e (gf, ef its doubles; G = Σ|gf_k| as split computes it) has that sign
 * at every vertex with the margin above; 0 when the box cannot tell.
 *
 * At the centre: |h̃(c) − h(c)| <= (d + 4)·2U·s_c, the filter's bound (c is a double, so fewer
 * roundings). Over the box of exact vertices [c − w − R, c + w + R]: |h(x) − h(c)| <=
 * Σ|g_k|(w_k + R), with |g_k| <= (1 + U)|gf_k|. The filter's bound at a vertex is
 * δ_v = (d + 4)·2U·s_v (+ (1 + U)·1.01·G·r_v + 1e-300 when lazy), with
 * s_v = |ef| + Σ|gf_k f_vk| and |f_vk| <= |c_k| + w_k + R (also after `exact` moved f within r of
 * the old f), so B* = 1.02·(d + 4)·2U·(|ef| + Σ|gf_k|(|c_k| + w_k + R)) + 1.02·G·R + 1e-300.
 * Sums of positive terms lose at most (d + 2)U relative, covered by the factors 1.01 and 1.02;
 * 1e-280 keeps s_v clear of the filter's underflow test (s_v >= h̃_v > 1e-290).
 */
export function boxSide(box: CellBox, gf: Float64Array, ef: number, G: number, d: number): -1 | 0 | 1 {
  const { c, w, R } = box;
  let h = ef;
  let s = Math.abs(ef);
  let spread = 0; // Σ|gf_k|(w_k + R)
  let size = Math.abs(ef); // |ef| + Σ|gf_k|(|c_k| + w_k + R)
  for (let k = 0; k < d; k++) {
    const t = gf[k] * c[k];
    h += t;
    s += Math.abs(t);
    const a = Math.abs(gf[k]);
    spread += a * (w[k] + R);
    size += a * (Math.abs(c[k]) + w[k] + R);
  }
  const far = (d + 4) * 2 * U * s + (1 + U) * 1.01 * spread; // |h(x) − h̃(c)| at every exact vertex x
  const bStar = 1.02 * (d + 4) * 2 * U * size + 1.02 * G * R + 1e-300;
  const need = (far + 2 * bStar) * (1 + 1e-12) + 1e-280;
  if (!Number.isFinite(h + need)) return 0;
  return h > need ? 1 : h < -need ? -1 : 0;
}

/**
 * B*: the bound boxSide proves on the filter's bound δ_v at every vertex of the box's cell, for
 * h = g·x + e (same arguments; its proof above). So a vertex where the filter's value h̃ satisfies
 * |h̃| > B* (and |h̃| > 1e-290, finite) has its sign proven by the filter without computing δ_v:
 * the filter's own test would pass (its s_v >= |h̃| clears the underflow test, rounding being
 * monotone; δ_v <= B* < |h̃|).
 */
export function filterBound(box: CellBox, gf: Float64Array, ef: number, G: number, d: number): number {
  const { c, w, R } = box;
  let size = Math.abs(ef);
  for (let k = 0; k < d; k++) size += Math.abs(gf[k]) * (Math.abs(c[k]) + w[k] + R);
  return 1.02 * (d + 4) * 2 * U * size + 1.02 * G * R + 1e-300;
}
