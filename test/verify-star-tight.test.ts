/**
 * Format version 4 of verdict certificates (certify/verdict-format.ts): star prunes with `tight`
 * neuron bounds (certify/star-tight.ts: refined neurons bounded over the cell's polytope from the
 * float LP's multipliers, proven rounding) and `union` nodes (verify/input-union.ts: a property
 * whose input set is a union of boxes is searched box by box). Known answers: ACAS Xu 1_1
 * property 1 (unsat, fewer cells with tight bounds) and constructed union-of-boxes properties
 * (unsat only because of the gap between the boxes; sat inside one box); tamperings rejected.
 */
import { describe, expect, it } from 'vitest';
import { checkVerdictCertificate } from '../src/certify/verdict-checker.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { unionBoxes } from '../src/verify/input-union.js';
import { verifyProperty, type VerifyOptions } from '../src/verify/verify.js';
import { loadVnnlib, parseVnnlib, type Property } from '../src/verify/vnnlib.js';
import { expectCounterexample } from './helpers/verdicts.js';
import { layer, net } from './helpers/nets.js';

const acas = (name: string) => new URL(`../../shared/acasxu/${name}`, import.meta.url).pathname;

type Node = Record<string, any>;

async function star(n: Network, p: Property, options: VerifyOptions = {}) {
  const lines: string[] = [];
  const v = await verifyProperty(n, p, { engine: 'star', timeoutSeconds: 100, certificate: (l) => lines.push(JSON.stringify(l)), ...options });
  return { v, nodes: lines.map((l) => JSON.parse(l) as Node) };
}

const check = (n: Network, p: Property, nodes: Node[]) => checkVerdictCertificate(n, affineProperty(p), nodes.map((l) => JSON.stringify(l)));

function tamper(n: Network, p: Property, nodes: Node[], f: (c: Node[]) => void) {
  const c = structuredClone(nodes);
  f(c);
  return check(n, p, c);
}

describe('star prunes with tight bounds over the cell (version 4)', () => {
  it('ACAS Xu 1_1 property 1: unsat in fewer cells than without them; the certificate checks; tamperings are rejected', async () => {
    const n = loadNetwork(acas('ACASXU_run2a_1_1_batch_2000.onnx'));
    const p = loadVnnlib(acas('prop_1.vnnlib'));
    const { v, nodes } = await star(n, p);
    expect(v.result).toBe('unsat');
    expect(nodes[0].version).toBe(4);
    const tightLines = nodes.flatMap((l, i) => (l.t === 'prune' && l.tight ? [i] : []));
    expect(tightLines.length).toBeGreaterThan(0);
    expect(check(n, p, nodes)).toMatchObject({ valid: true, verdict: 'unsat', star: { cells: v.stats.star!.cells } });
    // without them: a valid (version-3 style) certificate, and more cells
    const plain = await star(n, p, { tightBounds: false });
    expect(plain.v.result).toBe('unsat');
    expect(plain.nodes.some((l) => l.tight)).toBe(false);
    expect(v.stats.star!.cells).toBeLessThan(plain.v.stats.star!.cells);
    expect(check(n, p, [{ ...plain.nodes[0], version: 3 }, ...plain.nodes.slice(1)])).toMatchObject({ valid: true, verdict: 'unsat' });

    // some prune needs its tight bounds: without them the CROWN bound does not show it
    const needed = tightLines.find((i) => !tamper(n, p, nodes, (c) => delete c[i].tight).valid);
    expect(needed).toBeDefined();
    expect(tamper(n, p, nodes, (c) => delete c[needed!].tight)).toMatchObject({ valid: false, line: needed! + 1 });
    // a version-3 header cannot carry them
    expect(tamper(n, p, nodes, (c) => (c[0].version = 3))).toMatchObject({ valid: false, line: tightLines[0] + 1 });
    // malformed entries: layer 0 (layer k's own bounds come from `bounds` lines), a side other
    // than ±1, an entry given twice, a multiplier on a row the cell does not have, a negative one
    const i = tightLines[0];
    const entry = () => nodes[i].tight[0] as [number, number, number, [number, number][]];
    expect(tamper(n, p, nodes, (c) => (c[i].tight[0][0] = 0))).toMatchObject({ valid: false, line: i + 1 });
    expect(tamper(n, p, nodes, (c) => (c[i].tight[0][2] = 2))).toMatchObject({ valid: false, line: i + 1 });
    expect(tamper(n, p, nodes, (c) => c[i].tight.push(entry()))).toMatchObject({ valid: false, line: i + 1, reason: expect.stringMatching(/given twice/) });
    expect(tamper(n, p, nodes, (c) => (c[i].tight[0][3][0][0] = 10_000))).toMatchObject({ valid: false, line: i + 1 });
    expect(tamper(n, p, nodes, (c) => (c[i].tight[0][3][0][1] = -1))).toMatchObject({ valid: false, line: i + 1 });
  }, 60_000);
});

