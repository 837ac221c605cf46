/**
 * A region's exact shape: its facets (minimal H-representation, primitive integer rows with
 * their sources) and its generators (vertices, rays, lines: P = conv(points) + cone(rays) +
 * span(lines)), with which generators lie on which facet.
 *
 * The vertex engine already carries every bounded region's exact vertices; otherwise (the LP
 * engine: polyhedral or unbounded domains, d >= 5) they come from exact vertex enumeration of
 * the facets (double-description.ts).
 */
import { dot, pointFromRationals, primitiveRow, type Point } from '../kernel/intvec.js';
import { gcd, parseRational } from '../kernel/rational.js';
import type { Region, RegionRecord, Source } from '../enumerate/region.js';
import { polyhedronGenerators } from './double-description.js';

export interface Facet {
  /** a·x <= b, primitive. */
  a: bigint[];
  b: bigint;
  source: Source | unknown;
}

export interface Shape {
  d: number;
  /** A point strictly inside. */
  witness: Point;
  facets: Facet[];
  points: Point[];
  rays: bigint[][];
  lines: bigint[][];
  /** For each facet, the points on it and the rays in it (indices). */
  pointsOn: number[][];
  raysOn: number[][];
  bounded: boolean;
}

/** The shape of an enumerated region, given its facet rows (indices into region.rows). */
export function regionShape(region: Region, facetRows: readonly number[]): Shape {
  const d = region.witness.p.length;
  const primitiveFacets = () => facetRows.map((i) => ({ ...primitiveRow(region.rows[i].a, region.rows[i].b), source: region.sources[i] }));
  if (!region.vertices) return polyhedronShape(primitiveFacets(), d, region.witness);
  const points = region.vertices.map(reduceShared);
  // facets and incidences are computed when first asked for (2-D vertices and areas never need them)
  let facets: Facet[] | undefined;
  let pointsOn: number[][] | undefined;
  const shape = { d, witness: region.witness, points, rays: [], lines: [], bounded: true } as Omit<Shape, 'facets' | 'pointsOn' | 'raysOn'>;
  return Object.defineProperties(shape, {
    facets: { get: () => (facets ??= primitiveFacets()), enumerable: true },
    raysOn: { get: () => facetRows.map(() => []), enumerable: true },
    pointsOn: {
      get: () =>
        (pointsOn ??= (shape as Shape).facets.map((f) => {
          const on: number[] = [];
          points.forEach((pt, i) => {
            if (dot(f.a, pt.p) === f.b * pt.q) on.push(i);
          });
          return on;
        })),
      enumerable: true,
    },
  }) as Shape;
}

/**
 * p/q divided by the gcd of q and all p_k (a third fewer bits in deep nets, which every later
 * product and gcd pays for). The vertex engine shares a vertex's coordinate array between the
 * regions that have the vertex, so each is reduced once.
 */
const reducedPoints = new WeakMap<readonly bigint[], Point>();
function reduceShared(pt: Point): Point {
  let r = reducedPoints.get(pt.p);
  if (!r) {
    let g = pt.q;
    for (const x of pt.p) if (g !== 1n) g = gcd(g, x);
    reducedPoints.set(pt.p, (r = g === 1n ? pt : { p: pt.p.map((x) => x / g), q: pt.q / g }));
  }
  return r;
}

/** The shape of {x : a_i·x <= b_i} (rows should be its facets; redundant rows are harmless). */
export function polyhedronShape(facets: Facet[], d: number, witness: Point): Shape {
  const g = polyhedronGenerators(facets, d);
  const pointsOn: number[][] = facets.map(() => []);
  const raysOn: number[][] = facets.map(() => []);
  g.pointRows.forEach((rows, i) => rows.forEach((f) => pointsOn[f].push(i)));
  g.rayRows.forEach((rows, i) => rows.forEach((f) => raysOn[f].push(i)));
  return {
    d,
    witness,
    facets,
    points: g.points,
    rays: g.rays,
    lines: g.lines,
    pointsOn,
    raysOn,
    bounded: g.rays.length === 0 && g.lines.length === 0,
  };
}

/** The shape of a region record (its printed constraints and witness), e.g. from another thread. */
export function recordShape(rec: RegionRecord): Shape {
  const facets = rec.constraints.map((c) => ({ a: c.a.map(BigInt), b: BigInt(c.b), source: c.source }));
  const witness = pointFromRationals(rec.witness.map((s) => parseRational(s)!));
  return polyhedronShape(facets, rec.witness.length, witness);
}
