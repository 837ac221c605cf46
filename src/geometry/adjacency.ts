/**
 * Which regions share a (d−1)-dimensional facet, each shared piece with an exact point in its
 * relative interior. A consumer of the enumerator's output (region shapes), not a second search.
 *
 * Two regions A, B share a piece iff they have facets on the same hyperplane with opposite
 * orientations (candidates, keyed by the canonical hyperplane: enumerate/merge.ts) whose relative
 * interiors meet. A cheap filter first drops pairs whose bounding boxes are disjoint — float
 * boxes widened by a proven bound on the conversion error (each coordinate p/q is rounded at
 * most three times: relative error < 2^-50, plus an absolute 2^-1000 for underflow), so a
 * dropped pair is certainly disjoint. The survivors are decided exactly:
 *   - d = 1: the facets are the same point;
 *   - d = 2: both facets are intervals of one line; they overlap iff the larger lower end is
 *     below the smaller upper end (exact rational comparison), and the overlap's midpoint is
 *     the point;
 *   - d >= 3: the relative-interior point of F_A (its vertex centroid plus its rays) strictly
 *     inside B's other facets proves the overlap (and is the point), and vice versa; all of
 *     F_B's generators on the closed outer side of one of A's other facets proves there is none
 *     (and vice versa); otherwise one certified LP in the hyperplane decides
 *     (relativeInteriorPoint).
 */
import { dot, type Point } from '../kernel/intvec.js';
import { ratioToDouble } from '../kernel/rational.js';
import type { InteriorDecider } from '../lp/interior.js';
import { hyperplaneKey, relativeInteriorPoint } from '../enumerate/merge.js';
import type { Shape } from './shape.js';

export interface SharedFacet {
  /** The two regions (indices into the shapes), and the facet's index in each. */
  regions: [number, number];
  facets: [number, number];
  /** An exact point in the relative interior of the shared piece. */
  point: Point;
}

export interface AdjacencyStats {
  /** Pairs of facets on one hyperplane with opposite orientations. */
  candidates: number;
  /** Decided exactly: shared (by a point in both), apart (a separating facet, or in 2-D the intervals' ends), by certified LPs. */
  byPoint: number;
  bySeparation: number;
  byLp: number;
}

interface FacetRef {
  region: number;
  facet: number;
  lo: Float64Array;
  hi: Float64Array;
}

const REL = 2 ** -50;
const ABS = 2 ** -1000;

export function sharedFacets(shapes: readonly Shape[], decider: InteriorDecider): { shared: SharedFacet[]; stats: AdjacencyStats } {
  const stats: AdjacencyStats = { candidates: 0, byPoint: 0, bySeparation: 0, byLp: 0 };
  const groups = new Map<string, { plus: FacetRef[]; minus: FacetRef[] }>();
  shapes.forEach((shape, region) => {
    shape.facets.forEach((f, facet) => {
      const { key, orientation } = hyperplaneKey(f);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { plus: [], minus: [] }));
      (orientation > 0 ? g.plus : g.minus).push({ region, facet, ...facetBox(shape, facet) });
    });
  });
  const shared: SharedFacet[] = [];
  for (const { plus, minus } of groups.values()) {
    for (const a of plus) {
      for (const b of minus) {
        if (!boxesMeet(a, b)) continue;
        stats.candidates++;
        const point = sharedPoint(shapes[a.region], a.facet, shapes[b.region], b.facet, decider, stats);
        if (!point) continue;
        const first = a.region < b.region;
        shared.push({
          regions: first ? [a.region, b.region] : [b.region, a.region],
          facets: first ? [a.facet, b.facet] : [b.facet, a.facet],
          point,
        });
      }
    }
  }
  shared.sort((x, y) => x.regions[0] - y.regions[0] || x.regions[1] - y.regions[1]);
  return { shared, stats };
}

