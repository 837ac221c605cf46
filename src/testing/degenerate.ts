/**
 * Degenerate networks and boxes: fast-check arbitraries for the cases that break engines which are
 * only tested on random (generic) networks (issue 10, "generators that find real bugs").
 *
 * - `degenerateNetworkArb`: small networks mixing, per layer and per neuron, duplicated, negated
 *   and rescaled neurons (coinciding hyperplanes), zero rows (constant neurons), dead and
 *   always-active neurons, hyperplanes through one common point, weights from 1e-30 to 1e30 as
 *   exact values, and deep-narrow / wide-shallow shapes.
 * - `degenerateBoxArb`: boxes with non-dyadic bounds (-1/3 is not a double: an engine that rounds
 *   the box to floats works on a different box), tiny and huge boxes, boxes with one very thin
 *   side, boxes away from the origin.
 * - `simpleWeightArb`: small integers and halves, shrinking to the simplest (0, 1, -1, 2, ...).
 * - `degenerateFeatures`: which of these features a network has (for `fc.statistics` or tests).
 *
 * Everything is exact (`Rational`s), every network passes `checkNetwork`, and sizes stay small
 * (at most 4 inputs, about 24 neurons) so exact enumeration of a case takes milliseconds.
 * Shrinking goes towards the plain cases: fresh neurons, simple weights, the box [-1, 1]^d.
 *
 * @example
 *   import fc from 'fast-check';
 *   import { degenerateBoxArb, degenerateNetworkArb } from './testing/degenerate.js';
 *   const cases = fc.integer({ min: 1, max: 3 }).chain((d) =>
 *     fc.tuple(degenerateNetworkArb({ inputSize: d, lastLayer: 'linear' }), degenerateBoxArb(d)));
 *   await fc.assert(fc.asyncProperty(cases, async ([net, box]) => { ... }));
 */
import fc from 'fast-check';
import { add, cmp, fromDouble, mul, neg, rat, sign, sub, ZERO, type Rational } from '../kernel/rational.js';
import type { Domain } from '../domain/domain.js';
import type { Activation, Layer, Network } from '../network/network.js';
import { absR, DEGENERATE_BOX_BOUND, dot, POINT_COORDS } from './degenerate-features.js';
import { lift, preferSimpleShrink, printableBox, printableNetwork, prunePlan, removalMarksArb, type ArbOr } from './arbitraries.js';

export interface DegenerateOptions {
  /** Input dimension. Default 1..4 (shrinks towards 1). */
  inputSize?: ArbOr<number>;
  /**
   * The output width of every layer (as in `networkArb`). Default: one of three shapes, "mixed"
   * (1-3 layers of width 1-6), deep-narrow (4-8 layers of width 1-2) and wide-shallow (one layer
   * of width 12-16 for d <= 2, 8-12 for d = 3, 6-10 for d = 4, sometimes followed by a layer of
   * width 1).
   */
  widths?: ArbOr<number[]>;
  /** Activation of the last layer; the others are ReLU. Default 'relu'. */
  lastLayer?: Activation;
}

const R = DEGENERATE_BOX_BOUND;

const TEN30 = 10n ** 30n;

/** An arbitrary over `table` by index: generated uniformly (fc.integer's bias aside), shrinks towards table[0]. */
function tableArb(table: readonly Rational[]): fc.Arbitrary<Rational> {
  return fc.integer({ min: 0, max: table.length - 1 }).map(
    (i) => table[i],
    (v) => {
      const i = table.findIndex((t) => typeof v === 'object' && v !== null && t.n === (v as Rational).n && t.d === (v as Rational).d);
      if (i < 0) throw new Error('not in the table');
      return i;
    },
  );
}

/** Simplest first: height max(|p|, q), integers before halves, positive before negative. */
const SIMPLE_WEIGHTS: readonly Rational[] = [0, 1, -1, 2, -2, [1, 2], [-1, 2], 3, -3, [3, 2], [-3, 2], 4, -4].map((v) =>
  typeof v === 'number' ? rat(BigInt(v)) : rat(BigInt(v[0]), BigInt(v[1])),
);

