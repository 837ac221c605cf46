/**
 * The order in which a region's generators are reported, decided exactly.
 *
 * - 2-D: the vertices counter-clockwise along the boundary (a polygon, ready to draw), sorted by
 *   angle around the region's interior witness with exact integer cross products. An unbounded
 *   region's boundary is a chain: it starts at the vertex where the boundary comes in from
 *   infinity and ends where it leaves, and its rays are [incoming, outgoing].
 * - 1-D: ascending.
 * - d >= 3 (and regions with lines): as found.
 */
import type { Point } from '../kernel/intvec.js';
import type { Shape } from './shape.js';

export interface GeneratorOrder {
  points: number[];
  rays: number[];
}

export function generatorOrder(shape: Shape): GeneratorOrder {
  const points = shape.points.map((_, i) => i);
  const rays = shape.rays.map((_, i) => i);
  if (shape.lines.length > 0) return { points, rays };
  if (shape.d === 1) {
    points.sort((i, j) => cmpCoord(shape.points[i], shape.points[j]));
    return { points, rays };
  }
  if (shape.d !== 2) return { points, rays };
  const w = shape.witness;
  // direction of v − w, scaled by v.q·w.q > 0 (same angle)
  const dirs = shape.points.map((v) => [v.p[0] * w.q - w.p[0] * v.q, v.p[1] * w.q - w.p[1] * v.q]);
  if (shape.rays.length === 0) {
    points.sort((i, j) => angleCmp(dirs[i], dirs[j]));
    return { points, rays };
  }
  // the unbounded part lies between the last vertex and the first, around the recession
  // direction ρ (the sum of the rays; never parallel to a vertex seen from an interior point)
  const rho = shape.rays.reduce((s, r) => [s[0] + r[0], s[1] + r[1]], [0n, 0n]);
  const all = [...points, -1];
  const dir = (i: number) => (i < 0 ? rho : dirs[i]);
  all.sort((i, j) => angleCmp(dir(i), dir(j)));
  const at = all.indexOf(-1);
  const chain = [...all.slice(at + 1), ...all.slice(0, at)];
  // two rays [r_in, r_out]: the recession cone runs counter-clockwise from r_out to r_in
  if (rays.length === 2 && cross(shape.rays[1], shape.rays[0]) < 0n) rays.reverse();
  return { points: chain, rays };
}

/** Counter-clockwise angle order from the positive x axis, exact. */
function angleCmp(u: bigint[], v: bigint[]): number {
  const hu = half(u);
  const hv = half(v);
  if (hu !== hv) return hu - hv;
  const c = cross(u, v);
  return c > 0n ? -1 : c < 0n ? 1 : 0;
}

const half = (u: bigint[]): number => (u[1] > 0n || (u[1] === 0n && u[0] > 0n) ? 0 : 1);
const cross = (u: readonly bigint[], v: readonly bigint[]): bigint => u[0] * v[1] - u[1] * v[0];

function cmpCoord(a: Point, b: Point): number {
  const l = a.p[0] * b.q;
  const r = b.p[0] * a.q;
  return l < r ? -1 : l > r ? 1 : 0;
}