/** The facet's bounding box, widened by the proven conversion bound. */
function facetBox(shape: Shape, facet: number): { lo: Float64Array; hi: Float64Array } {
  const { d } = shape;
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (const i of shape.pointsOn[facet]) {
    const pt = shape.points[i];
    for (let k = 0; k < d; k++) {
      const x = toDouble(pt.p[k], pt.q);
      const m = Math.abs(x) * REL + ABS;
      if (!Number.isFinite(m)) {
        lo[k] = -Infinity; // beyond the doubles: no filtering on this coordinate
        hi[k] = Infinity;
      }
      if (x - m < lo[k]) lo[k] = x - m;
      if (x + m > hi[k]) hi[k] = x + m;
    }
  }
  const open = (v: readonly bigint[]) => {
    for (let k = 0; k < d; k++) {
      if (v[k] > 0n) hi[k] = Infinity;
      if (v[k] < 0n) lo[k] = -Infinity;
    }
  };
  for (const r of shape.raysOn[facet]) open(shape.rays[r]);
  for (const l of shape.lines) {
    open(l);
    open(l.map((x) => -x));
  }
  return { lo, hi };
}

function boxesMeet(a: FacetRef, b: FacetRef): boolean {
  for (let k = 0; k < a.lo.length; k++) if (a.hi[k] < b.lo[k] || b.hi[k] < a.lo[k]) return false;
  return true;
}

/** An exact point in relint(F_A) ∩ relint(F_B), or null when they do not meet. */
function sharedPoint(A: Shape, fa: number, B: Shape, fb: number, decider: InteriorDecider, stats: AdjacencyStats): Point | null {
  const d = A.d;
  if (d === 1) {
    stats.byPoint++;
    return A.points[A.pointsOn[fa][0]];
  }
  if (d === 2) {
    const mid = intervalOverlap(A, fa, B, fb);
    if (!mid) return (stats.bySeparation++, null); // the intervals' ends separate them
    stats.byPoint++;
    return shortPoint(A, fa, B, fb, approx(mid)) ?? mid;
  }
  // floats only choose which exact test to run first; every answer below is exact
  const fA = floats(A);
  const fB = floats(B);
  if (!clearlyOutside(fB, fb, fA.relint[fa])) {
    const pt = shortPoint(A, fa, B, fb, fA.relint[fa]) ?? relintPoint(A, fa);
    if (strictlyInside(B, fb, pt)) return (stats.byPoint++, pt);
  }
  if (!clearlyOutside(fA, fa, fB.relint[fb])) {
    const pt = shortPoint(A, fa, B, fb, fB.relint[fb]) ?? relintPoint(B, fb);
    if (strictlyInside(A, fa, pt)) return (stats.byPoint++, pt);
  }
  if (separated(A, fA, fa, B, fB, fb) || separated(B, fB, fb, A, fA, fa)) return (stats.bySeparation++, null);
  stats.byLp++;
  const others = [...A.facets.filter((_, i) => i !== fa), ...B.facets.filter((_, i) => i !== fb)];
  return relativeInteriorPoint(A.facets[fa], others, d, decider);
}

/**
 * A point of the shared hyperplane with short coordinates near `near` (every coordinate but one,
 * k with the largest |a_k|, rounded to a multiple of 2^-20, 2^-40 or 2^-60; x_k solved exactly),
 * if it lies strictly inside every other facet of both regions: then it is in the relative
 * interior of the shared piece, and much shorter to print than a vertex centroid. Else null.
 */
