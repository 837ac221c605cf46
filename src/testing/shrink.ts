/**
 * Shrinking towards readable cases: weights towards simple values (small integers and halves,
 * `preferSimpleShrink`), networks by dropping single layers and neurons (removal marks and
 * `prunePlan`), without changing what is generated.
 */
import fc from 'fast-check';
import { cmp, floorDiv, fromDouble, rat, toString, type Rational } from '../kernel/rational.js';

/** A bound given as a number (its exact binary64 value) or a rational. */
export const asRational = (v: number | Rational): Rational => (typeof v === 'number' ? fromDouble(v) : v);

/**
 * Simple values: integers and halves of height max(|p|, q) <= 8, i.e. 0, 1, -1, 2, -2, 1/2, -1/2,
 * 3, -3, 3/2, -3/2, ..., in this order of simplicity (height, then integers first, then positive
 * first). `simpleRank` is the position in that order (Infinity for every other rational).
 */
const SIMPLE_MAX_HEIGHT = 8n;
const SIMPLE_ORDER: Rational[] = (() => {
  const all: Rational[] = [];
  for (let k = -2n * SIMPLE_MAX_HEIGHT; k <= 2n * SIMPLE_MAX_HEIGHT; k++) all.push(rat(k, 2n));
  const key = (v: Rational): [bigint, number, number] => {
    const a = v.n < 0n ? -v.n : v.n;
    return [a > v.d ? a : v.n === 0n ? 0n : v.d, v.d === 1n ? 0 : 1, v.n < 0n ? 1 : 0];
  };
  return all.sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    return a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1] || a[2] - b[2];
  });
})();
const SIMPLE_RANK = new Map(SIMPLE_ORDER.map((v, i) => [toString(v), i]));

export function simpleRank(v: Rational): number {
  return v.d > 2n ? Infinity : SIMPLE_RANK.get(toString(v)) ?? Infinity;
}

/** The simple values in [min, max], simplest first. */
function simpleValuesIn(min: Rational, max: Rational): Rational[] {
  return SIMPLE_ORDER.filter((v) => cmp(v, min) >= 0 && cmp(v, max) <= 0);
}

const SIMPLE = Symbol('simple value');

/**
 * Same values as `inner`, drawn from the same random numbers (so the generated distribution and
 * every seed's sequence are unchanged), but shrinking tries simple values first: a value that is
 * not simple first offers 0, ±1, ±1/2 (its sign), its nearest integer and nearest half (those in
 * [min, max]), then `inner`'s own shrinks; a simple value (in [min, max]) shrinks only to every
 * simpler one in turn (see `simpleRank`), so it ends at the simplest value that still fails. So a counterexample ends with weights like 1, -2, 1/2 instead of fast-check's
 * float targets (2^-24 and the like), whenever such weights still fail.
 *
 * fc.oneof({ withCrossShrink: true }, simple, inner) would also shrink towards `simple`, but it
 * generates from `simple` too (its first arbitrary needs a positive weight), changing the
 * distribution; this wrapper does not.
 *
 * Note: shrunk weights are no longer "generic" (zeros, repeated rows): a property that only holds
 * for weights in general position may shrink to a different, degenerate failure.
 */
export function preferSimpleShrink(inner: fc.Arbitrary<Rational>, range: { min: number | Rational; max: number | Rational }): fc.Arbitrary<Rational> {
  return new PreferSimpleShrink(inner, simpleValuesIn(asRational(range.min), asRational(range.max)));
}

