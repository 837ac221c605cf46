/**
 * The exact box bound (certify/box-bound.ts) that decides verify's prunes and that the verdict
 * checker recomputes: it is a true lower bound of the exact minimum (computed from the regions'
 * exact maps), with and without refinement, on non-dyadic boxes and rational weights; and on
 * ACAS Xu boxes it matches the float CROWN bound of verify/linear-bounds.ts, so the exact check
 * confirms what the floats propose. (On tiny nets the two may differ where a neuron has u = −l
 * exactly: the lower line's slope is then a tie that outward rounding may break either way.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxLowerBounds } from '../src/certify/box-bound.js';
import { add, cmp, div, neg, rat, sub, toDouble } from '../src/kernel/rational.js';
import { loadNetwork } from '../src/network/load.js';
import { loadVnnlib } from '../src/verify/vnnlib.js';
import { boxDomainArb, networkArb, rationalArb } from '../src/testing/arbitraries.js';
import { linearBounds } from '../src/certify/linear-bounds.js';
import { outputRange } from '../src/verify/region-queries.js';

describe('exact box bound', () => {
  it('is a lower bound of the exact minimum of c·f + k, plain and refined', async () => {
    const d = 2;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          networkArb({ inputSize: d, widths: [4, 3, 2], weights: 'float32', lastLayer: 'linear' }),
          networkArb({ inputSize: d, widths: [3, 3, 3, 1], weights: 'small-int', lastLayer: 'relu' }),
          networkArb({ inputSize: d, widths: [5, 2], weights: 'rational', lastLayer: 'linear' }),
        ),
        boxDomainArb(d, { min: -2, max: 2, maxDen: 7 }),
        fc.array(rationalArb({ min: -2, max: 2, maxDen: 5 }), { minLength: 3, maxLength: 3 }),
        async (net, box, cs) => {
          const outputs = net.layers.at(-1)!.weights.length;
          const c = cs.slice(0, outputs);
          const k = cs[2];
          const { min } = await outputRange(net, c, box);
          const exactMin = { n: min.value.n * k.d + k.n * min.value.d, d: min.value.d * k.d };
          const [plain] = boxLowerBounds(net, box.lo, box.hi, [{ c, k }]);
          const [refined] = boxLowerBounds(net, box.lo, box.hi, [{ c, k }], { refine: () => true });
          expect(cmp(plain, exactMin)).toBeLessThanOrEqual(0);
          expect(cmp(refined, exactMin)).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches the float CROWN bound on ACAS Xu 1_1 sub-boxes of property 3', () => {
    const net = loadNetwork(new URL('../../shared/acasxu/ACASXU_run2a_1_1_batch_2000.onnx', import.meta.url).pathname);
    const { lo, hi } = loadVnnlib(new URL('../../shared/acasxu/prop_3.vnnlib', import.meta.url).pathname).inputBox;
    const objectives = [1, 2, 3, 4].map((j) => ({ c: [0, 1, 2, 3, 4].map((i) => rat(i === 0 ? 1n : i === j ? -1n : 0n)), k: rat(0n) }));
    for (const f of [4n, 16n, 64n]) {
      const top = hi.map((h, i) => add(lo[i], div(sub(h, lo[i]), rat(f))));
      const exact = boxLowerBounds(net, lo, top, objectives, { refine: () => true });
      const float = linearBounds(net, lo, top, objectives, { refine: true }).bounds;
      exact.forEach((b, i) => expect(Math.abs(toDouble(b) - float[i].bound)).toBeLessThan(1e-9));
    }
  });

  it('is exact on an affine network: ReLU(x + 3) - 1 on [-1, 2] has minimum 1', () => {
    const net = { inputSize: 1, layers: [
      { weights: [[rat(1n)]], bias: [rat(3n)], activation: 'relu' as const },
      { weights: [[rat(1n)]], bias: [neg(rat(1n))], activation: 'linear' as const },
    ] };
    const [b] = boxLowerBounds(net, [rat(-1n)], [rat(2n)], [{ c: [rat(1n)], k: rat(0n) }]);
    expect(cmp(b, rat(1n))).toBeLessThanOrEqual(0);
    expect(cmp(b, rat(99999n, 100000n))).toBeGreaterThan(0); // only the grid's rounding is lost
  });
});
