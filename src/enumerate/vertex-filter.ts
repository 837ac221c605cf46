/**
 * The vertex engine's float filter at one vertex (vertex-cells.ts `filtered`, cut-vertices.ts):
 * h̃ = fl(ef + Σ gf_k·f_k) at the vertex's doubles f, and a proven bound δ with |h(x) − h̃| <= δ
 * for the exact vertex x and the exact row (gf, ef its nearest doubles; G = Σ|gf_k| in floats).
 *
 * Exact vertex (r = 0): each term carries at most 4 roundings of relative size U/2 (g, p, q, the
 * product) and the sum at most d more, so δ = (d + 4)·U·s with s = fl(|ef| + Σ|gf_k f_k|),
 * doubled for margin. Lazy vertex (|x_k − f_k| <= r): that bound for h at the doubles f (fewer
 * roundings), plus Σ|g_k|·r for x − f, where |g_k| <= (1 + U)·|gf_k| and the float sum and
 * product lose at most (d + 2)·U: factor 1.01; 1e-300 covers underflow of the small terms.
 *
 * Used by split (lazy vertices), `sign` (exact ones) and the re-anchored ends (cut-vertices.ts).
 * `filterAt` returns false when s <= 1e-290 (or NaN): no relative bound there. Otherwise its
 * h̃ and δ are in `filterOut`. A sign is proven when |h̃| > δ; that comparison also fails for
 * non-finite values (NaN fails both; h̃ = ±Infinity forces s = Infinity, rounding being monotone,
 * hence δ = Infinity, which nothing exceeds), so no finiteness test is needed.
 */
const U = 2 ** -52;

/** The last filterAt's h̃ and δ (one object: the filter runs millions of times). */
export const filterOut = { h: 0, bound: 0 };

export function filterAt(f: ArrayLike<number>, r: number, gf: ArrayLike<number>, ef: number, G: number, d: number): boolean {
  let h = ef;
  let s = Math.abs(ef);
  for (let k = 0; k < d; k++) {
    const t = gf[k] * f[k];
    h += t;
    s += Math.abs(t);
  }
  let bound = (d + 4) * 2 * U * s;
  if (r > 0) bound += (1 + U) * 1.01 * G * r + 1e-300;
  filterOut.h = h;
  filterOut.bound = bound;
  return s > 1e-290;
}
