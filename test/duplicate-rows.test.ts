/**
 * Regression: a hyperplane given twice (a polyhedral domain listing one half-space twice, or two
 * neurons with the same hyperplane) made each copy look redundant beside the other, so the
 * region lost that facet, and with it its vertices and volume (found by the geometry helper:
 * `{"A": [[1], [-1], [-1]], "b": [2, 2, 2]}`). Now one copy stays.
 */
import { describe, expect, it } from 'vitest';
import { runEnumeration } from '../src/enumerate/run.js';
import { parseNetworkValue } from '../src/network/parse-json.js';
import type { Domain } from '../src/domain/domain.js';
import { parseDomainJson } from '../src/domain/domain.js';

const facets = async (net: ReturnType<typeof parseNetworkValue>, domain: Domain, engine: 'vertex' | 'lp') => {
  const m = new Map<string, string[]>();
  await runEnumeration(net, { engine, domain }, (r) => void m.set(r.pattern, r.constraints.map((c) => `${c.a.join(',')}<=${c.b}`).sort()));
  return m;
};

describe('a hyperplane given twice keeps one facet', () => {
  it('a domain row repeated: both regions of ReLU(x) on [-2, 2] have two facets', async () => {
    const net = parseNetworkValue({ inputSize: 1, layers: [{ weights: [['1']], bias: ['0'] }] });
    const m = await facets(net, parseDomainJson('{"A": [[1], [-1], [-1]], "b": [2, 2, 2]}', 1), 'lp');
    expect(m).toEqual(
      new Map([
        ['1', ['-1<=0', '1<=2']],
        ['0', ['-1<=2', '1<=0']],
      ]),
    );
  });

  it('two neurons with one hyperplane: the vertex and LP engines report it once, as a facet', async () => {
    // x1 − x2 <= 0 twice (the second scaled by 2), and x1 + x2 <= 0, on [-1, 1]^2
    const net = parseNetworkValue({ inputSize: 2, layers: [{ weights: [['1', '-1'], ['2', '-2'], ['1', '1']], bias: ['0', '0', '0'] }] });
    const box: Domain = { kind: 'box', lo: [{ n: -1n, d: 1n }, { n: -1n, d: 1n }], hi: [{ n: 1n, d: 1n }, { n: 1n, d: 1n }] };
    const v = await facets(net, box, 'vertex');
    const l = await facets(net, box, 'lp');
    expect(v.size).toBe(4);
    expect(v).toEqual(l);
    for (const [pattern, rows] of v) {
      // every region is a triangle of the box cut by both diagonals: three facets, one on x1 = x2
      expect(rows, pattern).toHaveLength(3);
      expect(rows.filter((r) => r.startsWith('1,-1<=') || r.startsWith('-1,1<=') || r.startsWith('2,-2<=') || r.startsWith('-2,2<=')), pattern).toHaveLength(1);
    }
  });
});
