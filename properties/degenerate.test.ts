/**
 * The degenerate generators (src/testing/degenerate.ts) and simple-weight shrinking (issue 10):
 * - every generated network is valid and enumerates exactly on every generated box: the vertex
 *   engine's count matches the independent certificate checker, and the LP engine agrees;
 * - every degenerate feature really occurs, and box bounds really are non-dyadic (not doubles);
 * - a "dropped bias" bug shrinks to a net of at most two neurons with weights like 1, -2, 1/2.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../src/certify/checker.js';
import type { Domain } from '../src/domain/domain.js';
import type { RegionRecord } from '../src/enumerate/region.js';
import { runEnumeration } from '../src/enumerate/run.js';
import { add, cmp, fromDouble, mul, rat, sub, toDouble, ZERO, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { checkDomain, checkNetwork } from '../src/network/validate.js';
import { float32Arb, networkArb, networkToJson, pointInBoxArb, rationalArb, simpleRank, weightArb, widthsArb } from '../src/testing/arbitraries.js';
import {
  DEGENERATE_BOX_BOUND,
  degenerateBoxArb,
  degenerateFeatures,
  degenerateNetworkArb,
  hasNonDyadicBound,
  simpleWeightArb,
  type DegenerateFeature,
} from '../src/testing/degenerate.js';

type Box = Domain & { kind: 'box' };
const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

const caseArb = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('relu' as const, 'linear' as const))
  .chain(([d, lastLayer]) => fc.record({ net: degenerateNetworkArb({ inputSize: d, lastLayer }), box: degenerateBoxArb(d) }));
const show = (net: Network, box: Box) => JSON.stringify({ net: networkToJson(net), lo: box.lo.map(String), hi: box.hi.map(String) });
const neurons = (net: Network) => net.layers.reduce((s, l) => s + l.weights.length, 0);
const isSimple = (v: Rational) => simpleRank(v) < Infinity; // an integer or a half, |v| <= 8
const allSimple = (net: Network) => net.layers.every((l) => l.bias.every(isSimple) && l.weights.every((row) => row.every(isSimple)));

describe('degenerate networks and boxes', () => {
  it('are valid, and the vertex count matches the independent certificate checker', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ net, box }) => {
        checkNetwork(net);
        checkDomain(box, net.inputSize);
        const lines: string[] = [];
        const s = await runEnumeration(net, { domain: box, engine: 'vertex', certificate: (l) => lines.push(JSON.stringify(l)) });
        const c = checkCertificate(net, box, lines);
        expect(c, show(net, box)).toMatchObject({ valid: true, regions: s.activationRegions });
      }),
      { numRuns: runs(400) },
    );
  });

  it('enumerate to the same regions, facets and linear regions with the vertex and LP engines', async () => {
    const regions = async (net: Network, box: Box, engine: 'vertex' | 'lp') => {
      const recs: RegionRecord[] = [];
      const summary = await runEnumeration(net, { domain: box, engine, merge: true }, (r) => void recs.push(r));
      return { summary, byPattern: new Map(recs.map((r) => [r.pattern, r.constraints.map((c) => `${c.a.join(',')}<=${c.b}`).sort().join(';')])) };
    };
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ net, box }) => {
        const v = await regions(net, box, 'vertex');
        const l = await regions(net, box, 'lp');
        expect(v.summary.activationRegions, show(net, box)).toBe(l.summary.activationRegions);
        expect(v.summary.linearRegions).toBe(l.summary.linearRegions);
        expect(v.byPattern).toEqual(l.byPattern);
      }),
      { numRuns: runs(300) },
    );
  });

  it('have every degenerate feature among 200 samples, within the size limits', () => {
    const samples = fc.sample(caseArb, { seed: 20240610, numRuns: 200 });
    const counts = new Map<DegenerateFeature, number>();
    for (const { net } of samples) {
      expect(net.inputSize).toBeLessThanOrEqual(4);
      expect(neurons(net)).toBeLessThanOrEqual(24);
      for (const f of degenerateFeatures(net)) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const all: DegenerateFeature[] = [
      'duplicate', 'negated', 'rescaled', 'zero-row', 'constant-nonzero', 'dead', 'always-active',
      'concurrent', 'extreme-weights', 'deep-narrow', 'wide-shallow',
    ];
    for (const f of all) expect(counts.get(f) ?? 0, `${f}: ${JSON.stringify([...counts])}`).toBeGreaterThan(0);
  });

  it('have dead and always-active neurons that are so on every generated box', () => {
    // interval bounds on the generated box itself (tighter than on [-R, R]^d) agree with the default
    for (const { net, box } of fc.sample(caseArb, { seed: 7, numRuns: 200 })) {
      const onR = degenerateFeatures(net);
      const onBox = degenerateFeatures(net, box);
      if (onR.has('dead')) expect(onBox.has('dead')).toBe(true);
      if (onR.has('always-active')) expect(onBox.has('always-active')).toBe(true);
    }
  });

  it('make boxes of every kind, most with bounds that are not doubles', () => {
    const R = DEGENERATE_BOX_BOUND;
    const tiny = rat(1n, 10n ** 6n);
    const huge = rat(10n ** 6n);
    let nonDyadic = 0;
    const kinds = { tiny: 0, huge: 0, thinSide: 0, offOrigin: 0, unit: 0 };
    const boxes = fc.sample(fc.integer({ min: 1, max: 4 }).chain(degenerateBoxArb), { seed: 99, numRuns: 300 });
    for (const box of boxes) {
      checkDomain(box, box.lo.length);
      const widths = box.lo.map((lo, i) => sub(box.hi[i], lo));
      box.lo.forEach((lo, i) => {
        expect(cmp(lo, box.hi[i])).toBe(-1);
        expect(cmp(lo, mul(R, rat(-1n)))).toBeGreaterThanOrEqual(0);
        expect(cmp(box.hi[i], R)).toBeLessThanOrEqual(0);
      });
      if (hasNonDyadicBound(box)) {
        nonDyadic++;
        // not a double: rounding the box to doubles moves it (an engine that does so is unsound)
        expect([...box.lo, ...box.hi].some((v) => cmp(fromDouble(toDouble(v)), v) !== 0)).toBe(true);
      }
      const thin = widths.map((w) => cmp(w, tiny) <= 0);
      if (thin.every(Boolean)) kinds.tiny++;
      if (widths.some((w) => cmp(w, huge) >= 0)) kinds.huge++;
      if (thin.some(Boolean) && widths.some((w) => cmp(w, rat(1n, 10n)) >= 0)) kinds.thinSide++;
      if (box.lo.some((lo, i) => lo.n > 0n || box.hi[i].n < 0n)) kinds.offOrigin++;
      if (box.lo.every((lo, i) => lo.n === -1n && lo.d === 1n && box.hi[i].n === 1n && box.hi[i].d === 1n)) kinds.unit++;
    }
    expect(nonDyadic / boxes.length).toBeGreaterThan(0.6);
    for (const [k, n] of Object.entries(kinds)) expect(n, k).toBeGreaterThan(0);
  });

  it('catch an engine that rounds the box to doubles', () => {
    // engine: range of y = x over the box rounded to the nearest doubles; sound iff it contains [lo, hi]
    const r = fc.check(
      fc.property(fc.integer({ min: 1, max: 4 }).chain(degenerateBoxArb), (box) =>
        box.lo.every((lo, i) => cmp(fromDouble(toDouble(lo)), lo) <= 0 && cmp(fromDouble(toDouble(box.hi[i])), box.hi[i]) >= 0),
      ),
      { seed: 1 },
    );
    expect(r.failed).toBe(true);
    expect(hasNonDyadicBound(r.counterexample![0])).toBe(true);
  });
});

describe('shrinking prefers simple weights', () => {
  it('simpleWeightArb draws small integers and halves and shrinks to the simplest', () => {
    expect(fc.sample(simpleWeightArb(), { seed: 3, numRuns: 500 }).every(isSimple)).toBe(true);
    const r = fc.check(fc.property(simpleWeightArb(), (w) => cmp(w, rat(1n, 4n)) <= 0), { seed: 3 });
    expect(r.counterexample?.[0]).toEqual(rat(1n)); // 1 is simpler than 1/2, 2, 3/2 ...
  });

  it("'float32' and 'rational' weights keep their distribution but shrink to integers and halves", () => {
    const raw = { float32: float32Arb(1, { generic: true }), rational: rationalArb({ min: -2, max: 2, maxDen: 7 }) };
    for (const kind of ['float32', 'rational'] as const) {
      // the same values as the documented distributions, seed for seed
      expect(fc.sample(weightArb(kind), { seed: 11, numRuns: 300 })).toEqual(fc.sample(raw[kind], { seed: 11, numRuns: 300 }));
      const r = fc.check(fc.property(weightArb(kind), (w) => cmp(w, rat(-1n, 5n)) >= 0), { seed: 11 });
      expect(r.counterexample?.[0], kind).toEqual(rat(-1n)); // fails below -1/5: simplest such is -1
    }
  });

  // a "dropped bias" bug: a property that fails whenever some bias is nonzero
  const dropsBias = (net: Network) => net.layers.every((l) => l.bias.every((b) => b.n === 0n));
  const nets = {
    "networkArb 'float32'": networkArb({ inputSize: fc.integer({ min: 1, max: 3 }), widths: widthsArb({ maxDepth: 3, maxWidth: 5 }), weights: 'float32' }),
    "networkArb 'rational'": networkArb({ inputSize: fc.integer({ min: 1, max: 3 }), widths: widthsArb({ maxDepth: 3, maxWidth: 5 }), weights: 'rational', lastLayer: 'linear' }),
    degenerateNetworkArb: degenerateNetworkArb(),
  };

  it.each(Object.entries(nets))('a dropped-bias bug shrinks to <= 2 neurons with simple weights (%s)', (_, arb) => {
    for (let seed = 1; seed <= 25; seed++) {
      const r = fc.check(fc.property(arb, dropsBias), { seed });
      expect(r.failed).toBe(true);
      const net = r.counterexample![0];
      const text = JSON.stringify(networkToJson(net));
      expect(neurons(net), text).toBeLessThanOrEqual(2);
      expect(allSimple(net), text).toBe(true);
    }
  });

  it('without it, generic float32 weights shrink to 2^-24 (the issue-10 complaint)', () => {
    const raw = networkArb({ inputSize: 2, weights: float32Arb(1, { generic: true }) });
    const net = fc.check(fc.property(raw, dropsBias), { seed: 1 }).counterexample![0];
    expect(networkToJson(net).layers[0].bias).toEqual(['1/16777216']);
  });

  it('an interval engine that drops the bias is caught and shrunk to one neuron, a box [-1, 1] and x = 0', () => {
    // the engine: interval bounds through the layers, biases forgotten; checked at exact points
    const buggyBounds = (net: Network, lo: Rational[], hi: Rational[]) => {
      for (const layer of net.layers) {
        const b = layer.weights.map((row) =>
          row.reduce(
            ([l, h], w, i) => {
              const [p, q] = [mul(w, lo[i]), mul(w, hi[i])];
              return cmp(p, q) <= 0 ? [add(l, p), add(h, q)] : [add(l, q), add(h, p)];
            },
            [ZERO, ZERO], // BUG: should start at the bias
          ),
        );
        const relu = (v: Rational) => (layer.activation === 'relu' && v.n < 0n ? ZERO : v);
        lo = b.map(([l]) => relu(l));
        hi = b.map(([, h]) => relu(h));
      }
      return { lo, hi };
    };
    const cases = fc
      .integer({ min: 1, max: 3 })
      .chain((d) => fc.tuple(degenerateNetworkArb({ inputSize: d, lastLayer: 'linear' }), degenerateBoxArb(d)))
      .chain(([net, box]) => fc.tuple(fc.constant(net), fc.constant(box), pointInBoxArb(box.lo, box.hi)));
    for (let seed = 1; seed <= 10; seed++) {
      const r = fc.check(
        fc.property(cases, ([net, box, x]) => {
          const { lo, hi } = buggyBounds(net, box.lo, box.hi);
          return forward(net, x).output.every((y, i) => cmp(lo[i], y) <= 0 && cmp(y, hi[i]) <= 0);
        }),
        { seed },
      );
      expect(r.failed).toBe(true);
      const [[net, box, x]] = r.counterexample!;
      const text = JSON.stringify(networkToJson(net));
      expect(neurons(net), text).toBeLessThanOrEqual(2);
      expect(allSimple(net), text).toBe(true);
      if (seed === 1) {
        expect(networkToJson(net)).toEqual({ inputSize: 1, layers: [{ weights: [['0']], bias: ['1'], activation: 'linear' }] });
        expect([box.lo, box.hi, x]).toEqual([[rat(-1n)], [rat(1n)], [ZERO]]);
      }
    }
  });
});
