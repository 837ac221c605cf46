/**
 * fast-check arbitraries for property-based tests of code that consumes or checks networks and
 * regions (our own suites, and oracle tests written against this library).
 *
 * Everything here is exact: generated numbers are `Rational`s, and float-looking values are the
 * exact values of float32 numbers. The arbitraries compose: most options accept either a fixed
 * value or an `fc.Arbitrary` of it, and weight distributions can be given as any
 * `fc.Arbitrary<Rational>`.
 *
 * - `networkArb` random fully connected nets; `layerArb` one layer; `widthsArb` the layer widths
 *   (an `fc.Arbitrary<number[]>` to pass as `networkArb`'s `widths`);
 * - `weightArb` / `float32Arb` / `rationalArb` weight distributions; `preferSimpleShrink` makes
 *   any of them shrink to small integers and halves (the built-in 'float32' and 'rational' kinds
 *   do), so a shrunk counterexample reads [[1, -2]], [1/2] rather than 2^-24;
 * - `boxDomainArb` boxes, `pointInBoxArb` points strictly inside a box;
 * - `networkToJson` a network in the JSON input format (exact "p/q" strings): print it, or write
 *   it to a file for `relu-regions` and other tools, to report a counterexample readably;
 * - degenerate networks and boxes (duplicated/negated neurons, zero rows, dead neurons, common
 *   points, 1e-30..1e30 weights, non-dyadic and tiny boxes) are in `degenerate.ts` next to this
 *   module (dist/testing/degenerate.js).
 *
 * Shrinking goes towards fewer layers and neurons and simpler numbers, so a failing case ends
 * small and readable. Import from `relu-regions/testing` (dist/testing/arbitraries.js; fast-check
 * is an optional peer dependency, not needed by the main entry point).
 *
 * Seeded generator: any arbitrary here also works outside a property, through `fc.sample`, as a
 * reproducible random generator: the same seed (and options) gives the same networks, e.g. for a
 * benchmark set or a golden corpus:
 *
 *   const nets = fc.sample(networkArb({ inputSize: 3, widths: [8, 8, 1], weights: 'float32' }), { seed: 42, numRuns: 100 });
 *   nets.forEach((net, i) => writeFileSync(`net-${i}.json`, JSON.stringify(networkToJson(net))));
 *   // same seed, same 100 networks on every machine (for a given fast-check and relu-regions version)
 *
 * @example
 *   import fc from 'fast-check';
 *   import { networkArb, networkToJson, pointInBoxArb, widthsArb } from 'relu-regions/testing';
 *   const nets = networkArb({ inputSize: 2, widths: widthsArb({ maxDepth: 2, maxWidth: 5 }), weights: 'float32' });
 *   const cases = nets.chain((net) => fc.tuple(fc.constant(net), pointInBoxArb(lo, hi)));
 *   await fc.assert(fc.asyncProperty(cases, async ([net, x]) => { ... }));
 *   // on failure fast-check prints the shrunk case; JSON.stringify(networkToJson(net)) is the file
 */
import fc from 'fast-check';
import { add, ceilDiv, cmp, floorDiv, fromDouble, mul, rat, sub, toString, type Rational } from '../kernel/rational.js';
import type { Domain } from '../domain/domain.js';
import type { Activation, Layer, Network } from '../network/network.js';
import { printable, printableBox, printableNetwork, printableRational } from './print.js';
import { asRational, preferSimpleShrink, prunePlan, removalMarksArb } from './shrink.js';

// the printing and shrinking helpers are part of this module's public face
export * from './print.js';
export * from './shrink.js';

/** A fixed value or an arbitrary of it. */
export type ArbOr<T> = T | fc.Arbitrary<T>;

/**
 * Duck-typed rather than `instanceof fc.Arbitrary`, so arbitraries from another copy of
 * fast-check (e.g. CJS vs ESM builds) are recognised too.
 */
export function isArbitrary(v: unknown): v is fc.Arbitrary<unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { generate?: unknown }).generate === 'function' &&
    typeof (v as { shrink?: unknown }).shrink === 'function'
  );
}

