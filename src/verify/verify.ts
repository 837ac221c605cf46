/**
 * verify: is the unsafe set of a VNN-LIB property reachable? Exact verdicts:
 *   sat     — an exact counterexample x (re-evaluated by the exact forward pass),
 *   unsat   — every sub-box of the input box is proved safe, by certified linear bounds (true
 *             lower bounds of the exact network, computed in floating point with rigorous
 *             rounding-error control: see linear-bounds.ts) or by exact region enumeration with
 *             one exact feasibility decision per region and disjunct (a Farkas certificate when
 *             infeasible),
 *   unknown — only when a user limit (timeout) was hit.
 * Search: sub-boxes depth first. A box is pruned when, for every disjunct, some atom
 * lhs − rhs <= 0 has a certified lower bound > 0 on it (input terms are minimised exactly over
 * the box). Otherwise its centre is tried as a counterexample, and it is halved along the side
 * that costs the bound most (slopes of the bound times the sides, among the sides at least half
 * as wide, relative to the property's box, as the widest), reusing its neuron bounds in the
 * halves; at `maxDepth`, or as soon as no neuron is unstable on it (the network is affine there
 * and halving cannot tighten the bound), its regions are enumerated exactly.
 */
import { createEnumeration } from '../enumerate/enumerate.js';
import { InputError } from '../errors.js';
import { add, cmp, lcm, mul, neg, ONE, rat, sub, toDouble, ZERO, type Rational } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { forward } from '../network/forward.js';
import type { Network } from '../network/network.js';
import type { IntAffine } from '../enumerate/affine.js';
import { linearBounds, type NeuronBounds, type Objective } from './linear-bounds.js';
import type { Atom, Property, Term } from './vnnlib.js';

export interface VerifyOptions {
  timeoutSeconds?: number;
  /**
   * Bisection depth before a box's regions are enumerated (default 6·d + 4). A box on which the
   * network is affine (no unstable neuron) is enumerated at once.
   */
  maxDepth?: number;
  shouldStop?: () => boolean;
  /** Tighten unstable neurons' bounds by backward passes (default true; see linear-bounds.ts). */
  refine?: boolean;
  /** Which side to halve: by the bound's slopes times the sides (default), or the widest relative side. */
  split?: 'gradient' | 'widest';
}

export interface VerifyStats {
  boxes: number;
  boxesPruned: number;
  boxesEnumerated: number;
  regions: number;
  lpSolves: number;
  seconds: number;
}

export type Verdict =
  | { result: 'sat'; x: Rational[]; y: Rational[]; disjunct: number; stats: VerifyStats }
  | { result: 'unsat'; stats: VerifyStats }
  | { result: 'unknown'; reason: string; stats: VerifyStats };

interface Box {
  lo: Rational[];
  hi: Rational[];
  depth: number;
  /** The parent's neuron bounds (sound on this box too). */
  prior?: NeuronBounds;
}

export function verifyProperty(net: Network, prop: Property, options: VerifyOptions = {}): Verdict {
  const d = net.inputSize;
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (prop.inputs !== d) throw new InputError(`property: ${prop.inputs} inputs (X_i), the network has ${d}`);
  if (prop.outputs !== outputs) throw new InputError(`property: ${prop.outputs} outputs (Y_i), the network has ${outputs}`);
  const fixed = prop.inputBox.lo.map((lo, i) => cmp(lo, prop.inputBox.hi[i]) === 0);
  if (fixed.every(Boolean)) {
    // a single input point: the exact forward pass decides
    const stats = { boxes: 1, boxesPruned: 0, boxesEnumerated: 0, regions: 0, lpSolves: 0, seconds: 0 };
    const hit = violatedDisjunct(net, prop, prop.inputBox.lo);
    return hit ? { result: 'sat', ...hit, stats } : { result: 'unsat', stats };
  }
  if (fixed.some(Boolean)) {
    // inputs pinned to one value (e.g. ACAS Xu property 4): fold them into the first layer
    const reduced = withFixedInputs(net, prop, fixed);
    const v = verifyFree(reduced.net, reduced.prop, options);
    return v.result === 'sat' ? { ...v, x: reduced.lift(v.x), y: forward(net, reduced.lift(v.x)).output } : v;
  }
  return verifyFree(net, prop, options);
}

