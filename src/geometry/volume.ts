/**
 * Exact volumes of bounded regions.
 *
 * - 1-D: the length, max − min of the two vertices.
 * - 2-D: the shoelace formula over the counter-clockwise vertices (order.ts).
 * - d >= 3: a pulling triangulation. With the vertices numbered, the polytope is the union of
 *   the pyramids from its first vertex v0 over the facets not containing v0; each facet is
 *   triangulated the same way one dimension down (its faces are the maximal sets among its
 *   intersections with the other facets, read off the exact vertex–facet incidences), down to
 *   edges. A simplex with vertices p_i/q_i has volume |det [p_i q_i]| / (d!·Π q_i): one exact
 *   integer determinant of size d+1.
 */
import { gcd, rat, type Rational } from '../kernel/rational.js';

import { determinant } from './determinant.js';
import { generatorOrder } from './order.js';
import type { Shape } from './shape.js';

/** The exact volume of a bounded shape (the caller checks `shape.bounded`). */
export function shapeVolume(shape: Shape): Rational {
  if (!shape.bounded) throw new RangeError('shapeVolume: unbounded region');
  const { d, points } = shape;
  if (d === 1) {
    const [lo, hi] = generatorOrder(shape).points.map((i) => points[i]);
    return rat(hi.p[0] * lo.q - lo.p[0] * hi.q, hi.q * lo.q);
  }
  if (d === 2) return shoelace(shape);
  return pullingVolume(shape);
}

/** Twice the area is Σ cross(v_i, v_{i+1}); summed over the product of the distinct denominators, reduced once. */
function shoelace(shape: Shape): Rational {
  const order = generatorOrder(shape).points;
  const v = order.map((i) => shape.points[i]);
  const n = v.length;
  let num = 0n;
  let den = 1n;
  const factors: bigint[] = [2n]; // 2·den as a product
  for (let i = 0; i < n; i++) {
    const a = v[i];
    const b = v[(i + 1) % n];
    const c = a.p[0] * b.p[1] - a.p[1] * b.p[0];
    if (c === 0n) continue;
    const q = a.q * b.q;
    if (q === den) num += c;
    else if (den % q === 0n) num += c * (den / q);
    else {
      num = num * q + c * den;
      den *= q;
      factors.push(q);
    }
  }
  return reduceOverFactors(num, factors, 2n * den);
}

/**
 * num/D in lowest terms for D = Π factors, by gcd(n, f·F) = gcd(n, f)·gcd(n/gcd(n, f), F)
 * (write n = g·n', f = g·f' with gcd(n', f') = 1: then gcd(n, f·F) = g·gcd(n', f'·F) = g·gcd(n', F)).
 * Each step is a gcd with one short factor instead of one gcd of two long numbers; the result is
 * the same reduced fraction as rat(num, D).
 */
function reduceOverFactors(num: bigint, factors: bigint[], D: bigint): Rational {
  if (num === 0n) return { n: 0n, d: 1n };
  let rest = num;
  let g = 1n;
  for (const f of factors) {
    const gf = gcd(f, rest % f);
    if (gf !== 1n) {
      g *= gf;
      rest /= gf;
    }
  }
  return g === 1n ? { n: num, d: D } : { n: num / g, d: D / g };
}

function pullingVolume(shape: Shape): Rational {
  const { d, points } = shape;
  const facets = shape.pointsOn.filter((on) => on.length >= d).map((on) => new Set(on));
  const simplices: number[][] = [];
  const pull = (face: number[], k: number, apexes: number[]) => {
    if (k === 1) {
      if (face.length !== 2) throw new Error(`volume: internal error: an edge with ${face.length} vertices`);
      simplices.push([...apexes, face[0], face[1]]);
      return;
    }
    const v0 = face[0]; // faces are sorted: the smallest vertex number, the same in every face
    for (const sub of subFaces(face, k, facets)) if (sub[0] !== v0) pull(sub, k - 1, [...apexes, v0]);
  };
  pull(points.map((_, i) => i), d, []);
  // Σ |det_σ| / (d!·Π_{i∈σ} q_i) over the common denominator d!·Π_i q_i, reduced once
  let num = 0n;
  for (const simplex of simplices) {
    const det = determinant(simplex.map((i) => [...points[i].p, points[i].q]));
    if (det === 0n) continue;
    const inSimplex = new Set(simplex);
    let f = det < 0n ? -det : det;
    points.forEach((pt, i) => {
      if (!inSimplex.has(i)) f *= pt.q;
    });
    num += f;
  }
  let den = 1n;
  for (let k = 2n; k <= BigInt(d); k++) den *= k;
  for (const pt of points) den *= pt.q;
  return rat(num, den);
}

/** The (k−1)-faces of a k-face (sorted vertex numbers): the maximal proper intersections with the facets. */
function subFaces(face: number[], k: number, facets: Set<number>[]): number[][] {
  const cands: number[][] = [];
  for (const f of facets) {
    const s = face.filter((v) => f.has(v));
    if (s.length >= k && s.length < face.length) cands.push(s);
  }
  cands.sort((a, b) => b.length - a.length);
  const out: number[][] = [];
  for (const c of cands) {
    if (out.some((o) => c.every((v) => o.includes(v)))) continue; // equal to or inside a kept one
    out.push(c);
  }
  return out;
}
