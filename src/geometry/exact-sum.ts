/**
 * Exact sums of many rationals whose denominators differ (the total of the region volumes).
 *
 * The kernel's `add` reduces a/b + c/d by one gcd of the full cross product, which costs a
 * Euclid run on numbers as long as both denominators together. Summing thousands of region
 * volumes that way is quadratic in the length of the running total. Knuth's method (TAOCP
 * 4.5.1) needs only gcds with the *new* term's denominator: g = gcd(b, d) (one big remainder,
 * then small numbers), t = a·(d/g) + c·(b/g), g2 = gcd(t, g): the sum is (t/g2) / ((b/g)·(d/g2)),
 * already reduced when a/b and c/d are. The kernel's gcd is Lehmer's for long operands (kernel/lehmer.ts).
 */
import { gcd, type Rational } from '../kernel/rational.js';

/** a/b + c/d for reduced a/b, c/d; reduced. */
export function addReduced(x: Rational, y: Rational): Rational {
  if (x.n === 0n) return y;
  if (y.n === 0n) return x;
  // the remainder of the longer denominator by the shorter first: Euclid then runs on short numbers
  const g = x.d >= y.d ? gcd(y.d, x.d % y.d) : gcd(x.d, y.d % x.d);
  if (g === 1n) return { n: x.n * y.d + y.n * x.d, d: x.d * y.d };
  const t = x.n * (y.d / g) + y.n * (x.d / g);
  if (t === 0n) return { n: 0n, d: 1n };
  const g2 = gcd(t % g, g);
  return { n: t / g2, d: (x.d / g) * (y.d / g2) };
}