function verifyFree(net: Network, prop: Property, options: VerifyOptions): Verdict {
  const d = net.inputSize;
  const start = performance.now();
  const maxDepth = options.maxDepth ?? 6 * d + 4;
  const stats: VerifyStats = { boxes: 0, boxesPruned: 0, boxesEnumerated: 0, regions: 0, lpSolves: 0, seconds: 0 };
  const done = (): VerifyStats => ({ ...stats, seconds: (performance.now() - start) / 1000 });
  const limitHit = (): string | null => {
    if (options.shouldStop?.()) return 'interrupted';
    if (options.timeoutSeconds !== undefined && (performance.now() - start) / 1000 > options.timeoutSeconds) return 'timeout';
    return null;
  };
  const atoms = prop.unsafe.map((conj) => conj.map((atom) => affineAtom(atom, d, prop.outputs)));

  const stack: Box[] = [{ lo: prop.inputBox.lo, hi: prop.inputBox.hi, depth: 0 }];
  while (stack.length > 0) {
    const box = stack.pop()!;
    stats.boxes++;
    const reason = limitHit();
    if (reason) return { result: 'unknown', reason, stats: done() };

    const check = refuteOnBox(net, atoms, box, options);
    if (check.refuted) {
      stats.boxesPruned++;
      continue;
    }
    const centre = box.lo.map((l, i) => rat(l.n * box.hi[i].d + box.hi[i].n * l.d, 2n * l.d * box.hi[i].d));
    const hit = violatedDisjunct(net, prop, centre);
    if (hit) return { result: 'sat', ...hit, stats: done() };
    // bisect, unless the depth limit is reached or the network is affine on the box (no unstable
    // neuron: the linear bound is already exact up to rounding, halving cannot tighten it)
    if (box.depth < maxDepth && check.unstable > 0) {
      stack.push(...bisect(box, prop.inputBox, options.split === 'widest' ? null : check.score, check.neurons));
      continue;
    }
    stats.boxesEnumerated++;
    const found = enumerateBox(net, prop, box, stats, limitHit);
    if (found === 'limit') return { result: 'unknown', reason: limitHit() ?? 'limit', stats: done() };
    if (found) return { result: 'sat', ...found, stats: done() };
  }
  return { result: 'unsat', stats: done() };
}

/** An atom lhs <= rhs as lhs − rhs = c·y + a·x + k <= 0 (exact). */
interface AffineAtom {
  c: Rational[];
  a: Rational[];
  k: Rational;
  /** c = 0: the atom is over the inputs only. */
  inputOnly: boolean;
}

function affineAtom(atom: Atom, d: number, outputs: number): AffineAtom {
  const c: Rational[] = new Array(outputs).fill(ZERO);
  const a: Rational[] = new Array(d).fill(ZERO);
  let k = ZERO;
  const addTerm = (t: Term, s: Rational): void => {
    if ('const' in t) k = add(k, mul(s, t.const));
    else if (t.var === 'X') a[t.index] = add(a[t.index], s);
    else c[t.index] = add(c[t.index], s);
  };
  addTerm(atom.lhs, ONE);
  addTerm(atom.rhs, neg(ONE));
  return { c, a, k, inputOnly: c.every((v) => v.n === 0n) };
}

/**
 * Is every disjunct impossible on the box? An atom c·y + a·x + k <= 0 is impossible if a TRUE
 * lower bound of c·y + k + min_box(a·x) is > 0: the input part is minimised exactly over the box
 * and folded into the constant, the output part bounded by certified linear bounds (sound under
 * floating point, see linear-bounds.ts). Else `score` ranks the inputs for splitting: the slopes
 * of the best atom's bound of each live disjunct, times the box's sides.
 */
function refuteOnBox(
  net: Network,
  atoms: AffineAtom[][],
  box: Box,
  options: VerifyOptions,
): { refuted: boolean; score: number[]; neurons?: NeuronBounds; unstable: number } {
  const d = box.lo.length;
  const objectives: Objective[] = [];
  const index = atoms.map((conj) =>
    conj.map((atom) => {
      let k = atom.k;
      atom.a.forEach((ai, i) => {
        if (ai.n !== 0n) k = add(k, mul(ai, ai.n > 0n ? box.lo[i] : box.hi[i]));
      });
      if (atom.inputOnly) return k.n > 0n ? -2 : -1; // decided exactly: -2 impossible, -1 possible
      objectives.push({ c: atom.c, k });
      return objectives.length - 1;
    }),
  );
  const res = objectives.length > 0 ? linearBounds(net, box.lo, box.hi, objectives, { refine: options.refine ?? true, prior: box.prior }) : null;
  const bounds = res?.bounds ?? [];
  const score = new Array<number>(d).fill(0);
  let refuted = true;
  for (const conj of index) {
    if (conj.some((j) => j === -2 || (j >= 0 && bounds[j].bound > 0))) continue;
    refuted = false;
    let best = -1;
    for (const j of conj) if (j >= 0 && (best < 0 || bounds[j].bound > bounds[best].bound)) best = j;
    if (best < 0) continue;
    for (let i = 0; i < d; i++) score[i] += Math.abs(bounds[best].coef[i]) * toDouble(sub(box.hi[i], box.lo[i]));
  }
  let unstable = Infinity;
  if (res?.neurons) {
    const { l, u } = res.neurons;
    unstable = l.reduce((s, layer, m) => s + layer.filter((v, j) => v < 0 && u[m][j] > 0).length, 0);
  }
  return { refuted, score, neurons: res?.neurons ?? undefined, unstable };
}