/** Exact extreme magnitudes, dyadic (exact doubles) and not (p/q with 10^30 in it). */
const EXTREME_WEIGHTS: readonly Rational[] = [
  fromDouble(1e-30),
  fromDouble(-1e30),
  rat(1n, TEN30),
  rat(-TEN30),
  fromDouble(1e30),
  rat(-3n, TEN30),
  rat(TEN30, 3n),
  rat(1n, 3n * 10n ** 29n),
];

/**
 * Small integers and halves: 0, ±1, ±2, ±1/2, ±3, ±3/2, ±4, drawn uniformly. A value shrinks to
 * each simpler one in that order (`preferSimpleShrink`), so a shrunk counterexample ends with the
 * simplest weights that still fail and reads like [[1, -2]], [1/2].
 */
export function simpleWeightArb(): fc.Arbitrary<Rational> {
  return preferSimpleShrink(tableArb(SIMPLE_WEIGHTS), { min: -4, max: 4 });
}

/** Simple weights and (about 40%) extreme ones (1e-30 .. 1e30); shrinks towards simple ones. */
function extremeWeightArb(): fc.Arbitrary<Rational> {
  return preferSimpleShrink(tableArb([...SIMPLE_WEIGHTS, ...EXTREME_WEIGHTS]), { min: -4, max: 4 });
}

// ---------------------------------------------------------------------------------------------
// networks

/** How a neuron is built; index 0 (a fresh random neuron) is the shrink target. */
const NEURON_KINDS = ['fresh', 'duplicate', 'negated', 'scaled', 'zero', 'dead', 'active', 'extreme'] as const;
type NeuronKind = (typeof NEURON_KINDS)[number];
const KIND_WEIGHTS: Record<NeuronKind, number> = { fresh: 4, duplicate: 1, negated: 1, scaled: 1, zero: 1, dead: 1, active: 1, extreme: 1 };
const KIND_TABLE: NeuronKind[] = NEURON_KINDS.flatMap((k) => Array<NeuronKind>(KIND_WEIGHTS[k]).fill(k));

/** Factors of a rescaled neuron (same hyperplane, different slope; negative: flipped side). */
const SCALES: readonly Rational[] = [rat(2n), rat(1n, 3n), rat(-3n), rat(TEN30), fromDouble(1e-30), rat(-1n, 7n)];


interface NeuronRecipe {
  kind: NeuronKind;
  row: Rational[];
  bias: Rational;
  ref: number; // which earlier neuron of the layer a duplicate/negated/scaled one copies
  scale: Rational;
  zeroBias: boolean;
  extremeRow: Rational[];
  extremeBias: Rational;
}
interface LayerRecipe {
  concurrent: boolean; // fresh and extreme neurons pass through the common point
  neurons: NeuronRecipe[];
}

function neuronRecipeArb(nIn: number): fc.Arbitrary<NeuronRecipe> {
  const w = simpleWeightArb();
  const x = extremeWeightArb();
  return fc.record({
    kind: fc.integer({ min: 0, max: KIND_TABLE.length - 1 }).map((i) => KIND_TABLE[i]),
    row: fc.array(w, { minLength: nIn, maxLength: nIn }),
    bias: w,
    ref: fc.nat({ max: 15 }),
    scale: tableArb(SCALES),
    zeroBias: fc.boolean(),
    extremeRow: fc.array(x, { minLength: nIn, maxLength: nIn }),
    extremeBias: x,
  });
}

function layerRecipeArb(nIn: number, nOut: number): fc.Arbitrary<LayerRecipe> {
  return fc.record({
    concurrent: fc.integer({ min: 0, max: 2 }).map((i) => i === 2),
    neurons: fc.array(neuronRecipeArb(nIn), { minLength: nOut, maxLength: nOut }),
  });
}

