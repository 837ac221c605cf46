/**
 * Exact clipping of a convex polygon by half-planes (Sutherland–Hodgman in BigInt), and the
 * cells of a region where each output is the largest (or smallest): the predicted class is not
 * constant on an activation region in general, so each region is split exactly along the lines
 * f_i = f_j before it is coloured.
 */
import type { IntAffine } from '../enumerate/affine.js';
import type { Point } from '../kernel/intvec.js';
import { crossing, differenceFunction, scaledValue, type Affine } from './level-set.js';

/**
 * polygon ∩ {h ≤ 0}, exact; null when that is empty or has no interior (a full-dimensional
 * result needs a vertex with h < 0 strictly).
 */
export function clipPolygon(polygon: readonly Point[], h: Affine): Point[] | null {
  const s = polygon.map((pt) => scaledValue(h, pt));
  if (!s.some((v) => v < 0n)) return null;
  if (s.every((v) => v <= 0n)) return [...polygon];
  const out: Point[] = [];
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    if (s[i] <= 0n) out.push(polygon[i]);
    if ((s[i] < 0n && s[j] > 0n) || (s[i] > 0n && s[j] < 0n)) out.push(crossing(polygon[i], polygon[j], s[i], s[j]));
  }
  return out;
}

export interface ClassCell {
  /** The outputs attaining the extreme on the whole cell (more than one: equal on the region). */
  classes: number[];
  polygon: Point[];
}

/** Outputs whose exact affine functions coincide on the region, grouped (each group in ascending order). */
function equalOutputs(m: IntAffine): number[][] {
  const groups: number[][] = [];
  for (let k = 0; k < m.M.length; k++) {
    const same = groups.find((g) => m.c[g[0]] === m.c[k] && m.M[g[0]].every((v, i) => v === m.M[k][i]));
    if (same) same.push(k);
    else groups.push([k]);
  }
  return groups;
}

/** For each output group, the set where it is extreme, by clipping `start` with every other group. */
function extremeSets<S>(start: S, m: IntAffine, kind: 'max' | 'min', clip: (s: S, h: Affine) => S | null): { classes: number[]; set: S }[] {
  const groups = equalOutputs(m);
  const out: { classes: number[]; set: S }[] = [];
  for (const g of groups) {
    let set: S | null = start;
    for (const other of groups) {
      if (other === g || set === null) continue;
      // max: f_other − f_k ≤ 0; min: f_k − f_other ≤ 0
      set = clip(set, kind === 'max' ? differenceFunction(m, other[0], g[0]) : differenceFunction(m, g[0], other[0]));
    }
    if (set !== null) out.push({ classes: g, set });
  }
  return out;
}

/**
 * The cells of a region (its polygon, its map) on which output k is the largest (`max`) or the
 * smallest: {x : f_k(x) ≥ f_j(x) for every j}. Outputs whose exact affine functions coincide on
 * the region form one cell together (a tie on an open set). Cells meet only on their edges.
 */
export function extremeCells(polygon: readonly Point[], m: IntAffine, kind: 'max' | 'min'): ClassCell[] {
  return extremeSets([...polygon], m, kind, clipPolygon).map((c) => ({ classes: c.classes, polygon: c.set }));
}

/** [lo, hi] ∩ {h ≤ 0} (1-D), exact; null when it has no length. */
export function clipInterval([lo, hi]: [Point, Point], h: Affine): [Point, Point] | null {
  const a = scaledValue(h, lo);
  const b = scaledValue(h, hi);
  if (a >= 0n && b >= 0n) return null;
  if (a <= 0n && b <= 0n) return [lo, hi];
  return a < 0n ? [lo, crossing(lo, hi, a, b)] : [crossing(lo, hi, a, b), hi];
}

/** 1-D: the sub-intervals of [lo, hi] where each output group is extreme. */
export function extremeIntervals(lo: Point, hi: Point, m: IntAffine, kind: 'max' | 'min'): { classes: number[]; ends: [Point, Point] }[] {
  return extremeSets<[Point, Point]>([lo, hi], m, kind, clipInterval).map((c) => ({ classes: c.classes, ends: c.set }));
}