/** Exact regions of the box; per region and disjunct, one exact closed-feasibility decision. */
function enumerateBox(
  net: Network,
  prop: Property,
  box: Box,
  stats: VerifyStats,
  limitHit: () => string | null,
): { x: Rational[]; y: Rational[]; disjunct: number } | null | 'limit' {
  const en = createEnumeration(net, { domain: { kind: 'box', lo: box.lo, hi: box.hi } });
  try {
    for (const region of en.regions()) {
      stats.regions++;
      if (stats.regions % 16 === 0 && limitHit()) return 'limit';
      for (let k = 0; k < prop.unsafe.length; k++) {
        const rows: Row[] = [...region.rows, ...prop.unsafe[k].map((atom) => atomRow(atom, region.map, net.inputSize))];
        const res = en.decider.feasibleClosed(rows);
        if (res.kind === 'infeasible') continue;
        const x = res.point.p.map((v) => rat(v, res.point.q));
        const hit = violatedDisjunct(net, prop, x);
        if (!hit) throw new Error('verify: internal error: an exact counterexample fails the exact forward pass');
        return hit;
      }
    }
    return null;
  } finally {
    stats.lpSolves += en.stats.lpSolves;
  }
}

/** The first disjunct of the unsafe set that the exact forward pass at x satisfies (and x in the box). */
function violatedDisjunct(net: Network, prop: Property, x: Rational[]): { x: Rational[]; y: Rational[]; disjunct: number } | null {
  for (let i = 0; i < x.length; i++) {
    if (cmp(x[i], prop.inputBox.lo[i]) < 0 || cmp(x[i], prop.inputBox.hi[i]) > 0) return null;
  }
  const y = forward(net, x).output;
  const value = (t: Term): Rational => ('const' in t ? t.const : t.var === 'X' ? x[t.index] : y[t.index]);
  const k = prop.unsafe.findIndex((conj) => conj.every((a) => cmp(value(a.lhs), value(a.rhs)) <= 0));
  return k < 0 ? null : { x, y, disjunct: k };
}

/** The atom lhs − rhs <= 0 as an integer row a·x <= b on a region with output map (M x + c)/den. */
function atomRow(atom: Atom, map: IntAffine, d: number): Row {
  // affine form over the common denominator D: (coef·x + k)/D
  let D = map.den;
  for (const t of [atom.lhs, atom.rhs]) if ('const' in t) D = lcm(D, t.const.d);
  const coef = new Array<bigint>(d).fill(0n);
  let k = 0n;
  const addTerm = (t: Term, s: bigint): void => {
    if ('const' in t) k += s * t.const.n * (D / t.const.d);
    else if (t.var === 'X') coef[t.index] += s * D;
    else {
      const f = D / map.den;
      for (let i = 0; i < d; i++) coef[i] += s * f * map.M[t.index][i];
      k += s * f * map.c[t.index];
    }
  };
  addTerm(atom.lhs, 1n);
  addTerm(atom.rhs, -1n);
  return { a: coef, b: -k };
}

/**
 * Halves the box along the side with the largest score (a heuristic: how much that side costs
 * the bound); without scores (or all zero), along the side widest relative to the property's box.
 */
function bisect(box: Box, root: { lo: Rational[]; hi: Rational[] }, score: number[] | null, prior?: NeuronBounds): Box[] {
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
      if (v > top && rel[i] * 2 >= rel[widest]) {
        top = v;
        best = i;
      }
    });
  }
  const mid = rat(add(box.lo[best], box.hi[best]).n, 2n * add(box.lo[best], box.hi[best]).d);
  const left = { lo: box.lo, hi: box.hi.map((v, i) => (i === best ? mid : v)), depth: box.depth + 1, prior };
  const right = { lo: box.lo.map((v, i) => (i === best ? mid : v)), hi: box.hi, depth: box.depth + 1, prior };
  return [right, left]; // left is popped first
}

/** The network and property on the free inputs only; `lift` puts the pinned values back. */
function withFixedInputs(net: Network, prop: Property, fixed: boolean[]): { net: Network; prop: Property; lift: (x: Rational[]) => Rational[] } {
  const free = fixed.flatMap((f, i) => (f ? [] : [i]));
  const value = prop.inputBox.lo;
  const [first, ...rest] = net.layers;
  const layer0 = {
    ...first,
    weights: first.weights.map((row) => free.map((i) => row[i])),
    bias: first.bias.map((b, j) => fixed.reduce((s, f, i) => (f ? add(s, mul(first.weights[j][i], value[i])) : s), b)),
  };
  const newIndex = new Map(free.map((i, k) => [i, k]));
  const term = (t: Term): Term => ('const' in t || t.var === 'Y' ? t : fixed[t.index] ? { const: value[t.index] } : { var: 'X', index: newIndex.get(t.index)! });
  return {
    net: { inputSize: free.length, layers: [layer0, ...rest] },
    prop: {
      inputs: free.length,
      outputs: prop.outputs,
      inputBox: { lo: free.map((i) => prop.inputBox.lo[i]), hi: free.map((i) => prop.inputBox.hi[i]) },
      unsafe: prop.unsafe.map((conj) => conj.map((a) => ({ kind: 'le' as const, lhs: term(a.lhs), rhs: term(a.rhs) }))),
    },
    lift: (x) => fixed.map((f, i) => (f ? value[i] : x[newIndex.get(i)!])),
  };
}
