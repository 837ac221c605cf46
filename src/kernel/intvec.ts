/**
 * Integer vectors and points over a common denominator: the representation used in hot loops.
 * A constraint row is (a, b) with integer a, b meaning a·x < b (strict, interior) or a·x <= b.
 * A point is (p, q) with integer p and q > 0, meaning x = p / q.
 */
import { abs, gcd, lcm, rat, type Rational } from './rational.js';

export interface Point {
  p: bigint[];
  q: bigint; // > 0
}

export function dot(a: readonly bigint[], x: readonly bigint[]): bigint {
  let s = 0n;
  for (let i = 0; i < a.length; i++) s += a[i] * x[i];
  return s;
}

/** Sign of a·x − b at the point x = p/q (exact). */
export function slackSign(a: readonly bigint[], b: bigint, pt: Point): -1 | 0 | 1 {
  const v = dot(a, pt.p) - b * pt.q;
  return v < 0n ? -1 : v > 0n ? 1 : 0;
}

/** Sign of the affine function g·x + e at x = p/q (exact). */
export function affineSign(g: readonly bigint[], e: bigint, pt: Point): -1 | 0 | 1 {
  const v = dot(g, pt.p) + e * pt.q;
  return v < 0n ? -1 : v > 0n ? 1 : 0;
}

export function isZero(a: readonly bigint[]): boolean {
  for (const v of a) if (v !== 0n) return false;
  return true;
}

/** Divide (a, b) by the gcd of all entries: keeps numbers small, does not change the half-space. */
export function primitiveRow(a: bigint[], b: bigint): { a: bigint[]; b: bigint } {
  let g = abs(b);
  for (const v of a) {
    if (g === 1n) break;
    g = gcd(g, v);
  }
  if (g <= 1n) return { a, b };
  return { a: a.map((v) => v / g), b: b / g };
}

export function pointFromRationals(x: readonly Rational[]): Point {
  let q = 1n;
  for (const r of x) q = lcm(q, r.d);
  return { p: x.map((r) => r.n * (q / r.d)), q };
}

export function pointToRationals(pt: Point): Rational[] {
  return pt.p.map((v) => rat(v, pt.q));
}

/** Reduce p/q by the common gcd. */
export function reducePoint(pt: Point): Point {
  let g = pt.q;
  for (const v of pt.p) {
    if (g === 1n) return pt;
    g = gcd(g, v);
  }
  return g === 1n ? pt : { p: pt.p.map((v) => v / g), q: pt.q / g };
}

/**
 * w + v/N for the smallest power of two N (times 2) keeping every strict row a·x < b that holds
 * at w: with w = p/q, a row holds iff N·(b·q − a·p) > q·(a·v).
 */
export function nudgeInside(w: Point, v: readonly bigint[], rows: readonly { a: bigint[]; b: bigint }[]): Point {
  let N = 1n;
  for (const r of rows) {
    const slack = r.b * w.q - dot(r.a, w.p);
    const need = w.q * dot(r.a, v);
    while (N * slack <= need) N <<= 1n;
  }
  N <<= 1n;
  return { p: w.p.map((p, k) => p * N + w.q * v[k]), q: w.q * N };
}
