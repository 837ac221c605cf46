/**
 * Property suites for the enumerator (exact mode unless stated): point location, invariances,
 * exact vs float agreement, exact area partition in 2-D, and per-record sanity.
 * Small nets only (d 2..3, widths 2..6, 1..2 hidden layers): the whole file runs in seconds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultDomain, type Domain } from '../src/domain/domain.js';
import { runEnumeration, type RunSummary } from '../src/enumerate/run.js';
import type { RegionRecord } from '../src/enumerate/region.js';
import { add, cmp, eq, mul, parseRational, rat, sub, toString, ZERO, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import {
  boxDomainArb,
  networkArb,
  networkToJson,
  pointInBoxArb,
  rationalArb,
  widthsArb,
  type WeightKind,
} from '../src/testing/arbitraries.js';
import { permuteHiddenNeurons, permutePattern, rescaleNeuron } from '../src/testing/transforms.js';
import { clippedArea } from './polygon.js';

// ---------------------------------------------------------------------------------------------
// helpers

/** PROPS_SCALE=10 npx vitest run properties/engine.test.ts: ten times the runs (a stress run). */
const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

const R = (s: string): Rational => {
  const r = parseRational(s);
  if (r === null) throw new Error(`bad rational ${s}`);
  return r;
};

interface Parsed {
  rec: RegionRecord;
  rows: { a: Rational[]; b: Rational }[];
  witness: Rational[];
  W: Rational[][];
  c: Rational[];
}

const parse = (rec: RegionRecord): Parsed => ({
  rec,
  rows: rec.constraints.map((k) => ({ a: k.a.map(R), b: R(k.b) })),
  witness: rec.witness.map(R),
  W: rec.map.W.map((row) => row.map(R)),
  c: rec.map.c.map(R),
});

const dot = (a: Rational[], x: Rational[]): Rational => a.reduce((s, v, i) => add(s, mul(v, x[i])), ZERO);

/** a·x < b for every row. */
const strictlyInside = (rows: Parsed['rows'], x: Rational[]) => rows.every((r) => cmp(dot(r.a, x), r.b) < 0);

const applyMap = (p: Parsed, x: Rational[]) => p.W.map((row, i) => add(dot(row, x), p.c[i]));

/** The activation pattern of x in the record format ("1011|01"): bit 1 iff pre-activation > 0. */
function patternAt(net: Network, x: Rational[]): string {
  const { preActivations } = forward(net, x);
  return net.layers
    .map((l, i) => (l.activation === 'relu' ? preActivations[i].map((z) => (z.n > 0n ? '1' : '0')).join('') : null))
    .filter((s): s is string => s !== null)
    .join('|');
}

const hasZeroPreActivation = (net: Network, x: Rational[]) =>
  forward(net, x).preActivations.some((layer, i) => net.layers[i].activation === 'relu' && layer.some((z) => z.n === 0n));

async function enumerate(net: Network, options: Parameters<typeof runEnumeration>[1]) {
  const records: Parsed[] = [];
  const summary: RunSummary = await runEnumeration(net, options, (rec) => {
    records.push(parse(rec));
  });
  return { summary, records };
}

const sameVector = (u: Rational[], v: Rational[]) => u.length === v.length && u.every((x, i) => eq(x, v[i]));

/** For failure messages: the counterexample in the CLI's input formats. */
const show = (net: Network, domain?: Domain) =>
  JSON.stringify({ network: networkToJson(net), domain: domain && domainJson(domain) });
const domainJson = (d: Domain) =>
  d.kind === 'box' ? { kind: 'box', lo: d.lo.map(toString), hi: d.hi.map(toString) } : { kind: d.kind };

// ---------------------------------------------------------------------------------------------
// arbitraries

const weightKindArb = fc.constantFrom<WeightKind>('small-int', 'float32', 'rational');

/** d 2..3, 1..2 ReLU layers of width 2..6, optionally a linear read-out of width 1..2. */
const smallNetArb = (opts: { d?: fc.Arbitrary<number>; weights?: fc.Arbitrary<WeightKind> } = {}) =>
  fc
    .tuple(opts.d ?? fc.integer({ min: 2, max: 3 }), opts.weights ?? weightKindArb, fc.boolean())
    .chain(([d, weights, readOut]) =>
      networkArb({
        inputSize: d,
        weights,
        lastLayer: readOut ? 'linear' : 'relu',
        widths: readOut
          ? fc.tuple(widthsArb({ minDepth: 1, maxDepth: 2, minWidth: 2, maxWidth: 6 }), fc.integer({ min: 1, max: 2 })).map(([h, o]) => [...h, o])
          : widthsArb({ minDepth: 1, maxDepth: 2, minWidth: 2, maxWidth: 6 }),
      }),
    );

