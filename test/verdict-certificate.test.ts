/**
 * Verdict certificates (certify/verdict-format.ts): the verifier's certificates of known verdicts
 * check as valid (with and without the property given), with bisect/pruned leaves, with
 * `regions` leaves carrying Farkas certificates (maxDepth 0 and 2), with pinned inputs and with a
 * single point; hand-made tamperings are rejected at the right line with the right reason; and
 * the CLI round trip `verify --certificate` then `check`.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkVerdictCertificate, type VerdictCheckResult } from '../src/certify/verdict-checker.js';
import type { AffineProperty } from '../src/certify/verdict-format.js';
import { cmp, toString } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { networkToJson } from '../src/testing/arbitraries.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { satCertificate, verdictHeader } from '../src/verify/verdict-writer.js';
import { verifyProperty, type Verdict } from '../src/verify/verify.js';
import { atomHolds, loadVnnlib, parseVnnlib, type Property } from '../src/verify/vnnlib.js';
import { layer, net, sawtooth } from './helpers/nets.js';
import { cliAsync } from './helpers/cli.js';

type Node = Record<string, any>;

const vnncomp = (name: string) => new URL(`../../shared/vnncomp-test/${name}`, import.meta.url).pathname;

/** The verdict and its whole certificate (the streamed tree if unsat, satCertificate if sat). */
async function certify(n: Network, p: Property, maxDepth?: number): Promise<{ v: Verdict; lines: Node[] }> {
  const tree: Node[] = [];
  const v = await verifyProperty(n, p, { engine: 'box', maxDepth, certificate: (line) => tree.push(line as Node) });
  return { v, lines: v.result === 'sat' ? (satCertificate(n, p, v.x, v.disjunct) as Node[]) : tree };
}

const check = (n: Network, lines: Node[], given: AffineProperty | null = null): VerdictCheckResult =>
  checkVerdictCertificate(
    n,
    given,
    lines.map((l) => JSON.stringify(l)),
  );

const count = (lines: Node[], t: string) => lines.filter((l) => l.t === t).length;

// ---- networks and properties with known verdicts ----

/** Y_0 >= t on [0,1] (and, optionally, an atom "Y_0 <= 5" that holds everywhere: it never refutes). */
const sawProp = (t: string, filler = false) =>
  parseVnnlib(`(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))
    (assert (>= Y_0 ${t}))${filler ? '(assert (<= Y_0 5))' : ''}`);

/** 2 inputs, 2 outputs: y0 = r0 + r1, y1 = r0 - r1 + r2 with r = ReLU(x0 - x1, x0 + x1 - 1/3, -x0 + 2 x1 + 1/4). */
const twoByTwo = net(2, layer([[1, -1], [1, 1], [-1, 2]], [0, '-1/3', '1/4']), layer([[1, 1, 0], [1, -1, 1]], [0, 0], 'linear'));
/** Two disjuncts mixing input and output atoms (an input atom in one disjunct only stays in it). */
const mixedProp = (t0: string, t1: string) =>
  parseVnnlib(`(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)(declare-const Y_1 Real)
    (assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 -1))(assert (<= X_1 1))
    (assert (or (and (>= X_0 0.5) (>= Y_0 ${t0})) (and (<= X_1 -0.5) (<= Y_1 ${t1}) (>= Y_0 X_0))))`);

/** sawtooth(4) of x0 + x1 - 1/2 (the first layer reads both inputs); with X_1 pinned to 1/2 it is sawtooth(4) of x0. */
const sawPinned = net(2, layer([[1, 1], [1, 1]], ['-1/2', -1]), ...sawtooth(4).layers.slice(1));
/** X_1 pinned (lo = hi = 0.5); the second disjunct has atoms on the pinned and on the free input. */
const pinnedProp = (t: string, u: string) =>
  parseVnnlib(`(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)
    (assert (>= X_0 0))(assert (<= X_0 1))(assert (>= X_1 0.5))(assert (<= X_1 0.5))
    (assert (or (and (>= Y_0 ${t})) (and (>= X_1 0.5) (<= Y_0 ${u}) (>= X_0 0.25))))`);

