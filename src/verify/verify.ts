/**
 * verify: is the unsafe set of a VNN-LIB property reachable? Exact verdicts:
 *   sat     — an exact counterexample x (re-evaluated by the exact forward pass),
 *   unsat   — every sub-box of the input box is proved safe, by exact interval bounds or by
 *             exact region enumeration with one exact feasibility decision per region and
 *             disjunct (a Farkas certificate when infeasible),
 *   unknown — only when a user limit (timeout) was hit.
 * Search: sub-boxes depth first; each box's centre is tried as a counterexample; a box whose
 * exact interval bounds make every disjunct impossible is pruned; otherwise it is bisected
 * along its widest side until `maxDepth`, and then its regions are enumerated exactly.
 */
import { createEnumeration } from '../enumerate/enumerate.js';
import { InputError } from '../errors.js';
import { add, cmp, lcm, mul, rat, sub, type Rational } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { forward } from '../network/forward.js';
import { toIntegerLayers } from '../network/integer-network.js';
import type { Network } from '../network/network.js';
import type { IntAffine } from '../enumerate/affine.js';
import { boxInterval, outputBounds } from './interval.js';
import type { Atom, Property, Term } from './vnnlib.js';

export interface VerifyOptions {
  timeoutSeconds?: number;
  /** Bisection depth before a box's regions are enumerated (default 2·d + 4). */
  maxDepth?: number;
  shouldStop?: () => boolean;
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
  const layers = toIntegerLayers(net);
  const maxDepth = options.maxDepth ?? 2 * d + 4;
  const stats: VerifyStats = { boxes: 0, boxesPruned: 0, boxesEnumerated: 0, regions: 0, lpSolves: 0, seconds: 0 };
  const done = (): VerifyStats => ({ ...stats, seconds: (performance.now() - start) / 1000 });
  const limitHit = (): string | null => {
    if (options.shouldStop?.()) return 'interrupted';
    if (options.timeoutSeconds !== undefined && (performance.now() - start) / 1000 > options.timeoutSeconds) return 'timeout';
    return null;
  };

  const stack: Box[] = [{ lo: prop.inputBox.lo, hi: prop.inputBox.hi, depth: 0 }];
  while (stack.length > 0) {
    const box = stack.pop()!;
    stats.boxes++;
    const reason = limitHit();
    if (reason) return { result: 'unknown', reason, stats: done() };

    const centre = box.lo.map((l, i) => rat(l.n * box.hi[i].d + box.hi[i].n * l.d, 2n * l.d * box.hi[i].d));
    const hit = violatedDisjunct(net, prop, centre);
    if (hit) return { result: 'sat', ...hit, stats: done() };

    const bounds = outputBounds(layers, boxInterval(box.lo, box.hi));
    const yLo = bounds.lo.map((v) => rat(v, bounds.den));
    const yHi = bounds.hi.map((v) => rat(v, bounds.den));
    const possible = prop.unsafe.some((conj) => conj.every((atom) => !atomFalseOnBox(atom, box, yLo, yHi)));
    if (!possible) {
      stats.boxesPruned++;
      continue;
    }
    if (box.depth < maxDepth) {
      stack.push(...bisect(box, prop.inputBox));
      continue;
    }
    stats.boxesEnumerated++;
    const found = enumerateBox(net, prop, box, stats, limitHit);
    if (found === 'limit') return { result: 'unknown', reason: limitHit() ?? 'limit', stats: done() };
    if (found) return { result: 'sat', ...found, stats: done() };
  }
  return { result: 'unsat', stats: done() };
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

/** lhs <= rhs is impossible on the box if min(lhs) − max(rhs) > 0. */
function atomFalseOnBox(atom: Atom, box: Box, yLo: Rational[], yHi: Rational[]): boolean {
  const range = (t: Term): [Rational, Rational] =>
    'const' in t ? [t.const, t.const] : t.var === 'X' ? [box.lo[t.index], box.hi[t.index]] : [yLo[t.index], yHi[t.index]];
  return cmp(sub(range(atom.lhs)[0], range(atom.rhs)[1]), rat(0n)) > 0;
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

/** Halves the box along the side that is widest relative to the property's box. */
function bisect(box: Box, root: { lo: Rational[]; hi: Rational[] }): Box[] {
  let best = 0;
  let bestWidth: Rational | null = null;
  box.lo.forEach((l, i) => {
    const full = sub(root.hi[i], root.lo[i]);
    if (full.n === 0n) return;
    const w = rat(sub(box.hi[i], l).n * full.d, sub(box.hi[i], l).d * full.n);
    if (!bestWidth || cmp(w, bestWidth) > 0) {
      bestWidth = w;
      best = i;
    }
  });
  const mid = rat(add(box.lo[best], box.hi[best]).n, 2n * add(box.lo[best], box.hi[best]).d);
  const left = { lo: box.lo, hi: box.hi.map((v, i) => (i === best ? mid : v)), depth: box.depth + 1 };
  const right = { lo: box.lo.map((v, i) => (i === best ? mid : v)), hi: box.hi, depth: box.depth + 1 };
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
