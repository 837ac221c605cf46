/**
 * verify: is the unsafe set of a VNN-LIB property reachable? Exact verdicts:
 *   sat     — an exact counterexample x (re-evaluated by the exact forward pass),
 *   unsat   — every sub-box of the input box is proved safe, by a certified linear lower bound
 *             (certify/prune-decider.ts, the verdict checker's own decision) or by exact region
 *             enumeration with one exact feasibility decision per region and disjunct (a
 *             Farkas certificate when infeasible),
 *   unknown — only when a user limit (timeout) was hit.
 * Engines (`engine`): 'star' (default) splits neurons over exact polytopes (star.ts, certified
 * by star subtrees, certify/verdict-star.ts; driven by verify-star.ts with its attack schedule and
 * unions of input boxes); 'box' is the search below; 'auto' runs the box search within a budget
 * of boxes, then the star search.
 * Box search: sub-boxes depth first. Floats propose a prune: certified float linear bounds
 * (certify/linear-bounds.ts, proven directed rounding) show that for every disjunct some atom
 * lhs − rhs <= 0 has a lower bound > 0 on the box (input terms minimised exactly over the box),
 * and decide it (`exactPrunes`: the exact bound decides). Otherwise the box's centre is tried as a
 * counterexample, and it is halved along the side that costs the bound most (slopes of the
 * bound times the sides, among the sides at least half as wide, relative to the property's box,
 * as the widest), reusing its float neuron bounds in the halves; at `maxDepth`, or as soon as no
 * neuron is unstable on it (the network is affine there and halving cannot tighten the bound),
 * its regions are enumerated exactly. Inputs the property pins (lo = hi) are folded into the
 * first layer. With `certificate`, the search tree is written as it goes
 * (certify/verdict-format.ts). */
import type { NeuronBounds as ExactNeuronBounds } from '../certify/box-bound.js';
import { chainedBounds, inputPartMin, pruneFailure } from '../certify/prune-decider.js';
import type { AffineAtom, AffineProperty } from '../certify/verdict-format.js';
import { createEnumeration } from '../enumerate/enumerate.js';
import { CertificateWriter, rowFactor } from '../enumerate/certificate-writer.js';
import type { IntAffine } from '../enumerate/affine.js';
import { InputError } from '../errors.js';
import { add, cmp, mul, rat, sign, sub, toDouble, toString, type Rational } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { forward } from '../network/forward.js';
import type { Network } from '../network/network.js';
import { pinInputs, type PinnedNetwork } from '../network/pin-inputs.js';
import { affineProperty } from './affine-property.js';
import { TimedAttack, type AttackOptions } from './attack.js';
import { linearBounds, type NeuronBounds, type Objective } from '../certify/linear-bounds.js';
import { verdictHeader } from './verdict-writer.js';
import type { Property } from './vnnlib.js';
import { checkQuery } from '../network/validate.js';
import { Pacer, type StopOptions } from '../run-control.js';
import { atomRow as exactAtomRow } from '../certify/star-exact.js';
import type { StarStats } from './star.js';
import { verifyStar } from './verify-star.js';

