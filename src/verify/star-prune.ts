/**
 * The star search's prune test (star.ts step 3): certified CROWN bounds of the unsafe set's atoms
 * on the network from the cell's layer k on (star-exact.ts cellBounds, every unstable neuron of
 * the later layers refined), with the refined neurons' bounds tightened over the cell's polytope
 * (certify/star-tight.ts: the float LP proposes multipliers, the bound is computed with proven
 * rounding), then each atom's affine bound minimised over P exactly (nsLower with the LP's
 * multipliers). Pruned when every disjunct has an atom whose bound is > 0. Otherwise it returns
 * the weakest bound's slopes, for the split heuristics.
 */
import { inputPartMin } from '../certify/prune-decider.js';
import type { LinearBound, Objective } from '../certify/linear-bounds.js';
import { atomObjective, cellBounds, integerCoef, polytopeBound, type ExactBox, type ExactMap, type Pairs } from '../certify/star-exact.js';
import { polyFrame, polyLower, type PolyFrame, type TightEntry } from '../certify/star-tight.js';
import type { AffineAtom } from '../certify/verdict-format.js';
import type { Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import { short, type StarLp, type StarRow } from './star-lp.js';

export interface PruneCell {
  rows: StarRow[];
  k: number;
  pre: ExactMap;
  l: Float64Array;
  u: Float64Array;
  blo: Rational[];
  bhi: Rational[];
}

export interface PruneResult {
  pruned: boolean;
  /** Pruned: the atom per disjunct, the multipliers of its bound over P (null: over the box), the tightened neurons. */
  atoms: number[];
  ys: (Pairs | null)[];
  tight: TightEntry[];
  /** Not pruned: the weakest bound's backward coefficients over layer k's outputs and its input slopes. */
  lam0?: Float64Array;
  coef?: Float64Array;
  /** Not pruned: the float LP's minimiser over P of the failing disjunct's best atom bound (a candidate counterexample). */
  witness?: Float64Array;
}

export function pruneTest(net: Network, box: ExactBox, lp: StarLp, atoms: AffineAtom[][], cell: PruneCell, tightBounds: boolean): PruneResult {
  const objectives: Objective[] = [];
  const index = atoms.map((conj) => {
    // a disjunct ruled out by an input-only atom over the box needs no CROWN objective
    const dead = conj.findIndex((atom) => atom.c.every((v) => v.n === 0n) && inputPartMin(atom, cell.blo, cell.bhi).n > 0n);
    if (dead >= 0) return conj.map((_, a) => (a === dead ? -2 : -1));
    return conj.map((atom) => {
      const o = atomObjective(atom, cell.blo, cell.bhi);
      if (o === null) return inputPartMin(atom, cell.blo, cell.bhi).n > 0n ? -2 : -1;
      objectives.push(o);
      return objectives.length - 1;
    });
  });
  const tight: TightEntry[] = [];
  let tighten: ((m: number, j: number, s: 1 | -1, b: LinearBound) => number) | undefined;
  if (tightBounds && cell.rows.length > 0) {
    let frame: PolyFrame | undefined; // made on the first proposal, not for a cell that gets none
    tighten = (m, j, s, b) => {
      const proposed = lp.propose(cell.rows, b.coef);
      if (proposed === 'empty' || proposed.length === 0) return -Infinity;
      // six significant digits: the entries are most of the certificate, and a neuron bound
      // looser by about 1e-6 of the multipliers' part does not change the prunes
      const pairs: Pairs = proposed.map(([t, y]) => [t, short(y)]);
      const v = polyLower((frame ??= polyFrame(cell.rows, cell.blo, cell.bhi)), b, pairs);
      if (!(v > b.bound)) return -Infinity; // (an entry that does not help is left out)
      tight.push([m, j, s, pairs]);
      return v;
    };
  }
  const bounds: LinearBound[] = objectives.length > 0 ? cellBounds(net, cell.pre, cell.k, cell.blo, cell.bhi, cell.l, cell.u, objectives, tighten) : [];
  const chosen: number[] = [];
  const ys: (Pairs | null)[] = [];
  let weakest = -1;
  let witness: Float64Array | undefined;
  for (const conj of index) {
    witness = undefined;
    let found = conj.findIndex((j) => j === -2 || (j >= 0 && bounds[j].bound > 0));
    let pairs: Pairs | null = null;
    if (found < 0 && cell.rows.length > 0) {
      // the atoms by their bound over the box, best first: the exact bound over P
      const order = conj.map((j, a) => [j, a]).filter(([j]) => j >= 0 && Number.isFinite(bounds[j].bound) && bounds[j].beta !== undefined);
      order.sort((x, y) => bounds[y[0]].bound - bounds[x[0]].bound);
      for (const [j, a] of order) {
        const b = bounds[j];
        const { c, D } = integerCoef(b.coef);
        lp.lastX = null;
        const v = lp.minimize(cell.rows, c, D);
        witness ??= lp.lastX ?? undefined;
        if (v === 'empty') continue; // an empty P is found by the next LPs
        if (polytopeBound(box, cell.rows, b, cell.blo, v.pairs).n > 0n) {
          found = a;
          pairs = v.pairs;
          break;
        }
      }
    }
    if (found < 0) {
      const live = conj.filter((j) => j >= 0);
      const best = live.reduce((x, y) => (bounds[y].bound > bounds[x].bound ? y : x), live[0] ?? -1);
      if (best >= 0 && (weakest < 0 || bounds[best].bound < bounds[weakest].bound)) weakest = best;
      return { pruned: false, atoms: [], ys: [], tight, witness, lam0: weakest >= 0 ? bounds[weakest].lam0 : undefined, coef: weakest >= 0 ? bounds[weakest].coef : undefined };
    }
    chosen.push(found);
    ys.push(conj[found] === -2 ? null : pairs);
  }
  return { pruned: true, atoms: chosen, ys, tight };
}