/** y = ReLU(x0 - x1) + ReLU(x0 + x1 - 1/3); at the single point (1/2, 1/4) it is 2/3. */
const pointNet = net(2, layer([[1, -1], [1, 1]], [0, '-1/3']), layer([[1, 1]], [0], 'linear'));
const pointProp = (t: string) =>
  parseVnnlib(`(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)
    (assert (>= X_0 0.5))(assert (<= X_0 0.5))(assert (>= X_1 0.25))(assert (<= X_1 0.25))(assert (>= Y_0 ${t}))`);

interface Case {
  name: string;
  net: () => Network;
  prop: () => Property;
  verdict: 'sat' | 'unsat';
  /** the sat disjunct */
  disjunct?: number;
  /** unsat with maxDepth 0 and 2: some box is enumerated (regions leaves with Farkas certificates) */
  enumerates?: boolean;
}

const cases: Case[] = [
  { name: 'sawtooth(4), Y_0 >= 1.000001', net: () => sawtooth(4), prop: () => sawProp('1.000001'), verdict: 'unsat', enumerates: true },
  { name: 'sawtooth(4), Y_0 >= 1', net: () => sawtooth(4), prop: () => sawProp('1'), verdict: 'sat', disjunct: 0 },
  { name: '2 inputs, mixed disjuncts (unsat)', net: () => twoByTwo, prop: () => mixedProp('2.1', '-3'), verdict: 'unsat', enumerates: true },
  { name: '2 inputs, mixed disjuncts (unsat, 2nd tight)', net: () => twoByTwo, prop: () => mixedProp('10', '-1'), verdict: 'unsat', enumerates: true },
  { name: '2 inputs, mixed disjuncts (sat)', net: () => twoByTwo, prop: () => mixedProp('1.5', '-2'), verdict: 'sat', disjunct: 0 },
  { name: 'one input pinned (unsat)', net: () => sawPinned, prop: () => pinnedProp('1.000001', '-0.000001'), verdict: 'unsat', enumerates: true },
  { name: 'one input pinned (sat, disjunct 0)', net: () => sawPinned, prop: () => pinnedProp('1', '-0.000001'), verdict: 'sat', disjunct: 0 },
  { name: 'one input pinned (sat, disjunct 1)', net: () => sawPinned, prop: () => pinnedProp('1.000001', '0'), verdict: 'sat', disjunct: 1 },
  { name: 'every input pinned (sat)', net: () => pointNet, prop: () => pointProp('0.66'), verdict: 'sat', disjunct: 0 },
  { name: 'every input pinned (unsat)', net: () => pointNet, prop: () => pointProp('0.67'), verdict: 'unsat' },
  { name: 'VNN-COMP test_tiny', net: () => loadNetwork(vnncomp('test_tiny.onnx')), prop: () => loadVnnlib(vnncomp('test_tiny.vnnlib')), verdict: 'unsat' },
  { name: 'VNN-COMP test_small', net: () => loadNetwork(vnncomp('test_small.onnx')), prop: () => loadVnnlib(vnncomp('test_small.vnnlib')), verdict: 'unsat' },
];