/** A random rational box, [-1,1]^d (the default), or the whole space. */
const domainArb = (d: number): fc.Arbitrary<Domain> =>
  fc.oneof(boxDomainArb(d), fc.constant(defaultDomain(d)), fc.constant<Domain>({ kind: 'whole' }));

/** Where to draw test points: the box itself, or [-3,3]^d for the whole space. */
const sampleBox = (domain: Domain, d: number) =>
  domain.kind === 'box'
    ? { lo: domain.lo, hi: domain.hi }
    : { lo: Array.from({ length: d }, () => rat(-3n)), hi: Array.from({ length: d }, () => rat(3n)) };

// ---------------------------------------------------------------------------------------------

describe('enumerator properties', () => {
  it('a generic point lies in exactly one region, with its pattern and its exact output', async () => {
    const arb = smallNetArb().chain((net) =>
      domainArb(net.inputSize).chain((domain) => {
        const { lo, hi } = sampleBox(domain, net.inputSize);
        return fc.tuple(fc.constant(net), fc.constant(domain), fc.array(pointInBoxArb(lo, hi), { minLength: 1, maxLength: 6 }));
      }),
    );
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(arb, async ([net, domain, points]) => {
        const generic = points.filter((x) => !hasZeroPreActivation(net, x));
        fc.pre(generic.length > 0);
        const { records } = await enumerate(net, { domain });
        for (const x of generic) {
          const hits = records.filter((p) => strictlyInside(p.rows, x));
          const where = `${show(net, domain)} x=${x.map(toString)}`;
          expect(hits.length, `regions strictly containing the point: ${where}`).toBe(1);
          expect(hits[0].rec.pattern, where).toBe(patternAt(net, x));
          expect(sameVector(applyMap(hits[0], x), forward(net, x).output), `map != forward: ${where}`).toBe(true);
          checked++;
        }
      }),
      { numRuns: runs(100) },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('counts are invariant under permuting a layer and rescaling a neuron (alpha > 0)', async () => {
    const arb = smallNetArb().chain((net) => {
      const layer = fc.integer({ min: 0, max: net.layers.length - 1 });
      return fc.tuple(
        fc.constant(net),
        layer.chain((l) => fc.tuple(fc.constant(l), fc.shuffledSubarray([...net.layers[l].weights.keys()], { minLength: net.layers[l].weights.length }))),
        layer.chain((l) => fc.tuple(fc.constant(l), fc.integer({ min: 0, max: net.layers[l].weights.length - 1 }))),
        rationalArb({ min: 1 / 16, max: 5, maxDen: 9 }).filter((a) => a.n > 0n),
      );
    });
    await fc.assert(
      fc.asyncProperty(arb, async ([net, [pl, perm], [sl, index], alpha]) => {
        const base = await enumerate(net, { merge: true });
        const permuted = await enumerate(permuteHiddenNeurons(net, pl, perm), { merge: true });
        const scaled = await enumerate(rescaleNeuron(net, sl, index, alpha), { merge: true });
        const where = `${show(net)} perm layer ${pl} [${perm}], rescale layer ${sl} neuron ${index} by ${toString(alpha)}`;
        for (const other of [permuted, scaled]) {
          expect(other.summary.activationRegions, where).toBe(base.summary.activationRegions);
          expect(other.summary.linearRegions, where).toBe(base.summary.linearRegions);
        }
        // stronger: the patterns map as predicted (permuted bits / unchanged)
        const basePatterns = base.records.map((p) => p.rec.pattern);
        const expectedPermuted = net.layers[pl].activation === 'relu' ? basePatterns.map((s) => permutePattern(s, pl, perm)) : basePatterns;
        expect(new Set(permuted.records.map((p) => p.rec.pattern)), where).toEqual(new Set(expectedPermuted));
        expect(new Set(scaled.records.map((p) => p.rec.pattern)), where).toEqual(new Set(basePatterns));
      }),
      { numRuns: runs(60) },
    );
  });

  it('exact and float mode agree on generic float32 nets', async () => {
    const arb = smallNetArb({ weights: fc.constant<WeightKind>('float32') });
    await fc.assert(
      fc.asyncProperty(arb, async (net) => {
        const exact = await enumerate(net, {});
        const float = await enumerate(net, { float: true });
        expect(float.summary.activationRegions, show(net)).toBe(exact.summary.activationRegions);
        expect(new Set(float.records.map((p) => p.rec.pattern)), show(net)).toEqual(new Set(exact.records.map((p) => p.rec.pattern)));
      }),
      { numRuns: runs(60) },
    );
  });

  it('in 2-D the exact region areas sum to the area of the box', async () => {
    const arb = fc.tuple(smallNetArb({ d: fc.constant(2) }), fc.oneof(boxDomainArb(2), fc.constant(defaultDomain(2))));
    await fc.assert(
      fc.asyncProperty(arb, async ([net, domain]) => {
        const { lo, hi } = domain as Domain & { kind: 'box' };
        const { records } = await enumerate(net, { domain });
        let total = ZERO;
        for (const p of records) {
          const area = clippedArea(lo, hi, p.rows);
          expect(area.n > 0n, `region ${p.rec.id} has area ${toString(area)}: ${show(net, domain)}`).toBe(true);
          total = add(total, area);
        }
        const boxArea = mul(sub(hi[0], lo[0]), sub(hi[1], lo[1]));
        expect(toString(total), show(net, domain)).toBe(toString(boxArea));
      }),
      { numRuns: runs(100) },
    );
  });

  it('patterns are distinct; each witness strictly satisfies its constraints and reproduces its record', async () => {
    const arb = smallNetArb().chain((net) => fc.tuple(fc.constant(net), domainArb(net.inputSize), fc.boolean()));
    await fc.assert(
      fc.asyncProperty(arb, async ([net, domain, minimal]) => {
        const { summary, records } = await enumerate(net, { domain, minimal });
        const where = `${show(net, domain)} minimal=${minimal}`;
        expect(records.length, where).toBe(summary.activationRegions);
        expect(new Set(records.map((p) => p.rec.pattern)).size, where).toBe(records.length);
        for (const p of records) {
          expect(strictlyInside(p.rows, p.witness), `witness of region ${p.rec.id}: ${where}`).toBe(true);
          if (domain.kind === 'box') {
            const inBox = p.witness.every((v, i) => cmp(domain.lo[i], v) < 0 && cmp(v, domain.hi[i]) < 0);
            expect(inBox, `witness of region ${p.rec.id} outside the box: ${where}`).toBe(true);
          }
          // at the witness the pattern and the map are the network's own
          expect(patternAt(net, p.witness), `pattern of region ${p.rec.id}: ${where}`).toBe(p.rec.pattern);
          expect(sameVector(applyMap(p, p.witness), forward(net, p.witness).output), `map of region ${p.rec.id}: ${where}`).toBe(true);
        }
      }),
      { numRuns: runs(80) },
    );
  });
});

describe('test helpers (the generators and transforms the properties above rely on)', () => {
  it('pointInBoxArb stays strictly inside; permute/rescale of a hidden layer preserve the function', () => {
    const arb = smallNetArb().chain((net) =>
      fc.tuple(
        fc.constant(net),
        boxDomainArb(net.inputSize).chain((b) => pointInBoxArb(b.lo, b.hi).map((x) => [b, x] as const)),
        fc.integer({ min: 0, max: net.layers.length - 1 }),
        rationalArb({ min: 1 / 16, max: 5, maxDen: 9 }).filter((a) => a.n > 0n),
      ),
    );
    fc.assert(
      fc.property(arb, ([net, [box, x], l, alpha]) => {
        expect(x.every((v, i) => cmp(box.lo[i], v) < 0 && cmp(v, box.hi[i]) < 0)).toBe(true);
        fc.pre(l < net.layers.length - 1); // the last layer has no next layer to compensate
        const n = net.layers[l].weights.length;
        const reversed = [...Array(n).keys()].reverse();
        const y = forward(net, x).output;
        expect(sameVector(forward(permuteHiddenNeurons(net, l, reversed), x).output, y)).toBe(true);
        expect(sameVector(forward(rescaleNeuron(net, l, n - 1, alpha), x).output, y)).toBe(true);
      }),
      { numRuns: runs(100) },
    );
  });
});