/** An arbitrary of the value, or the arbitrary itself. */
export function lift<T>(v: ArbOr<T>): fc.Arbitrary<T> {
  return isArbitrary(v) ? (v as fc.Arbitrary<T>) : fc.constant(v as T);
}

export interface RationalArbOptions {
  /** Inclusive bounds (numbers are taken at their exact binary64 value). Default -2 and 2. */
  min?: number | Rational;
  max?: number | Rational;
  /** Denominators are drawn from 1..maxDen (before reduction). Default 12. */
  maxDen?: number;
}

/**
 * Rationals p/q in [min, max] with 1 <= q <= maxDen, so non-dyadic values such as 1/3 and 5/7
 * appear (with maxDen >= 3). Shrinks towards small denominators and numerators near zero.
 */
export function rationalArb(options: RationalArbOptions = {}): fc.Arbitrary<Rational> {
  const min = asRational(options.min ?? -2);
  const max = asRational(options.max ?? 2);
  const maxDen = options.maxDen ?? 12;
  if (cmp(min, max) > 0) throw new RangeError('rationalArb: min > max');
  if (!Number.isSafeInteger(maxDen) || maxDen < 1) throw new RangeError('rationalArb: maxDen must be a positive integer');
  return fc.integer({ min: 1, max: maxDen }).chain((q) => {
    const den = BigInt(q);
    const lo = ceilDiv(min.n * den, min.d);
    const hi = floorDiv(max.n * den, max.d);
    // no multiple of 1/q in [min, max] (a narrow non-integer range): fall back to the bound itself
    if (lo > hi) return fc.constant(min);
    return fc.bigInt({ min: lo, max: hi }).map((p) => rat(p, den));
  });
}

/** The largest float32 value <= x (x finite, |x| < float32 max). */
function float32AtMost(x: number): number {
  const f = Math.fround(x);
  if (f <= x) return f;
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, f);
  const bits = buf.getUint32(0);
  // stepping the bit pattern down moves towards zero for positives, away from zero for negatives
  buf.setUint32(0, f > 0 ? bits - 1 : f === 0 ? 0x80000001 : bits + 1);
  return buf.getFloat32(0);
}

export interface Float32ArbOptions {
  /**
   * true: nonzero values spread evenly over [-scale, scale] (k·scale/2^24 rounded to float32,
   * unbiased): "generic" weights for which degenerate arrangements are very unlikely.
   * false (default): fast-check's `fc.float`, which favours edge cases (±0, ±scale, tiny and
   * subnormal values) - good for exactness tests, not for "generic position" assumptions.
   */
  generic?: boolean;
}

/** Exact float32 values (Math.fround(v) === v) in [-scale, scale], as Rationals via fromDouble. */
export function float32Arb(scale: number, options: Float32ArbOptions = {}): fc.Arbitrary<Rational> {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('float32Arb: scale must be a positive finite number');
  const s = float32AtMost(scale);
  if (options.generic) {
    const steps = 2 ** 24;
    return fc
      .tuple(fc.boolean(), fc.noBias(fc.integer({ min: 1, max: steps })))
      .map(([negative, k]) => {
        let v = Math.fround((k / steps) * scale);
        if (v > scale) v = s;
        if (v === 0) v = s; // only for absurdly small scales
        return fromDouble(negative ? -v : v);
      });
  }
  return fc.float({ min: -s, max: s, noNaN: true, noDefaultInfinity: true }).map((v) => fromDouble(v === 0 ? 0 : v));
}

/** Built-in weight distributions (biases use the same one). */
export type WeightKind = 'small-int' | 'float32' | 'rational';

/**
 * 'small-int': integers in [-3, 3] (zeros and repeated rows occur: degenerate arrangements);
 * 'float32': generic float32 values in [-1, 1] (`float32Arb(1, { generic: true })`);
 * 'rational': `rationalArb({ min: -2, max: 2, maxDen: 7 })` (non-dyadic, often degenerate).
 * 'float32' and 'rational' generate exactly those values but shrink to small integers and halves
 * first (`preferSimpleShrink`); 'small-int' shrinks towards 0.
 * Any `fc.Arbitrary<Rational>` may be given instead.
 */
