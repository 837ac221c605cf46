/** Failing cases of the public arbitraries print exact "p/q" values, not {"n":1n,"d":16777216n}. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxDomainArb, networkArb, pointInBoxArb, weightArb } from '../src/testing/arbitraries.js';
import { degenerateBoxArb, degenerateNetworkArb } from '../src/testing/degenerate.js';

describe('printing generated values', () => {
  it('a failing network is reported as its JSON format with exact strings, shrunk to simple weights', () => {
    const r = fc.check(
      fc.property(networkArb({ inputSize: 1, widths: [2, 1], weights: 'float32' }), (net) => net.layers[0].bias.every((b) => b.n === 0n)),
      { seed: 3 },
    );
    const report = fc.defaultReportMessage(r)!;
    expect(report).toMatch(/Counterexample: \[network \{"inputSize":1,"layers":\[\{"weights":\[\["0"\]\],"bias":\["1"\],"activation":"relu"\}\]\}\]/);
    expect(report).not.toMatch(/\d+n/); // no bigint literals
  });

  it('weights, points, boxes and degenerate nets print exactly; String(weight) is "p/q"', () => {
    const [w] = fc.sample(weightArb('rational'), { seed: 7, numRuns: 1 });
    expect(String(w)).toMatch(/^-?\d+(\/\d+)?$/);
    expect(fc.stringify(w)).toBe(String(w));
    const [box] = fc.sample(boxDomainArb(2), { seed: 1, numRuns: 1 });
    expect(fc.stringify(box)).toMatch(/^box \{"kind":"box","lo":\["-?\d+(\/\d+)?","-?\d+(\/\d+)?"\],"hi":\[/);
    const [x] = fc.sample(pointInBoxArb(box.lo, box.hi), { seed: 1, numRuns: 1 });
    expect(fc.stringify(x)).toMatch(/^\(-?\d+(\/\d+)?, -?\d+(\/\d+)?\)$/);
    const [net] = fc.sample(degenerateNetworkArb(), { seed: 2, numRuns: 1 });
    expect(fc.stringify(net)).toMatch(/^network \{"inputSize":\d/);
    expect(fc.stringify(fc.sample(degenerateBoxArb(3), { seed: 2, numRuns: 1 })[0])).toMatch(/^box /);
    // the print methods are invisible to equality and to key listing
    expect(box).toEqual({ kind: 'box', lo: box.lo.map((v) => ({ n: v.n, d: v.d })), hi: box.hi.map((v) => ({ n: v.n, d: v.d })) });
    expect(Object.keys(w)).toEqual(['n', 'd']);
  });
});
