/**
 * Pathwise decompositions of f(x) on the region containing x (Lim et al.), all exact.
 *
 * - By the hidden units of a ReLU layer L: with a_j the units' activations at x and
 *   f = G·a + g0 the network downstream of L under x's pattern, unit j contributes G_·j·a_j and
 *   Σ_j G_·j·a_j + g0 = f(x).
 * - By input-to-output paths through active units: a path i → j_1 → … → k contributes
 *   x_i·W¹_{j_1 i}·W²_{j_2 j_1}···W^L_{k j_{L-1}}; the sum over all paths is the linear part
 *   (W_P x)_k of the region's map f = W_P x + c_P. The top K paths by magnitude come from a
 *   K-best dynamic programme over the layers (each unit keeps its K largest partial paths), and
 *   the paths are counted and summed by the same programme, so none is materialised.
 * - By groups of features S: Σ_{i∈S} (W_P)_{ki} x_i, the rest of the linear part, and c_P.
 */
import { InputError } from '../errors.js';
import { mapToRationals } from '../enumerate/affine.js';
import { pointFromRationals } from '../kernel/intvec.js';
import { abs, add, eq, mul, rat, sub, ZERO, type Rational } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import { toIntegerLayers, type IntLayer } from '../network/integer-network.js';
import type { Network } from '../network/network.js';
import { patternRegion, type LayerBits } from './region-at.js';

export interface UnitContribution {
  unit: number;
  active: boolean;
  /** The unit's activation a_j at x. */
  activation: Rational;
  /** Per output: G_kj·a_j. */
  contribution: Rational[];
}

export interface LayerDecomposition {
  layer: number;
  units: UnitContribution[];
  /** g0: what the layers after L add when every unit of L is 0 (their biases, through the pattern). */
  constant: Rational[];
}

export interface PathContribution {
  /** [input, unit of the first ReLU layer, …, output]. */
  path: number[];
  contribution: Rational;
}

export interface PathDecomposition {
  output: number;
  /** Paths through active units (inputs × active units of each layer). */
  count: bigint;
  /** Σ over all paths, computed by the programme. */
  total: Rational;
  /** (W_P x)_k from the region's exact map; equals total. */
  linearPart: Rational;
  /** c_P: the region's intercept. f_k(x) = linearPart + intercept. */
  intercept: Rational;
  top: PathContribution[];
}

export interface GroupDecomposition {
  name: string;
  features: number[];
  /** Per output: Σ_{i∈S} (W_P)_{ki} x_i, the rest of the linear part, the intercept. */
  part: Rational[];
  rest: Rational[];
  intercept: Rational[];
}

export interface PathwiseExplanation {
  point: Rational[];
  pattern: string;
  output: Rational[];
  map: { W: Rational[][]; c: Rational[] };
  layer?: LayerDecomposition;
  paths?: PathDecomposition[];
  groups: GroupDecomposition[];
}

export interface PathwiseOptions {
  /** A ReLU layer (index into the network's layers); default the last ReLU layer. */
  layer?: number;
  /** How many top paths per output (0: none); default 10. */
  paths?: number;
  /** Outputs to decompose by paths; default all. */
  outputs?: number[];
  groups?: { name: string; features: number[] }[];
}

export function pathwiseExplanation(net: Network, x: Rational[], options: PathwiseOptions = {}): PathwiseExplanation {
  const layers = toIntegerLayers(net);
  const d = net.inputSize;
  const trace = forward(net, x);
  const bits: (LayerBits | null)[] = layers.map((l, i) => (l.relu ? Uint8Array.from(trace.signs[i], (s) => (s > 0 ? 1 : 0)) : null));
  const region = patternRegion(layers, d, bits);
  const map = mapToRationals(region.map);
  const output = trace.output;
  const K = output.length;
  const linear = map.W.map((row) => row.reduce((s, w, i) => add(s, mul(w, x[i])), ZERO));
  for (let k = 0; k < K; k++) {
    if (!eq(add(linear[k], map.c[k]), output[k])) throw new Error('explain: internal error: the region map disagrees with the forward pass');
  }
  const reluLayers = layers.flatMap((l, i) => (l.relu ? [i] : []));
  const result: PathwiseExplanation = { point: x, pattern: region.pattern, output, map, groups: [] };
  if (reluLayers.length > 0) {
    const L = options.layer ?? reluLayers[reluLayers.length - 1];
    if (!reluLayers.includes(L)) {
      throw new InputError(`--layer: ${L} is not a ReLU layer of the network (its ReLU layers: ${reluLayers.join(', ')}; numbered from 0 like the layers in the file)`);
    }
    result.layer = layerDecomposition(layers, bits, trace.preActivations[L], L, output);
  } else if (options.layer !== undefined) throw new InputError('--layer: the network has no ReLU layer');
  const K_paths = options.paths ?? 10;
  const outs = options.outputs ?? Array.from({ length: K }, (_, k) => k);
  result.paths = outs.map((k) => pathDecomposition(layers, bits, x, k, K_paths, linear[k], map.c[k]));
  result.groups = (options.groups ?? []).map((g) => {
    const part = map.W.map((row) => g.features.reduce((s, i) => add(s, mul(row[i], x[i])), ZERO));
    return { name: g.name, features: g.features, part, rest: part.map((p, k) => sub(linear[k], p)), intercept: map.c };
  });
  return result;
}

