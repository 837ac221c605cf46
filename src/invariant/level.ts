/**
 * The certified level of `invariant --level` (Vaisi, Ferlez and Shoukry's c*): with the
 * violations v_0 = B∘G − B and v_{1+k} = a_k·G − b_k (row k of D at the successor), the bad set is
 * Bad = {x ∈ D : some v_j(x) > 0}, and c* = min(0, inf of B over Bad). Then every x ∈ D with
 * B(x) <= c* (or < c*, when a bad point has B = c*) has B(G(x)) <= B(x) <= c* and G(x) ∈ D:
 * {B <= c*} is forward invariant.
 *
 * Per region and violation (one entry), on the closure of the region where B and v are affine:
 *   good   v <= 0 on the closure (the max of v, with its LP dual);
 *   bad    m = min B over closure ∩ {v >= 0} (the closure of the region's bad part: it meets
 *          the open half-space v > 0, at `worst`), attained at `at` (LP dual: B >= m there); and,
 *          for the certificate, whether some point of the closure with B <= m has v > 0
 *          (`attained`, a point) or not (the LP dual of max v over closure ∩ {B <= m}).
 * c* and whether {B <= c*} is certified follow from the entries' minima (certifiedLevel).
 */
import { pointToRationals, type Point } from '../kernel/intvec.js';
import { cmp, rat, sign, toString, ZERO, type Rational } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { maximize, type OptimumAnswer } from '../lp/optimize.js';
import { dualPairs, type Pairs } from '../enumerate/leaf-proofs.js';
import type { Region } from '../enumerate/region.js';

/** An affine function (g·x + e)/D of the inputs, as integers. */
export interface IntFn {
  g: bigint[];
  e: bigint;
  D: bigint;
}

/** f at a point p/q, times D·q (the same sign as f there). */
export const scaledAt = (f: IntFn, x: Point): bigint => f.g.reduce((s, v, j) => s + v * x.p[j], f.e * x.q);

/** f's value at a point p/q, exactly. */
export const valueAt = (f: IntFn, x: Point): Rational => rat(scaledAt(f, x), f.D * x.q);

/** The vertex where f is largest (ties: the first): its maximum over the bounded polytope. */
export function argmaxAt(f: IntFn, vertices: Point[]): Point {
  // f(v) = s_v / (D·q_v) with D, q_v > 0: compare s_v·q_best with s_best·q_v (no gcd)
  let best = vertices[0];
  let top = scaledAt(f, best);
  for (let i = 1; i < vertices.length; i++) {
    const v = vertices[i];
    const s = scaledAt(f, v);
    if (s * best.q > top * v.q) [best, top] = [v, s];
  }
  return best;
}

/** max g·x over closed rows. */
export const maxOver = (rows: Row[], g: bigint[]): OptimumAnswer =>
  maximize(
    rows.map((r) => r.a),
    rows.map((r) => r.b),
    g,
  );

/** Is f = (g·x + e)/D > 0 somewhere, by the LP answer for max g·x (unbounded: yes)? */
export const positiveSomewhere = (f: IntFn, ans: OptimumAnswer): boolean => ans.kind === 'unbounded' || (ans.kind === 'optimal' && cmp(ans.value, { n: -f.e, d: 1n }) > 0);

/** −f. */
export const negated = (f: IntFn): IntFn => ({ g: f.g.map((x) => -x), e: -f.e, D: f.D });

/** f(x) <= m  ⇔  g·x <= m·D − e, scaled to integers. */
export const atMostRow = (f: IntFn, m: Rational): Row => ({ a: f.g.map((v) => v * m.d), b: m.n * f.D - f.e * m.d });
/** f(x) >= 0  ⇔  −g·x <= e. */
export const nonnegativeRow = (f: IntFn): Row => ({ a: f.g.map((v) => -v), b: f.e });

export type LevelEntry =
  | { kind: 'good'; top: OptimumAnswer | null; v: IntFn }
  | { kind: 'bad'; min: Rational; at: Point; worst: Point | null; low: OptimumAnswer | null; v: IntFn; B: IntFn; rows: Row[] }
  | { kind: 'unbounded'; at: Point };

/**
 * The entry of one violation v on a region's closure (rows, closed), for the barrier B. With the
 * closure's exact vertices (a bounded region of the vertex engine, and no certificate wanted),
 * maxima over the closure are maxima over the vertices: v <= 0 at every vertex decides `good`,
 * and a vertex minimising B with v >= 0 there is the minimum over closure ∩ {v >= 0}.
 */
