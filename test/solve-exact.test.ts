/**
 * solveExact (fraction-free Bareiss, with the shortcuts for a zero below the pivot and for the
 * first step's divisor 1): A·p = b·q exactly with q > 0 on nonsingular systems, null exactly on
 * singular ones (checked by an independent rational determinant). Sparse rows (many zeros, unit
 * rows like a box's) and long integers both occur.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAugmented, solveExact } from '../src/kernel/solve.js';

/** Determinant by rational Gaussian elimination (numerator/denominator pairs, no Bareiss). */
function det(A: bigint[][]): bigint {
  const n = A.length;
  const M = A.map((r) => r.map((v) => ({ n: v, d: 1n })));
  let num = 1n;
  let den = 1n;
  for (let k = 0; k < n; k++) {
    const p = M.findIndex((r, i) => i >= k && r[k].n !== 0n);
    if (p < 0) return 0n;
    if (p !== k) {
      [M[k], M[p]] = [M[p], M[k]];
      num = -num;
    }
    num *= M[k][k].n;
    den *= M[k][k].d;
    for (let i = k + 1; i < n; i++) {
      // row_i -= (M[i][k] / M[k][k]) row_k
      const f = { n: M[i][k].n * M[k][k].d, d: M[i][k].d * M[k][k].n };
      for (let j = k; j < n; j++) {
        const t = { n: f.n * M[k][j].n, d: f.d * M[k][j].d };
        M[i][j] = { n: M[i][j].n * t.d - t.n * M[i][j].d, d: M[i][j].d * t.d };
      }
    }
  }
  return num === 0n ? 0n : num; // only its being zero matters here (den > 0 or < 0, never 0)
}

const entry = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0n) },
  { weight: 3, arbitrary: fc.bigInt({ min: -3n, max: 3n }) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }) },
);

describe('solveExact', () => {
  it('solves nonsingular systems exactly and returns null on singular ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: n, maxLength: n }), fc.array(entry, { minLength: n, maxLength: n }))),
        ([A, b]) => {
          const x = solveExact(A, b);
          const singular = det(A) === 0n;
          if (singular) {
            expect(x).toBeNull();
            return;
          }
          expect(x).not.toBeNull();
          expect(x!.q > 0n).toBe(true);
          for (let i = 0; i < A.length; i++) {
            let s = 0n;
            for (let j = 0; j < A.length; j++) s += A[i][j] * x!.p[j];
            expect(s).toBe(b[i] * x!.q);
          }
          expect(solveAugmented(A.map((r, i) => [...r, b[i]]))).toEqual(x);
        },
      ),
      { numRuns: 400 },
    );
  });
});
