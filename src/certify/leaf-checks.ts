/**
 * Checks of the proofs that queries attach to region leaves (the search side writes them with
 * enumerate/leaf-proofs.ts): a dual bound, a Motzkin certificate of an empty open system, a point
 * in a closed or open polyhedron. Rows are primitive integer rows a·x <= b; an affine function
 * is (g·x + e)/den. Exact arithmetic only. Each returns the reason it fails, or null.
 */
import { lcm, rat, toString } from '../kernel/rational.js';
import { combineRows, nums, type Row } from './checker.js';

export interface AffineFn {
  g: bigint[];
  e: bigint;
}

/**
 * f <= 0 on {x : rows}: rational y >= 0 (pairs [row, y]) with Σ y_i a_i = ∇f and
 * Σ y_i b_i + f(0) <= 0, for f = (g·x + e)/den. A constant f needs f(0) <= 0 and no pairs.
 */
export function boundHolds(rows: readonly Row[], pairs: unknown, f: AffineFn, den: bigint, label: string, what: string): string | null {
  if (f.g.every((v) => v === 0n)) return f.e > 0n ? `${label}: ${what} fails: the map is the constant ${toString(rat(f.e, den))} > 0 on the region` : null;
  const sum = combineRows(rows, pairs, f.g.length, { label, integer: false, rowsAre: 'there are rows' });
  if (typeof sum === 'string') return sum;
  // Σ y_i a_i = sumA / L must equal ∇f = g / den
  for (let j = 0; j < f.g.length; j++) if (sum.a[j] * den !== f.g[j] * sum.den) return `${label}: Σ y_i a_i != ∇f (coordinate ${j}) for ${what}`;
  // Σ y_i b_i + f(0) = sumB / L + e / den <= 0
  const top = sum.b * den + f.e * sum.den;
  if (top > 0n) return `${label}: Σ y_i b_i + f(0) = ${toString(rat(top, sum.den * den))} > 0: ${what} is not shown`;
  return null;
}

/**
 * The open region (its rows strict) and the cuts a·x < b have no common point: integer y >= 0,
 * y != 0, Σ y_i a_i = 0, Σ y_i b_i <= 0 over [rows, ...cuts]. A cut with a = 0 stands for the
 * constant 0 <= b (closed, as the queries cut regions): true everywhere when b >= 0, so it may
 * not carry a multiplier then.
 */
export function motzkinHolds(rows: readonly Row[], cuts: readonly Row[], pairs: unknown, d: number, label: string): string | null {
  const trivial: Row = { a: new Array<bigint>(d).fill(0n), b: 1n };
  const all = [...rows, ...cuts.map((c) => (c.a.every((v) => v === 0n) && c.b >= 0n ? trivial : c))];
  const sum = combineRows(all, pairs, d, { label, integer: true, rowsAre: 'there are rows' });
  if (typeof sum === 'string') return sum;
  if (!sum.positive) return `${label}: all multipliers are zero`;
  if (sum.a.some((v) => v !== 0n)) return `${label}: Σ y_i a_i != 0`;
  if (sum.b > 0n) return `${label}: Σ y_i b_i > 0`;
  return null;
}

/** A point as integers p over a common denominator q, parsed from exact strings. */
export function parsePoint(v: unknown, d: number, label: string): { p: bigint[]; q: bigint } {
  const x = nums(v, d, label);
  let q = 1n;
  for (const r of x) q = lcm(q, r.d);
  return { p: x.map((r) => r.n * (q / r.d)), q };
}

/** sign of (g·x + e) at x = p/q (the denominator den > 0 does not change it). */
export function signAt(f: AffineFn, x: { p: bigint[]; q: bigint }): number {
  const s = f.g.reduce((t, v, j) => t + v * x.p[j], 0n) + f.e * x.q;
  return s > 0n ? 1 : s < 0n ? -1 : 0;
}

/** The first row with a·x > b (closed) or a·x >= b (strict) at x, or −1. */
export function rowOutside(rows: readonly Row[], x: { p: bigint[]; q: bigint }, strict: boolean): number {
  return rows.findIndex((row) => {
    const s = row.a.reduce((t, v, j) => t + v * x.p[j], 0n) - row.b * x.q;
    return strict ? s >= 0n : s > 0n;
  });
}

/**
 * The system {strict rows a·x < b, closed rows a·x <= b} has no solution: integer y >= 0 over
 * [strict, closed] with Σ y_i a_i = 0 and either Σ y_i b_i < 0, or Σ y_i b_i <= 0 with a positive
 * multiplier on a strict row (Motzkin's transposition theorem, the direction that proves it).
 */
export function mixedMotzkinHolds(strict: readonly Row[], closed: readonly Row[], pairs: unknown, d: number, label: string): string | null {
  const sum = combineRows([...strict, ...closed], pairs, d, { label, integer: true, rowsAre: 'there are rows' });
  if (typeof sum === 'string') return sum;
  if (sum.a.some((v) => v !== 0n)) return `${label}: Σ y_i a_i != 0`;
  if (sum.b < 0n) return null;
  if (sum.b > 0n) return `${label}: Σ y_i b_i > 0`;
  const onStrict = (pairs as [number, string][]).some(([i, y]) => i < strict.length && y !== '0' && !/^0+$/.test(y));
  return onStrict ? null : `${label}: Σ y_i b_i = 0 with no multiplier on a strict row`;
}
