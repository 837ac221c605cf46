/**
 * A region cut by closed half-spaces, as a full-dimensional piece (the pieces of level sets and
 * of the barrier's certified set C), and a piece's exact volume.
 */
import { facetIndices } from '../enumerate/facets.js';
import { sourceToJson, type Region } from '../enumerate/region.js';
import { InputError } from '../errors.js';
import { unboundedMessage } from '../geometry/record-fields.js';
import { polyhedronShape, type Facet } from '../geometry/shape.js';
import { shapeVolume } from '../geometry/volume.js';
import { primitiveRow, type Point } from '../kernel/intvec.js';
import type { Rational } from '../kernel/rational.js';
import type { InteriorDecider, Row } from '../lp/interior.js';

/** A piece's facets a·x <= b (primitive integers) with their sources. */
export type Constraints = { a: string[]; b: string; source: unknown }[];

const rowJson = (r: Row, source: unknown) => {
  const p = primitiveRow(r.a, r.b);
  return { a: p.a.map(String), b: String(p.b), source };
};

export interface Found {
  witness: Point;
  constraints: Constraints;
  facets?: Facet[];
  hyperplane?: { a: string[]; b: string };
  whole: boolean;
}

/**
 * The region cut by closed half-spaces a·x <= b (each with the source its facet gets), as a
 * full-dimensional piece: null unless the open region meets every open half-space (decided
 * exactly, with a witness). A cut with a = 0 holds everywhere (b >= 0) or nowhere (b < 0).
 * `whole`: no cut is a facet of the piece.
 */
export function cutRegion(region: Region, cuts: { row: Row; source: unknown }[], decider: InteriorDecider): Found | null {
  const live = cuts.filter((c) => c.row.a.some((v) => v !== 0n));
  if (cuts.some((c) => c.row.a.every((v) => v === 0n) && c.row.b < 0n)) return null;
  const rows = [...region.rows, ...live.map((c) => c.row)];
  const source = (i: number) => (i >= region.rows.length ? live[i - region.rows.length].source : sourceToJson(region.sources[i]));
  let witness = region.witness;
  if (live.length > 0) {
    const byVertices = region.vertices ? vertexDecision(region.witness, region.vertices, live.map((c) => c.row)) : 'unknown';
    if (byVertices === 'none') return null;
    if (byVertices === 'unknown') {
      const inside = decider.decide(rows);
      if (inside.kind !== 'interior') return null;
      witness = inside.point;
    } else witness = byVertices;
  }
  const idx = live.length === 0 ? (region.facets?.() ?? facetIndices(region.rows, region.witness, decider)) : facetIndices(rows, witness, decider);
  const facets: Facet[] = idx.map((i) => ({ ...primitiveRow(rows[i].a, rows[i].b), source: source(i) }));
  return { witness, constraints: idx.map((i) => rowJson(rows[i], source(i))), facets, whole: idx.every((i) => i < region.rows.length) };
}

/** a·x − b at x = p/q, times q (q > 0: the same sign). */
const excess = (r: Row, x: Point): bigint => {
  let s = -r.b * x.q;
  for (let j = 0; j < r.a.length; j++) s += r.a[j] * x.p[j];
  return s;
};

/**
 * The cuts decided at a bounded region's exact vertices (vertex engine), without an LP: 'none'
 * when every vertex has a·v >= b for some cut (the closure, hence the open region, has no point
 * with a·x < b); otherwise a point strictly inside the region and every cut when some vertex v is
 * strictly inside every cut: on the segment from the witness w (strictly inside the region) to
 * v, x = (1 − t)·w + t·v with t < 1 stays strictly inside the region, and each cut's excess
 * (1 − t)·s_w + t·s_v is negative once t > s_w / (s_w − s_v); t is halfway from the largest such
 * bound to 1. 'unknown' otherwise (the caller decides by LP).
 */
function vertexDecision(w: Point, vertices: Point[], cuts: Row[]): Point | 'none' | 'unknown' {
  if (vertices.length === 0) return 'unknown';
  if (cuts.some((c) => vertices.every((v) => excess(c, v) >= 0n))) return 'none';
  const v = vertices.find((u) => cuts.every((c) => excess(c, u) < 0n));
  if (!v) return 'unknown';
  // t = tn / td, the largest bound s_w/(s_w − s_v) over the cuts the witness does not satisfy strictly
  let tn = 0n;
  let td = 1n;
  for (const c of cuts) {
    const sw = excess(c, w); // over w.q
    if (sw < 0n) continue;
    const sv = excess(c, v); // over v.q, < 0
    const n = sw * v.q;
    const d = sw * v.q - sv * w.q; // > 0
    if (n * td > tn * d) [tn, td] = [n, d];
  }
  if (tn === 0n) return w; // the witness is strictly inside every cut
  // t = (tn/td + 1) / 2 = (tn + td) / (2·td); x = ((2td − tn − td)·w + (tn + td)·v) / (2td)
  const a = td - tn; // weight of w, over 2·td
  const b = tn + td; // weight of v
  const p = w.p.map((wp, j) => a * wp * v.q + b * v.p[j] * w.q);
  const x = { p, q: 2n * td * w.q * v.q };
  return cuts.every((c) => excess(c, x) < 0n) ? x : 'unknown';
}

/** A full-dimensional piece's exact volume; `what` names it when it is unbounded. */
export function pieceVolume(piece: Found, d: number, what: string): Rational {
  const shape = polyhedronShape(piece.facets!, d, piece.witness);
  if (!shape.bounded) throw new InputError(unboundedMessage(shape, what));
  return shapeVolume(shape);
}
