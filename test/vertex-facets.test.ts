/**
 * Regression: the vertex engine read its bitsets (Uint32Array words) through `&`, which is signed
 * in JavaScript, so bit 31 (the 32nd vertex of a cell, or its 32nd row) compared unequal to the
 * unsigned word: a row tight only on a lower-dimensional face was reported as a facet, and edge
 * tests could accept non-edges. Found by properties/degenerate.test.ts (seed 1001213588).
 */
import { describe, expect, it } from 'vitest';
import { runEnumeration } from '../src/enumerate/run.js';
import { parseNetworkValue } from '../src/network/parse-json.js';

// three hyperplanes (neurons 1, 2, 3) through the 2-flat {x1 = 0, x2 + x3 = -1/2}
const net = parseNetworkValue({
  inputSize: 4,
  layers: [
    {
      weights: [['-2', '-3/2', '0', '-2'], ['0', '0', '-3/2', '-3/2'], ['0', '-1', '3/2', '3/2'], ['0', '-1', '-4', '-4'], ['1', '0', '3', '3']],
      bias: ['-1', '-3/4', '3/4', '-2', '3/2'],
    },
  ],
});

describe('vertex engine facets on a degenerate arrangement with 33-vertex cells', () => {
  it('reports the same facets as the LP engine (neuron 1 is no facet of region 00101)', async () => {
    const facets = async (engine: 'vertex' | 'lp') => {
      const m = new Map<string, string[]>();
      const s = await runEnumeration(net, { engine, merge: true }, (r) => void m.set(r.pattern, r.constraints.map((c) => `${c.a.join(',')}<=${c.b}`).sort()));
      return { m, s };
    };
    const v = await facets('vertex');
    const l = await facets('lp');
    expect(v.s.activationRegions).toBe(24);
    expect(v.s.linearRegions).toBe(l.s.linearRegions);
    expect(v.m).toEqual(l.m);
    expect(v.m.get('00101')).not.toContain('0,0,-2,-2<=1');
  });
});
