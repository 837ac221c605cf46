/** Exact 2-D polygon clipping and area over Rationals (test helper for the area property). */
import { add, mul, sign, sub, div, ZERO, type Rational } from '../src/kernel/rational.js';

export type Pt = readonly [Rational, Rational];

/** Counter-clockwise rectangle [lo0, hi0] x [lo1, hi1]. */
export function boxPolygon(lo: Rational[], hi: Rational[]): Pt[] {
  return [
    [lo[0], lo[1]],
    [hi[0], lo[1]],
    [hi[0], hi[1]],
    [lo[0], hi[1]],
  ];
}

/**
 * Sutherland–Hodgman: the convex polygon `poly` intersected with the closed half-plane
 * a·x <= b. Exact. May return fewer than 3 vertices (empty or degenerate result).
 */
export function clipHalfPlane(poly: Pt[], a: readonly [Rational, Rational], b: Rational): Pt[] {
  // s(p) = b - a·p >= 0 means inside
  const slack = (p: Pt) => sub(b, add(mul(a[0], p[0]), mul(a[1], p[1])));
  const out: Pt[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i];
    const q = poly[(i + 1) % poly.length];
    const sp = slack(p);
    const sq = slack(q);
    const pin = sign(sp) >= 0;
    const qin = sign(sq) >= 0;
    if (pin) out.push(p);
    if (pin !== qin && sign(sp) !== 0 && sign(sq) !== 0) {
      // the edge crosses the line strictly: p + t (q - p) with t = sp / (sp - sq)
      const t = div(sp, sub(sp, sq));
      out.push([add(p[0], mul(t, sub(q[0], p[0]))), add(p[1], mul(t, sub(q[1], p[1])))]);
    }
  }
  return out;
}

/** Signed area by the shoelace formula (positive for counter-clockwise order). */
export function signedArea(poly: Pt[]): Rational {
  let s = ZERO;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i];
    const q = poly[(i + 1) % poly.length];
    s = add(s, sub(mul(p[0], q[1]), mul(q[0], p[1])));
  }
  return mul(s, { n: 1n, d: 2n });
}

/** The area of the box clipped by all half-planes a·x <= b. */
export function clippedArea(lo: Rational[], hi: Rational[], halfPlanes: { a: Rational[]; b: Rational }[]): Rational {
  let poly = boxPolygon(lo, hi);
  for (const h of halfPlanes) {
    if (h.a.length !== 2) throw new RangeError('clippedArea: 2-D half-planes only');
    poly = clipHalfPlane(poly, [h.a[0], h.a[1]], h.b);
    if (poly.length < 3) return ZERO;
  }
  return signedArea(poly);
}
