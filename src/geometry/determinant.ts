/**
 * Exact determinant of a small square integer matrix by fraction-free (Bareiss) elimination:
 * every intermediate entry is a minor of the matrix, so each division is exact.
 * (certify/injective-checker.ts keeps a private copy: the checker imports nothing from here.)
 */
export function determinant(m: readonly (readonly bigint[])[]): bigint {
  const n = m.length;
  const A = m.map((row) => row.slice());
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n; k++) {
    let pr = k;
    while (pr < n && A[pr][k] === 0n) pr++;
    if (pr === n) return 0n;
    if (pr !== k) {
      [A[k], A[pr]] = [A[pr], A[k]];
      sign = -sign;
    }
    const pk = A[k];
    for (let i = k + 1; i < n; i++) {
      const Ai = A[i];
      for (let j = k + 1; j < n; j++) Ai[j] = (Ai[j] * pk[k] - Ai[k] * pk[j]) / prev;
      Ai[k] = 0n;
    }
    prev = pk[k];
  }
  return sign * A[n - 1][n - 1];
}