function shortPoint(A: Shape, fa: number, B: Shape, fb: number, near: Float64Array): Point | null {
  const { a, b } = A.facets[fa];
  const d = a.length;
  let k = 0;
  for (let j = 1; j < d; j++) if (abs(a[j]) > abs(a[k])) k = j;
  if (!near.every(Number.isFinite)) return null;
  for (const bits of [20, 40, 60]) {
    const S = 1n << BigInt(bits);
    const p = Array.from(near, (x) => BigInt(Math.round(x * 2 ** bits)));
    // x_j = p_j / S (j != k), x_k = (b·S − Σ a_j p_j) / (a_k·S): all over the denominator a_k·S
    let num = b * S;
    for (let j = 0; j < d; j++) if (j !== k) num -= a[j] * p[j];
    const sign = a[k] < 0n ? -1n : 1n;
    const pt = { p: p.map((x, j) => (j === k ? num : x * a[k]) * sign), q: a[k] * S * sign };
    if (strictlyInside(A, fa, pt) && strictlyInside(B, fb, pt)) return pt;
  }
  return null;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function approx(pt: Point): Float64Array {
  return Float64Array.from(pt.p, (x) => toDouble(x, pt.q));
}

/** Float copies of a shape (for routing only): points, facet rows, facet relative-interior points. */
interface FloatShape {
  points: Float64Array[];
  rows: { a: Float64Array; b: number; ok: boolean }[];
  relint: Float64Array[];
}

const floatCache = new WeakMap<Shape, FloatShape>();

function floats(shape: Shape): FloatShape {
  let f = floatCache.get(shape);
  if (f) return f;
  const points = shape.points.map((pt) => Float64Array.from(pt.p, (x) => toDouble(x, pt.q)));
  const rows = shape.facets.map((g) => {
    const a = Float64Array.from(g.a, Number);
    const b = Number(g.b);
    return { a, b, ok: Number.isFinite(b) && a.every(Number.isFinite) };
  });
  const relint = shape.facets.map((_, i) => {
    const c = new Float64Array(shape.d);
    const on = shape.pointsOn[i];
    for (const j of on) for (let k = 0; k < shape.d; k++) c[k] += points[j][k] / on.length;
    for (const r of shape.raysOn[i]) for (let k = 0; k < shape.d; k++) c[k] += Number(shape.rays[r][k]);
    return c;
  });
  floatCache.set(shape, (f = { points, rows, relint }));
  return f;
}

const TOL = 1e-9;

/** Sign of a·x − b in floats when it clearly has one (|a·x − b| > TOL·Σ|terms|), else 0. */
function floatSign(row: { a: Float64Array; b: number; ok: boolean }, x: Float64Array): number {
  if (!row.ok) return 0;
  let s = -row.b;
  let m = Math.abs(row.b);
  for (let k = 0; k < x.length; k++) {
    const t = row.a[k] * x[k];
    s += t;
    m += Math.abs(t);
  }
  return s > TOL * m ? 1 : s < -TOL * m ? -1 : 0;
}

/** In floats, x is clearly outside some facet of the shape other than `except`. */
function clearlyOutside(f: FloatShape, except: number, x: Float64Array): boolean {
  for (let i = 0; i < f.rows.length; i++) if (i !== except && floatSign(f.rows[i], x) > 0) return true;
  return false;
}

/** The centroid of the facet's points plus the sum of its rays: in its relative interior. */
export function relintPoint(shape: Shape, facet: number): Point {
  const on = shape.pointsOn[facet];
  let p = new Array<bigint>(shape.d).fill(0n);
  let q = 1n;
  for (const i of on) {
    const v = shape.points[i];
    if (v.q === q) p = p.map((x, k) => x + v.p[k]);
    else {
      p = p.map((x, k) => x * v.q + v.p[k] * q);
      q *= v.q;
    }
  }
  const n = BigInt(on.length);
  const rays = shape.raysOn[facet];
  // (Σ p_i/q_i)/n + Σ r over the denominator q·n
  return { p: p.map((x, k) => x + rays.reduce((s, r) => s + shape.rays[r][k], 0n) * q * n), q: q * n };
}

/** pt strictly inside every facet of `shape` but `except`. */
function strictlyInside(shape: Shape, except: number, pt: Point): boolean {
  for (let i = 0; i < shape.facets.length; i++) {
    const f = shape.facets[i];
    if (i !== except && dot(f.a, pt.p) >= f.b * pt.q) return false;
  }
  return true;
}

/** Some facet of A (not fa) has all of F_B's generators on its closed outer side. */
function separated(A: Shape, fA: FloatShape, fa: number, B: Shape, fB: FloatShape, fb: number): boolean {
  const on = B.pointsOn[fb];
  const rays = B.raysOn[fb];
  next: for (let i = 0; i < A.facets.length; i++) {
    if (i === fa) continue;
    const row = fA.rows[i];
    for (const j of on) if (floatSign(row, fB.points[j]) < 0) continue next; // clearly inside: no separator
    const g = A.facets[i];
    for (const j of on) if (dot(g.a, B.points[j].p) < g.b * B.points[j].q) continue next;
    for (const r of rays) if (dot(g.a, B.rays[r]) < 0n) continue next;
    for (const l of B.lines) if (dot(g.a, l) !== 0n) continue next;
    return true;
  }
  return false;
}

/** p/q as a double (for routing and boxes): three roundings, or the kernel's careful path for huge values. */
function toDouble(p: bigint, q: bigint): number {
  const x = Number(p) / Number(q);
  return Number.isFinite(x) && x !== 0 ? x : ratioToDouble(p, q); // 0: p is 0, or q overflowed
}

/**
 * d = 2: each facet is an interval of the line a·x = b, parametrised by s = t·x with t = (−a1, a0).
 * The overlap (max of the lower ends, min of the upper ends) has positive length iff lower < upper.
 */
function intervalOverlap(A: Shape, fa: number, B: Shape, fb: number): Point | null {
  const f = A.facets[fa];
  const t = [-f.a[1], f.a[0]];
  const ia = interval(A, fa, t);
  const ib = interval(B, fb, t);
  const lo = later(ia.lo, ib.lo, t, 1);
  const hi = later(ia.hi, ib.hi, t, -1);
  if (lo && hi && param(lo, t) * hi.q >= param(hi, t) * lo.q) return null;
  // both facets lie on the line, so any point strictly between the ends is in both relative interiors
  const up = ia.up ?? ib.up!;
  const down = ia.down ?? ib.down!;
  if (lo && hi) return { p: lo.p.map((x, k) => x * hi.q + hi.p[k] * lo.q), q: 2n * lo.q * hi.q };
  if (lo) return { p: lo.p.map((x, k) => x + up[k] * lo.q), q: lo.q };
  if (hi) return { p: hi.p.map((x, k) => x + down[k] * hi.q), q: hi.q };
  return A.points[A.pointsOn[fa][0]]; // both are the whole line
}

interface Interval {
  lo: Point | null; // null: unbounded below
  hi: Point | null;
  up?: bigint[]; // a direction in the facet with t·r > 0
  down?: bigint[];
}

function interval(shape: Shape, facet: number, t: bigint[]): Interval {
  const out: Interval = { lo: null, hi: null };
  const bounded = [true, true];
  const dirs = [...shape.raysOn[facet].map((i) => shape.rays[i]), ...shape.lines, ...shape.lines.map((l) => l.map((x) => -x))];
  for (const r of dirs) {
    const s = dot(t, r);
    if (s > 0n) {
      out.up = r;
      bounded[1] = false;
    } else if (s < 0n) {
      out.down = r;
      bounded[0] = false;
    }
  }
  for (const i of shape.pointsOn[facet]) {
    const v = shape.points[i];
    if (bounded[0] && (!out.lo || param(v, t) * out.lo.q < param(out.lo, t) * v.q)) out.lo = v;
    if (bounded[1] && (!out.hi || param(v, t) * out.hi.q > param(out.hi, t) * v.q)) out.hi = v;
  }
  if (!bounded[0]) out.lo = null;
  if (!bounded[1]) out.hi = null;
  return out;
}

/** t·p (the parameter times q). */
const param = (v: Point, t: bigint[]): bigint => dot(t, v.p);

/** Of two ends (null: infinite), the larger (sign 1) or smaller (sign −1); null if both are infinite. */
function later(a: Point | null, b: Point | null, t: bigint[], sign: 1 | -1): Point | null {
  if (!a) return b;
  if (!b) return a;
  const c = param(a, t) * b.q - param(b, t) * a.q;
  return (sign > 0 ? c >= 0n : c <= 0n) ? a : b;
}
