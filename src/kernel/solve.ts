/**
 * Exact solution of a small square integer system A x = b by fraction-free (Bareiss)
 * elimination: x = p / q with integer p and q > 0, or null when A is singular.
 */
import type { Point } from './intvec.js';

export function solveExact(A: bigint[][], b: bigint[]): Point | null {
  return solveAugmented(A.map((row, i) => [...row, b[i]]));
}

/** The same for the augmented matrix M = [A | b] (n rows of n + 1), which it overwrites. */
export function solveAugmented(M: bigint[][]): Point | null {
  const n = M.length;
  let prev = 1n;
  for (let k = 0; k < n; k++) {
    let pr = k;
    while (pr < n && M[pr][k] === 0n) pr++;
    if (pr === n) return null;
    if (pr !== k) [M[k], M[pr]] = [M[pr], M[k]];
    const pk = M[k];
    for (let i = k + 1; i < n; i++) {
      const Mi = M[i];
      const a = pk[k];
      const c = Mi[k];
      if (c === 0n) {
        // Mi[j]·a / prev: the common case of sparse rows (box rows) skips a product per entry
        if (prev === 1n) for (let j = k + 1; j <= n; j++) Mi[j] = Mi[j] * a;
        else for (let j = k + 1; j <= n; j++) Mi[j] = (Mi[j] * a) / prev;
      } else if (prev === 1n) for (let j = k + 1; j <= n; j++) Mi[j] = Mi[j] * a - c * pk[j];
      else for (let j = k + 1; j <= n; j++) Mi[j] = (Mi[j] * a - c * pk[j]) / prev;
      Mi[k] = 0n;
    }
    prev = pk[k];
  }
  // back substitution over the common denominator det = M[n-1][n-1] (up to sign)
  const det = M[n - 1][n - 1];
  const p = new Array<bigint>(n);
  for (let i = n - 1; i >= 0; i--) {
    // M[i][i] x_i = M[i][n] - Σ_{j>i} M[i][j] x_j, with x_j = p_j / det
    let s = M[i][n] * det;
    for (let j = i + 1; j < n; j++) s -= M[i][j] * p[j];
    p[i] = s / M[i][i];
  }
  return det < 0n ? { p: p.map((v) => -v), q: -det } : { p, q: det };
}