export interface VerifyOptions extends StopOptions {
  /**
   * 'star' (default): split on neurons over exact polytopes (star.ts), certificate format
   * version 3. 'box' (the default with `exactPrunes`): bisect the input box, prune by certified
   * linear bounds; `maxDepth`, `refine`, `split` and `exactPrunes` are its options. 'auto': the
   * box engine for at most `autoBoxes` boxes (small boxes close fast by bisection), then, if
   * undecided, the star engine from the start (the box engine's certificate lines are dropped).
   */
  engine?: 'box' | 'star' | 'auto';
  /** engine 'auto': the box engine's budget of boxes (default 600). */
  autoBoxes?: number;
  /**
   * Star engine: cut an input (halve the cell's box side) instead of splitting a neuron of this
   * layer or deeper while the cell is wide (star.ts chooseInput); default: never.
   */
  inputCutsFrom?: number;
  /**
   * Star engine: tighten the prune test's intermediate neuron bounds over the cell's polytope
   * (star-prune.ts, certify/star-tight.ts; `tight` entries of prune lines); default true.
   */
  tightBounds?: boolean;
  /**
   * Bisection depth before a box's regions are enumerated (default 6·d + 4). A box on which the
   * network is affine (no unstable neuron) is enumerated at once.
   */
  maxDepth?: number;
  /** Search for a counterexample by a float attack first (attack.ts; default true). */
  attack?: boolean;
  /** Tighten unstable neurons' bounds by backward passes (default true; see linear-bounds.ts). */
  refine?: boolean;
  /** Which side to halve: by the bound's slopes times the sides (default), or the widest relative side. */
  split?: 'gradient' | 'widest';
  /**
   * Decide every prune by the exact fixed-point bound (certify/box-bound.ts) instead of the
   * proven float filter (certify/prune-decider.ts): no float computation touches the answer,
   * several times slower on deep nets.
   */
  exactPrunes?: boolean;
  /**
   * Receives the unsat certificate (certify/verdict-format.ts) line by line as the search goes.
   * Meaningful only if the verdict is unsat: a sat verdict's certificate is `satCertificate`.
   */
  certificate?: (line: object) => void;
}

export interface VerifyStats {
  boxes: number;
  boxesPruned: number;
  /** With exactPrunes: boxes whose float bounds proposed a prune that the exact bound did not confirm (then halved). */
  prunesUnconfirmed: number;
  boxesEnumerated: number;
  regions: number;
  lpSolves: number;
  seconds: number;
  /** The star engine's counters (engine 'star', or 'auto' when it went on with the star engine). */
  star?: StarStats;
  /** engine 'auto' that went on with the star engine: the boxes the box engine searched first. */
  autoBoxes?: number;
}

export type Verdict =
  | { result: 'sat'; x: Rational[]; y: Rational[]; disjunct: number; stats: VerifyStats }
  | { result: 'unsat'; stats: VerifyStats }
  | { result: 'unknown'; reason: string; stats: VerifyStats };

/** A box in the full input space (pinned inputs have lo = hi). */
interface Box {
  lo: Rational[];
  hi: Rational[];
  depth: number;
  /** The parent's float neuron bounds (sound on this box too). */
  prior?: NeuronBounds;
  parent?: Box;
  /** Exact neuron bounds chained from the search's root down to this box (on demand). */
  exact?: ExactNeuronBounds;
}

interface Search {
  net: Network;
  pinned: PinnedNetwork;
  prop: AffineProperty;
  emit: ((line: object) => void) | null;
}

export async function verifyProperty(net: Network, property: Property, options: VerifyOptions = {}): Promise<Verdict> {
  const s = prepareSearch(net, property, options);
  const engine = options.engine ?? (options.exactPrunes ? 'box' : 'star');
  if (engine === 'star' && s.pinned.free.length > 0) return verifyStar(s, options, (x) => violatedDisjunct(s, x)); // (every input pinned: one point, the box engine's)
  if (engine === 'auto' && s.pinned.free.length > 0 && !options.exactPrunes) return verifyAuto(net, property, s, options);
  s.emit?.(verdictHeader(net, s.prop));
  const v = await verifySearch(s, { lo: s.prop.lo, hi: s.prop.hi, depth: 0 }, options);
  const t = v.stats;
  if (v.result === 'unsat') s.emit?.({ t: 'end', verdict: 'unsat', boxes: t.boxes, pruned: t.boxesPruned, enumerated: t.boxesEnumerated, regions: t.regions });
  return v;
}

/**
 * The search on one part of the property's box (a sub-box at `depth` of the bisection tree, see
 * parallel.ts): the certificate lines of its subtree only, no header or footer.
 */
export function verifyPart(net: Network, property: Property, part: { lo: Rational[]; hi: Rational[]; depth: number }, options: VerifyOptions = {}): Promise<Verdict> {
  return verifySearch(prepareSearch(net, property, options), part, options);
}