class PreferSimpleShrink extends fc.Arbitrary<Rational> {
  constructor(
    private readonly inner: fc.Arbitrary<Rational>,
    private readonly simple: Rational[], // allowed simple values, simplest first
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Rational> {
    const v = this.inner.generate(mrng, biasFactor);
    return new fc.Value(v.value_, { inner: v.context });
  }

  canShrinkWithoutContext(value: unknown): value is Rational {
    return this.isSimple(value) || this.inner.canShrinkWithoutContext(value);
  }

  private isSimple(value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Rational).n === 'bigint' &&
      typeof (value as Rational).d === 'bigint' &&
      this.simple.some((s) => s.n === (value as Rational).n && s.d === (value as Rational).d)
    );
  }

  shrink(value: Rational, context: unknown): fc.Stream<fc.Value<Rational>> {
    const rank = simpleRank(value);
    const asSimple = (vs: Rational[]) => fc.Stream.of(...vs.map((s) => new fc.Value<Rational>(s, SIMPLE)));
    if (context === SIMPLE || this.isSimple(value)) {
      return asSimple(this.simple.filter((s) => simpleRank(s) < rank));
    }
    const fromInner = typeof context === 'object' && context !== null && 'inner' in context;
    const innerContext = fromInner ? (context as { inner: unknown }).inner : undefined;
    // not simple: a few simple candidates (near it or tiny), then the inner arbitrary's shrinks
    const sgn = BigInt(Math.sign(Number(value.n)));
    const nearestInteger = rat(floorDiv(2n * value.n + value.d, 2n * value.d));
    const nearestHalf = rat(floorDiv(4n * value.n + value.d, 2n * value.d), 2n);
    const wanted = [ZERO_RAT, rat(sgn), rat(sgn, 2n), nearestInteger, nearestHalf];
    const candidates = this.simple.filter((s) => wanted.some((w) => w.n === s.n && w.d === s.d) && !(s.n === value.n && s.d === value.d));
    const innerShrinks =
      fromInner || this.inner.canShrinkWithoutContext(value)
        ? this.inner.shrink(value, innerContext).map((v) => new fc.Value<Rational>(v.value_, { inner: v.context }))
        : fc.Stream.nil<fc.Value<Rational>>();
    return asSimple(candidates).join(innerShrinks);
  }
}

const ZERO_RAT: Rational = { n: 0n, d: 1n };

class RemovableArbitrary extends fc.Arbitrary<boolean> {
  generate(): fc.Value<boolean> {
    return new fc.Value(true, undefined); // draws no random number
  }
  canShrinkWithoutContext(value: unknown): value is boolean {
    return typeof value === 'boolean';
  }
  shrink(value: boolean): fc.Stream<fc.Value<boolean>> {
    return value ? fc.Stream.of(new fc.Value(false, undefined)) : fc.Stream.nil();
  }
}

/**
 * Always `true` ("keep"), shrinking to `false` ("remove"): a mark that lets shrinking drop a part
 * (a layer, a neuron) after a `chain` has fixed the sizes. Draws no random numbers, so adding it
 * to a generator leaves every seeded sample unchanged.
 */
export function removableArb(): fc.Arbitrary<boolean> {
  return new RemovableArbitrary();
}

/** One removal mark per layer and per neuron of layers with these widths (tuples: no random draws). */
export function removalMarksArb(widths: number[]): fc.Arbitrary<{ layers: boolean[]; neurons: boolean[][] }> {
  const marks = (n: number) => fc.tuple(...Array.from({ length: n }, () => removableArb()));
  return fc
    .tuple(marks(widths.length), fc.tuple(...widths.map((w) => marks(w))))
    .map(([layers, neurons]) => ({ layers, neurons }));
}

/** What is left of a network after removals (see `prunePlan`). */
export interface PrunePlan {
  /** The original indices of the kept layers (at least one). */
  layers: number[];
  /** For each kept layer, the original indices of its kept neurons (at least one). */
  neurons: number[][];
  /** For each kept layer, the original column of each new input (null: a zero weight). */
  columns: (number | null)[][];
}

/**
 * Keeps the marked layers and neurons (the last layer, resp. first neuron, if none is marked).
 * A kept layer right after a kept layer keeps the columns of that layer's kept neurons; after a
 * removed layer (or as the new first layer), its rows are cut or zero-padded to the new width.
 */
export function prunePlan(inputSize: number, widths: number[], layerKeep: boolean[], neuronKeep: boolean[][]): PrunePlan {
  let layers = widths.map((_, l) => l).filter((l) => layerKeep[l] !== false);
  if (layers.length === 0) layers = [widths.length - 1];
  const neurons = layers.map((l) => {
    const kept = Array.from({ length: widths[l] }, (_, j) => j).filter((j) => neuronKeep[l]?.[j] !== false);
    return kept.length > 0 ? kept : [0];
  });
  const columns = layers.map((l, k) => {
    const nIn = k === 0 ? inputSize : neurons[k - 1].length;
    const origIn = l === 0 ? inputSize : widths[l - 1];
    if (k > 0 && layers[k - 1] === l - 1) return [...neurons[k - 1]];
    return Array.from({ length: nIn }, (_, i) => (i < origIn ? i : null));
  });
  return { layers, neurons, columns };
}
