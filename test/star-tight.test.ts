/**
 * The tight bounds of star prunes (certify/star-tight.ts polyLower) and the warm-started float
 * LP that proposes their multipliers (verify/vertex-walk.ts through verify/star-lp.ts): polyLower
 * of Λ·(x − blo) + β over P = {x in [blo, bhi] : rows} is below the exact minimum for ANY
 * multipliers >= 0 (also huge or tiny ones), and with the LP's multipliers within 1e-6 of it
 * (within 1e-5 of the bound's scale when shortened to six digits, as the certificate has them);
 * the LP keeps that accuracy over many objectives on one polytope (walks from the last vertex).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LinearBound } from '../src/certify/linear-bounds.js';
import { boxRows, exactBox, primitiveRow, type Pairs } from '../src/certify/star-exact.js';
import { polyFrame, polyLower } from '../src/certify/star-tight.js';
import { add, cmp, fromDouble, mul, rat, type Rational } from '../src/kernel/rational.js';
import { maximize } from '../src/lp/optimize.js';
import { short, StarLp, starRow } from '../src/verify/star-lp.js';

const rowsArb = fc.array(fc.tuple(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: -5, max: 9 })), { minLength: 1, maxLength: 8 });
const coefArb = fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 });

/** The exact min over P of Λ·(x − blo) + β, or null when P is empty. */
function exactMin(rows: { a: bigint[]; b: bigint }[], box: ReturnType<typeof exactBox>, b: LinearBound): Rational | null {
  const all = [...boxRows(box), ...rows];
  const c = Array.from(b.coef, fromDouble);
  let L = 1n;
  for (const v of c) L = (L * v.d) / gcd(L, v.d);
  const ci = c.map((v) => v.n * (L / v.d));
  const ex = maximize(
    all.map((r) => r.a),
    all.map((r) => r.b),
    ci.map((v) => -v),
  );
  if (ex.kind !== 'optimal') return null;
  let v: Rational = { n: -ex.value.n, d: ex.value.d * L }; // min Λ·x
  c.forEach((ci2, i) => (v = add(v, mul({ n: -ci2.n, d: ci2.d }, box.lo[i]))));
  return add(v, fromDouble(b.beta!));
}
function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

describe('polyLower (tight neuron bounds over a cell polytope)', () => {
  it('is below the exact minimum for any multipliers >= 0, and tight with the LP proposal (also warm-started)', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(coefArb, { minLength: 1, maxLength: 6 }), fc.double({ min: -10, max: 10, noNaN: true }), fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 8, maxLength: 8 }), (raw, coefs, beta, ys) => {
        const box = exactBox([rat(-1n), rat(-1n, 2n), rat(0n)], [rat(1n), rat(3n, 4n), rat(2n)]);
        const rows = raw.map(([a, b]) => primitiveRow(a.map(BigInt), BigInt(b)));
        const star = rows.map(starRow);
        const frame = polyFrame(rows, box.lo, box.hi);
        const lp = new StarLp(box, { lps: 0 });
        for (const coef of coefs) {
          const b: LinearBound = { bound: -Infinity, coef: Float64Array.from(coef), beta };
          const min = exactMin(rows, box, b);
          if (min === null) return; // empty polytope: any bound holds vacuously
          const any = polyLower(frame, b, rows.map((_, t) => [t, ys[t]] as [number, number]));
          expect(any === -Infinity || cmp(fromDouble(any), min) <= 0).toBe(true);
          expect(cmp(fromDouble(polyLower(frame, b, [])), min) <= 0).toBe(true);
          const pairs = lp.propose(star, b.coef);
          if (pairs === 'empty') return;
          const v = polyLower(frame, b, pairs as Pairs);
          expect(cmp(fromDouble(v), min)).toBeLessThanOrEqual(0);
          expect(cmp(add(min, fromDouble(-v)), rat(1n, 1000000n))).toBeLessThan(0);
          // with the multipliers shortened to six digits (as the search writes them): still sound, and
          // within 1e-5 of the bound's scale
          const shortened = polyLower(frame, b, (pairs as Pairs).map(([t, y]) => [t, short(y)]));
          expect(cmp(fromDouble(shortened), min)).toBeLessThanOrEqual(0);
          const scale = 1 + Math.abs(beta) + coef.reduce((a, c) => a + 4 * Math.abs(c), 0);
          expect(cmp(add(min, fromDouble(-shortened)), fromDouble(1e-5 * scale))).toBeLessThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives −Infinity, not a wrong number, on overflow', () => {
    const box = exactBox([rat(0n)], [rat(1n)]);
    const rows = [primitiveRow([2n ** 1100n + 1n], 3n)]; // (a coefficient beyond the double range)
    const frame = polyFrame(rows, box.lo, box.hi);
    expect(polyLower(frame, { bound: -Infinity, coef: Float64Array.of(-1), beta: 0 }, [[0, 1]])).toBe(-Infinity);
    expect(polyLower(frame, { bound: -Infinity, coef: Float64Array.of(-1) }, [])).toBe(-Infinity); // no beta
  });
});
