/**
 * The pairwise step of the injectivity test: for regions P_j, P_k with maps A_j, A_k, is
 * {(x, y) : x ∈ P_j, y ∈ P_k, A_j x + c_j = A_k y + c_k} inside {x = y}? Each of the 2d
 * directions ±(x_i − y_i) is maximised exactly (`maximize`: float-proposed, exactly certified);
 * a positive (or unbounded) maximum yields the pair.
 */
import type { Region } from '../enumerate/region.js';
import type { IntAffine } from '../enumerate/affine.js';
import { dot, type Point } from '../kernel/intvec.js';
import type { Row } from '../lp/interior.js';
import { maximize } from '../lp/optimize.js';
import type { PairSearch } from './injectivity.js';

export function pairSearch(stats: { lpSolves: number; pairsSkipped: number }): PairSearch {
  return (a: Region, b: Region, d: number) => {
    if (disjointOutputBoxes(a, b)) {
      stats.pairsSkipped++;
      return null;
    }
    const r = solvePair(a, b, d, stats);
    return r.kind === 'pair' ? r : null;
  };
}

type Pt = { p: bigint[]; q: bigint };
export type PairSolution =
  /** no x != y: the joint rows and either a Farkas certificate or the 2d optimal duals (order +x_0, −x_0, +x_1, ...) */
  | { kind: 'apart'; rows: Row[]; farkas: bigint[] | null; duals: { y: bigint[]; scale: bigint }[] }
  | { kind: 'pair'; x: Pt; y: Pt };

/** The 2d exact LPs of the pairwise step over the joint system of two regions. */
export function solvePair(a: { rows: Row[]; map: IntAffine }, b: { rows: Row[]; map: IntAffine }, d: number, stats: { lpSolves: number }): PairSolution {
  const rows = jointRows(a, b, d);
  const A = rows.map((r) => r.a);
  const rhs = rows.map((r) => r.b);
  const duals: { y: bigint[]; scale: bigint }[] = [];
  for (let i = 0; i < d; i++) {
    for (const s of [1n, -1n]) {
      const c = new Array<bigint>(2 * d).fill(0n);
      c[i] = s;
      c[d + i] = -s;
      stats.lpSolves++;
      const ans = maximize(A, rhs, c);
      if (ans.kind === 'infeasible') return { kind: 'apart', rows, farkas: ans.y, duals: [] }; // the closures' images do not meet
      if (ans.kind === 'optimal' && ans.value.n <= 0n) {
        duals.push({ y: ans.y, scale: ans.scale });
        continue;
      }
      // a point with x_i − y_i > 0 (along the ray if the maximum is unbounded)
      const z = ans.kind === 'optimal' ? ans.x : alongRay(ans.x, ans.ray, c);
      return { kind: 'pair', x: { p: z.p.slice(0, d), q: z.q }, y: { p: z.p.slice(d), q: z.q } };
    }
  }
  return { kind: 'apart', rows, farkas: null, duals };
}

/**
 * The joint system over (x, y) of two regions: a's rows on x, b's rows on y, then for each output
 * o the two inequalities of A_a x·den_b − A_b y·den_a = c_b·den_a − c_a·den_b.
 */
function jointRows(a: { rows: Row[]; map: IntAffine }, b: { rows: Row[]; map: IntAffine }, d: number): Row[] {
  const zeros = new Array<bigint>(d).fill(0n);
  const rows: Row[] = [...a.rows.map((r) => ({ a: [...r.a, ...zeros], b: r.b })), ...b.rows.map((r) => ({ a: [...zeros, ...r.a], b: r.b }))];
  const ma = a.map;
  const mb = b.map;
  for (let o = 0; o < ma.M.length; o++) {
    const row = [...ma.M[o].map((v) => v * mb.den), ...mb.M[o].map((v) => -v * ma.den)];
    const k = mb.c[o] * ma.den - ma.c[o] * mb.den;
    rows.push({ a: row, b: k }, { a: row.map((v) => -v), b: -k });
  }
  return rows;
}

/** A point of an unbounded maximum where c·z > 0: x moved along the ray far enough. */
function alongRay(x: Point, ray: bigint[], c: bigint[]): Point {
  const gain = dot(c, ray);
  const now = dot(c, x.p);
  const t = now >= 0n ? 1n : -now / gain + 1n;
  return { p: x.p.map((v, j) => v + t * x.q * ray[j]), q: x.q };
}

/** Exact output bounding boxes from the regions' vertices (vertex engine); false if unknown. */
function disjointOutputBoxes(a: Region, b: Region): boolean {
  if (!a.vertices || !b.vertices) return false;
  const box = (r: Region) =>
    r.map.M.map((row, o) => {
      // values (row·p + c·q)/(q·den) compared over a common positive scale by cross-multiplying
      const vals = r.vertices!.map((v) => ({ n: dot(row, v.p) + r.map.c[o] * v.q, d: v.q * r.map.den }));
      const less = (x: { n: bigint; d: bigint }, y: { n: bigint; d: bigint }) => x.n * y.d < y.n * x.d;
      let lo = vals[0];
      let hi = vals[0];
      for (const v of vals) {
        if (less(v, lo)) lo = v;
        if (less(hi, v)) hi = v;
      }
      return { lo, hi, less };
    });
  const ba = box(a);
  const bb = box(b);
  return ba.some((x, o) => x.less(x.hi, bb[o].lo) || x.less(bb[o].hi, x.lo));
}