export type WeightSpec = WeightKind | fc.Arbitrary<Rational>;

export function weightArb(spec: WeightSpec): fc.Arbitrary<Rational> {
  return rawWeightArb(spec).map(printableRational);
}

function rawWeightArb(spec: WeightSpec): fc.Arbitrary<Rational> {
  if (typeof spec !== 'string') {
    if (!isArbitrary(spec)) throw new RangeError('weights: expected a weight kind or an fc.Arbitrary<Rational>');
    return spec;
  }
  switch (spec) {
    case 'small-int':
      return fc.integer({ min: -3, max: 3 }).map((v) => rat(BigInt(v)));
    case 'float32':
      return preferSimpleShrink(float32Arb(1, { generic: true }), { min: -1, max: 1 });
    case 'rational':
      return preferSimpleShrink(rationalArb({ min: -2, max: 2, maxDen: 7 }), { min: -2, max: 2 });
    default:
      throw new RangeError(`unknown weight kind ${String(spec)}`);
  }
}

export interface LayerArbOptions {
  weights?: WeightSpec; // default 'small-int'
  activation?: Activation; // default 'relu'
}

/** A layer with nIn inputs and nOut neurons: weights (nOut rows of nIn) and bias from `weights`. */
export function layerArb(nIn: number, nOut: number, options: LayerArbOptions = {}): fc.Arbitrary<Layer> {
  if (!Number.isSafeInteger(nIn) || nIn < 1 || !Number.isSafeInteger(nOut) || nOut < 1) {
    throw new RangeError(`layerArb: sizes must be positive integers, got ${nIn} -> ${nOut}`);
  }
  const w = weightArb(options.weights ?? 'small-int');
  const activation = options.activation ?? 'relu';
  return fc
    .tuple(
      fc.array(fc.array(w, { minLength: nIn, maxLength: nIn }), { minLength: nOut, maxLength: nOut }),
      fc.array(w, { minLength: nOut, maxLength: nOut }),
    )
    .map(([weights, bias]): Layer => ({ weights, bias, activation }));
}

export interface WidthsArbOptions {
  minDepth?: number; // default 1
  maxDepth?: number; // default 2
  minWidth?: number; // default 1
  maxWidth?: number; // default 4
}

/**
 * Layer widths for `networkArb`'s `widths`: arrays of minDepth..maxDepth integers, each in
 * minWidth..maxWidth (defaults: 1-2 layers of width 1-4). The last entry is the output width.
 * Shrinks towards fewer and narrower layers.
 *
 * @example
 *   networkArb({ inputSize: 3, widths: widthsArb({ minDepth: 2, maxDepth: 3, maxWidth: 8 }) }) // 2-3 layers of 1-8
 *   networkArb({ inputSize: 3, widths: widthsArb({ maxWidth: 8 }).map((w) => [...w, 1]), lastLayer: 'linear' }) // scalar read-out
 */
export function widthsArb(options: WidthsArbOptions = {}): fc.Arbitrary<number[]> {
  const { minDepth = 1, maxDepth = 2, minWidth = 1, maxWidth = 4 } = options;
  if (minDepth < 1 || minWidth < 1) throw new RangeError('widthsArb: need at least one layer of width >= 1');
  return fc.array(fc.integer({ min: minWidth, max: maxWidth }), { minLength: minDepth, maxLength: maxDepth });
}

export interface NetworkArbOptions {
  /** Input dimension. Default 2. */
  inputSize?: ArbOr<number>;
  /**
   * The output width of every layer, in order (so the last entry is the output size). All layers
   * are ReLU except the last, whose activation is `lastLayer`. Default `widthsArb()`.
   * Example: widths [4, 3, 1] with lastLayer 'linear' is R^d -> 4 ReLU -> 3 ReLU -> 1 linear.
   */
  widths?: ArbOr<number[]>;
  weights?: WeightSpec; // default 'small-int'
  lastLayer?: Activation; // default 'relu'
}