const l1 = (row: Rational[]) => row.reduce((s, w) => add(s, absR(w)), ZERO);

/** The network a recipe describes; `p` is the common point (in input space). */
function buildNetwork(inputSize: number, lastLayer: Activation, p: Rational[], recipes: LayerRecipe[]): Network {
  let h = p; // the common point's image at the current layer's input
  const layers = recipes.map((lr, l): Layer => {
    const weights: Rational[][] = [];
    const bias: Rational[] = [];
    const activation: Activation = l === recipes.length - 1 ? lastLayer : 'relu';
    lr.neurons.forEach((r, j) => {
      let kind = r.kind;
      if (j === 0 && (kind === 'duplicate' || kind === 'negated' || kind === 'scaled')) kind = 'fresh';
      const k = r.ref % Math.max(j, 1);
      let row: Rational[];
      let b: Rational;
      switch (kind) {
        case 'fresh':
        case 'extreme':
          row = kind === 'fresh' ? r.row : r.extremeRow;
          b = lr.concurrent ? neg(dot(row, h)) : kind === 'fresh' ? r.bias : r.extremeBias;
          break;
        case 'duplicate':
          row = [...weights[k]];
          b = bias[k];
          break;
        case 'negated':
          row = weights[k].map(neg);
          b = neg(bias[k]);
          break;
        case 'scaled':
          row = weights[k].map((w) => mul(w, r.scale));
          b = mul(bias[k], r.scale);
          break;
        case 'zero':
          row = r.row.map(() => ZERO);
          b = r.zeroBias ? ZERO : r.bias;
          break;
        case 'dead':
        case 'active': {
          const s = kind === 'dead' ? -1n : 1n;
          if (l === 0) {
            // |w·x| <= R·|w|_1 on [-R, R]^d: a margin of 1 past it
            row = r.row;
            b = rat(s * (R.n * ceilInt(l1(row)) + 1n));
          } else {
            // inputs are ReLU outputs (>= 0): sign-definite weights and bias decide everywhere
            row = r.row.map((w) => rat(s * (w.n < 0n ? -w.n : w.n), w.d));
            b = sign(r.bias) === 0 ? rat(s) : rat(s * (r.bias.n < 0n ? -r.bias.n : r.bias.n), r.bias.d);
          }
          break;
        }
      }
      weights.push(row);
      bias.push(b);
    });
    const z = weights.map((row, j) => add(dot(row, h), bias[j]));
    h = activation === 'relu' ? z.map((v) => (v.n < 0n ? ZERO : v)) : z;
    return { weights, bias, activation };
  });
  return { inputSize, layers };
}

const ceilInt = (v: Rational): bigint => {
  const q = v.n / v.d; // truncates; v >= 0 here
  return q * v.d === v.n ? q : q + 1n;
};

/** Widths of one of the default shapes for input dimension d. */
function shapeWidthsArb(d: number): fc.Arbitrary<number[]> {
  const wide = d <= 2 ? [12, 16] : d === 3 ? [8, 12] : [6, 10];
  return fc.oneof(
    { arbitrary: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), weight: 3 }, // mixed
    { arbitrary: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 4, maxLength: 8 }), weight: 1 }, // deep-narrow
    {
      arbitrary: fc.tuple(fc.integer({ min: wide[0], max: wide[1] }), fc.boolean()).map(([w, out]) => (out ? [w, 1] : [w])),
      weight: 1,
    }, // wide-shallow
  );
}

/**
 * Networks mixing the degenerate cases above (see the module comment). Each layer is either
 * "concurrent" (its fresh neurons' hyperplanes pass through one common point p, coordinates in
 * {0, -1/2, 1/3}; deeper layers through p's image, so through p in input space too) or not; each
 * neuron is, independently: fresh (simple weights), a duplicate, negation or rescaling (by 2, 1/3,
 * -3, 10^30, 1e-30 or -1/7) of an earlier neuron of its layer, a zero row (bias zero or not),
 * dead or always active (on [-R, R]^d, see DEGENERATE_BOX_BOUND), or fresh with weights from
 * 1e-30 to 1e30. Shrinks towards fewer layers and neurons (removing single ones, as
 * `networkArb` does), fresh neurons, the point 0 and simple weights.
 */
