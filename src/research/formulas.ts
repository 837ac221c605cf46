/**
 * Known formulas for region counts, in exact BigInt arithmetic.
 *
 * - Zaslavsky (1975): n hyperplanes in general position in R^d cut it into sum_{i=0}^{d} C(n, i)
 *   regions; a one-layer ReLU network with generic weights has exactly that many activation
 *   regions on R^d.
 * - Serra, Tjandraatmadja and Ramalingam (2018, Theorem 1): an upper bound on the linear regions
 *   of a ReLU network with input dimension n_0 and widths n_1..n_L:
 *   sum over (j_1..j_L) in J of prod_l C(n_l, j_l), where
 *   J = {0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}.
 *   It bounds activation regions as well (their count is what the proof bounds).
 * - Montúfar, Pascanu, Cho and Bengio (2014): some network of these widths (n_l >= n_0) has at
 *   least (prod_{l<L} floor(n_l/n_0)^{n_0}) · sum_{j=0}^{n_0} C(n_L, j) linear regions: a lower
 *   bound on the maximum, which random networks are not expected to reach.
 */
export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < Math.min(k, n - k); i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/** Regions of n hyperplanes in general position in R^d. */
export function zaslavskyGeneric(n: number, d: number): bigint {
  let s = 0n;
  for (let i = 0; i <= d; i++) s += binomial(n, i);
  return s;
}

/** Serra et al.'s upper bound; `arch` = [n_0, n_1, ..., n_L] (ReLU layers only). */
export function serraUpperBound(arch: readonly number[]): bigint {
  const n0 = arch[0];
  const widths = arch.slice(1);
  let total = 0n;
  const walk = (l: number, prevSlack: number, product: bigint): void => {
    if (l === widths.length) {
      total += product;
      return;
    }
    const cap = Math.min(n0, prevSlack, widths[l]);
    for (let j = 0; j <= cap; j++) walk(l + 1, Math.min(prevSlack, widths[l] - j), product * binomial(widths[l], j));
  };
  walk(0, Number.MAX_SAFE_INTEGER, 1n);
  return total;
}

/** Montúfar et al.'s lower bound on the maximal count, or null if some width is below n_0. */
export function montufarLowerBound(arch: readonly number[]): bigint | null {
  const n0 = arch[0];
  const widths = arch.slice(1);
  if (widths.some((w) => w < n0)) return null;
  let p = 1n;
  for (const w of widths.slice(0, -1)) p *= BigInt(Math.floor(w / n0)) ** BigInt(n0);
  return p * zaslavskyGeneric(widths[widths.length - 1], n0);
}