/**
 * Random fully connected networks: `inputSize` inputs, then one layer per entry of `widths` with
 * weights and biases from `weights`.
 *
 * Shrinking: first the input size and the widths (the weights are then drawn again from the same
 * random numbers), then single layers and single neurons are removed (a removed neuron's column
 * goes from the next layer; after a removed layer, the next layer's rows are cut or zero-padded to
 * the new input width), then the weights shrink (for 'float32' and 'rational': to small integers
 * and halves first, see `preferSimpleShrink`). So a failure ends as a small net with readable
 * weights. Generation never depends on the removal marks (seeded samples are unchanged by them).
 */
export function networkArb(options: NetworkArbOptions = {}): fc.Arbitrary<Network> {
  const lastLayer = options.lastLayer ?? 'relu';
  const weights = options.weights ?? 'small-int';
  return fc
    .tuple(lift(options.inputSize ?? 2), lift(options.widths ?? widthsArb()))
    .chain(([inputSize, widths]) => {
      if (widths.length === 0) throw new RangeError('networkArb: widths must not be empty');
      const ins = [inputSize, ...widths.slice(0, -1)];
      const layers = widths.map((nOut, l) =>
        layerArb(ins[l], nOut, { weights, activation: l === widths.length - 1 ? lastLayer : 'relu' }),
      );
      return fc.tuple(removalMarksArb(widths), fc.tuple(...layers)).map(([keep, ls]): Network => {
        const plan = prunePlan(inputSize, widths, keep.layers, keep.neurons);
        return printableNetwork({
          inputSize,
          layers: plan.layers.map((l, k): Layer => {
            const pick = (row: Rational[]) => plan.columns[k].map((c) => (c === null ? rat(0n) : row[c]));
            return {
              weights: plan.neurons[k].map((j) => pick(ls[l].weights[j])),
              bias: plan.neurons[k].map((j) => ls[l].bias[j]),
              activation: k === plan.layers.length - 1 ? lastLayer : 'relu',
            };
          }),
        });
      });
    });
}

export interface PointArbOptions {
  /** Each coordinate is lo + (hi - lo)·k/N with 2 <= N <= maxDen, 0 < k < N. Default 997. */
  maxDen?: number;
}

/**
 * Rational points strictly inside the box lo < x < hi (needs lo_i < hi_i). Coordinates have
 * arbitrary (mostly non-dyadic) denominators.
 */
export function pointInBoxArb(lo: Rational[], hi: Rational[], options: PointArbOptions = {}): fc.Arbitrary<Rational[]> {
  if (lo.length !== hi.length) throw new RangeError('pointInBoxArb: lo and hi differ in length');
  lo.forEach((l, i) => {
    if (cmp(l, hi[i]) >= 0) throw new RangeError(`pointInBoxArb: empty interior in coordinate ${i}`);
  });
  const maxDen = Math.max(2, options.maxDen ?? 997);
  const coord = (l: Rational, h: Rational) =>
    fc
      .integer({ min: 2, max: maxDen })
      .chain((n) => fc.integer({ min: 1, max: n - 1 }).map((k) => add(l, mul(sub(h, l), rat(BigInt(k), BigInt(n))))));
  return fc.tuple(...lo.map((l, i) => coord(l, hi[i]))).map((x) => printable(x, () => `(${x.map(toString).join(', ')})`));
}

/** Random boxes lo < hi in R^d with corners from `rationalArb(corners)` (default [-2, 2], maxDen 4). */
export function boxDomainArb(d: number, corners: RationalArbOptions = { min: -2, max: 2, maxDen: 4 }): fc.Arbitrary<Domain & { kind: 'box' }> {
  const r = rationalArb(corners);
  const interval = fc
    .tuple(r, r)
    .filter(([a, b]) => cmp(a, b) !== 0)
    .map(([a, b]) => (cmp(a, b) < 0 ? [a, b] : [b, a]));
  return fc
    .array(interval, { minLength: d, maxLength: d })
    .map((ivs) => printableBox({ kind: 'box' as const, lo: ivs.map((iv) => iv[0]), hi: ivs.map((iv) => iv[1]) }));
}
