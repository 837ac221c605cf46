import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exactInterior, isMotzkinCertificate, isStrictWitness } from '../src/lp/exact-simplex.js';
import type { StrictSystem } from '../src/lp/types.js';

const coef = fc.integer({ min: -5, max: 5 });

/** Random small integer systems: d 1..4, m 0..8, entries -5..5. */
const systemArb = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc
    .array(fc.tuple(fc.array(coef, { minLength: d, maxLength: d }), coef), { maxLength: 8 })
    .map((rows): StrictSystem => ({
      d,
      a: rows.map(([r]) => r.map(BigInt)),
      b: rows.map(([, v]) => BigInt(v)),
    })),
);

/** Systems with a known interior point p (integer, -3..3): b_i = a_i·p + slack, slack >= 1. */
const feasibleArb = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d }),
      fc.array(fc.tuple(fc.array(coef, { minLength: d, maxLength: d }), fc.integer({ min: 1, max: 5 })), {
        maxLength: 8,
      }),
    )
    .map(([p, rows]): StrictSystem => ({
      d,
      a: rows.map(([r]) => r.map(BigInt)),
      b: rows.map(([r, s]) => BigInt(r.reduce((acc, v, j) => acc + v * p[j], 0) + s)),
    })),
);

const verifies = (s: StrictSystem) => {
  const ans = exactInterior(s);
  return ans.kind === 'interior' ? isStrictWitness(s, ans.x) : isMotzkinCertificate(s, ans.y);
};

describe('exactInterior properties', () => {
  it('every answer verifies exactly', () => {
    fc.assert(fc.property(systemArb, verifies), { numRuns: 2000 });
  });

  it('systems with a known interior point are interior', () => {
    fc.assert(
      fc.property(feasibleArb, (s) => exactInterior(s).kind === 'interior'),
      { numRuns: 1000 },
    );
  });

  it('adding the reversed copy of a row (with b_i + b_j <= 0) makes any system empty', () => {
    fc.assert(
      fc.property(systemArb, fc.nat(), fc.integer({ min: 0, max: 3 }), (s, k, extra) => {
        if (s.a.length === 0) return true;
        const i = k % s.a.length;
        const t: StrictSystem = {
          d: s.d,
          a: [...s.a, s.a[i].map((v) => -v)],
          b: [...s.b, -s.b[i] - BigInt(extra)],
        };
        const ans = exactInterior(t);
        return ans.kind === 'empty' && isMotzkinCertificate(t, ans.y);
      }),
      { numRuns: 1000 },
    );
  });

  it('1-D systems agree with a brute-force interval computation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(coef, coef), { maxLength: 8 }), (rows) => {
        // a x < b: a > 0 → x < b/a, a < 0 → x > b/a, a = 0 → need 0 < b.
        let lo: [number, number] | null = null; // as fraction n/d, d > 0
        let hi: [number, number] | null = null;
        let ok = true;
        for (const [a, b] of rows) {
          if (a === 0) ok &&= b > 0;
          else if (a > 0) {
            if (!hi || b * hi[1] < hi[0] * a) hi = [b, a];
          } else if (!lo || -b * lo[1] > lo[0] * -a) lo = [-b, -a];
        }
        if (ok && lo && hi) ok = lo[0] * hi[1] < hi[0] * lo[1];
        const s: StrictSystem = { d: 1, a: rows.map(([a]) => [BigInt(a)]), b: rows.map(([, b]) => BigInt(b)) };
        const ans = exactInterior(s);
        expect(ans.kind).toBe(ok ? 'interior' : 'empty');
        return verifies(s);
      }),
      { numRuns: 1000 },
    );
  });
});
