/**
 * The star engine's driver (engine 'star', the default of verify.ts): the float attack scheduled
 * around the neuron-splitting search (star.ts), and a property whose input set is a union of
 * boxes searched box by box (input-union.ts, a `union` node of format version 4).
 *
 * Counterexamples first, cheaply: before the search, descents from each root box's centre (on
 * ACAS Xu they find every counterexample that the full attack of the box engine finds); during
 * the search, while the attack has taken at most ATTACK_SHARE (attack.ts) of the time, rounds every few
 * cells (random starts in the current cell's box, the corners and random starts of a root box),
 * and on every cell the prune test leaves open a descent from the minimiser of its weakest bound.
 * So unsat instances pay little for the attack. Floats only propose: every candidate is confirmed
 * by the exact forward pass.
 */
import type { AffineProperty } from '../certify/verdict-format.js';
import { fromDouble, toDouble, toString, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import type { PinnedNetwork } from '../network/pin-inputs.js';
import { Pacer } from '../run-control.js';
import { TimedAttack, type AttackOptions } from './attack.js';
import { unionBoxes } from './input-union.js';
import { starSearch, type StarStats } from './star.js';
import { verdictHeader } from './verdict-writer.js';
import type { Verdict, VerifyOptions, VerifyStats } from './verify.js';

type Hit = { x: Rational[]; y: Rational[]; disjunct: number };

/** What the driver needs of verify.ts's prepared search. */
export interface StarInput {
  net: Network;
  pinned: PinnedNetwork;
  prop: AffineProperty;
  emit: ((line: object) => void) | null;
}

/**
 * The star engine (star.ts): the float attack first, then the neuron-splitting search; a property
 * whose input set is a union of boxes is searched box by box (input-union.ts, a `union` node).
 */
export async function verifyStar(s: StarInput, options: VerifyOptions, violatedDisjunct: (x: Rational[]) => Hit | null): Promise<Verdict> {
  const pacer = new Pacer(options);
  const star: StarStats = { cells: 0, pruned: 0, splits: 0, cuts: 0, leaves: 0, empty: 0, lps: 0, crown: 0 };
  const done = (): VerifyStats => ({ boxes: star.cells, boxesPruned: star.pruned, prunesUnconfirmed: 0, boxesEnumerated: 0, regions: star.leaves, lpSolves: star.lps, seconds: pacer.seconds(), star: { ...star } });
  const confirm = (xFree: Rational[]) => violatedDisjunct(s.pinned.lift(xFree));
  const parts = unionBoxes(s.prop);
  const roots = parts ?? [{ lo: s.prop.lo, hi: s.prop.hi }];
  // counterexamples first, cheaply: descents from each box's centre (they find every ACAS Xu
  // counterexample the full attack finds); the rest of the attack runs during the search
  const timed = new TimedAttack(s.net, s.prop, violatedDisjunct);
  const run = (where: { lo: Rational[]; hi: Rational[] }, o: AttackOptions) => timed.run(where, o);
  const attacking = options.attack !== false && s.pinned.free.length > 0;
  if (attacking) {
    for (const r of roots) {
      const hit = run(r, { seed: 1, corners: 0, starts: 0 });
      if (hit) return { result: 'sat', ...hit, stats: done() };
    }
  }
  // during the search, while the attack has taken at most ATTACK_SHARE of the time: in turn,
  // random starts in the cell's box (where the search is), and the corners (once) and random
  // starts of a root box
  let round = 0;
  // and on every cell left open, within the same share: a descent from the minimiser of its
  // weakest bound (where the bound says a counterexample would be)
  const probe = (xFree: Float64Array, cellBox: { lo: Rational[]; hi: Rational[] }) => {
    if (!timed.withinShare(pacer.seconds())) return null;
    const x = Float64Array.from(s.pinned.lift(Array.from(xFree, (v) => fromDouble(v))), toDouble);
    return run(cellBox, { corners: 0, starts: 0, centre: false, from: [x] });
  };
  const between = (cellBox: { lo: Rational[]; hi: Rational[] }) => {
    if (!timed.withinShare(pacer.seconds())) return null;
    round++;
    if (round % 2 === 1) return run(cellBox, { seed: 1 + round, corners: 0, starts: 4 });
    const r = roots[(round / 2) % roots.length];
    return run(r, { seed: 1 + round, corners: round <= 2 * roots.length ? 64 : 0, starts: 16 });
  };
  s.emit?.(verdictHeader(s.net, s.prop));
  if (parts) s.emit?.({ t: 'union', boxes: parts.map((b) => ({ lo: b.lo.map(toString), hi: b.hi.map(toString) })) });
  for (const r of roots) {
    s.emit?.({ t: 'star' });
    const res = await starSearch({ pinned: s.pinned, prop: s.prop, confirm, emit: s.emit, inputCutsFrom: options.inputCutsFrom, tightBounds: options.tightBounds, box: parts ? r : undefined, between: attacking ? between : undefined, probe: attacking ? probe : undefined }, pacer, star);
    if (res.kind === 'limit') return { result: 'unknown', reason: pacer.reason!, stats: done() };
    if (res.kind === 'sat') return { result: 'sat', ...res.hit, stats: done() };
  }
  s.emit?.({ t: 'end', verdict: 'unsat', boxes: parts ? parts.length : 1, pruned: 0, enumerated: 0, regions: 0, cells: star.cells });
  return { result: 'unsat', stats: done() };
}

