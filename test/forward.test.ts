import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../src/errors.js';
import { fromDouble, rat, toDouble, toString, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { parseNetworkValue } from '../src/network/parse-json.js';

const strs = (v: Rational[]) => v.map(toString);
const q = (n: number, d = 1) => rat(BigInt(n), BigInt(d));

// z1 = W1 x + b1 with W1 = [[1,-1],[2,1/3]], b1 = [1/2, 0]; then a linear head [[1,-2]] + 1/4.
const net = parseNetworkValue({
  inputSize: 2,
  layers: [
    { weights: [[1, -1], [2, '1/3']], bias: ['1/2', 0], activation: 'relu' },
    { weights: [[1, -2]], bias: ['1/4'], activation: 'linear' },
  ],
});

describe('forward', () => {
  it('matches hand-computed values', () => {
    // x = (1/3, 1): z1 = (1/3 - 1 + 1/2, 2/3 + 1/3) = (-1/6, 1), h1 = (0, 1), z2 = 0 - 2 + 1/4
    const t = forward(net, [q(1, 3), q(1)]);
    expect(t.preActivations.map(strs)).toEqual([['-1/6', '1'], ['-7/4']]);
    expect(strs(t.output)).toEqual(['-7/4']); // the linear last layer is not ReLU'd
  });

  it('passes positive pre-activations through ReLU unchanged', () => {
    // x = (1, -1/2): z1 = (1 + 1/2 + 1/2, 2 - 1/6) = (2, 11/6), z2 = 2 - 11/3 + 1/4 = -17/12
    const t = forward(net, [q(1), q(-1, 2)]);
    expect(t.preActivations.map(strs)).toEqual([['2', '11/6'], ['-17/12']]);
    expect(strs(t.output)).toEqual(['-17/12']);
  });

  it('applies ReLU to a ReLU last layer', () => {
    const reluHead = { ...net, layers: [net.layers[0], { ...net.layers[1], activation: 'relu' as const }] };
    const t = forward(reluHead, [q(1, 3), q(1)]);
    expect(strs(t.preActivations[1])).toEqual(['-7/4']);
    expect(strs(t.output)).toEqual(['0']);
  });

  it('is exact for binary64 weights', () => {
    const n = parseNetworkValue({ inputSize: 1, layers: [{ weights: [[0.1]], bias: [0.2], activation: 'linear' }] });
    // The double 0.2 is exactly twice the double 0.1, so 3*0.1 + 0.2 is exactly 5 times
    // 3602879701896397/2^55 -- neither 1/2 nor the float result 0.5000000000000001.
    const out = forward(n, [q(3)]).output;
    expect(strs(out)).toEqual(['18014398509481985/36028797018963968']);
    expect(out[0]).not.toEqual(fromDouble(0.1 * 3 + 0.2));
  });

  it('agrees with a float forward pass on random points', () => {
    const relu = (v: number) => Math.max(v, 0);
    const float = (x: number[]) => {
      const h = [x[0] - x[1] + 0.5, 2 * x[0] + x[1] / 3].map(relu);
      return h[0] - 2 * h[1] + 0.25;
    };
    const coord = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(coord, coord, (a, b) => {
        const exact = toDouble(forward(net, [fromDouble(a), fromDouble(b)]).output[0]);
        return Math.abs(exact - float([a, b])) <= 1e-12 * (1 + Math.abs(exact));
      }),
    );
  });

  it('rejects a point of the wrong dimension', () => {
    expect(() => forward(net, [q(1)])).toThrow(InputError);
    expect(() => forward(net, [q(1)])).toThrow('input point: 1 coordinates, expected 2');
  });
});
