/**
 * Exact vertex enumeration of a polyhedron P = {x : a_i·x <= b_i} by the double-description
 * method (Motzkin, Raiffa, Thompson and Thrall; the combinatorial adjacency test of Fukuda and
 * Prodon), over integer vectors — no tolerance anywhere.
 *
 * P is the slice t = 1 of the cone C = {(x, t) : a_i·x − b_i·t <= 0, t >= 0}. Starting from the
 * whole space (every direction a line), the constraints are added one at a time:
 *  - if some line l is not on the new constraint's hyperplane, it becomes a ray (oriented into
 *    the half-space) and the other lines and rays are moved along it onto the hyperplane;
 *  - otherwise the rays split into those inside, on and outside; every adjacent pair (inside,
 *    outside) gives a new ray on the hyperplane. Two rays are adjacent iff no third ray is tight
 *    on every constraint tight at both (exact, because it is combinatorial), and they share at
 *    least dim − 2 tight constraints.
 * At the end, rays with t > 0 are P's vertices (points of its minimal faces when P has lines),
 * rays with t = 0 its extreme recession directions, and the lines its lineality space:
 * P = conv(points) + cone(rays) + span(lines). Meant for the small d of region geometry.
 */
import { dot, reducePoint, type Point } from '../kernel/intvec.js';
import { gcd } from '../kernel/rational.js';
import { isSubset, popcount } from '../kernel/bitset.js';

export interface HalfSpace {
  a: readonly bigint[];
  b: bigint;
}

export interface Generators {
  /** The vertices (with lines: one point of each minimal face), reduced. */
  points: Point[];
  /** For each point, the indices of the input rows tight at it (ascending). */
  pointRows: number[][];
  /** Extreme rays of the recession cone (modulo lines), primitive integer vectors. */
  rays: bigint[][];
  /** For each ray r, the rows with a·r = 0. */
  rayRows: number[][];
  /** A basis of the lineality space {r : a_i·r = 0 for all i}, primitive integer vectors. */
  lines: bigint[][];
}

interface Ray {
  v: bigint[];
  z: Uint32Array; // constraints tight at v (bit 0: t >= 0; bit k + 1: row k)
}

/** The generators of {x : a_i·x <= b_i} (exact). An empty polyhedron has no points. */
export function polyhedronGenerators(rows: readonly HalfSpace[], d: number): Generators {
  const m = rows.length + 1;
  const words = (m + 31) >>> 5;
  const H: bigint[][] = [[...new Array<bigint>(d).fill(0n), -1n]];
  for (const r of rows) H.push([...r.a, -r.b]);
  let lines: bigint[][] = Array.from({ length: d + 1 }, (_, i) => Array.from({ length: d + 1 }, (_, j) => (i === j ? 1n : 0n)));
  let rays: Ray[] = [];
  for (let k = 0; k < m; k++) {
    const h = H[k];
    const li = lines.findIndex((l) => dot(h, l) !== 0n);
    if (li >= 0) {
      let l0 = lines[li];
      let s = dot(h, l0);
      if (s > 0n) {
        l0 = l0.map((x) => -x);
        s = -s;
      }
      // l0 points into the half-space h·y < 0; move everything else onto h·y = 0 along it
      const rest: bigint[][] = [];
      lines.forEach((l, i) => {
        if (i === li) return;
        const v = dot(h, l);
        rest.push(v === 0n ? l : primitive(combine(-s, l, v, l0)));
      });
      for (const r of rays) {
        const v = dot(h, r.v);
        if (v !== 0n) r.v = primitive(combine(-s, r.v, v, l0));
        setBit(r.z, k);
      }
      const z = new Uint32Array(words);
      for (let j = 0; j < k; j++) setBit(z, j); // a line is tight on every earlier constraint
      rays.push({ v: l0, z });
      lines = rest;
      continue;
    }
    const vals = rays.map((r) => dot(h, r.v));
    const pos: number[] = [];
    const neg: number[] = [];
    vals.forEach((v, i) => (v > 0n ? pos.push(i) : v < 0n ? neg.push(i) : setBit(rays[i].z, k)));
    if (pos.length === 0) continue;
    const next: Ray[] = rays.filter((_, i) => vals[i] <= 0n);
    const need = d + 1 - lines.length - 2;
    const common = new Uint32Array(words);
    for (const i of pos) {
      for (const j of neg) {
        let count = 0;
        for (let w = 0; w < words; w++) count += popcount((common[w] = rays[i].z[w] & rays[j].z[w]));
        if (count < need || !adjacent(rays, i, j, common)) continue;
        // vals[i] > 0 > vals[j]: both coefficients positive, and h·v = 0
        const z = common.slice();
        setBit(z, k);
        next.push({ v: primitive(combine(vals[i], rays[j].v, -vals[j], rays[i].v)), z });
      }
    }
    rays = next;
  }
  const out: Generators = { points: [], pointRows: [], rays: [], rayRows: [], lines: lines.map((l) => l.slice(0, d)) };
  for (const r of rays) {
    const tight: number[] = [];
    for (let k = 1; k < m; k++) if (r.z[k >>> 5] & (1 << (k & 31))) tight.push(k - 1);
    const t = r.v[d];
    if (t > 0n) {
      out.points.push(reducePoint({ p: r.v.slice(0, d), q: t }));
      out.pointRows.push(tight);
    } else {
      out.rays.push(r.v.slice(0, d));
      out.rayRows.push(tight);
    }
  }
  return out;
}

/** No ray other than i, j is tight on every constraint in `common`. */
function adjacent(rays: Ray[], i: number, j: number, common: Uint32Array): boolean {
  for (let k = 0; k < rays.length; k++) {
    if (k === i || k === j) continue;
    if (isSubset(common, rays[k].z)) return false;
  }
  return true;
}

/** α·u + β·v */
function combine(alpha: bigint, u: readonly bigint[], beta: bigint, v: readonly bigint[]): bigint[] {
  return u.map((x, i) => alpha * x + beta * v[i]);
}

/** Divided by the gcd of its entries (direction kept). */
export function primitive(v: bigint[]): bigint[] {
  let g = 0n;
  for (const x of v) {
    if (x !== 0n) g = g === 0n ? (x < 0n ? -x : x) : gcd(g, x);
    if (g === 1n) return v;
  }
  return g <= 1n ? v : v.map((x) => x / g);
}

function setBit(z: Uint32Array, k: number): void {
  z[k >>> 5] |= 1 << (k & 31);
}