function prepareSearch(net: Network, property: Property, options: VerifyOptions): Search {
  checkQuery(net, undefined, { ...options, engine: undefined }); // `engine` here is the search, not the enumeration engine
  const d = net.inputSize;
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (property.inputs !== d) throw new InputError(`property: ${property.inputs} inputs (X_i), the network has ${d}`);
  if (property.outputs !== outputs) throw new InputError(`property: ${property.outputs} outputs (Y_i), the network has ${outputs}`);
  const prop = affineProperty(property);
  // inputs pinned to one value (e.g. ACAS Xu property 4) are folded into the first layer
  const fixed = prop.lo.map((lo, i) => cmp(lo, prop.hi[i]) === 0);
  return { net, pinned: pinInputs(net, fixed, prop.lo), prop, emit: options.certificate ?? null };
}

/** A box's exact neuron bounds chained from the search's root (each ancestor's intersected in). */
function exactChain(s: Search, box: Box): ExactNeuronBounds {
  return (box.exact ??= chainedBounds(s.pinned, box.lo, box.hi, box.parent ? exactChain(s, box.parent) : undefined));
}

async function verifySearch(s: Search, root: Box, options: VerifyOptions): Promise<Verdict> {
  const { prop, emit } = s;
  const pacer = new Pacer(options);
  const maxDepth = options.maxDepth ?? defaultMaxDepth(s.pinned.free.length);
  const stats: VerifyStats = { boxes: 0, boxesPruned: 0, prunesUnconfirmed: 0, boxesEnumerated: 0, regions: 0, lpSolves: 0, seconds: 0 };
  const done = (): VerifyStats => ({ ...stats, seconds: pacer.seconds() });
  const sat = (hit: { x: Rational[]; y: Rational[]; disjunct: number }): Verdict => ({ result: 'sat', ...hit, stats: done() });

  // counterexamples first: a float attack on the whole box (floats propose, the exact forward pass confirms)
  const timed = new TimedAttack(s.net, prop, (x) => violatedDisjunct(s, x));
  const attackRoot = (o: AttackOptions, where: { lo: Rational[]; hi: Rational[] } = root) => (options.attack === false ? null : timed.run(where, o));
  if (s.pinned.free.length > 0) {
    const hit = attackRoot({ seed: 1 });
    if (hit) return sat(hit);
  }
  const stack: Box[] = [root];
  while (stack.length > 0) {
    const box = stack.pop()!;
    stats.boxes++;
    const reason = await pacer.tick();
    if (reason) return { result: 'unknown', reason, stats: done() };
    if (s.pinned.free.length === 0) {
      // a single input point: the exact forward pass decides
      const hit = violatedDisjunct(s, box.lo);
      if (hit) return sat(hit);
      emit?.({ t: 'point' });
      continue;
    }
    const check = refuteOnBox(s, box, options);
    if (check.refuted) {
      // the float bound is proven (directed rounding): it decides, as the checker's filter does
      // with the same chain of ancestors' bounds (certify/prune-decider.ts)
      const chained = box.depth - root.depth;
      if (!options.exactPrunes) {
        stats.boxesPruned++;
        emit?.(chained > 0 ? { t: 'pruned', atoms: check.atoms, prior: chained } : { t: 'pruned', atoms: check.atoms });
        continue;
      }
      // the exact bound decides; it reuses its ancestors' bounds (chained) only when it must
      if (pruneFailure(s.pinned, prop, box.lo, box.hi, check.atoms) === null) {
        stats.boxesPruned++;
        emit?.({ t: 'pruned', atoms: check.atoms });
        continue;
      }
      if (box.parent && pruneFailure(s.pinned, prop, box.lo, box.hi, check.atoms, exactChain(s, box.parent)) === null) {
        stats.boxesPruned++;
        emit?.({ t: 'pruned', atoms: check.atoms, prior: chained });
        continue;
      }
      stats.prunesUnconfirmed++;
    }
    const centre = box.lo.map((l, i) => rat(l.n * box.hi[i].d + box.hi[i].n * l.d, 2n * l.d * box.hi[i].d));
    const hit = violatedDisjunct(s, centre);
    if (hit) return sat(hit);
    // and during the search: another round of random starts every ATTACK_EVERY boxes while the
    // attack has taken at most ATTACK_SHARE of the time, so long searches keep looking while
    // searches that will end unsat pay little
    if (stats.boxes % ATTACK_EVERY === 0 && timed.withinShare(pacer.seconds())) {
      // alternately: random starts in the whole box, and in the box the search is on (where the
      // bound is worst, and counterexamples hide in small pockets)
      const round = stats.boxes / ATTACK_EVERY;
      const found = round % 2 === 0 ? attackRoot({ seed: 1 + round, corners: 0, starts: 32 }) : attackRoot({ seed: 1 + round, corners: 0, starts: 16 }, box);
      if (found) return sat(found);
    }
    // bisect, unless the depth limit is reached or the network is affine on the box (no unstable
    // neuron: the linear bound is already exact up to rounding, halving cannot tighten it)
    if (box.depth < maxDepth && check.unstable > 0) {
      const halves = bisect(box, prop, options.split === 'widest' ? null : check.score, check.upperFirst, check.neurons);
      emit?.(halves.upperFirst ? { t: 'bisect', input: halves.input, at: toString(halves.at), first: 'upper' } : { t: 'bisect', input: halves.input, at: toString(halves.at) });
      stack.push(...halves.boxes);
      continue;
    }
    stats.boxesEnumerated++;
    emit?.({ t: 'regions' });
    const found = await enumerateBox(s, box, stats, pacer);
    if (found === 'limit') return { result: 'unknown', reason: pacer.reason!, stats: done() };
    if (found) return sat(found);
  }
  return { result: 'unsat', stats: done() };
}