// y = x0 (as relu(x0) − relu(−x0)) on X0 ∈ [−1, −1/2] ∪ [1/2, 1], X1 ∈ [0, 1]
const identity = () => net(2, layer([[1, 0], [-1, 0], [0, 1]], [0, 0, 0]), layer([[1, -1, 0]], [0], 'linear'));
const unionProp = (y: string) =>
  parseVnnlib(`(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)
(assert (or
  (and (>= X_0 -1) (<= X_0 -0.5) (>= X_1 0) (<= X_1 1))
  (and (>= X_0 0.5) (<= X_0 1) (>= X_1 0) (<= X_1 1))))
(assert ${y})`);

describe('a union of input boxes (version 4 union node)', () => {
  it('unsat only because of the gap between the boxes: answered box by box; the certificate checks; tamperings are rejected', async () => {
    const n = identity();
    const p = unionProp('(and (>= Y_0 -0.25) (<= Y_0 0.25))');
    expect(unionBoxes(affineProperty(p))).toHaveLength(2);
    const { v, nodes } = await star(n, p);
    expect(v.result).toBe('unsat');
    expect(nodes[1]).toEqual({ t: 'union', boxes: [{ lo: ['-1', '0'], hi: ['-1/2', '1'] }, { lo: ['1/2', '0'], hi: ['1', '1'] }] });
    expect(nodes.filter((l) => l.t === 'star')).toHaveLength(2);
    expect(check(n, p, nodes)).toMatchObject({ valid: true, verdict: 'unsat', boxes: 2 });
    // a box left out: its disjunct's points are covered by nothing (the footer is fixed up)
    expect(
      tamper(n, p, nodes, (c) => {
        c[1].boxes.pop();
        const second = c.findIndex((l, k) => k > 2 && l.t === 'star');
        c.splice(second, c.length - 1 - second);
        c[c.length - 1].boxes = 1;
      }),
    ).toMatchObject({ valid: false, line: 2, reason: expect.stringMatching(/lies in no listed box/) });
    // a box narrower than its disjunct's, or outside the node's box
    expect(tamper(n, p, nodes, (c) => (c[1].boxes[1].lo[0] = '3/4'))).toMatchObject({ valid: false, line: 2 });
    expect(tamper(n, p, nodes, (c) => (c[1].boxes[1].hi[0] = '2'))).toMatchObject({ valid: false, line: 2, reason: expect.stringMatching(/not inside/) });
    // a version-3 header cannot carry a union node
    expect(tamper(n, p, nodes, (c) => (c[0].version = 3))).toMatchObject({ valid: false, line: 2 });
  });

  it('sat inside one box (the counterexample is exact and in that box), and a property over one box of the union', async () => {
    const n = identity();
    const p = unionProp('(>= Y_0 0.9)');
    const { v } = await star(n, p, { attack: false });
    expectCounterexample(n, p, v);
    if (v.result === 'sat') expect(Number(v.x[0].n) / Number(v.x[0].d)).toBeGreaterThanOrEqual(0.9);
    // the gap alone would violate Y_0 in [-1/4, 1/4]: with a single box around it the search finds it
    const gap = parseVnnlib(`(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)
(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 0))(assert (<= X_1 1))
(assert (and (>= Y_0 -0.25) (<= Y_0 0.25)))`);
    expect(unionBoxes(affineProperty(gap))).toBeNull();
    expectCounterexample(n, gap, (await star(n, gap, { attack: false })).v);
  });
});