describe('verdict certificates of known verdicts check as valid', () => {
  describe.each([
    ['default depth', undefined],
    ['maxDepth 0', 0],
    ['maxDepth 2', 2],
  ] as const)('%s', (_, maxDepth) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const n = c.net();
      const p = c.prop();
      const { v, lines } = await certify(n, p, maxDepth);
      expect(v.result).toBe(c.verdict);
      const r = check(n, lines);
      expect(r).toMatchObject({ valid: true, verdict: c.verdict });
      // the certificate is about exactly the property that was verified
      expect(check(n, lines, affineProperty(p))).toMatchObject({ valid: true, verdict: c.verdict });
      expect(lines[0]).toMatchObject({ kind: 'verify', inputSize: n.inputSize });
      expect(lines.at(-1)).toMatchObject({ t: 'end', verdict: c.verdict });
      if (v.result === 'sat') {
        expect(v.disjunct).toBe(c.disjunct);
        expect(r).toMatchObject({ disjunct: c.disjunct });
        // the counterexample re-evaluates: in the box, and the exact outputs satisfy the disjunct
        const x = (lines[1].x as string[]).map((s, i) => {
          expect(s).toBe(toString(v.x[i]));
          return v.x[i];
        });
        x.forEach((xi, i) => {
          expect(cmp(xi, p.inputBox.lo[i])).toBeGreaterThanOrEqual(0);
          expect(cmp(xi, p.inputBox.hi[i])).toBeLessThanOrEqual(0);
        });
        const y = forward(n, x).output;
        expect(p.unsafe[v.disjunct].every((a) => atomHolds(a, x, y))).toBe(true);
        expect(lines).toHaveLength(3);
      } else if (v.result === 'unsat' && r.valid && r.verdict === 'unsat') {
        expect(r).toMatchObject({ boxes: v.stats.boxes, pruned: v.stats.boxesPruned, enumerated: v.stats.boxesEnumerated, regions: v.stats.regions });
        if (c.enumerates && maxDepth !== undefined) {
          expect(count(lines, 'regions')).toBeGreaterThan(0);
          expect(r.regions).toBeGreaterThan(0);
          expect(lines.some((l) => l.t === 'region' && Array.isArray(l.farkas) && l.farkas.length === p.unsafe.length)).toBe(true);
        }
        if (c.name.startsWith('every input pinned')) expect(lines.slice(1, -1)).toEqual([{ t: 'point' }]);
      }
    });
  });

  it('maxDepth 0 enumerates the root box at once; maxDepth 2 mixes bisect, pruned and regions nodes', async () => {
    const zero = (await certify(sawtooth(4), sawProp('1.000001'), 0)).lines;
    expect(zero[1]).toEqual({ t: 'regions' });
    expect(count(zero, 'bisect') + count(zero, 'pruned')).toBe(0);
    expect(count(zero, 'region')).toBe(16);
    const two = (await certify(twoByTwo, mixedProp('10', '-1'), 2)).lines;
    for (const t of ['bisect', 'pruned', 'regions', 'region']) expect(count(two, t), t).toBeGreaterThan(0);
  });

  it('a different given property is rejected ("another property"), at line 1', async () => {
    for (const name of ['test_tiny', 'test_small']) {
      const n = loadNetwork(vnncomp(`${name}.onnx`));
      const { lines } = await certify(n, loadVnnlib(vnncomp(`${name}.vnnlib`)));
      const other = parseVnnlib('(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= Y_0 99))');
      expect(check(n, lines, affineProperty(other))).toMatchObject({ valid: false, line: 1, reason: expect.stringMatching(/^header: .*another property/) });
      const nano = affineProperty(loadVnnlib(vnncomp('test_nano.vnnlib')));
      expect(check(n, lines, nano)).toMatchObject({ valid: false, line: 1, reason: expect.stringMatching(/another property/) });
    }
  });
});

// ---- tamperings by hand ----

/** A copy of the certificate changed by f; the checker's verdict on it. */
function tamper(n: Network, lines: Node[], f: (c: Node[]) => void, given: AffineProperty | null = null): VerdictCheckResult {
  const c = structuredClone(lines);
  f(c);
  return check(n, c, given);
}
const rejected = (line: number, reason: RegExp) => ({ valid: false, line, reason: expect.stringMatching(reason) });
/** index just after the box-tree subtree rooted at lines[i] (bisect nodes have 2 children; regions trees are skipped) */
function boxSubtreeEnd(lines: Node[], i: number): number {
  let open = 1;
  while (open > 0) {
    const t = lines[i++].t;
    if (t === 'bisect') open++;
    else if (t === 'regions') i = treeEnd(lines, i);
    if (t !== 'bisect') open--;
  }
  return i;
}
/** index just after the enumeration split tree starting at lines[i] */
function treeEnd(lines: Node[], i: number): number {
  let open = 1;
  while (open > 0) {
    const t = lines[i++].t;
    open += t === 'split' ? 1 : t === 'const' ? 0 : -1;
  }
  return i;
}