/** engine 'auto': the box engine within a budget of boxes, then the star engine. */
async function verifyAuto(net: Network, property: Property, s: Search, options: VerifyOptions): Promise<Verdict> {
  const start = performance.now();
  const lines: object[] = [];
  let ticks = 0;
  let overBudget = false;
  const budget = options.autoBoxes ?? AUTO_BOXES;
  const box = await verifyProperty(net, property, {
    ...options,
    engine: 'box',
    certificate: options.certificate ? (l) => lines.push(l) : undefined,
    // the box search polls once per box (and per region of an enumerated box)
    shouldStop: () => options.shouldStop?.() === true || (overBudget ||= ++ticks > budget),
  });
  if (box.result !== 'unknown' || !overBudget || options.shouldStop?.() || options.signal?.aborted) {
    if (box.result === 'unsat') for (const l of lines) options.certificate?.(l);
    if (box.result === 'unknown' && overBudget) return { ...box, reason: 'interrupted' };
    return box;
  }
  const spent = (performance.now() - start) / 1000;
  const rest = options.timeoutSeconds === undefined ? undefined : Math.max(options.timeoutSeconds - spent, 1e-9);
  // the attack already ran (and found nothing) in the box phase
  const v = await verifyStar(s, { ...options, timeoutSeconds: rest, attack: false }, (x) => violatedDisjunct(s, x));
  v.stats.seconds += spent;
  v.stats.autoBoxes = box.stats.boxes;
  return v;
}

/** engine 'auto': the box engine's budget of boxes. */
const AUTO_BOXES = 600;

/** Boxes between two rounds of the float attack during the search. */
const ATTACK_EVERY = 64;

/** Bisection depth before a box's regions are enumerated, by default. */
export const defaultMaxDepth = (freeInputs: number): number => 6 * freeInputs + 4;

/**
 * Do the float bounds say every disjunct is impossible on the box? An atom c·y + a·x + k <= 0 is
 * impossible if a lower bound of c·y + k + min_box(a·x) is > 0: the input part is minimised
 * exactly over the box, the output part bounded by certified linear bounds (linear-bounds.ts).
 * `atoms`: the atom of each disjunct with the best bound (the exact confirmation is the
 * caller's). Else `score` ranks the inputs for splitting: the slopes of the best atom's bound
 * of each live disjunct, times the box's sides.
 */
