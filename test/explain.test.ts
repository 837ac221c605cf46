/**
 * explain (issue 13), in process: activation-pattern clusters and pathwise decompositions.
 * Every identity is checked exactly (rationals compared with eq, no tolerance): a cluster's map
 * equals the exact forward pass on every member; its members lie in its region's closure; the
 * float filter's patterns and classes are the exact ones; map groups equal the exact grouping;
 * unit contributions + constant, all paths + intercept, group + rest + intercept are f(x).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainData, explainPoint } from '../src/explain/api.js';
import { explainClusters } from '../src/explain/clusters.js';
import { formatPoint } from '../src/explain/format.js';
import { parseCsv } from '../src/explain/csv-data.js';
import { encodeTable } from '../src/explain/dataset.js';
import { loadEncoder, parseEncoderValue, plainEncoder } from '../src/explain/encoder.js';
import { decideClass, FloatNetwork } from '../src/explain/float-filter.js';
import { fixedWeight, groupByMap, groupExactly } from '../src/explain/map-groups.js';
import { pathwiseExplanation } from '../src/explain/pathwise.js';
import { patternRegion, splitBits } from '../src/explain/region-at.js';
import { classesOf, parseGroup, parsePoint, setupExplain } from '../src/explain/setup.js';
import { add, cmp, eq, mul, parseRational, rat, toDouble, ZERO, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { toIntegerLayers } from '../src/network/integer-network.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { parseNetworkValue } from '../src/network/parse-json.js';
import { networkArb, rationalArb } from '../src/testing/arbitraries.js';
import { shared, root } from './helpers/cli.js';
import { inputErrorOf } from './helpers/errors.js';

const R = (s: string | number): Rational => parseRational(String(s))!;
const titanicNet = loadNetwork(join(root, 'examples/titanic/titanic-net.json'));
const titanicEncoder = loadEncoder(join(root, 'examples/titanic/encoder.json'), 10, 1);
const titanicCsv = readFileSync(join(shared, 'datasets/titanic.csv'), 'utf8');

function titanic() {
  const setup = setupExplain(titanicNet, titanicEncoder, undefined);
  const data = encodeTable(parseCsv(titanicCsv, 'titanic.csv'), setup.encoder, { label: { column: 'survived', classes: classesOf(setup) } });
  return { setup, data };
}

const dot = (w: Rational[], x: Rational[]) => w.reduce((s, v, i) => add(s, mul(v, x[i])), ZERO);
const patternOf = (net: Network, x: Rational[]) =>
  forward(net, x)
    .signs.filter((_, l) => net.layers[l].activation === 'relu')
    .map((s) => s.map((v) => (v > 0 ? '1' : '0')).join(''))
    .join('|');

const titanicRun = titanic();
const titanicEx = await explainClusters(titanicRun.setup.network, titanicRun.data, { top: 8, classes: classesOf(titanicRun.setup) });

describe('explain: clusters on Titanic', () => {
  const { setup, data } = titanicRun;
  const ex = titanicEx;

  it('reads every row (age and embarked filled), and the clusters are the exact patterns', () => {
    expect(ex.rows).toMatchObject({ read: 891, used: 891, skipped: 0, filled: { age: 177, embarked: 2 } });
    // the exact forward pass on every row: the same partition, sizes and accuracy
    const sizes = new Map<string, number>();
    let correct = 0;
    for (let r = 0; r < data.n; r++) {
      const x = data.exactRow(r);
      const p = patternOf(setup.network, x);
      sizes.set(p, (sizes.get(p) ?? 0) + 1);
      if ((forward(setup.network, x).output[0].n > 0n ? 1 : 0) === data.label!.of[r]) correct++;
    }
    expect(ex.clusters).toBe(sizes.size);
    expect(ex.singletons).toBe([...sizes.values()].filter((s) => s === 1).length);
    expect(ex.details.map((c) => c.size)).toEqual([...sizes.values()].sort((a, b) => b - a).slice(0, 8));
    for (const c of ex.details) expect(sizes.get(c.pattern)).toBe(c.size);
    expect(ex.accuracy!.correct).toBe(correct);
  });

  it("each cluster's exact map is the network on every member, and the members lie in its region", () => {
    for (const c of ex.details) {
      for (const r of c.members) {
        const x = data.exactRow(r);
        const y = forward(setup.network, x).output;
        y.forEach((v, k) => expect(eq(add(dot(c.map.W[k], x), c.map.c[k]), v)).toBe(true));
        // closed region: a·x <= b for every facet (exact)
        for (const f of c.polytope!.facets) {
          const ax = f.a.reduce((s, a, i) => add(s, mul(rat(a), x[i])), ZERO);
          expect(cmp(ax, rat(f.b))).toBeLessThanOrEqual(0);
        }
      }
      // the witness is strictly inside and has the cluster's pattern
      expect(patternOf(setup.network, c.polytope!.witness)).toBe(c.pattern);
      expect(c.polytope!.facets.some((f) => f.source.kind === 'neuron')).toBe(true);
      const labels = c.labels!.reduce((a, b) => a + b, 0);
      expect(labels).toBe(c.size);
    }
  });

  it('importances: raw coefficients in data units, ranked exactly by coefficient² × variance', () => {
    const c = ex.details[0];
    const imp = c.importances[0];
    for (let i = 1; i < imp.length; i++) {
      const sq = (j: number) => mul(mul(imp[j].coefficient, imp[j].coefficient), imp[j].variance);
      expect(cmp(sq(i - 1), sq(i))).toBeGreaterThanOrEqual(0);
    }
    // the coefficient of age is the change of the logit per year of age (folded standardisation)
    const age = imp.find((i) => ex.features[i.feature] === 'age')!;
    expect(eq(age.coefficient, c.map.W[0][3])).toBe(true);
    // variance of a feature over the members, exactly
    const vals = [...c.members].map((r) => data.exactRow(r)[3]);
    const mean = mul(vals.reduce(add, ZERO), rat(1n, BigInt(vals.length)));
    const variance = mul(vals.reduce((s, v) => add(s, mul(add(v, mul(mean, R(-1))), add(v, mul(mean, R(-1))))), ZERO), rat(1n, BigInt(vals.length)));
    expect(eq(age.variance, variance)).toBe(true);
  });

  it('map groups from the float proposals equal the exact grouping', () => {
    const layers = toIntegerLayers(setup.network);
    const keys = new Map<string, number>();
    const bits: Uint8Array[] = [];
    const fnet = new FloatNetwork(setup.network);
    const buf = new Uint8Array(fnet.bitCount);
    for (let r = 0; r < data.n; r++) {
      fnet.run(data.x, r * data.d, buf, new Float64Array(1), new Float64Array(1));
      const k = buf.join('');
      if (!keys.has(k)) {
        keys.set(k, bits.length);
        bits.push(buf.slice());
      }
    }
    const exact = (i: number) => patternRegion(layers, data.d, splitBits(layers, bits[i])).map;
    const s = Float64Array.from({ length: data.d }, (_, i) => fixedWeight(i + 1000));
    const proposed = groupByMap(bits.length, (i) => fnet.patternValue(bits[i], s, Float64Array.of(1)), exact);
    expect(samePartition(proposed.groupOf, groupExactly(bits.length, exact).groupOf)).toBe(true);
  });
});

function samePartition(a: Int32Array, b: Int32Array): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

describe('explain: map groups merge clusters with one map', () => {
  // units 2 and 3 feed nothing: their states split the data but never change the map
  const net = parseNetworkValue({
    inputSize: 2,
    inputNames: ['a', 'b'],
    layers: [
      { weights: [[1, 0], [0, 1], [1, 1], [1, -1]], bias: [0, 0, '-1/3', 0] },
      { weights: [[2, -1, 0, 0]], bias: [1], activation: 'linear' },
    ],
  });
  it('float proposals, exact decisions: the groups are the exact ones', async () => {
    const rows = ['a,b'];
    for (let i = 0; i < 400; i++) rows.push(`${((i * 37) % 41) / 10 - 2},${((i * 53) % 43) / 10 - 2.1}`);
    const ex = await explainData(net, rows.join('\n'), { top: 50 });
    // only units 0 and 1 matter: one map per state of those two
    expect(ex.summary.mapGroups).toBe(new Set(ex.clusters.map((c) => c.pattern.slice(0, 2))).size);
    expect(ex.summary.clusters).toBeGreaterThan(ex.summary.mapGroups);
    expect(ex.summary.clusters).toBe(ex.clusters.length);
    for (const c of ex.clusters) for (const d of ex.clusters) {
      if (c.mapGroup === d.mapGroup) expect(c.map.W[0].map(String)).toEqual(d.map.W[0].map(String));
      else expect(c.map.W[0].map(String).join() + c.map.c[0]).not.toBe(d.map.W[0].map(String).join() + d.map.c[0]);
    }
  });
});

describe('explain: the float filter decides only what is exact', () => {
  it('on random nets and points (small-int and rational weights, points on hyperplanes included)', () => {
    const instance = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('small-int' as const, 'rational' as const)).chain(([d, weights]) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: fc.constantFrom([3, 2], [4, 3, 2], [2, 1]), weights, lastLayer: 'linear' }),
        x: fc.array(fc.oneof(rationalArb({ min: -3, max: 3, maxDen: 7 }), fc.integer({ min: -2, max: 2 }).map((v) => rat(BigInt(v)))), { minLength: d, maxLength: d }),
      }),
    );
    let decided = 0;
    fc.assert(
      fc.property(instance, ({ net, x }) => {
        const f = new FloatNetwork(net);
        const bits = new Uint8Array(f.bitCount);
        const K = net.layers[net.layers.length - 1].weights.length;
        const out = new Float64Array(K);
        const err = new Float64Array(K);
        if (!f.run(Float64Array.from(x, toDouble), 0, bits, out, err)) return;
        decided++;
        const t = forward(net, x);
        expect(bits.join('')).toBe(patternOf(net, x).replace(/\|/g, ''));
        t.output.forEach((v, k) => expect(Math.abs(toDouble(v) - out[k])).toBeLessThanOrEqual(err[k]));
        const cls = decideClass(out, err);
        if (cls >= 0) {
          const exact = K === 1 ? (t.output[0].n > 0n ? 1 : 0) : t.output.reduce((b, v, k) => (cmp(v, t.output[b]) > 0 ? k : b), 0);
          expect(cls).toBe(exact);
        }
      }),
      { numRuns: 300, seed: 13 },
    );
    expect(decided).toBeGreaterThan(50);
  });

  it('a point exactly on a hyperplane is left to the exact pass', () => {
    const net = parseNetworkValue({ inputSize: 1, layers: [{ weights: [['0.1']], bias: ['-0.03'] }, { weights: [[1]], bias: [0], activation: 'linear' }] });
    const f = new FloatNetwork(net);
    expect(f.run(Float64Array.of(0.3), 0, new Uint8Array(1), new Float64Array(1), new Float64Array(1))).toBe(false);
  });
});

describe('explain: pathwise decompositions are exact', () => {
  const { setup } = titanic();
  const x = parsePoint('pclass=3,sex=male,age=22,sibsp=1,parch=0,fare=7.25,embarked=S', setup.encoder);

  function checkIdentities(net: Network, p: ReturnType<typeof pathwiseExplanation>) {
    const y = forward(net, p.point).output;
    y.forEach((v, k) => expect(eq(p.output[k], v)).toBe(true));
    if (p.layer) {
      y.forEach((v, k) => expect(eq(p.layer!.units.reduce((s, u) => add(s, u.contribution[k]), p.layer!.constant[k]), v)).toBe(true));
      for (const u of p.layer.units) if (!u.active) u.contribution.forEach((c) => expect(c.n).toBe(0n));
    }
    for (const d of p.paths ?? []) {
      expect(eq(d.total, d.linearPart)).toBe(true);
      expect(eq(add(d.linearPart, d.intercept), y[d.output])).toBe(true);
    }
    for (const g of p.groups) y.forEach((v, k) => expect(eq(add(add(g.part[k], g.rest[k]), g.intercept[k]), v)).toBe(true));
  }

  it('on the Titanic net: units of each layer, paths, groups', () => {
    for (const layer of [0, 1]) {
      const p = pathwiseExplanation(setup.network, x, { layer, paths: 5, groups: [parseGroup('sex', setup.encoder), parseGroup('age,fare', setup.encoder)] });
      checkIdentities(setup.network, p);
      expect(p.layer!.layer).toBe(layer);
      expect(p.groups[0].features).toEqual([1, 2]); // sex=female, sex=male
    }
  });

  it('paths: count, total and top K equal a brute-force enumeration', () => {
    const p = pathwiseExplanation(setup.network, x, { paths: 7 });
    const net = setup.network;
    const [L0, L1, L2] = net.layers;
    const bits = p.pattern.split('|');
    const all: { path: number[]; c: Rational }[] = [];
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 8; j++)
        for (let k = 0; k < 8; k++) {
          if (bits[0][j] !== '1' || bits[1][k] !== '1') continue;
          all.push({ path: [i, j, k, 0], c: mul(mul(mul(x[i], L0.weights[j][i]), L1.weights[k][j]), L2.weights[0][k]) });
        }
    const d = p.paths![0];
    expect(d.count).toBe(BigInt(all.length));
    expect(eq(all.reduce((s, a) => add(s, a.c), ZERO), d.total)).toBe(true);
    const mag = (r: Rational) => (r.n < 0n ? { n: -r.n, d: r.d } : r);
    all.sort((a, b) => cmp(mag(b.c), mag(a.c)));
    expect(d.top.map((t) => toDouble(mag(t.contribution)))).toEqual(all.slice(0, 7).map((a) => toDouble(mag(a.c))));
    for (const t of d.top) expect(eq(t.contribution, all.find((a) => a.path.join() === t.path.join())!.c)).toBe(true);
  });

  it('on random nets (every identity exact)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) =>
          fc.record({
            net: networkArb({ inputSize: d, widths: fc.constantFrom([3, 2], [2, 3, 2], [4, 1]), weights: 'rational', lastLayer: 'linear' }),
            x: fc.array(rationalArb({ min: -2, max: 2, maxDen: 5 }), { minLength: d, maxLength: d }),
          }),
        ),
        ({ net, x }) => {
          const layers = net.layers.flatMap((l, i) => (l.activation === 'relu' ? [i] : []));
          for (const layer of layers) checkIdentities(net, pathwiseExplanation(net, x, { layer, paths: 3, groups: [{ name: 'x0', features: [0] }] }));
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it('the terminal text', () => {
    const p = pathwiseExplanation(setup.network, x, { paths: 2, groups: [parseGroup('sex', setup.encoder)] });
    const text = formatPoint(p, setup.encoder.features.map((f) => f.name), ['logit(1)']);
    expect(text).toMatch(/^point: pclass=3, sex=male, age=22, sibsp=1, parch=0, fare=7\.25, embarked=S$/m);
    expect(text).toMatch(/^by the units of layer 1 \(\d of 8 active\)/m);
    expect(text).toMatch(/; constant [+-][\d.]+; sum = f\(x\) exactly$/m);
    expect(text).toMatch(/^paths to logit\(1\) \(input → active units → output\): \d+ paths; all paths sum to/m);
    expect(text).toMatch(/^ +[+-][\d.]+ {2}\w+ → 0:\d → 1:\d → out 0$/m);
    expect(text).toMatch(/^group \{sex=female, sex=male\}:$/m);
  });

  it('through the library: Fractions, and the same identities', async () => {
    const p = await explainPoint(titanicNet, { pclass: 1, sex: 'female', age: 30, sibsp: 0, parch: 0, fare: '80.5', embarked: 'C' }, { encoder: JSON.parse(readFileSync(join(root, 'examples/titanic/encoder.json'), 'utf8')), layer: 1, groups: [['sex']] });
    const sum = p.layer!.units.reduce((s, u) => s.add(u.contribution[0]), p.layer!.constant[0]);
    expect(sum.equals(p.output[0])).toBe(true);
    expect(p.groups[0].part[0].add(p.groups[0].rest[0]).add(p.groups[0].intercept[0]).equals(p.output[0])).toBe(true);
    expect(p.output[0].valueOf()).toBeGreaterThan(0); // a first-class woman survives
  });
});

describe('explain: stopping', () => {
  it('a stop request gives the clusters of the rows seen, marked partial', async () => {
    let polls = 0;
    const ex = await explainData(titanicNet, titanicCsv, { encoder: JSON.parse(readFileSync(join(root, 'examples/titanic/encoder.json'), 'utf8')), shouldStop: () => ++polls > 1 });
    expect(ex.partial).toBe(true);
    expect(ex.stopReason).toBe('interrupted');
    expect(ex.rows.used).toBe(511); // polled before rows 255, 511, ...: the second poll stops
    expect(ex.clusters).toHaveLength(0);
    expect((ex.json as { partial: boolean }).partial).toBe(true);
  });
});

describe('explain: inputs and bad input', () => {
  const net = parseNetworkValue({ inputSize: 2, inputNames: ['u', 'v'], layers: [{ weights: [[1, 2]], bias: [0] }] });

  it('a JSON network keeps "inputNames", checked', () => {
    expect(net.inputNames).toEqual(['u', 'v']);
    expect(inputErrorOf(() => parseNetworkValue({ inputSize: 2, inputNames: ['u'], layers: [{ weights: [[1, 2]], bias: [0] }] }))).toBe('inputNames: 1 entries, expected 2 (one per input)');
    expect(inputErrorOf(() => parseNetworkValue({ inputSize: 2, inputNames: ['u', 'u'], layers: [{ weights: [[1, 2]], bias: [0] }] }))).toBe('inputNames[1]: "u" repeats inputNames[0]');
  });

  it('columns by inputNames, by --features; missing values skipped and counted, or --strict', () => {
    const table = parseCsv('v,u,w\n1,2,x\n,3,y\n4,5.5,z\n', 'd.csv');
    const setup = setupExplain(net, undefined, undefined);
    const data = encodeTable(table, setup.encoder);
    expect(data.n).toBe(2);
    expect(data.skipped).toBe(1);
    expect(data.missing).toEqual({ v: 1 });
    expect(data.exactRow(1).map(String)).toEqual(['11/2', '4'].map((s) => String(R(s)))); // u = 5.5, v = 4
    expect(inputErrorOf(() => encodeTable(table, setup.encoder, { strict: true }))).toBe('d.csv:3:1: missing value in column "v" (--strict)');
    expect(inputErrorOf(() => encodeTable(table, plainEncoder(['w', 'u'], 2, '--features'), {}, '--features'))).toBe('d.csv:2:3: "x" in column "w" is not a number');
    expect(inputErrorOf(() => encodeTable(table, plainEncoder(['q', 'u'], 2, '--features'), {}, '--features'))).toBe('--features: unknown column "q" in d.csv (its columns: v, u, w)');
    expect(inputErrorOf(() => plainEncoder(['u'], 2, '--features'))).toBe('--features: 1 columns, but the network has 2 inputs');
    expect(inputErrorOf(() => setupExplain({ ...net, inputNames: undefined }, undefined, undefined))).toMatch(/^no column mapping: give --features/);
  });

  it('encoder specs: folded exactly; mismatches, unknown categories and typos are one-line errors', () => {
    const spec = { inputs: [{ column: 'x', mean: '1/3', std: '2' }, { column: 'c', categories: ['p', 'q'] }] };
    const three = parseNetworkValue({ inputSize: 3, layers: [{ weights: [[1, 1, -1]], bias: [0] }] });
    const enc = parseEncoderValue(spec, 3, 1, 'enc.json');
    const folded = setupExplain(three, enc, undefined).network;
    // x = 7, c = p: ((7 - 1/3)/2) + 1 - 0 = 13/3 + 0 ... = 10/3 + 1
    expect(String(forward(folded, [R(7), R(1), R(0)]).output[0].n)).toBe(String(R('13/3').n));
    expect(inputErrorOf(() => parseEncoderValue(spec, 4, 1, 'enc.json'))).toBe('enc.json: encodes 3 network inputs (x, c: 2), but the network has 4');
    expect(inputErrorOf(() => parseEncoderValue({ inputs: [{ column: 'x', man: 1 }] }, 1, 1, 'enc.json'))).toMatch(/^enc\.json: inputs\[0\]: unknown key "man"/);
    expect(inputErrorOf(() => parseEncoderValue({ inputs: [{ column: 'x', std: 0 }] }, 1, 1, 'enc.json'))).toBe('enc.json: inputs[0].std: must be positive, got 0');
    const table = parseCsv('x,c\n1,p\n2,r\n', 'e.csv');
    expect(inputErrorOf(() => encodeTable(table, enc))).toBe('e.csv:3:2: "r" in column "c" is not a category of the encoder (p, q)');
    expect(inputErrorOf(() => parseCsv('a,b\n1,2,3\n', 'r.csv'))).toMatch(/^r\.csv:2: bad CSV: /);
    expect(inputErrorOf(() => parsePoint('x=1', enc))).toBe('--point: no value for "c" (give every column: x, c)');
    expect(inputErrorOf(() => parsePoint('x=1,c=z', enc))).toBe('--point: "z" in column "c" is not a category of the encoder (p, q)');
    expect(inputErrorOf(() => parseGroup('y', enc))).toBe('--group: unknown feature "y" (the features: x, c=p, c=q)');
  });

  it('labels must be classes; --layer must be a ReLU layer', async () => {
    const csv = 'u,v,y\n1,2,0\n2,1,maybe\n';
    await expect(explainData(net, csv, { label: 'y' })).rejects.toThrow('data:3:3: label "maybe" is not one of the classes (0, 1; name them with "classes" in the encoder spec)');
    const two = parseNetworkValue({ inputSize: 1, inputNames: ['t'], layers: [{ weights: [[1]], bias: [0] }, { weights: [[1]], bias: [0], activation: 'linear' }] });
    await expect(explainPoint(two, 't=1', { layer: 1 })).rejects.toThrow('--layer: 1 is not a ReLU layer of the network (its ReLU layers: 0; numbered from 0 like the layers in the file)');
  });
});
