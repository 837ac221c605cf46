/**
 * `enumerate --vertices --volume`: the geometry fields of each region record, and the total.
 *
 * - `vertices`: exact points "p/q" (2-D: counter-clockwise polygon order; see order.ts).
 * - An unbounded region (only with an unbounded domain) also gets `bounded: false`, `rays`
 *   (primitive integer directions) and `lines` (a basis of its lineality space), so that the
 *   region is conv(vertices) + cone(rays) + span(lines); with lines, `vertices` are one point of
 *   each minimal face.
 * - `volume`: the exact volume "p/q". An unbounded region has none: `--volume` refuses it.
 */
import { domainConstraints, type Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';
import { pointFromRationals, pointToRationals, primitiveRow, type Point } from '../kernel/intvec.js';
import { lcm, rat, toString, type Rational } from '../kernel/rational.js';
import type { Region, RegionRecord } from '../enumerate/region.js';
import type { RunOptions } from '../enumerate/run.js';
import { addReduced } from './exact-sum.js';

import { generatorOrder } from './order.js';
import { polyhedronShape, regionShape, type Shape } from './shape.js';
import { shapeVolume } from './volume.js';

export interface GeometryRequest {
  vertices?: boolean;
  volume?: boolean;
  /** How errors name the volume request: '--volume' on the command line (default 'volume'). */
  flag?: string;
}

/** The record fields of one region's shape. `describe` names the region in the unbounded error. */
export function geometryFields(shape: Shape, want: GeometryRequest, describe: () => string): { fields: Partial<RegionRecord>; volume?: Rational } {
  const out: Partial<RegionRecord> = {};
  let volume: Rational | undefined;
  if (want.vertices) {
    const order = generatorOrder(shape);
    out.vertices = order.points.map((i) => pointStrings(shape.points[i]));
    if (!shape.bounded) {
      out.bounded = false;
      out.rays = order.rays.map((i) => shape.rays[i].map(String));
      out.lines = shape.lines.map((l) => l.map(String));
    }
  }
  if (want.volume) {
    if (!shape.bounded) throw new InputError(unboundedMessage(shape, describe(), want.flag));
    volume = shapeVolume(shape);
    out.volume = toString(volume);
  }
  return { fields: out, volume };
}

export function unboundedMessage(shape: Shape, region: string, flag = 'volume'): string {
  const dir = shape.rays[0] ?? shape.lines[0];
  return `${flag}: ${region} is unbounded (it contains the ray from its witness in direction (${dir.map(String).join(', ')})): its volume is infinite; give a bounded domain`;
}

/**
 * Enumeration options that add the requested fields to every record and sum the volumes into
 * `total.volume` (a partial run: the regions found so far).
 */
export function geometryOptions(want: GeometryRequest): { options: Pick<RunOptions, 'regionExtra'>; total: { volume: Rational } } {
  const total = { volume: { n: 0n, d: 1n } as Rational };
  const regionExtra = (region: Region, facets: number[], id: number): Partial<RegionRecord> => {
    const { fields, volume } = geometryFields(regionShape(region, facets), want, () => `region ${id} (pattern ${region.pattern.join('|')})`);
    if (volume) total.volume = addReduced(total.volume, volume);
    return fields;
  };
  return { options: { regionExtra }, total };
}

/**
 * A point's coordinates as reduced "p/q" strings. The vertex engine shares a vertex's coordinate
 * array between the regions that have the vertex, so each is reduced once.
 */
const printed = new WeakMap<readonly bigint[], string[]>();
function pointStrings(pt: Point): string[] {
  let s = printed.get(pt.p);
  if (!s) printed.set(pt.p, (s = pt.p.map((x) => toString(rat(x, pt.q)))));
  return s;
}

/**
 * The domain's own shape (bounded or not, and its volume when bounded), by exact vertex
 * enumeration of its constraints; null for the whole space.
 */
export function domainShape(domain: Domain, d: number): Shape | null {
  if (domain.kind === 'whole') return null;
  const facets = domainConstraints(domain, d).map((c) => {
    let den = c.b.d;
    for (const v of c.a) den = lcm(den, v.d);
    return { ...primitiveRow(c.a.map((v) => v.n * (den / v.d)), c.b.n * (den / c.b.d)), source: { kind: 'domain', face: c.face } };
  });
  const shape = polyhedronShape(facets, d, { p: new Array<bigint>(d).fill(0n), q: 1n });
  // the witness only orders 2-D vertices: use the vertex centroid when the domain is bounded
  if (shape.bounded && shape.points.length > 0) shape.witness = centroid(shape.points, d);
  return shape;
}

function centroid(points: Point[], d: number): Point {
  const sum = new Array<Rational>(d).fill({ n: 0n, d: 1n });
  for (const pt of points) pointToRationals(pt).forEach((x, k) => (sum[k] = addReduced(sum[k], x)));
  return pointFromRationals(sum.map((x) => ({ n: x.n, d: x.d * BigInt(points.length) })));
}