/** The map from layer L's activations to the outputs under the pattern, and each unit's share. */
function layerDecomposition(layers: IntLayer[], bits: (LayerBits | null)[], pre: Rational[], L: number, output: Rational[]): LayerDecomposition {
  const n = layers[L].W.length;
  const a = pre.map((h) => (h.n > 0n ? h : ZERO));
  // downstream composition on the n activations: the network of layers L+1.. with their bits
  const down: Network = {
    inputSize: n,
    layers: layers.slice(L + 1).map((l) => ({
      weights: l.W.map((row) => row.map((w) => rat(w, l.den))),
      bias: l.b.map((v) => rat(v, l.den)),
      activation: l.relu ? 'relu' : 'linear',
    })),
  };
  let G: Rational[][];
  let g0: Rational[];
  if (down.layers.length === 0) {
    G = Array.from({ length: n }, (_, k) => Array.from({ length: n }, (_, j) => (j === k ? rat(1n) : ZERO)));
    g0 = new Array<Rational>(n).fill(ZERO);
  } else {
    const m = mapToRationals(patternRegion(toIntegerLayers(down), n, bits.slice(L + 1)).map);
    G = m.W;
    g0 = m.c;
  }
  const units = a.map((aj, j) => ({ unit: j, active: aj.n > 0n, activation: aj, contribution: G.map((row) => mul(row[j], aj)) }));
  for (let k = 0; k < output.length; k++) {
    const sum = units.reduce((s, u) => add(s, u.contribution[k]), g0[k]);
    if (!eq(sum, output[k])) throw new Error('explain: internal error: unit contributions do not sum to f(x)');
  }
  return { layer: L, units, constant: g0 };
}

interface Partial {
  num: bigint; // the partial product's numerator over the layer's common denominator
  path: number[];
}

/**
 * Paths to output k: a K-best programme over the layers on integer numerators (all partial
 * products at one layer share the denominator q·den_1···den_l), with path counts and sums.
 */
function pathDecomposition(layers: IntLayer[], bits: (LayerBits | null)[], x: Rational[], k: number, K: number, linearPart: Rational, intercept: Rational): PathDecomposition {
  const pt = pointFromRationals(x);
  const d = x.length;
  // state per unit of the current layer: best partial paths, count of paths, sum of numerators
  let best: Partial[][] = Array.from({ length: d }, (_, i) => (K > 0 ? [{ num: pt.p[i], path: [i] }] : []));
  let count: bigint[] = new Array<bigint>(d).fill(1n);
  let sum: bigint[] = pt.p.slice();
  let den = pt.q;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l];
    const last = l === layers.length - 1;
    const units = last ? [k] : layer.W.map((_, j) => j);
    const nb: Partial[][] = [];
    const nc: bigint[] = [];
    const ns: bigint[] = [];
    for (const j of units) {
      const activeUnit = !bits[l] || bits[l]![j] === 1;
      if (!activeUnit) {
        nb.push([]);
        nc.push(0n);
        ns.push(0n);
        continue;
      }
      const w = layer.W[j];
      let c = 0n;
      let s = 0n;
      const cand: Partial[] = [];
      for (let i = 0; i < w.length; i++) {
        if (count[i] === 0n) continue;
        c += count[i];
        s += w[i] * sum[i];
        for (const p of best[i]) cand.push({ num: p.num * w[i], path: p.path });
      }
      cand.sort((p, q) => (abs(q.num) > abs(p.num) ? 1 : abs(q.num) < abs(p.num) ? -1 : 0));
      nb.push(cand.slice(0, K).map((p) => ({ num: p.num, path: [...p.path, j] })));
      nc.push(c);
      ns.push(s);
    }
    best = nb;
    count = nc;
    sum = ns;
    den *= layer.den;
  }
  const total = rat(sum[0], den);
  if (!eq(total, linearPart)) throw new Error('explain: internal error: the paths do not sum to the linear part');
  return {
    output: k,
    count: count[0],
    total,
    linearPart,
    intercept,
    top: best[0].map((p) => ({ path: p.path, contribution: rat(p.num, den) })),
  };
}
