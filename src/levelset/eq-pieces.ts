/**
 * The (d−1)-dimensional pieces of a level set {x ∈ D : φ(x) = C} in one activation region,
 * where φ = c·f is affine: φ(x) = (g·x + e)/D on the region's closure. With H = {φ = C}:
 *   flat     φ ≡ C on the region: the whole region is a (full-dimensional) piece;
 *   crossing H meets the open region: the piece is closure ∩ H, with a point of H strictly
 *            inside the region;
 *   facet    H misses the open region but holds one of its facets (the level set runs along a
 *            region boundary, e.g. |x1| = 0, or along the domain's boundary, e.g. |x1| = 1 on
 *            [-1, 1]^2). Each such facet is reported once: by the region whose outward normal
 *            of it is lexicographically positive (the regions across see the opposite normal),
 *            or by the only region there when the facet lies on a row of the domain.
 * A facet piece may lie on the boundary of a flat piece across it.
 *
 * With a certificate, a region without a piece carries the proof (certify/levelset-checker.ts):
 * Motzkin multipliers that the open region lies strictly below (or above) H, and unless its rows
 * on H have the orientation it does not own, that the region's closure meets H in less than a
 * facet (mixed Motzkin: the other rows strict, H as two closed rows).
 */
import { integerPairs, motzkinPairs, type Pairs } from '../enumerate/leaf-proofs.js';
import { relativeInteriorPoint } from '../enumerate/merge.js';
import type { Region } from '../enumerate/region.js';
import { pointToRationals, primitiveRow, type Point } from '../kernel/intvec.js';
import { toString } from '../kernel/rational.js';
import type { InteriorDecider, Row } from '../lp/interior.js';
import { maximize } from '../lp/optimize.js';
import { cutRegion, type Found } from './cut-region.js';

export type EqFound = Found & { kind: 'flat' | 'crossing' | 'facet' };

const same = (r: Row, s: Row) => r.b === s.b && r.a.every((v, j) => v === s.a[j]);
const negated = (r: Row): Row => ({ a: r.a.map((v) => -v), b: -r.b });
/** Is the first nonzero entry positive? */
export const lexPositive = (a: readonly bigint[]): boolean => (a.find((v) => v !== 0n) ?? 0n) > 0n;

/** The region's rows that lie on the hyperplane of `h` (either orientation; primitive forms compared). */
function rowsOn(region: Region, h: Row): number[] {
  const p = primitiveRow(h.a, h.b);
  const q = negated(p);
  const on: number[] = [];
  region.rows.forEach((r, i) => {
    const s = primitiveRow(r.a, r.b);
    if (same(s, p) || same(s, q)) on.push(i);
  });
  return on;
}

/**
 * Does the region own its rows on H (outward normal lexicographically positive, or a row of the
 * domain: no region lies across)? `domainRows`: the domain's primitive rows.
 */
function owns(region: Region, on: number[], domainRows: Row[]): boolean {
  const r = region.rows[on[0]];
  const p = primitiveRow(r.a, r.b);
  return lexPositive(p.a) || domainRows.some((s) => same(s, p));
}

/** The region's own facets as a (d−1)-dimensional piece's constraints: cutRegion with no cut. */
const regionConstraints = (region: Region, decider: InteriorDecider) => cutRegion(region, [], decider)!.constraints;

/** The level set's piece in the region (le: φ <= C as a row), or null. */
export function eqPiece(region: Region, le: Row, d: number, decider: InteriorDecider, domainRows: Row[]): EqFound | null {
  if (le.a.every((v) => v === 0n)) {
    if (le.b !== 0n) return null;
    const whole = cutRegion(region, [], decider)!;
    return { ...whole, kind: 'flat' };
  }
  const h = primitiveRow(le.a, le.b);
  const hyperplane = { a: h.a.map(String), b: String(h.b) };
  const crossing = relativeInteriorPoint(le, region.rows, d, decider);
  if (crossing) return { constraints: regionConstraints(region, decider), witness: crossing, hyperplane, whole: false, kind: 'crossing' };
  const on = rowsOn(region, le);
  if (on.length === 0 || !owns(region, on, domainRows)) return null;
  const others = region.rows.filter((_, i) => !on.includes(i));
  const point = relativeInteriorPoint(le, others, d, decider);
  if (!point) return null;
  return { constraints: regionConstraints(region, decider), witness: point, hyperplane, whole: false, kind: 'facet' };
}

/** The certificate's `level` proof of a region (piece: what eqPiece found). */
export function eqProof(region: Region, le: Row, piece: EqFound | null, decider: InteriorDecider, domainRows: Row[]): Record<string, unknown> {
  if (piece?.kind === 'flat') return { flat: true };
  const point = (p: Point) => pointToRationals(p).map(toString);
  if (piece) return { [piece.kind === 'crossing' ? 'piece' : 'facet']: point(piece.witness) };
  if (le.a.every((v) => v === 0n)) return { none: {} }; // φ is a constant other than C
  // the open region lies strictly on one side of H
  const below = motzkinPairs(region, [le], decider);
  const side: Record<string, Pairs> = below ? { below } : { above: motzkinPairs(region, [negated(le)], decider) ?? fail() };
  // the certificate's leaf may hold rows on H that the region dropped as redundant (the tree
  // keeps every split row), so the face proof is written unless the region's rows on H are not
  // owned (then no row on H is: they all have one orientation and one primitive form)
  const on = rowsOn(region, le);
  if (on.length > 0 && !owns(region, on, domainRows)) return { none: side };
  return { none: side, face: faceProof(region, le, on) };
}

const fail = (): never => {
  throw new Error('levelset: internal error: a region without a piece of the level set meets it');
};

/**
 * Mixed Motzkin multipliers (integers) over [the region's rows, φ <= C (count), φ >= C (count + 1)]
 * with none on the rows on H: Σ y_i a_i = 0 and Σ y_i b_i <= 0 with a positive multiplier on a
 * strict (region) row, or Σ y_i b_i < 0: no point of H satisfies the other rows strictly, so the
 * closure meets H in less than a facet. From the LP max t s.t. a_i·x + t <= b_i (other rows),
 * x ∈ H, t <= 1, whose optimum is <= 0 (or which is infeasible).
 */
function faceProof(region: Region, le: Row, on: number[]): Pairs {
  const n = region.rows.length;
  const A: bigint[][] = [];
  const b: bigint[] = [];
  const index: number[] = []; // the LP row's place in [region rows, le, ge]
  region.rows.forEach((r, i) => {
    if (on.includes(i)) return;
    A.push([...r.a, 1n]);
    b.push(r.b);
    index.push(i);
  });
  A.push([...le.a, 0n], [...le.a.map((v) => -v), 0n], [...le.a.map(() => 0n), 1n]);
  b.push(le.b, -le.b, 1n);
  index.push(n, n + 1, -1);
  const c = [...le.a.map(() => 0n), 1n];
  const ans = maximize(A, b, c);
  if (ans.kind === 'unbounded' || (ans.kind === 'optimal' && ans.value.n > 0n)) return fail();
  const y = new Array<bigint>(n + 2).fill(0n);
  ans.y.forEach((v, k) => {
    if (index[k] >= 0) y[index[k]] = v;
  });
  return integerPairs(region, [le, negated(le)], y);
}
