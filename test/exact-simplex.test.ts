import { describe, expect, it } from 'vitest';
import { exactInterior, isMotzkinCertificate, isStrictWitness } from '../src/lp/exact-simplex.js';
import type { StrictSystem } from '../src/lp/types.js';
import { rat } from '../src/kernel/rational.js';

const sys = (d: number, a: number[][], b: number[]): StrictSystem => ({
  d,
  a: a.map((r) => r.map(BigInt)),
  b: b.map(BigInt),
});

function expectInterior(s: StrictSystem) {
  const ans = exactInterior(s);
  expect(ans.kind).toBe('interior');
  if (ans.kind === 'interior') expect(isStrictWitness(s, ans.x)).toBe(true);
  return ans;
}

function expectEmpty(s: StrictSystem) {
  const ans = exactInterior(s);
  expect(ans.kind).toBe('empty');
  if (ans.kind === 'empty') expect(isMotzkinCertificate(s, ans.y)).toBe(true);
  return ans;
}

describe('exactInterior', () => {
  it('unit square is interior', () => {
    expectInterior(sys(2, [[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 1, 0]));
  });

  it('triangle cell at the non-dyadic point (1/3, 1/3) is empty', () => {
    // x > 1/3, y > 1/3, x + y < 2/3, scaled to integers
    const s = sys(2, [[-3, 0], [0, -3], [3, 3]], [-1, -1, 2]);
    const ans = expectEmpty(s);
    if (ans.kind === 'empty') expect(ans.y).toEqual([1n, 1n, 1n]);
  });

  it('the same triangle with x + y < 2/3 + 1/1000 is nonempty', () => {
    expectInterior(sys(2, [[-3, 0], [0, -3], [3000, 3000]], [-1, -1, 2003]));
  });

  it('x < 0 and -x < 0 is empty with y = (1, 1)', () => {
    const ans = expectEmpty(sys(1, [[1], [-1]], [0, 0]));
    if (ans.kind === 'empty') expect(ans.y).toEqual([1n, 1n]);
  });

  it('m = 0 is interior', () => {
    expectInterior(sys(3, [], []));
  });

  it('zero rows: 0 < 0 is empty, 0 < 1 is fine', () => {
    const ans = expectEmpty(sys(2, [[0, 0]], [0]));
    if (ans.kind === 'empty') expect(ans.y).toEqual([1n]);
    expectInterior(sys(2, [[0, 0], [1, 1]], [1, 5]));
    expectEmpty(sys(2, [[0, 0], [1, 1]], [-1, 5]));
  });

  it('unbounded systems are interior', () => {
    expectInterior(sys(3, [[1, 2, 3]], [-7]));
    expectInterior(sys(3, [[1, 0, 0], [0, 1, 0]], [-7, 100]));
  });

  it('degenerate: many lines through one point', () => {
    // x + ky > k+1 ... all through (1, 1): the cone cell between them is nonempty,
    // but adding the opposite orientation of two of them collapses it.
    const a: number[][] = [];
    const b: number[] = [];
    for (let k = 1; k <= 6; k++) {
      a.push([-1, -k]);
      b.push(-(1 + k));
    }
    expectInterior(sys(2, a, b));
    expectEmpty(sys(2, [...a, [1, 3]], [...b, 4]));
    expectEmpty(sys(2, [[1, 1], [-1, 2], [0, -3]], [2, 1, -3])); // three lines through (1, 1)
  });

  it('duplicate and rank-deficient rows', () => {
    expectInterior(sys(3, [[1, 1, 0], [2, 2, 0], [-1, -1, 0]], [1, 2, 0]));
    expectEmpty(sys(3, [[1, 1, 0], [2, 2, 0], [-1, -1, 0]], [1, 2, -1]));
  });

  it('rejects malformed input', () => {
    expect(() => exactInterior({ d: 2, a: [[1n]], b: [0n] })).toThrow(RangeError);
    expect(() => exactInterior({ d: 2, a: [[1n, 0n]], b: [] })).toThrow(RangeError);
  });
});

describe('checkers', () => {
  const s = sys(1, [[1], [-1]], [0, 0]);
  it('isMotzkinCertificate rejects bad certificates', () => {
    expect(isMotzkinCertificate(s, [1n, 1n])).toBe(true);
    expect(isMotzkinCertificate(s, [0n, 0n])).toBe(false);
    expect(isMotzkinCertificate(s, [1n, 2n])).toBe(false);
    expect(isMotzkinCertificate(s, [-1n, -1n])).toBe(false);
    expect(isMotzkinCertificate(s, [1n])).toBe(false);
    expect(isMotzkinCertificate(sys(1, [[1], [-1]], [0, 1]), [1n, 1n])).toBe(false);
  });
  it('isStrictWitness is strict and exact', () => {
    const t = sys(1, [[3], [-3]], [1, 0]); // 0 < x < 1/3
    expect(isStrictWitness(t, [rat(1n, 6n)])).toBe(true);
    expect(isStrictWitness(t, [rat(1n, 3n)])).toBe(false);
    expect(isStrictWitness(t, [rat(0n)])).toBe(false);
    expect(isStrictWitness(t, [])).toBe(false);
  });
});

describe('performance', () => {
  it('random 60×4 and 100×10 systems', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [m, d] of [
      [60, 4],
      [100, 10],
    ]) {
      const a: number[][] = [];
      const b: number[] = [];
      for (let i = 0; i < m; i++) {
        a.push(Array.from({ length: d }, () => Math.floor(rnd() * 201) - 100));
        b.push(Math.floor(rnd() * 201) - 60);
      }
      const s = sys(d, a, b);
      const t0 = performance.now();
      const ans = exactInterior(s);
      const ms = performance.now() - t0;
      console.log(`exactInterior ${m}x${d}: ${ans.kind} in ${ms.toFixed(1)} ms`);
      expect(ans.kind === 'interior' ? isStrictWitness(s, ans.x) : isMotzkinCertificate(s, ans.y)).toBe(true);
    }
  });
});
