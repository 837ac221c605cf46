/**
 * Exact level sets on a region: where an affine function of the input is zero. On a region the
 * network is one exact affine map, so {f_K = C} and {f_I = f_J} are, inside the region, the
 * zero set of one affine function h — a segment of the region's polygon (2-D) or a point of its
 * interval (1-D), computed in BigInt from the region's exact vertices. Only the result is turned
 * into floats, to be drawn.
 */
import type { IntAffine } from '../enumerate/affine.js';
import { dot, reducePoint, type Point } from '../kernel/intvec.js';
import type { Rational } from '../kernel/rational.js';

/** The affine function x ↦ a·x + e, known up to a positive factor (only its sign and zero set matter). */
export interface Affine {
  a: bigint[];
  e: bigint;
}

/** f_k − C on a region with map `m` (f = (M x + c)/den), times den·C.d > 0. */
export const levelFunction = (m: IntAffine, k: number, C: Rational): Affine => ({
  a: m.M[k].map((v) => v * C.d),
  e: m.c[k] * C.d - C.n * m.den,
});

/** f_i − f_j on a region with map `m`, times den > 0. */
export const differenceFunction = (m: IntAffine, i: number, j: number): Affine => ({
  a: m.M[i].map((v, k) => v - m.M[j][k]),
  e: m.c[i] - m.c[j],
});

/** h(p/q) · q: the sign of h at the point, as an integer. */
export const scaledValue = (h: Affine, pt: Point): bigint => dot(h.a, pt.p) + h.e * pt.q;

/** The point where h = 0 on the segment from u to v, given hu = scaledValue(h, u) and hv of opposite strict signs. */
export function crossing(u: Point, v: Point, hu: bigint, hv: bigint): Point {
  // x = (h(u) v − h(v) u) / (h(u) − h(v)) with h(u) = hu/u.q, h(v) = hv/v.q
  let q = hu * v.q - hv * u.q;
  let p = v.p.map((vk, k) => hu * vk - hv * u.p[k]);
  if (q < 0n) {
    q = -q;
    p = p.map((x) => -x);
  }
  return reducePoint({ p, q });
}

export type ZeroSet = { kind: 'none' } | { kind: 'all' } | { kind: 'segment'; ends: [Point, Point] } | { kind: 'point'; at: Point };

/**
 * {h = 0} ∩ the closed convex polygon (vertices in order, 2-D): nothing, one segment, or the
 * whole polygon (h ≡ 0 there). A line that only touches a vertex gives nothing (no length).
 */
export function polygonZeroSet(polygon: readonly Point[], h: Affine): ZeroSet {
  const s = polygon.map((pt) => scaledValue(h, pt));
  if (s.every((v) => v === 0n)) return { kind: 'all' };
  const pts: Point[] = [];
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    if (s[i] === 0n) pts.push(polygon[i]);
    else if ((s[i] < 0n && s[j] > 0n) || (s[i] > 0n && s[j] < 0n)) pts.push(crossing(polygon[i], polygon[j], s[i], s[j]));
  }
  if (pts.length < 2) return { kind: 'none' };
  if (pts.length === 2) return { kind: 'segment', ends: [pts[0], pts[1]] };
  // more than two (collinear vertices on the line): its extreme points along the line's direction
  const t = [-h.a[1], h.a[0]];
  const along = (pt: Point) => ({ n: dot(t, pt.p), d: pt.q });
  const less = (x: Point, y: Point) => along(x).n * y.q < along(y).n * x.q;
  let lo = pts[0];
  let hi = pts[0];
  for (const pt of pts) {
    if (less(pt, lo)) lo = pt;
    if (less(hi, pt)) hi = pt;
  }
  return { kind: 'segment', ends: [lo, hi] };
}

/** {h = 0} ∩ the closed interval [lo, hi] (1-D): nothing, one point, or all of it. */
export function intervalZeroSet(lo: Point, hi: Point, h: Affine): ZeroSet {
  const a = scaledValue(h, lo);
  const b = scaledValue(h, hi);
  if (a === 0n && b === 0n) return { kind: 'all' };
  if (a === 0n) return { kind: 'point', at: lo };
  if (b === 0n) return { kind: 'point', at: hi };
  if ((a < 0n) !== (b < 0n)) return { kind: 'point', at: crossing(lo, hi, a, b) };
  return { kind: 'none' };
}
