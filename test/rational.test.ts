import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  add, bitLength, cmp, div, eq, fromDouble, mul, neg, parseRational, rat, sub, toDouble, toString, type Rational,
} from '../src/kernel/rational.js';

const s = (r: Rational | null) => (r === null ? null : toString(r));

describe('parseRational', () => {
  it.each([
    ['-3/7', '-3/7'],
    ['6/4', '3/2'],
    ['+3/7', '3/7'],
    [' 1 / 2 ', '1/2'],
    ['0/5', '0'],
    ['1e-3', '1/1000'],
    ['2.5E2', '250'],
    ['.5', '1/2'],
    ['5.', '5'],
    ['-.5', '-1/2'],
    ['0.1', '1/10'],
    ['+.5e+2', '50'],
    ['-0', '0'],
    ['00012', '12'],
    ['-2.5e-3', '-1/400'],
  ])('%j -> %s', (input, expected) => {
    expect(s(parseRational(input))).toBe(expected);
  });

  it.each(['', ' ', '.', 'e5', '1e', '--1', '1/0', '1/-2', '6/-4', 'NaN', 'Infinity', '0x10', '1_000', '1.2.3', 'abc', '1/2/3', '1e100001'])(
    'rejects %j',
    (input) => {
      expect(parseRational(input)).toBeNull();
    },
  );

  it('round-trips toString', () => {
    const arb = fc.tuple(fc.bigInt(), fc.bigInt({ min: 1n })).map(([n, d]) => rat(n, d));
    fc.assert(fc.property(arb, (r) => eq(parseRational(toString(r))!, r)));
  });
});

describe('fromDouble', () => {
  it('gives exact binary64 values', () => {
    expect(s(fromDouble(0.5))).toBe('1/2');
    expect(s(fromDouble(0.1))).toBe('3602879701896397/36028797018963968');
    expect(s(fromDouble(-0.1))).toBe('-3602879701896397/36028797018963968');
    expect(s(fromDouble(2 ** 60))).toBe('1152921504606846976');
    expect(s(fromDouble(-0))).toBe('0');
    expect(s(fromDouble(1.5))).toBe('3/2');
  });

  it('handles subnormals', () => {
    // 1e-320 is the subnormal 2024 * 2^-1074 = 253 * 2^-1071
    expect(fromDouble(1e-320)).toEqual(rat(253n, 2n ** 1071n));
    expect(fromDouble(5e-324)).toEqual(rat(1n, 2n ** 1074n));
    expect(fromDouble(-5e-324)).toEqual(rat(-1n, 2n ** 1074n));
  });

  it('rejects non-finite values', () => {
    expect(() => fromDouble(NaN)).toThrow(RangeError);
    expect(() => fromDouble(Infinity)).toThrow(RangeError);
  });

  it('agrees with toDouble for every double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(toDouble(fromDouble(x)), x === 0 ? 0 : x)));
  });
});

describe('arithmetic', () => {
  const a = rat(1n, 3n);
  const b = rat(-1n, 6n);
  it('add/sub/mul/div are exact and normalised', () => {
    expect(add(a, b)).toEqual(rat(1n, 6n));
    expect(add(rat(1n, 2n), rat(1n, 2n))).toEqual({ n: 1n, d: 1n });
    expect(sub(a, b)).toEqual(rat(1n, 2n));
    expect(mul(a, b)).toEqual(rat(-1n, 18n));
    expect(mul(rat(2n, 3n), rat(3n, 2n))).toEqual({ n: 1n, d: 1n });
    expect(div(a, b)).toEqual(rat(-2n));
    expect(neg(b)).toEqual(rat(1n, 6n));
    expect(rat(4n, -6n)).toEqual({ n: -2n, d: 3n });
    expect(() => div(a, rat(0n))).toThrow(RangeError);
  });

  it('cmp orders rationals', () => {
    expect(cmp(a, b)).toBe(1);
    expect(cmp(b, a)).toBe(-1);
    expect(cmp(rat(2n, 6n), a)).toBe(0);
    expect(cmp(fromDouble(0.1), rat(1n, 10n))).toBe(1); // the double 0.1 is slightly above 1/10
  });

  it('add is associative and commutative', () => {
    const arb = fc.tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n })).map(([n, d]) => rat(n, d));
    fc.assert(fc.property(arb, arb, arb, (x, y, z) => eq(add(add(x, y), z), add(x, add(y, z))) && eq(add(x, y), add(y, x))));
  });
});

describe('toDouble and bitLength', () => {
  it('converts huge and tiny ratios', () => {
    expect(toDouble(rat(1n, 2n ** 1000n))).toBe(2 ** -1000);
    expect(toDouble(rat(3n ** 700n, 3n ** 699n))).toBe(3);
    expect(toDouble(rat(2n ** 1100n))).toBe(Infinity);
    expect(toDouble(rat(-1n, 2n ** 1100n))).toBe(-0);
  });

  it('bitLength is exact', () => {
    expect([0n, 1n, 2n, 255n, 256n, -256n, 2n ** 100n].map(bitLength)).toEqual([0, 1, 2, 8, 9, 9, 101]);
  });
});
