import { describe, expect, it } from 'vitest';
import { parseRational, toString } from '../src/kernel/rational.js';
import { lipschitzConstant, monotonicity, outputRange } from '../src/verify/region-queries.js';
import { box, layer, net, plusMinus, sawtooth } from './helpers/nets.js';

const R = (s: string) => parseRational(s)!;
const str = (xs: { n: bigint; d: bigint }[]) => xs.map(toString);

describe('exact output ranges', () => {
  it.each([1, 3, 6])("Telgarsky's sawtooth T^%i on [0,1] has range exactly [0,1]", async (k) => {
    const r = await outputRange(sawtooth(k), [R('1')], box(0, 1, 1));
    expect(toString(r.min.value)).toBe('0');
    expect(toString(r.max.value)).toBe('1');
    expect(r.regions).toBe(2 ** k);
  });

  it('a hand-computed range with a rational objective and exact argmax', async () => {
    // y = (ReLU(x1 - x2), ReLU(x1 + x2 - 1/3)) on [-1,1]²; objective y0 - 2 y1
    const n = net(2, layer([[1, -1], [1, 1]], [0, '-1/3']));
    const r = await outputRange(n, [R('1'), R('-2')], box(-1, 1, 2));
    // max: y1 = 0 needs x1 + x2 <= 1/3; y0 = x1 - x2 is largest at (1, -1): y0 = 2, y1 = ReLU(-1/3) = 0
    expect(toString(r.max.value)).toBe('2');
    expect(str(r.max.point)).toEqual(['1', '-1']);
    // min: at (1, 1): y0 = 0, y1 = 5/3 → -10/3
    expect(toString(r.min.value)).toBe('-10/3');
    expect(str(r.min.point)).toEqual(['1', '1']);
  });
});

describe('exact Lipschitz constants', () => {
  it('the identity [I,-I]·ReLU([I;-I]x) has constant 1 in both norms', async () => {
    expect(toString((await lipschitzConstant(plusMinus(3, true), 'inf')).value)).toBe('1');
    expect(toString((await lipschitzConstant(plusMinus(3, true), '1')).value)).toBe('1');
  });

  it('a net with known slopes: max row sum and max column sum differ', async () => {
    // y = (ReLU(2 x1 + x2), ReLU(-x1 + 3/2 x2)) on [-1,1]²: both active near (0, 1/2)
    const n = net(2, layer([[2, 1], [-1, '3/2']], [0, 0]));
    expect(toString((await lipschitzConstant(n, 'inf', box(-1, 1, 2))).value)).toBe('3'); // row |2|+|1|
    expect(toString((await lipschitzConstant(n, '1', box(-1, 1, 2))).value)).toBe('3'); // column |2|+|-1| = 3 vs 1 + 3/2
    const m = net(2, layer([[2, '1/2'], [-1, '5/2']], [0, 0]));
    expect(toString((await lipschitzConstant(m, 'inf', box(-1, 1, 2))).value)).toBe('7/2');
    expect(toString((await lipschitzConstant(m, '1', box(-1, 1, 2))).value)).toBe('3');
  });
});

describe('exact monotonicity', () => {
  it('the fold |x1| is not monotone in x1, and is constant in x2', async () => {
    const fold = net(2, layer([[1, 0], [-1, 0], [0, 1]], [0, 0, 2]), layer([[1, 1, 0], [0, 0, 1]], [0, -2], 'linear'));
    const r = await monotonicity(fold, 0, 0);
    expect(r.increasing).toBe(false);
    expect(r.decreasing).toBe(false);
    expect(toString(r.counterexamples.increasing!.slope)).toBe('-1');
    expect(toString(r.counterexamples.decreasing!.slope)).toBe('1');
    const c = await monotonicity(fold, 1, 0);
    expect(c.increasing && c.decreasing).toBe(true);
  });

  it('the sawtooth is not monotone, a single ReLU is', async () => {
    expect((await monotonicity(sawtooth(2), 0, 0, box(0, 1, 1))).increasing).toBe(false);
    expect((await monotonicity(net(1, layer([[3]], ['-1/2'])), 0, 0)).increasing).toBe(true);
  });
});

describe('ranges with the LP engine (exact LPs per region)', () => {
  it('agree with the vertex engine on random nets', async () => {
    const { default: fc } = await import('fast-check');
    const { networkArb } = await import('../src/testing/arbitraries.js');
    await fc.assert(
      fc.asyncProperty(networkArb({ inputSize: 2, widths: [3, 3, 2], weights: 'rational', lastLayer: 'linear' }), async (n) => {
        const v = await outputRange(n, [R('1'), R('-1/2')], box(-1, 1, 2), { engine: 'vertex' });
        const l = await outputRange(n, [R('1'), R('-1/2')], box(-1, 1, 2), { engine: 'lp' });
        expect(toString(l.min.value)).toBe(toString(v.min.value));
        expect(toString(l.max.value)).toBe(toString(v.max.value));
      }),
      { numRuns: 30 },
    );
  });

  it('works on unbounded domains when the output is bounded, and says when it is not', async () => {
    // y = ReLU(1 - ReLU(x)) - ReLU(-x) ... bounded above by 1, unbounded below
    const n = net(1, layer([[1]], [0]), layer([[-1]], [1]));
    const r = await outputRange(n, [R('1')], { kind: 'whole' });
    expect(toString(r.max.value)).toBe('1');
    expect(toString(r.min.value)).toBe('0');
    await expect(outputRange(net(1, layer([[1]], [0])), [R('1')], { kind: 'whole' })).rejects.toThrow(/unbounded/);
  });
});
