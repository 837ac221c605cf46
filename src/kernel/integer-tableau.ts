/**
 * Integer-preserving (Bareiss/Edmonds) simplex pivoting, shared by the exact simplexes.
 * The true tableau is T/D with D > 0 the current basis determinant (up to sign): every entry is
 * a minor of the initial matrix, so the division by the previous pivot is exact and no gcd is
 * ever needed.
 */
export class IntegerTableau {
  D = 1n;

  constructor(
    readonly T: bigint[][],
    readonly basis: number[],
  ) {}

  /** Pivots on row r, column q (T[r][q] != 0). */
  pivot(r: number, q: number): void {
    const { T } = this;
    const n = T[0].length - 1;
    const pr = T[r];
    const p = pr[q];
    const D = this.D;
    for (let i = 0; i < T.length; i++) {
      if (i === r) continue;
      const row = T[i];
      const f = row[q];
      if (f === 0n) {
        if (p !== D) for (let j = 0; j <= n; j++) row[j] = (p * row[j]) / D;
      } else {
        for (let j = 0; j <= n; j++) row[j] = (p * row[j] - f * pr[j]) / D;
      }
    }
    this.D = p;
    // Only the artificial drive-out pivots on a negative entry; flip all signs to keep D > 0.
    if (this.D < 0n) {
      this.D = -this.D;
      for (const row of T) for (let j = 0; j <= n; j++) row[j] = -row[j];
    }
    this.basis[r] = q;
  }

  /**
   * Entering column among 0..limit−1 with a negative entry in `obj`: the most negative
   * (Dantzig), or the first one (Bland's rule, against cycling). −1 when optimal.
   */
  entering(obj: bigint[], limit: number, bland: boolean): number {
    let q = -1;
    for (let j = 0; j < limit; j++) {
      if (obj[j] < 0n && (q < 0 || (!bland && obj[j] < obj[q]))) {
        q = j;
        if (bland) break;
      }
    }
    return q;
  }

  /** Ratio test on rows 0..rows−1 for column q (ties to the smallest basic index); −1 if none. */
  leaving(q: number, rows: number): number {
    const { T, basis } = this;
    const n = T[0].length - 1;
    let r = -1;
    for (let k = 0; k < rows; k++) {
      const e = T[k][q];
      if (e <= 0n) continue;
      if (r < 0) {
        r = k;
        continue;
      }
      const lhs = T[k][n] * T[r][q];
      const rhs = T[r][n] * e;
      if (lhs < rhs || (lhs === rhs && basis[k] < basis[r])) r = k;
    }
    return r;
  }
}
