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
    const inside = decider.decide(rows);
    if (inside.kind !== 'interior') return null;
    witness = inside.point;
  }
  const idx = live.length === 0 ? (region.facets?.() ?? facetIndices(region.rows, region.witness, decider)) : facetIndices(rows, witness, decider);
  const facets: Facet[] = idx.map((i) => ({ ...primitiveRow(rows[i].a, rows[i].b), source: source(i) }));
  return { witness, constraints: idx.map((i) => rowJson(rows[i], source(i))), facets, whole: idx.every((i) => i < region.rows.length) };
}

/** A full-dimensional piece's exact volume; `what` names it when it is unbounded. */
export function pieceVolume(piece: Found, d: number, what: string): Rational {
  const shape = polyhedronShape(piece.facets!, d, piece.witness);
  if (!shape.bounded) throw new InputError(unboundedMessage(shape, what));
  return shapeVolume(shape);
}