describe('verdict certificates: hand tamperings are rejected at the right line', () => {
  const saw = sawtooth(4);
  // bisect and pruned nodes; disjunct 0 has atoms "Y_0 >= 1.000001" (refutes) and "Y_0 <= 5" (never refutes)
  const prop = sawProp('1.000001', true);
  const given = affineProperty(prop);
  let bisected: Node[] = [];
  let enumerated: Node[] = []; // one regions leaf: 16 regions with Farkas certificates
  let sat: Node[] = [];
  beforeAll(async () => {
    bisected = (await certify(saw, prop)).lines;
    enumerated = (await certify(saw, prop, 0)).lines;
    sat = (await certify(saw, sawProp('1'))).lines;
  });
  const line = (lines: Node[], pred: (l: Node) => boolean) => lines.findIndex(pred) + 1;

  it('the untampered certificates are valid', () => {
    expect(check(saw, bisected, given)).toMatchObject({ valid: true, verdict: 'unsat' });
    expect(check(saw, enumerated, given)).toMatchObject({ valid: true, verdict: 'unsat', enumerated: 1, regions: 16 });
    expect(check(saw, sat)).toMatchObject({ valid: true, verdict: 'sat', disjunct: 0 });
    // the half holding the minimiser of the weakest bound first (here the upper one, twice)
    expect(bisected.slice(1, 3)).toEqual([
      { t: 'bisect', input: 0, at: '1/2', first: 'upper' },
      { t: 'bisect', input: 0, at: '3/4', first: 'upper' },
    ]);
    // a trailing blank line is allowed
    expect(checkVerdictCertificate(saw, null, [...bisected.map((l) => JSON.stringify(l)), ''])).toMatchObject({ valid: true });
  });

  it('a bisect point moved outside its box (inside the property box)', () => {
    // line 3 bisects [1/2, 1] (the upper half comes first); 1/4 is in [0, 1] but not in the node's box
    expect(tamper(saw, bisected, (c) => (c[2].at = '1/4'))).toMatchObject(rejected(3, /^bisect: at 1\/4 is not strictly inside \[1\/2, 1\] of input 0/));
    // on the boundary of the box is not strictly inside either
    expect(tamper(saw, bisected, (c) => (c[2].at = '1'))).toMatchObject(rejected(3, /^bisect: at 1 is not strictly inside/));
    // which half comes first is part of the tree: without it, line 3 stands for [0, 1/2]
    expect(tamper(saw, bisected, (c) => delete c[1].first)).toMatchObject(rejected(3, /^bisect: at 3\/4 is not strictly inside \[0, 1\/2\]/));
    expect(tamper(saw, bisected, (c) => (c[1].first = 'left'))).toMatchObject(rejected(2, /^bisect: first must be "lower" or "upper"/));
    expect(tamper(saw, bisected, (c) => (c[1].input = 1))).toMatchObject(rejected(2, /^bisect: input must be an index 0\.\.0/));
  });

  it('a subtree dropped', () => {
    // the whole first (upper) half [1/2, 1]: the lower half's nodes now stand for it, and its bisect at 1/4 is outside
    expect(tamper(saw, bisected, (c) => c.splice(2, boxSubtreeEnd(c, 2) - 2))).toMatchObject(rejected(3, /^bisect: at 1\/4 is not strictly inside \[1\/2, 1\]/));
    // the last leaf: the footer comes while a box is still open
    const last = bisected.length - 2;
    expect(bisected[last].t).toBe('pruned');
    expect(tamper(saw, bisected, (c) => c.splice(last, 1))).toMatchObject(rejected(bisected.length - 1, /^unknown node type "end"/));
    // a subtree inside the enumeration tree of a regions leaf
    const s = enumerated.findIndex((l) => l.t === 'split' && l.layer === 3);
    expect(tamper(saw, enumerated, (c) => c.splice(s, treeEnd(c, s) - s))).toMatchObject({ valid: false, reason: expect.stringMatching(/^in the region tree: /) });
  });

  it("a pruned leaf's atom changed to one that does not refute, or to no atom", () => {
    const i = bisected.findIndex((l) => l.t === 'pruned');
    expect(bisected[i].atoms).toEqual([0]);
    expect(tamper(saw, bisected, (c) => (c[i].atoms = [1]))).toMatchObject(rejected(i + 1, /^pruned: disjunct 0, atom 1: its exact lower bound on the box is -?[\d/]+ <= 0/));
    expect(tamper(saw, bisected, (c) => (c[i].atoms = [2]))).toMatchObject(rejected(i + 1, /^pruned: disjunct 0 has no atom 2/));
    expect(tamper(saw, bisected, (c) => (c[i].atoms = [0, 0]))).toMatchObject(rejected(i + 1, /^pruned: 2 atoms for 1 disjuncts/));
  });

  it('a Farkas multiplier changed, or a pair dropped', () => {
    const i = enumerated.findIndex((l) => l.t === 'region');
    const pairs = enumerated[i].farkas[0] as [number, string][];
    expect(pairs.length).toBeGreaterThan(0);
    const plusOne = (c: Node[]) => (c[i].farkas[0][0][1] = (BigInt(c[i].farkas[0][0][1]) + 1n).toString());
    expect(tamper(saw, enumerated, plusOne)).toMatchObject(rejected(i + 1, /^in the region tree: region 0: disjunct 0: Farkas: Σ y_i a_i != 0/));
    expect(tamper(saw, enumerated, (c) => c[i].farkas[0].splice(0, 1))).toMatchObject(rejected(i + 1, /^in the region tree: region 0: disjunct 0: Farkas: /));
    expect(tamper(saw, enumerated, (c) => (c[i].farkas[0][0][1] = '-1'))).toMatchObject(rejected(i + 1, /not a nonnegative integer/));
    expect(tamper(saw, enumerated, (c) => (c[i].farkas[0][0][0] = 99))).toMatchObject(rejected(i + 1, /multiplier for row 99/));
    expect(tamper(saw, enumerated, (c) => (c[i].farkas = []))).toMatchObject(rejected(i + 1, /farkas must list one certificate per disjunct \(1\)/));
  });

  it("a region's map changed inside a regions tree", () => {
    const i = enumerated.findIndex((l) => l.t === 'region' && l.id === 3);
    expect(tamper(saw, enumerated, (c) => (c[i].map.c[0] = toString({ n: BigInt(c[i].map.c[0].split('/')[0]) + 1n, d: 1n })))).toMatchObject(
      rejected(i + 1, /^in the region tree: region 3: map c\[0\] differs/),
    );
    expect(tamper(saw, enumerated, (c) => (c[i].map.W[0][0] = '0'))).toMatchObject(rejected(i + 1, /^in the region tree: region 3: map W\[0\]\[0\] differs/));
  });

  it('footer counts or verdict changed', () => {
    const end = enumerated.length;
    expect(tamper(saw, enumerated, (c) => (c[end - 1].regions = 17))).toMatchObject(rejected(end, /^footer says 17 regions, the tree has 16/));
    expect(tamper(saw, bisected, (c) => c[c.length - 1].boxes++)).toMatchObject(rejected(bisected.length, /^footer says \d+ boxes, the tree has \d+/));
    expect(tamper(saw, bisected, (c) => delete c[c.length - 1].pruned)).toMatchObject(rejected(bisected.length, /^footer says undefined pruned/));
    expect(tamper(saw, bisected, (c) => (c[c.length - 1].verdict = 'sat'))).toMatchObject(rejected(bisected.length, /^footer says verdict "sat", the certificate proves unsat/));
    expect(tamper(saw, sat, (c) => (c[2].verdict = 'unsat'))).toMatchObject(rejected(3, /^footer says verdict "unsat", the certificate proves sat/));
  });

  it('header property changed (k of an atom)', () => {
    // a stronger unsafe set (Y_0 >= 1/2): the pruned leaves no longer refute it
    const first = line(bisected, (l) => l.t === 'pruned');
    expect(tamper(saw, bisected, (c) => (c[0].property.unsafe[0][0].k = '1/2'))).toMatchObject(rejected(first, /^pruned: disjunct 0, atom 0: /));
    // a weaker one (Y_0 >= 2): the tree proves it too, so only the given property catches the change
    const weaker = (c: Node[]) => (c[0].property.unsafe[0][0].k = '2');
    expect(tamper(saw, bisected, weaker)).toMatchObject({ valid: true, verdict: 'unsat' });
    expect(tamper(saw, bisected, weaker, given)).toMatchObject(rejected(1, /^header: the certificate is about another property than the given one/));
    expect(tamper(saw, bisected, (c) => (c[0].property.hi = ['2']), given)).toMatchObject(rejected(1, /another property/));
    expect(tamper(saw, bisected, (c) => (c[0].layerSizes = [2, 2, 2, 1]))).toMatchObject(rejected(1, /^header: layerSizes/));
    expect(tamper(saw, bisected, (c) => (c[0].kind = 'enumeration'))).toMatchObject(rejected(1, /^header: kind "enumeration", expected "verify"/));
    expect(tamper(saw, bisected, (c) => (c[0].version = 1))).toMatchObject({ valid: true, verdict: 'unsat' }); // version 1 files still check
    expect(tamper(saw, bisected, (c) => (c[0].version = 2))).toMatchObject({ valid: true, verdict: 'unsat' }); // version 2 files still check
    expect(tamper(saw, bisected, (c) => (c[0].version = 3))).toMatchObject({ valid: true, verdict: 'unsat' }); // version 3 files still check
    expect(tamper(saw, bisected, (c) => (c[0].version = 5))).toMatchObject(rejected(1, /^header: unsupported version 5 \(this checker reads 1, 2, 3 and 4\)/));
  });

  it('a Farkas certificate must be strict: a disjunct that touches a region closure is not refuted', async () => {
    // y = ReLU(x) on [0, 1], written by hand: one regions leaf; rows of the region x > 0:
    // 0: x <= 1, 1: -x <= 0, 2: -x <= 0 (split, active side), 3: the atom "Y_0 >= t" as -x <= -t
    const n = net(1, layer([[1]], [0]), layer([[1]], [0], 'linear'));
    const p = (t: string) => parseVnnlib(`(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))(assert (>= Y_0 ${t}))`);
    const cert = (t: string, farkas: [number, string][]): Node[] => [
      verdictHeader(n, affineProperty(p(t))),
      { t: 'regions' },
      { t: 'split', layer: 0, neuron: 0, h: { g: ['1'], e: '0' } },
      { t: 'region', id: 0, pattern: '1', witness: ['1/2'], map: { W: [['1']], c: ['0'] }, farkas: [farkas] },
      { t: 'empty', motzkin: [[1, '1'], [2, '1']] },
      { t: 'end', verdict: 'unsat', boxes: 1, pruned: 0, enumerated: 1, regions: 1 },
    ];
    // t = 3/2 (primitive row -2x <= -3): 2·(x <= 1) + (-2x <= -3) gives 0 <= -1
    expect(check(n, cert('1.5', [[0, '2'], [3, '1']]))).toMatchObject({ valid: true, verdict: 'unsat', regions: 1 });
    // t = 1 is sat at x = 1; (x <= 1) + (-x <= -1) gives only 0 <= 0
    expect((await verifyProperty(n, p('1'))).result).toBe('sat');
    expect(check(n, cert('1', [[0, '1'], [3, '1']]))).toMatchObject(rejected(4, /^in the region tree: region 0: disjunct 0: Farkas: Σ y_i b_i = 0 is not < 0/));
    expect(check(n, cert('1', [[0, '1'], [3, '2']]))).toMatchObject(rejected(4, /Farkas: Σ y_i a_i != 0/));
  });

  it('counterexample moved outside the box, or to a safe point', () => {
    expect(tamper(saw, sat, (c) => (c[1].x = ['2']))).toMatchObject(rejected(2, /^counterexample: x\[0\] = 2 is outside \[0, 1\]/));
    expect(tamper(saw, sat, (c) => (c[1].x = ['-1/3']))).toMatchObject(rejected(2, /is outside/));
    expect(tamper(saw, sat, (c) => (c[1].x = ['0']))).toMatchObject(rejected(2, /^counterexample: the exact outputs at x satisfy no disjunct/));
    expect(tamper(saw, sat, (c) => (c[1].x = ['0', '0']))).toMatchObject(rejected(2, /^counterexample: x: expected an array of 1/));
  });

  it('disjunct index wrong', async () => {
    // (1/2, 1/2) satisfies disjunct 1 only
    const n = sawPinned;
    const two = (await certify(n, pinnedProp('1.000001', '0'))).lines;
    expect(two[1]).toMatchObject({ t: 'counterexample', disjunct: 1 });
    expect(tamper(n, two, (c) => (c[1].disjunct = 0))).toMatchObject(rejected(2, /^counterexample: says disjunct 0, the first one that holds is 1/));
    expect(tamper(n, two, (c) => (c[1].disjunct = 2))).toMatchObject(rejected(2, /says disjunct 2/));
    expect(tamper(saw, sat, (c) => delete c[1].disjunct)).toMatchObject(rejected(2, /says disjunct undefined/));
  });

  it('truncated file', () => {
    expect(tamper(saw, bisected, (c) => c.pop())).toMatchObject(rejected(bisected.length, /^unexpected end of certificate: no footer/));
    expect(tamper(saw, bisected, (c) => c.splice(5))).toMatchObject(rejected(6, /^unexpected end of certificate: the box tree is incomplete/));
    expect(tamper(saw, enumerated, (c) => c.splice(10))).toMatchObject(rejected(11, /^unexpected end of certificate: the box tree is incomplete/));
    expect(tamper(saw, sat, (c) => c.splice(1))).toMatchObject(rejected(2, /^unexpected end of certificate: no verdict/));
    expect(tamper(saw, sat, (c) => c.splice(2))).toMatchObject(rejected(3, /^unexpected end of certificate: no footer/));
    expect(check(saw, [])).toMatchObject(rejected(1, /no header/));
  });

  it('trailing garbage', () => {
    const end = bisected.length;
    expect(checkVerdictCertificate(saw, null, [...bisected.map((l) => JSON.stringify(l)), 'garbage'])).toMatchObject(rejected(end + 1, /^not valid JSON/));
    expect(tamper(saw, bisected, (c) => c.push({ t: 'pruned', atoms: [0] }))).toMatchObject(rejected(end + 1, /^content after the footer/));
    expect(tamper(saw, sat, (c) => c.push(c[2]))).toMatchObject(rejected(4, /^content after the footer/));
    expect(tamper(saw, sat, (c) => c.splice(2, 0, c[1]))).toMatchObject(rejected(3, /^expected the footer after the counterexample/));
    expect(checkVerdictCertificate(saw, null, [...bisected.map((l) => JSON.stringify(l)), '', '{"t":"end"}'])).toMatchObject(rejected(end + 2, /content after the footer/));
  });
});

