/**
 * kernel/float-solve.ts: whenever it returns a finite radius r, the exact system (the integers
 * whose nearest doubles it was given) is nonsingular and its exact solution is within r of x̃ in
 * every coordinate (checked in exact rationals). Small, huge, mixed-scale and nearly singular
 * integer systems, and exactly singular ones (which must give no proof).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floatSolveVerified } from '../src/kernel/float-solve.js';
import { fromDouble } from '../src/kernel/rational.js';
import { solveExact } from '../src/kernel/solve.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

const entry = fc.oneof(
  fc.bigInt({ min: -5n, max: 5n }),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
);

/** n rows of n + 1 integers (A | c) for Σ A_ij x_j + c_i = 0; `kind` makes some nearly or exactly singular. */
const system = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    rows: fc.array(fc.array(entry, { minLength: n + 1, maxLength: n + 1 }), { minLength: n, maxLength: n }),
    kind: fc.constantFrom('random', 'near', 'singular', 'scaled'),
    tweak: fc.bigInt({ min: -3n, max: 3n }),
  }),
);

function check(rows: bigint[][], n: number): { proved: boolean; singular: boolean } {
  const x = new Float64Array(n);
  const r = floatSolveVerified(rows.map((row) => Float64Array.from(row, Number)), n, x);
  const pt = solveExact(rows.map((row) => row.slice(0, n)), rows.map((row) => -row[n]));
  if (!Number.isFinite(r)) return { proved: false, singular: !pt };
  expect(pt).not.toBeNull(); // a proof implies a nonsingular exact system
  const rr = fromDouble(r);
  for (let k = 0; k < n; k++) {
    const f = fromDouble(x[k]);
    let diff = pt!.p[k] * f.d - f.n * pt!.q;
    if (diff < 0n) diff = -diff;
    expect(diff * rr.d <= rr.n * pt!.q * f.d).toBe(true);
  }
  return { proved: true, singular: false };
}

describe('float solve with a verified radius', () => {
  it('bounds the distance to the exact solution, and proves nothing for singular systems', () => {
    let proved = 0;
    fc.assert(
      fc.property(system, ({ n, rows, kind, tweak }) => {
        const m = rows.map((r) => r.slice());
        if (n >= 2 && kind !== 'random') {
          // the last row a copy of the first (singular), plus a tiny change (nearly singular), or scaled far apart
          if (kind === 'scaled') m[n - 1] = m[n - 1].map((v) => v * 2n ** 150n);
          else m[n - 1] = m[0].map((v, j) => (kind === 'near' && j === 0 ? v + tweak : v));
        }
        const out = check(m, n);
        if (out.proved) proved++;
        if (kind === 'singular' && n >= 2) expect(out.proved).toBe(false);
      }),
      { numRuns: runs(2000) },
    );
    expect(proved).toBeGreaterThan(100);
  });
});
