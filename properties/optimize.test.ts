import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exactMaximize, isOptimal, maximize, type OptimumAnswer } from '../src/lp/optimize.js';
import { dot } from '../src/kernel/intvec.js';
import { cmp, rat, type Rational } from '../src/kernel/rational.js';
import { solveExact } from '../src/kernel/solve.js';

interface Lp {
  d: number;
  A: bigint[][];
  b: bigint[];
  c: bigint[];
  /** a known feasible integer point, when the LP was built around one */
  p?: bigint[];
}

const coef = fc.integer({ min: -5, max: 5 });
const vec = (d: number) => fc.array(coef, { minLength: d, maxLength: d });
const big = (xs: number[]) => xs.map(BigInt);

/** Arbitrary LPs: d 1..4, m 0..10, entries -5..5. */
const anyLp = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc
    .tuple(fc.array(fc.tuple(vec(d), coef), { maxLength: 10 }), vec(d))
    .map(([rows, c]): Lp => ({ d, A: rows.map(([a]) => big(a)), b: rows.map(([, v]) => BigInt(v)), c: big(c) })),
);

/**
 * LPs around a known feasible integer point p (slack 0..3, so p is often a degenerate vertex),
 * optionally inside the box |x_k - p_k| <= B (then bounded).
 */
const aroundPointArb = (boxArb: fc.Arbitrary<number | undefined>) =>
  fc.integer({ min: 1, max: 4 }).chain((d) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d }),
        fc.array(fc.tuple(vec(d), fc.integer({ min: 0, max: 3 })), { maxLength: 10 }),
        vec(d),
        boxArb,
      )
      .map(([p, rows, c, box]): Lp => {
        const A = rows.map(([a]) => big(a));
        const b = rows.map(([a, s]) => BigInt(a.reduce((acc, v, j) => acc + v * p[j], 0) + s));
        if (box !== undefined) {
          for (let k = 0; k < d; k++) {
            const e = new Array<bigint>(d).fill(0n);
            e[k] = 1n;
            A.push(e, e.map((v) => -v));
            b.push(BigInt(p[k] + box), BigInt(-p[k] + box));
          }
        }
        return { d, A, b, c: big(c), p: big(p) };
      }),
  );

const aroundPoint = aroundPointArb(fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }));
const boxed = aroundPointArb(fc.integer({ min: 0, max: 4 }));

/** Brute force for d <= 2: the best feasible vertex over all d-subsets of rows (null if none). */
function bruteForce(lp: Lp): Rational | null {
  const { d, A, b, c } = lp;
  const subsets: number[][] = [];
  if (d === 1) for (let i = 0; i < A.length; i++) subsets.push([i]);
  else for (let i = 0; i < A.length; i++) for (let j = i + 1; j < A.length; j++) subsets.push([i, j]);
  let best: Rational | null = null;
  for (const S of subsets) {
    const x = solveExact(S.map((i) => A[i]), S.map((i) => b[i]));
    if (!x) continue;
    if (A.some((row, i) => dot(row, x.p) > b[i] * x.q)) continue;
    const v = rat(dot(c, x.p), x.q);
    if (best === null || cmp(v, best) > 0) best = v;
  }
  return best;
}

function check(lp: Lp): OptimumAnswer {
  const stats = { float: 0, exact: 0 };
  const ans = maximize(lp.A, lp.b, lp.c, stats);
  expect(isOptimal(lp.A, lp.b, lp.c, ans)).toBe(true);
  expect(stats.float + stats.exact).toBe(1);
  // the pure exact route agrees
  const ex = exactMaximize(lp.A, lp.b, lp.c);
  expect(isOptimal(lp.A, lp.b, lp.c, ex)).toBe(true);
  expect(ex.kind).toBe(ans.kind);
  if (ans.kind === 'optimal' && ex.kind === 'optimal') expect(ex.value).toEqual(ans.value);
  if (lp.p) {
    expect(ans.kind).not.toBe('infeasible');
    if (ans.kind === 'optimal') expect(cmp(ans.value, rat(dot(lp.c, lp.p))) >= 0).toBe(true);
  }
  if (lp.d <= 2) {
    const best = bruteForce(lp);
    if (ans.kind === 'infeasible') expect(best).toBeNull();
    // a pointed polyhedron (it has a vertex) with a bounded LP attains its optimum at a vertex
    if (ans.kind === 'optimal' && best !== null) expect(ans.value).toEqual(best);
  }
  return ans;
}

describe('maximize properties', () => {
  it('arbitrary LPs: every answer verifies, and agrees with the exact simplex and brute force', () => {
    fc.assert(fc.property(anyLp, (lp) => void check(lp)), { numRuns: 1500 });
  });

  it('LPs around a known feasible point: never infeasible, optimum >= c·p', () => {
    fc.assert(fc.property(aroundPoint, (lp) => void check(lp)), { numRuns: 1500 });
  });

  it('boxed LPs are always optimal', () => {
    fc.assert(
      fc.property(boxed, (lp) => {
        expect(check(lp).kind).toBe('optimal');
      }),
      { numRuns: 1000 },
    );
  });

  it('most random bounded LPs are certified from the float proposal', () => {
    const stats = { float: 0, exact: 0 };
    fc.assert(
      fc.property(boxed, (lp) => {
        maximize(lp.A, lp.b, lp.c, stats);
      }),
      { numRuns: 500, seed: 7 },
    );
    expect(stats.float).toBeGreaterThan(stats.exact);
  });
});
