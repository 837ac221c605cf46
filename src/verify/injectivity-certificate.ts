/**
 * The proofs an injectivity certificate's region leaves carry (certify/injective-checker.ts):
 * a nonsingular d×d minor of the region's map, and for deeper networks, for each earlier region,
 * the certified LP duals (or a Farkas certificate) of the pairwise step, in the certificate's row
 * numbering.
 */
import { rowFactor } from '../enumerate/certificate-writer.js';
import type { IntAffine } from '../enumerate/affine.js';
import type { Region } from '../enumerate/region.js';
import { gcd, rat, toString } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { solvePair } from './injectivity-pairs.js';

/** d rows of M (d columns) that are linearly independent, by exact fraction-free elimination; null if rank < d. */
export function independentRows(M: bigint[][], d: number): number[] | null {
  const chosen: number[] = [];
  const basis: { row: bigint[]; pivot: number }[] = [];
  for (let o = 0; o < M.length && chosen.length < d; o++) {
    let v = M[o].slice();
    for (const { row, pivot } of basis) {
      if (v[pivot] === 0n) continue;
      const f = v[pivot];
      const p = row[pivot];
      v = v.map((x, k) => x * p - f * row[k]);
      const g = v.reduce((m, x) => gcd(m, x), 0n);
      if (g > 1n) v = v.map((x) => x / g);
    }
    const pivot = v.findIndex((x) => x !== 0n);
    if (pivot < 0) continue;
    basis.push({ row: v, pivot });
    chosen.push(o);
  }
  return chosen.length === d ? chosen : null;
}

export interface Earlier {
  rows: Row[];
  ids: number[];
  count: number;
  map: IntAffine;
}

export type PairOutcome = { proof: Record<string, unknown> } | { x: { p: bigint[]; q: bigint }; y: { p: bigint[]; q: bigint } };

/**
 * Either a proof that the closures of a and b have no x != y with f(x) = f(y), or a pair (from a
 * positive maximum of some x_i − y_i: the caller confirms it with the exact forward pass).
 */
export function pairProof(a: Earlier, b: Earlier, d: number, stats: { lpSolves: number }): PairOutcome {
  const r = solvePair(a, b, d, stats);
  if (r.kind === 'pair') return r;
  // the certificate numbers a's rows, then b's, then the equality rows (2 per output)
  const id = (i: number): number =>
    i < a.rows.length ? a.ids[i] : i < a.rows.length + b.rows.length ? a.count + b.ids[i - a.rows.length] : a.count + b.count + (i - a.rows.length - b.rows.length);
  const pairs = (y: bigint[], scale: bigint): [number, string][] =>
    y.flatMap((v, i) => (v === 0n ? [] : [[id(i), toString(rat(v * rowFactor(r.rows[i]), scale))] as [number, string]]));
  return { proof: r.farkas ? { farkas: pairs(r.farkas, 1n) } : { lps: r.duals.map((dual) => pairs(dual.y, dual.scale)) } };
}

/** What a region leaf of the certificate needs from the enumerator's region. */
export const earlierOf = (r: Region): Earlier => ({ rows: r.rows, ids: r.certRows!.ids, count: r.certRows!.count, map: r.map });