function refuteOnBox(
  s: Search,
  box: Box,
  options: VerifyOptions,
): { refuted: boolean; atoms: number[]; score: number[]; upperFirst: boolean[]; neurons?: NeuronBounds; unstable: number } {
  const { free } = s.pinned;
  const objectives: Objective[] = [];
  const index = s.prop.unsafe.map((conj) =>
    conj.map((atom) => {
      const k = inputPartMin(atom, box.lo, box.hi);
      if (atom.c.every((v) => v.n === 0n)) return k.n > 0n ? -2 : -1; // decided exactly: -2 impossible, -1 possible
      objectives.push({ c: atom.c, k });
      return objectives.length - 1;
    }),
  );
  const lo = free.map((i) => box.lo[i]);
  const hi = free.map((i) => box.hi[i]);
  const res = objectives.length > 0 ? linearBounds(s.pinned.net, lo, hi, objectives, { refine: options.refine ?? true, prior: box.prior }) : null;
  const bounds = res?.bounds ?? [];
  const value = (j: number) => (j === -2 ? Infinity : j === -1 ? -Infinity : bounds[j].bound);
  const score = new Array<number>(box.lo.length).fill(0);
  let refuted = true;
  let weakest = -1; // the live disjunct's objective with the lowest bound
  const atoms = index.map((conj) => {
    let best = 0;
    conj.forEach((j, a) => value(j) > value(conj[best]) && (best = a));
    const j = conj[best];
    if (conj.length > 0 && value(j) > 0) return best;
    refuted = false;
    if (j !== undefined && j >= 0) {
      free.forEach((i, f) => (score[i] += Math.abs(bounds[j].coef[f]) * toDouble(sub(box.hi[i], box.lo[i]))));
      if (weakest < 0 || value(j) < value(weakest)) weakest = j;
    }
    return best;
  });
  // the half holding the minimiser of the weakest bound's affine function first: where a
  // counterexample is likeliest (a negative slope puts the minimiser on the upper side)
  const upperFirst = box.lo.map(() => false);
  if (weakest >= 0) free.forEach((i, f) => (upperFirst[i] = bounds[weakest].coef[f] < 0));
  let unstable = Infinity;
  if (res?.neurons) {
    const { l, u } = res.neurons;
    unstable = l.reduce((n, layer, m) => n + layer.filter((v, j) => v < 0 && u[m][j] > 0).length, 0);
  }
  return { refuted, atoms, score, upperFirst, neurons: res?.neurons ?? undefined, unstable };
}

/** Exact regions of the box; per region and disjunct, one exact closed-feasibility decision. */
async function enumerateBox(
  s: Search,
  box: Box,
  stats: VerifyStats,
  pacer: Pacer,
): Promise<{ x: Rational[]; y: Rational[]; disjunct: number } | null | 'limit'> {
  const { free, net, lift } = s.pinned;
  const en = createEnumeration(net, { domain: { kind: 'box', lo: free.map((i) => box.lo[i]), hi: free.map((i) => box.hi[i]) } });
  const writer = s.emit ? new CertificateWriter(s.emit) : undefined;
  try {
    for (const region of en.regions(writer)) {
      stats.regions++;
      if (await pacer.tick()) return 'limit';
      const farkas: [number, string][][] = [];
      for (let k = 0; k < s.prop.unsafe.length; k++) {
        const atomRows = s.prop.unsafe[k].map((atom) => atomRow(atom, region.map, s.pinned, box));
        const rows: Row[] = [...region.rows, ...atomRows];
        const res = en.decider.feasibleClosed(rows);
        if (res.kind === 'feasible') {
          const hit = violatedDisjunct(s, lift(res.point.p.map((v) => rat(v, res.point.q))));
          if (!hit) throw new Error('verify: internal error: an exact counterexample fails the exact forward pass');
          return hit;
        }
        if (writer && region.certRows) {
          // multipliers on the certificate's primitive rows (row = factor × primitive row)
          const { ids, count } = region.certRows;
          const pairs: [number, string][] = [];
          res.y.forEach((y, i) => {
            if (y === 0n) return;
            const id = i < ids.length ? ids[i] : count + (i - ids.length);
            pairs.push([id, (y * rowFactor(rows[i])).toString()]);
          });
          farkas.push(pairs);
        }
      }
      if (writer) region.certExtra = { farkas };
    }
    return null;
  } finally {
    stats.lpSolves += en.stats.lpSolves;
  }
}

