import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, eq, rat, toString } from '../src/kernel/rational.js';
import { networkArb } from '../src/testing/arbitraries.js';
import { permuteHiddenNeurons, rescaleNeuron } from '../src/testing/transforms.js';
import { equivalence } from '../src/verify/equivalence.js';
import { box, layer, net, plusMinus } from './helpers/nets.js';

describe('exact equivalence', () => {
  it('[I,-I]·ReLU([I;-I]x) is the identity', async () => {
    const identity = net(2, layer([[1, 0], [0, 1]], [0, 0], 'linear'));
    const r = await equivalence(plusMinus(2, true), identity, box(-3, 5, 2));
    expect(r.equivalent).toBe(true);
  });

  it('ReLU(x) and ReLU(x - 1/3) differ, with an exact point where they do', async () => {
    const r = await equivalence(net(1, layer([[1]], [0])), net(1, layer([[1]], ['-1/3'])));
    expect(r.equivalent).toBe(false);
    if (r.equivalent !== false) return;
    expect(eq(r.y1[0], r.y2[0])).toBe(false);
    expect(cmp(r.x[0], rat(0n)) > 0).toBe(true); // they agree for x <= 0
    expect(toString(add(r.y2[0], rat(1n, 3n)))).toBe(toString(r.y1[0]));
  });

  it('agrees with permuted and rescaled copies, and finds perturbed ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        networkArb({ inputSize: 2, widths: [3, 3, 1], weights: 'small-int', lastLayer: 'linear' }),
        fc.integer({ min: 1, max: 5 }),
        async (n, alpha) => {
          const twin = rescaleNeuron(permuteHiddenNeurons(n, 0, [2, 0, 1]), 1, 0, rat(BigInt(alpha), 2n));
          expect((await equivalence(n, twin)).equivalent).toBe(true);
          const shifted = { ...n, layers: n.layers.map((l, i) => (i === 2 ? { ...l, bias: l.bias.map((b) => add(b, rat(1n, 7n))) } : l)) };
          const r = await equivalence(n, shifted);
          expect(r.equivalent).toBe(false);
          if (r.equivalent === false) expect(eq(r.y1[0], r.y2[0])).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });
});
