import { describe, expect, it } from 'vitest';
import { eq } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { injectivity } from '../src/verify/injectivity.js';
import { pairSearch } from '../src/verify/injectivity-pairs.js';
import { box, layer, net, plusMinus, whole } from './helpers/nets.js';

const expectPair = (n: Network, r: Awaited<ReturnType<typeof injectivity>>) => {
  expect(r.injective).toBe(false);
  if (r.injective !== false) return;
  expect(r.x.every((v, i) => eq(v, r.y[i]))).toBe(false);
  const fx = forward(n, r.x).output;
  const fy = forward(n, r.y).output;
  expect(fx.every((v, i) => eq(v, fy[i]))).toBe(true);
};

describe('injectivity, one ReLU layer (full rank on every region is exact)', () => {
  it.each([2, 3])('ReLU([I;-I]x) on R^%i is injective', async (n) => {
    const r = await injectivity(plusMinus(n, false), whole, null);
    expect(r.injective).toBe(true);
  });

  it('ReLU(Wx) with rows (1,0), (0,1), (-1,-1) is not injective', async () => {
    const n = net(2, layer([[1, 0], [0, 1], [-1, -1]], [0, 0, 0]));
    expectPair(n, await injectivity(n, whole, null));
  });

  it.each([1, 2, 3])('ReLU(x + 2·1) on [-1,1]^%i is injective (m = n)', async (d) => {
    const I = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, k) => (i === k ? 1 : 0)));
    expect((await injectivity(net(d, layer(I, I.map(() => 2))), box(-1, 1, d), null)).injective).toBe(true);
  });

  it('ReLU(x + 1/2·1) on [-1,1]^2 is not injective', async () => {
    const n = net(2, layer([[1, 0], [0, 1]], ['1/2', '1/2']));
    expectPair(n, await injectivity(n, box(-1, 1, 2), null));
  });
});

describe('injectivity, deeper networks (pairwise exact LPs)', () => {
  const search = () => pairSearch({ lpSolves: 0, pairsSkipped: 0 });
  it('the fold (|x1|, x2) has |det| = 1 everywhere and is not injective', async () => {
    const fold = net(2, layer([[1, 0], [-1, 0], [0, 1]], [0, 0, 2]), layer([[1, 1, 0], [0, 0, 1]], [0, -2], 'linear'));
    const r = await injectivity(fold, box(-1, 1, 2), search());
    expectPair(fold, r);
  });

  it('[I, -I]·ReLU([I; -I]x), the identity, is injective', async () => {
    const r = await injectivity(plusMinus(2, true), box(-1, 1, 2), search());
    expect(r.injective).toBe(true);
    if (r.injective) expect(r.pairsChecked).toBeGreaterThan(0);
  });

  it('a two-layer net that folds only outside the domain is injective on it', async () => {
    // y = (ReLU(x1 + 2) - ReLU(-x1 - 2) ... ): on [-1,1]^2 the first layer is the identity plus 2
    const n = net(2, layer([[1, 0], [0, 1]], [2, 2]), layer([[1, 0], [0, 1]], [0, 0], 'linear'));
    expect((await injectivity(n, box(-1, 1, 2), search())).injective).toBe(true);
    // on [-3,1]^2 it collapses x1 < -2 to one value: not injective
    expectPair(n, await injectivity(n, box(-3, 1, 2), search()));
  });
});