export function degenerateNetworkArb(options: DegenerateOptions = {}): fc.Arbitrary<Network> {
  return rawDegenerateNetworkArb(options).map(printableNetwork);
}

function rawDegenerateNetworkArb(options: DegenerateOptions): fc.Arbitrary<Network> {
  const lastLayer = options.lastLayer ?? 'relu';
  return lift(options.inputSize ?? fc.integer({ min: 1, max: 4 })).chain((d) => {
    if (!Number.isSafeInteger(d) || d < 1) throw new RangeError(`degenerateNetworkArb: inputSize must be a positive integer, got ${d}`);
    const widths = options.widths !== undefined ? lift(options.widths) : shapeWidthsArb(d);
    return widths.chain((ws) => {
      if (ws.length === 0) throw new RangeError('degenerateNetworkArb: widths must not be empty');
      const ins = [d, ...ws.slice(0, -1)];
      return fc
        .tuple(
          removalMarksArb(ws),
          fc.array(tableArb(POINT_COORDS), { minLength: d, maxLength: d }),
          fc.tuple(...ws.map((w, l) => layerRecipeArb(ins[l], w))),
        )
        .map(([keep, p, recipes]) => {
          // shrinking removes layers and neurons (marks), then simplifies what is left
          const plan = prunePlan(d, ws, keep.layers, keep.neurons);
          const pick = (row: Rational[], k: number) => plan.columns[k].map((c) => (c === null ? ZERO : row[c]));
          const pruned = plan.layers.map((l, k): LayerRecipe => ({
            concurrent: recipes[l].concurrent,
            neurons: plan.neurons[k].map((j) => {
              const r = recipes[l].neurons[j];
              return { ...r, row: pick(r.row, k), extremeRow: pick(r.extremeRow, k) };
            }),
          }));
          return buildNetwork(d, lastLayer, p, pruned);
        });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// boxes

type Interval = [Rational, Rational];

/** A rational p/q with a denominator q in 3..12 that is not a power of two, |p/q| <= maxAbs. */
const nonDyadicArb = (maxAbs: number): fc.Arbitrary<Rational> =>
  fc
    .constantFrom(3, 5, 6, 7, 9, 10, 11, 12)
    .chain((q) => fc.integer({ min: -maxAbs * q, max: maxAbs * q }).map((p) => rat(BigInt(p), BigInt(q))));

const sorted = (a: Rational, b: Rational): Interval => (cmp(a, b) <= 0 ? [a, b] : [b, a]);

const simpleIv: fc.Arbitrary<Interval> = fc.constant([rat(-1n), rat(1n)]);

/** Both ends non-dyadic (a value p/q in lowest terms may still be dyadic, e.g. 6/3: rarely). */
const nonDyadicIv: fc.Arbitrary<Interval> = fc
  .tuple(nonDyadicArb(3), nonDyadicArb(3))
  .filter(([a, b]) => cmp(a, b) !== 0)
  .map(([a, b]) => sorted(a, b));

/** Widths of tiny intervals: 10^-6, 1/(3·10^9), 2^-40, the double nearest 1e-30, 10^-30/7. */
const TINY: readonly Rational[] = [rat(1n, 10n ** 6n), rat(1n, 3n * 10n ** 9n), rat(1n, 1n << 40n), fromDouble(1e-30), rat(1n, 7n * TEN30)];
/**
 * [c, c + eps] with c non-dyadic in [-1, 1], or [c - eps, c + eps] around a coordinate of the
 * networks' common points (0, -1/2, 1/3): a tiny box that may hold a point many hyperplanes meet in.
 */
const tinyIv: fc.Arbitrary<Interval> = fc
  .tuple(fc.boolean(), nonDyadicArb(1), tableArb(POINT_COORDS), tableArb(TINY))
  .map(([around, c, p, eps]): Interval => (around ? [sub(p, eps), add(p, eps)] : [c, add(c, eps)]));

/** Huge intervals, all inside [-R, R] (R = 2^20 > 10^6). */
const HUGE: readonly Interval[] = [
  [neg(R), R],
  [rat(-(10n ** 6n)), rat(10n ** 6n)],
  [rat(-(10n ** 6n), 3n), rat(3n * 10n ** 6n + 1n, 3n)],
  [rat(-1n, 3n), rat(10n ** 6n)],
  [neg(R), rat(2n, 7n)],
];
const hugeIv: fc.Arbitrary<Interval> = fc.integer({ min: 0, max: HUGE.length - 1 }).map((i) => HUGE[i]);

/** An interval not containing 0 (both ends of one sign, mostly non-dyadic). */
const offOriginIv: fc.Arbitrary<Interval> = fc
  .tuple(nonDyadicArb(3), nonDyadicArb(2), fc.boolean())
  .map(([a, w, negative]): Interval => {
    const lo = add(absR(a), rat(1n, 10n)); // > 0
    const hi = add(lo, add(absR(w), rat(1n, 7n)));
    return negative ? [neg(hi), neg(lo)] : [lo, hi];
  });

const BOX_KINDS = ['simple', 'non-dyadic', 'tiny', 'huge', 'thin-side', 'off-origin', 'mixed'] as const;
const COORD_ARBS = [simpleIv, nonDyadicIv, tinyIv, hugeIv, offOriginIv];

/**
 * Boxes lo < hi in R^d (inside [-R, R]^d, R = DEGENERATE_BOX_BOUND), one of: [-1, 1]^d (the shrink
 * target), non-dyadic bounds (p/q with q in 3..12 not a power of two: -1/3, 2/7, 1/10 are not
 * doubles), tiny (every side 10^-6 down to 1e-30 wide, some around the networks' common
 * points), huge (up to [-2^20, 2^20]), one very thin
 * side (a pinned-like input; lo < hi still: a pinned input lo = hi is not an enumeration box),
 * away from the origin (every side excludes 0), or a mix per coordinate.
 */
export function degenerateBoxArb(d: number): fc.Arbitrary<Domain & { kind: 'box' }> {
  return rawDegenerateBoxArb(d).map(printableBox);
}

function rawDegenerateBoxArb(d: number): fc.Arbitrary<Domain & { kind: 'box' }> {
  if (!Number.isSafeInteger(d) || d < 1) throw new RangeError(`degenerateBoxArb: d must be a positive integer, got ${d}`);
  const all = (iv: fc.Arbitrary<Interval>) => fc.array(iv, { minLength: d, maxLength: d });
  const byKind: Record<(typeof BOX_KINDS)[number], fc.Arbitrary<Interval[]>> = {
    simple: all(simpleIv),
    'non-dyadic': all(nonDyadicIv),
    tiny: all(tinyIv),
    huge: all(hugeIv),
    'thin-side': fc
      .tuple(fc.nat({ max: d - 1 }), all(fc.oneof(simpleIv, nonDyadicIv)), tinyIv)
      .map(([i, ivs, thin]) => ivs.map((iv, k) => (k === i ? thin : iv))),
    'off-origin': all(offOriginIv),
    mixed: all(fc.integer({ min: 0, max: COORD_ARBS.length - 1 }).chain((i) => COORD_ARBS[i])),
  };
  return fc
    .integer({ min: 0, max: BOX_KINDS.length - 1 })
    .chain((i) => byKind[BOX_KINDS[i]])
    .map((ivs) => ({ kind: 'box' as const, lo: ivs.map((iv) => iv[0]), hi: ivs.map((iv) => iv[1]) }));
}

export { DEGENERATE_BOX_BOUND, degenerateFeatures, hasNonDyadicBound, type DegenerateFeature } from './degenerate-features.js';
