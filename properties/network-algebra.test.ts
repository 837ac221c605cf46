/**
 * The network algebra (src/network/algebra.ts) computes exactly the composed functions: at random
 * exact points, the exact forward pass of compose, stack, concatInput and closedLoop equals the
 * composition of the parts' exact forward passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, mul, toString, type Rational } from '../src/kernel/rational.js';
import { affineNetwork, closedLoop, compose, concatInput, stack } from '../src/network/algebra.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { networkArb, pointInBoxArb, rationalArb, widthsArb } from '../src/testing/arbitraries.js';

const f = (net: Network, x: Rational[]) => forward(net, x).output;
const same = (a: Rational[], b: Rational[]) => expect(a.map(toString)).toEqual(b.map(toString));
const box = (d: number) => pointInBoxArb(new Array(d).fill({ n: -2n, d: 1n }), new Array(d).fill({ n: 2n, d: 1n }));
const netArb = (inputSize: number, out?: number) =>
  networkArb({ inputSize, widths: widthsArb({ maxDepth: 3, maxWidth: 4 }).map((w) => (out === undefined ? w : [...w.slice(0, -1), out])), lastLayer: 'linear', weights: 'rational' });
const matrix = (rows: number, cols: number) => fc.array(fc.array(rationalArb({ min: -2, max: 2, maxDen: 4 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

describe('network algebra: exact forward passes agree with the composition of the parts', () => {
  it('compose(g, f)(x) = g(f(x)), whatever the activations of the last layers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(networkArb({ inputSize: d, weights: 'rational', lastLayer: 'relu' }), box(d))),
        fc.boolean(),
        ([inner, x], linearOuter) => {
          const m = inner.layers.at(-1)!.weights.length;
          const outer = fc.sample(networkArb({ inputSize: m, lastLayer: linearOuter ? 'linear' : 'relu' }), { numRuns: 1, seed: m })[0];
          const c = compose(outer, inner);
          same(f(c, x), f(outer, f(inner, x)));
          expect(c.layers.slice(0, -1).every((l) => l.activation === 'relu')).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stack(f, g)(x) = (f(x), g(x)) for networks of different depths and last activations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) =>
          fc.tuple(networkArb({ inputSize: d, widths: widthsArb({ maxDepth: 4 }), weights: 'rational', lastLayer: 'relu' }), netArb(d), box(d)),
        ),
        ([a, b, x]) => {
          same(f(stack(a, b), x), [...f(a, x), ...f(b, x)]);
          same(f(stack(b, a), x), [...f(b, x), ...f(a, x)]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('concatInput(f)(x) = (x, f(x)), and the closed loop is A·x + B·π(x) + c', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(netArb(d), box(d), matrix(d, d), fc.array(rationalArb({ maxDen: 4 }), { minLength: d, maxLength: d }))),
        ([pi, x, A, c]) => {
          same(f(concatInput(pi), x), [...x, ...f(pi, x)]);
          const u = f(pi, x);
          const B = A.map((row, i) => u.map((_, k) => row[(i + k) % row.length])); // d × m
          const loop = closedLoop(pi, A, B, c);
          const want = A.map((row, i) => {
            let s = c[i];
            row.forEach((a, j) => (s = add(s, mul(a, x[j]))));
            B[i].forEach((b, k) => (s = add(s, mul(b, u[k]))));
            return s;
          });
          same(f(loop, x), want);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('bad shapes are one clear error each', () => {
    const one = affineNetwork([[{ n: 1n, d: 1n }]], [{ n: 0n, d: 1n }]);
    const two = affineNetwork([[{ n: 1n, d: 1n }, { n: 1n, d: 1n }]], [{ n: 0n, d: 1n }]);
    expect(() => compose(two, one)).toThrow(/compose: the inner network has 1 outputs, the outer one 2 inputs/);
    expect(() => stack(one, two)).toThrow(/stack: the networks have 1 and 2 inputs/);
    expect(() => affineNetwork([[{ n: 1n, d: 1n }], []], [{ n: 0n, d: 1n }, { n: 0n, d: 1n }])).toThrow(/A\[1\] has 0 entries/);
    expect(() => closedLoop(one, [[{ n: 1n, d: 1n }]], [[]], [{ n: 0n, d: 1n }])).toThrow(/B must be 1×1/);
  });
});
