/**
 * Proofs on a region leaf of an enumeration certificate, in the certificate's row numbering: the
 * leaf's rows are numbered by the tree (region.certRows.ids), and a query's own rows come after
 * them (row count + at(j) for its j-th extra row). Certificate rows are primitive, so a row that
 * is f × its primitive form carries f·y (rowFactor). Used by the queries that attach proofs to
 * region leaves (levelset, invariant); the checkers read them with certify/checker.ts combineRows.
 */
import { rat, toString } from '../kernel/rational.js';
import type { InteriorDecider, Row } from '../lp/interior.js';
import type { OptimumAnswer } from '../lp/optimize.js';
import { rowFactor } from './certificate-writer.js';
import type { Region } from './region.js';

export type Pairs = [number, string][];

const sameAt = (j: number) => j;

/** Integer multipliers y over [the region's rows, ...extra] as certificate pairs. */
export function integerPairs(region: Region, extra: Row[], y: bigint[], at: (j: number) => number = sameAt): Pairs {
  const { ids, count } = region.certRows!;
  const rows = [...region.rows, ...extra];
  const pairs: Pairs = [];
  y.forEach((v, i) => {
    if (v !== 0n) pairs.push([i < ids.length ? ids[i] : count + at(i - ids.length), (v * (rowFactor(rows[i]) || 1n)).toString()]);
  });
  return pairs;
}

/**
 * The dual of max g·x over [the region's rows, ...extra] (closed) as rational pairs: Σ y_i a_i =
 * g/unit and Σ y_i b_i = value/unit, so that for f = (g·x + e)/unit, f <= (value + e)/unit there.
 */
export function dualPairs(region: Region, extra: Row[], ans: OptimumAnswer, unit: bigint, at: (j: number) => number = sameAt): Pairs {
  if (ans.kind !== 'optimal') throw new Error('leaf proof: internal error: no optimal dual for a bound that holds');
  const { ids, count } = region.certRows!;
  const rows = [...region.rows, ...extra];
  const pairs: Pairs = [];
  ans.y.forEach((v, i) => {
    if (v !== 0n) pairs.push([i < ids.length ? ids[i] : count + at(i - ids.length), toString(rat(v * (rowFactor(rows[i]) || 1n), ans.scale * unit))]);
  });
  return pairs;
}

/**
 * Motzkin multipliers (integers) showing that the open region and the cuts a·x < b have no
 * common point: y >= 0, y != 0, Σ y_i a_i = 0, Σ y_i b_i <= 0. A cut with a = 0 is the constant
 * 0 <= b, as in levelset's cutRegion: it holds everywhere when b >= 0 (and gets no multiplier)
 * and nowhere when b < 0 (then it alone is the proof). Null when they do meet.
 */
export function motzkinPairs(region: Region, cuts: Row[], decider: InteriorDecider, at: (j: number) => number = sameAt): Pairs | null {
  const never = cuts.findIndex((c) => c.a.every((v) => v === 0n) && c.b < 0n);
  if (never >= 0) return [[region.certRows!.count + at(never), '1']]; // 0 < b < 0: that row alone
  const live = cuts.map((c, j) => ({ c, j })).filter(({ c }) => c.a.some((v) => v !== 0n));
  const decision = decider.decide([...region.rows, ...live.map(({ c }) => c)]);
  if (decision.kind !== 'empty') return null;
  return integerPairs(region, live.map(({ c }) => c), decision.y, (k) => at(live[k].j));
}