export function levelEntry(rows: Row[], B: IntFn, v: IntFn, vertices: Point[] | null = null): LevelEntry {
  if (vertices) {
    const worst = argmaxAt(v, vertices);
    if (scaledAt(v, worst) <= 0n) return { kind: 'good', top: null, v };
    const lowest = argmaxAt(negated(B), vertices);
    if (scaledAt(v, lowest) >= 0n) {
      return { kind: 'bad', min: valueAt(B, lowest), at: lowest, worst, low: null, v, B, rows };
    }
  }
  const top = maxOver(rows, v.g);
  if (top.kind === 'infeasible') throw new Error('invariant: internal error: a region with an empty closure');
  if (!positiveSomewhere(v, top)) return { kind: 'good', top, v };
  const low = maxOver([...rows, nonnegativeRow(v)], B.g.map((x) => -x));
  if (low.kind === 'infeasible') throw new Error('invariant: internal error: a bad point outside the closure of the bad part');
  if (low.kind === 'unbounded') return { kind: 'unbounded', at: low.x };
  // min B = (min g·x + e)/D = (e − max(−g·x))/D
  const min = rat(B.e * low.value.d - low.value.n, low.value.d * B.D);
  return { kind: 'bad', min, at: low.x, worst: top.kind === 'optimal' ? top.x : null, low, v, B, rows };
}

/** Is there a point of the entry's closure with B <= min and v > 0 (then B = min there)? */
export function attainment(entry: Extract<LevelEntry, { kind: 'bad' }>): OptimumAnswer {
  return maxOver([...entry.rows, atMostRow(entry.B, entry.min)], entry.v.g);
}

/**
 * The entry's proof for the certificate (certify/invariant-checker.ts): rows are the leaf's, then
 * the proof's own row as row `count`.
 *   {none: pairs}                      Σ y_i a_i = ∇v, Σ y_i b_i + v(0) <= 0: v <= 0 on the closure;
 *   {min, bound, at, bad, closed | attained}
 *     bound: pairs over [rows, v >= 0] for f = min − B (f <= 0 there: B >= min);
 *     at: a point of the closure with v >= 0 and B = min; bad: a point of the closure with v > 0;
 *     closed: pairs over [rows, B <= min] for f = v (v <= 0 there), or attained: a point of the
 *     closure with B = min and v > 0;
 *   {unproven: true}                   B is unbounded below on the bad part, or v unbounded above.
 */
export function entryProof(region: Region, entry: LevelEntry): Record<string, unknown> {
  if (entry.kind === 'unbounded') return { unproven: true };
  if (entry.kind === 'good') return { none: entry.top?.kind === 'optimal' ? dualPairs(region, [], entry.top, entry.v.D) : [] };
  if (entry.worst === null) return { unproven: true };
  if (entry.low === null) throw new Error('invariant: internal error: a level entry decided at the vertices has no dual for the certificate');
  const point = (p: Point) => pointToRationals(p).map(toString);
  const bound: Pairs = dualPairs(region, [nonnegativeRow(entry.v)], entry.low, entry.B.D);
  const top = attainment(entry);
  if (top.kind === 'unbounded') return { unproven: true };
  const tail =
    top.kind === 'optimal' && positiveSomewhere(entry.v, top)
      ? { attained: point(top.x) }
      : { closed: dualPairs(region, [atMostRow(entry.B, entry.min)], top, entry.v.D) };
  return { min: toString(entry.min), bound, at: point(entry.at), bad: point(entry.worst), ...tail };
}

/** The least B over the closure of the bad set so far (value null: unbounded below), with where. */
export interface LevelBest {
  value: Rational | null;
  x: Point;
  /** The entries whose minimum equals `value`: attainment is decided on them at the end. */
  candidates: Extract<LevelEntry, { kind: 'bad' }>[];
}

/** Folds one entry into the running best (returns the new best). */
export function foldEntry(best: LevelBest | null, entry: LevelEntry): LevelBest | null {
  if (entry.kind === 'good' || (best && best.value === null)) return best;
  if (entry.kind === 'unbounded') return { value: null, x: entry.at, candidates: [] };
  const order = best ? cmp(entry.min, best.value!) : -1;
  if (order < 0) return { value: entry.min, x: entry.at, candidates: [entry] };
  if (order === 0) best!.candidates.push(entry);
  return best;
}

/** c* from the best entry: {value, closed, x} (value null: unbounded below; x absent: no bad point). */
export function certifiedLevel(best: LevelBest | null): { value: Rational | null; closed: boolean; x?: Point } {
  if (best === null) return { value: ZERO, closed: true };
  if (best.value === null) return { value: null, closed: false, x: best.x };
  if (sign(best.value) > 0) return { value: ZERO, closed: true, x: best.x };
  const attained = best.candidates.some((entry) => positiveSomewhere(entry.v, attainment(entry)));
  return { value: best.value, closed: !attained, x: best.x };
}