/** The first disjunct of the unsafe set that holds at x (exact forward pass), x in the property's box. */
function violatedDisjunct(s: Search, x: Rational[]): { x: Rational[]; y: Rational[]; disjunct: number } | null {
  const { prop } = s;
  for (let i = 0; i < x.length; i++) {
    if (cmp(x[i], prop.lo[i]) < 0 || cmp(x[i], prop.hi[i]) > 0) return null;
  }
  const y = forward(s.net, x).output;
  const value = (atom: AffineAtom): Rational => {
    let v = atom.k;
    atom.c.forEach((c, o) => c.n !== 0n && (v = add(v, mul(c, y[o]))));
    atom.a.forEach((a, i) => a.n !== 0n && (v = add(v, mul(a, x[i]))));
    return v;
  };
  const k = prop.unsafe.findIndex((conj) => conj.every((atom) => sign(value(atom)) <= 0));
  return k < 0 ? null : { x, y, disjunct: k };
}

/**
 * The atom c·y + a·x + k <= 0 as an integer row over the free inputs on a region with output map
 * y = (M x + c0)/den: the pinned inputs folded into the constant, then star-exact's row of the
 * atom over the free inputs.
 */
function atomRow(atom: AffineAtom, map: IntAffine, pinned: PinnedNetwork, box: Box): Row {
  const { free } = pinned;
  let constant = atom.k;
  atom.a.forEach((ai, i) => {
    if (ai.n !== 0n && !free.includes(i)) constant = add(constant, mul(ai, box.lo[i]));
  });
  return exactAtomRow({ c: atom.c, a: free.map((i) => atom.a[i]), k: constant }, map);
}

/**
 * Halves the box along the side with the largest score (a heuristic: how much that side costs
 * the bound); without scores (or all zero), along the side widest relative to the property's box.
 * Pinned inputs (zero width) are never chosen. The lower half is searched first unless
 * `upperFirst` says otherwise for the chosen side.
 */
function bisect(
  box: Box,
  root: { lo: Rational[]; hi: Rational[] },
  score: number[] | null,
  upperFirst: boolean[],
  prior?: NeuronBounds,
): { input: number; at: Rational; upperFirst: boolean; boxes: Box[] } {
  // sides relative to the property's box (a heuristic, so doubles are fine here)
  const rel = box.lo.map((l, i) => {
    const full = sub(root.hi[i], root.lo[i]);
    return full.n === 0n ? 0 : toDouble(sub(box.hi[i], l)) / toDouble(full);
  });
  const widest = rel.reduce((b, v, i) => (v > rel[b] ? i : b), 0);
  let best = widest;
  if (score) {
    // the best-scoring side among those not much narrower than the widest (keeps boxes from
    // turning into needles along sides the bound's slopes happen to ignore)
    let top = 0;
    score.forEach((v, i) => {
      if (v > top && rel[i] > 0 && rel[i] * 2 >= rel[widest]) {
        top = v;
        best = i;
      }
    });
  }
  const mid = rat(add(box.lo[best], box.hi[best]).n, 2n * add(box.lo[best], box.hi[best]).d);
  const left = { lo: box.lo, hi: box.hi.map((v, i) => (i === best ? mid : v)), depth: box.depth + 1, prior, parent: box };
  const right = { lo: box.lo.map((v, i) => (i === best ? mid : v)), hi: box.hi, depth: box.depth + 1, prior, parent: box };
  // pushed in reverse: the first half is popped first
  return upperFirst[best] ? { input: best, at: mid, upperFirst: true, boxes: [left, right] } : { input: best, at: mid, upperFirst: false, boxes: [right, left] };
}
