/**
 * Zaslavsky: m hyperplanes in general position in R^d cut it into Σ_{i≤d} C(m,i) regions.
 * One hidden ReLU layer on the whole space realises the arrangement. Genericity of each random
 * instance is checked exactly first (every ≤ d normals independent, no d+1 planes through a point).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEnumeration } from '../src/enumerate/run.js';
import { rat } from '../src/kernel/rational.js';
import type { Network } from '../src/network/network.js';

function det(M: bigint[][]): bigint {
  // Bareiss fraction-free elimination
  const A = M.map((r) => r.slice());
  const n = A.length;
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n - 1; k++) {
    if (A[k][k] === 0n) {
      const s = A.findIndex((r, i) => i > k && r[k] !== 0n);
      if (s < 0) return 0n;
      [A[k], A[s]] = [A[s], A[k]];
      sign = -sign;
    }
    for (let i = k + 1; i < n; i++)
      for (let j = k + 1; j < n; j++) A[i][j] = (A[i][j] * A[k][k] - A[i][k] * A[k][j]) / prev;
    prev = A[k][k];
  }
  return sign * A[n - 1][n - 1];
}

function* subsets(m: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) return yield acc;
  for (let i = start; i < m; i++) yield* subsets(m, k, i + 1, [...acc, i]);
}

const rank = (rows: bigint[][]): number => {
  // rank via the largest nonzero minor size (tiny matrices only)
  const d = rows[0].length;
  for (let r = Math.min(rows.length, d); r > 0; r--)
    for (const ri of subsets(rows.length, r)) for (const ci of subsets(d, r)) if (det(ri.map((i) => ci.map((j) => rows[i][j]))) !== 0n) return r;
  return 0;
};

function generic(a: bigint[][], b: bigint[]): boolean {
  const d = a[0].length;
  for (let k = 1; k <= Math.min(d, a.length); k++)
    for (const s of subsets(a.length, k)) if (rank(s.map((i) => a[i])) < k) return false;
  for (const s of subsets(a.length, d + 1)) if (det(s.map((i) => [...a[i], b[i]])) === 0n) return false;
  return true;
}

const binom = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (binom(n - 1, k - 1) * n) / k);

describe('Zaslavsky count for one hidden layer in general position on R^d', () => {
  it('matches Σ_{i≤d} C(m,i) on random generic instances', async () => {
    const instance = fc
      .record({ d: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: 7 }) })
      .chain(({ d, m }) =>
        fc.record({
          a: fc.array(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: d, maxLength: d }), { minLength: m, maxLength: m }),
          b: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: m, maxLength: m }),
        }),
      );
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(instance, async ({ a, b }) => {
        const A = a.map((r) => r.map(BigInt));
        const B = b.map(BigInt);
        fc.pre(generic(A, B));
        checked++;
        const d = a[0].length;
        const m = a.length;
        const net: Network = {
          inputSize: d,
          layers: [{ weights: A.map((r) => r.map((v) => rat(v))), bias: B.map((v) => rat(v)), activation: 'relu' }],
        };
        const s = await runEnumeration(net, { domain: { kind: 'whole' } });
        let expected = 0;
        for (let i = 0; i <= d; i++) expected += binom(m, i);
        expect(s.activationRegions).toBe(expected);
      }),
      { numRuns: 60 },
    );
    expect(checked).toBeGreaterThan(20);
  });
});