// ---- the CLI ----

describe('CLI: verify --certificate, then check', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'relu-regions-verdict-'));
  /** the CLI, asynchronously, so independent runs share the wall-clock time of tsx's start-up */
  const cli = cliAsync;
  const path = (name: string, text?: string) => {
    const p = join(tmp, name);
    if (text !== undefined) writeFileSync(p, text);
    return p;
  };
  const vnnlib = (t: string) =>
    `(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (>= X_0 0))\n(assert (<= X_0 1))\n(assert (>= Y_0 ${t}))\n`;

  it('round trip (sat and unsat), --property, another property, a tampered file, and no file when unknown', async () => {
    const saw = path('saw4.json', JSON.stringify(networkToJson(sawtooth(4))));
    const saw10 = path('saw10.json', JSON.stringify(networkToJson(sawtooth(10))));
    const unsatProp = path('unsat.vnnlib', vnnlib('1.000001'));
    const satProp = path('sat.vnnlib', vnnlib('1'));
    const otherProp = path('other.vnnlib', vnnlib('1.00001'));
    const [u, s, t] = [path('unsat.jsonl'), path('sat.jsonl'), path('unknown.jsonl')];

    const w = path('workers.jsonl');
    const [vu, vs, vt, vw] = await Promise.all([
      cli('verify', saw, unsatProp, '--certificate', u, '--engine', 'box'),
      cli('verify', saw, satProp, '--certificate', s, '--engine', 'box'),
      // sawtooth(10) needs many boxes: a timeout of 1 ns is hit at the latest on the second box
      cli('verify', saw10, unsatProp, '--certificate', t, '--timeout', '1e-9', '--engine', 'box'),
      cli('verify', saw, unsatProp, '--certificate', w, '--workers', '2'),
    ]);
    expect(vw).toMatchObject({ status: 0, stdout: expect.stringMatching(/^unsat\n[^]*certificate written to /) });
    expect(vu).toMatchObject({ status: 0, stdout: expect.stringMatching(/^unsat\n[^]*certificate written to /) });
    expect(vs).toMatchObject({ status: 1, stdout: expect.stringMatching(/^sat\n[^]*certificate written to /) });
    expect(vt).toMatchObject({ status: 3, stdout: expect.stringMatching(/^unknown\n[^]*no certificate \(verdict unknown\)/) });
    expect(existsSync(t)).toBe(false);
    expect(existsSync(`${t}.partial`)).toBe(false);
    expect(existsSync(`${u}.partial`)).toBe(false);

    const lines = readFileSync(u, 'utf8').trim().split('\n');
    const tampered = lines.map((l) => JSON.parse(l));
    tampered[tampered.length - 1].pruned++;
    const bad = path('tampered.jsonl', tampered.map((l) => JSON.stringify(l)).join('\n') + '\n');

    const [cs, cp, co, cb, cr, cw] = await Promise.all([
      cli('check', saw, s),
      cli('check', saw, u, '--property', unsatProp),
      cli('check', saw, u, '--property', otherProp),
      cli('check', saw, bad),
      cli('check', saw, u, '--regions', bad), // --regions is for enumeration certificates: bad input
      cli('check', saw, w, '--workers', '2', '--property', unsatProp),
    ]);
    expect(cw).toMatchObject({ status: 0, stdout: expect.stringMatching(/^valid: unsat /) });
    expect(cr).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: --regions: only for certificates written by enumerate/) });
    expect(cs).toMatchObject({ status: 0, stdout: expect.stringMatching(/^valid: sat \(the counterexample is in the box and satisfies disjunct 0/) });
    expect(cs.stdout).toContain("property: the certificate's own");
    expect(cp).toMatchObject({ status: 0, stdout: expect.stringMatching(/^valid: unsat \(\d+ boxes: \d+ refuted by certified linear bounds/) });
    expect(cp.stdout).toContain(`property: ${unsatProp} (matches the certificate)`);
    expect(co).toMatchObject({ status: 1, stdout: 'invalid: line 1: header: the certificate is about another property than the given one\n' });
    expect(cb).toMatchObject({ status: 1, stdout: expect.stringMatching(new RegExp(`^invalid: line ${lines.length}: footer says \\d+ pruned, the tree has \\d+\\n$`)) });
  });

  it('verify --certificate writes no file, not even FILE.partial, when it fails with an error', async () => {
    // the property has 2 inputs, the network 1: exit 2 before any verdict
    const twoInputs = path('two-inputs.vnnlib', '(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))(assert (>= X_1 0))(assert (<= X_1 1))(assert (>= Y_0 1))');
    const saw = path('saw4-error.json', JSON.stringify(networkToJson(sawtooth(4))));
    const e = path('error.jsonl');
    const r = await cli('verify', saw, twoInputs, '--certificate', e);
    expect(r).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: \S*two-inputs\.vnnlib: 2 inputs \(X_i\), the network has 1/) });
    expect(existsSync(e)).toBe(false);
    expect(existsSync(`${e}.partial`)).toBe(false);
  });
});
