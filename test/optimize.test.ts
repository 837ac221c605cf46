import { describe, expect, it } from 'vitest';
import { certifyBasis, exactMaximize, isOptimal, maximize, type OptimumAnswer } from '../src/lp/optimize.js';
import { floatMaximize } from '../src/lp/float-optimize.js';
import { rat } from '../src/kernel/rational.js';

interface Lp {
  A: bigint[][];
  b: bigint[];
  c: bigint[];
}
const lp = (a: number[][], b: number[], c: number[]): Lp => ({
  A: a.map((r) => r.map(BigInt)),
  b: b.map(BigInt),
  c: c.map(BigInt),
});

/** Both routes (float-proposed and pure exact) must give certified answers of the same kind and value. */
function solve(p: Lp): OptimumAnswer {
  const stats = { float: 0, exact: 0 };
  const ans = maximize(p.A, p.b, p.c, stats);
  expect(stats.float + stats.exact).toBe(1);
  expect(isOptimal(p.A, p.b, p.c, ans)).toBe(true);
  const ex = exactMaximize(p.A, p.b, p.c);
  expect(isOptimal(p.A, p.b, p.c, ex)).toBe(true);
  expect(ex.kind).toBe(ans.kind);
  if (ans.kind === 'optimal' && ex.kind === 'optimal') expect(ex.value).toEqual(ans.value);
  return ans;
}

function expectOptimal(p: Lp, value: [number, number], x?: [number, number][]) {
  const ans = solve(p);
  expect(ans.kind).toBe('optimal');
  if (ans.kind !== 'optimal') return ans;
  expect(ans.value).toEqual(rat(BigInt(value[0]), BigInt(value[1])));
  if (x) expect(ans.x.p.map((v) => rat(v, ans.x.q))).toEqual(x.map(([n, d]) => rat(BigInt(n), BigInt(d))));
  return ans;
}

const box2 = (a: number[][] = [], b: number[] = []) =>
  [
    [[1, 0], [-1, 0], [0, 1], [0, -1], ...a],
    [1, 0, 1, 0, ...b],
  ] as [number[][], number[]];

describe('maximize: bounded LPs', () => {
  it('unit box: max x + y = 2 at (1, 1), from the float proposal', () => {
    const [a, b] = box2();
    const p = lp(a, b, [1, 1]);
    const stats = { float: 0, exact: 0 };
    const ans = maximize(p.A, p.b, p.c, stats);
    expect(stats).toEqual({ float: 1, exact: 0 });
    expect(ans).toEqual({ kind: 'optimal', value: rat(2n), x: { p: [1n, 1n], q: 1n }, y: [1n, 0n, 1n, 0n], scale: 1n });
    expectOptimal(p, [2, 1], [[1, 1], [1, 1]]);
  });

  it('triangle x + 3y <= 1, x, y >= 0', () => {
    const a = [[1, 3], [-1, 0], [0, -1]];
    const b = [1, 0, 0];
    expectOptimal(lp(a, b, [2, 1]), [2, 1], [[1, 1], [0, 1]]); // at (1, 0)
    const ans = expectOptimal(lp(a, b, [1, 6]), [2, 1], [[0, 1], [1, 3]]); // at the non-dyadic (0, 1/3)
    if (ans.kind === 'optimal') {
      // y/scale: 2·(x + 3y <= 1) + 1·(-x <= 0) gives (1, 6)
      expect(ans.y.map((v) => rat(v, ans.scale))).toEqual([rat(2n), rat(1n), rat(0n)]);
    }
    expectOptimal(lp(a, b, [-1, -1]), [0, 1], [[0, 1], [0, 1]]);
  });

  it('quadrilateral with the non-dyadic vertex (7/18, 4/9)', () => {
    // 2x + 5y <= 3, 4x + y <= 2, x, y >= 0: max x + y = 5/6, duals 1/6, 1/6
    const ans = expectOptimal(lp([[2, 5], [4, 1], [-1, 0], [0, -1]], [3, 2, 0, 0], [1, 1]), [5, 6], [[7, 18], [4, 9]]);
    if (ans.kind === 'optimal') expect(ans.y.map((v) => rat(v, ans.scale))).toEqual([rat(1n, 6n), rat(1n, 6n), rat(0n), rat(0n)]);
  });

  it('degenerate vertex: 5 constraints tight at (1, 1) in 2-D', () => {
    const [a, b] = box2([[1, 1], [2, 1], [1, 2]], [2, 3, 3]);
    expectOptimal(lp(a, b, [1, 1]), [2, 1], [[1, 1], [1, 1]]);
    expectOptimal(lp(a, b, [3, 2]), [5, 1], [[1, 1], [1, 1]]);
    expectOptimal(lp(a, b, [1, 0]), [1, 1]); // a whole edge is optimal
    expectOptimal(lp(a, b, [-1, -1]), [0, 1], [[0, 1], [0, 1]]);
  });

  it('degenerate apex of a pyramid: 6 planes through one point in 3-D', () => {
    // planes z <= 1 + k x + l y through (0, 0, 1), plus z >= 0: max z = 1 at the apex
    const a: number[][] = [];
    const b: number[] = [];
    for (const [k, l] of [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1]]) {
      a.push([-k, -l, 1]);
      b.push(1);
    }
    a.push([0, 0, -1]);
    b.push(0);
    expectOptimal(lp(a, b, [0, 0, 1]), [1, 1], [[0, 1], [0, 1], [1, 1]]);
    expectOptimal(lp(a, b, [1, 0, 3]), [3, 1]);
  });

  it('c = 0: any feasible point, value 0', () => {
    const [a, b] = box2();
    const ans = expectOptimal(lp(a, b, [0, 0]), [0, 1]);
    if (ans.kind === 'optimal') expect(ans.y).toEqual([0n, 0n, 0n, 0n]);
    expect(solve(lp([[1], [-1]], [-1, 0], [0])).kind).toBe('infeasible');
  });

  it('lineality with a bounded optimum', () => {
    // one constraint in 2-D: x + y <= 1, max 2x + 2y = 2 (c orthogonal to the line direction)
    expectOptimal(lp([[1, 1]], [1], [2, 2]), [2, 1]);
    // a slab in 3-D, free in z: -1 <= x - y <= 3, max x - y = 3
    expectOptimal(lp([[1, -1, 0], [-1, 1, 0]], [3, 1], [1, -1, 0]), [3, 1]);
    // box in (x, y), free z: max x + y = 2
    expectOptimal(lp([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]], [1, 0, 1, 0], [1, 1, 0]), [2, 1]);
  });

  it('duplicate, parallel and zero rows', () => {
    const [a, b] = box2([[2, 0], [1, 0], [0, 0]], [2, 1, 5]);
    expectOptimal(lp(a, b, [1, 1]), [2, 1], [[1, 1], [1, 1]]);
  });

  it('m = 0 with c = 0 is optimal at 0; d = 0 decides feasibility', () => {
    expectOptimal(lp([], [], [0, 0, 0]), [0, 1]);
    expect(solve(lp([[], []], [1, 0], [])).kind).toBe('optimal');
    const inf = solve(lp([[], []], [1, -2], []));
    expect(inf).toEqual({ kind: 'infeasible', y: [0n, 1n] });
  });
});

describe('maximize: unbounded and infeasible', () => {
  it('unbounded with a ray', () => {
    const p = lp([[-1, 0], [0, -1]], [0, 0], [1, 1]); // x, y >= 0
    const ans = solve(p);
    expect(ans.kind).toBe('unbounded');
    if (ans.kind === 'unbounded') {
      expect(ans.ray.every((v) => v >= 0n) && ans.ray.some((v) => v > 0n)).toBe(true);
    }
  });

  it('unbounded with lineality, and m = 0', () => {
    const ans = solve(lp([[1, 1]], [1], [1, 0]));
    expect(ans.kind).toBe('unbounded');
    if (ans.kind === 'unbounded') expect(ans.ray[0] + ans.ray[1] <= 0n && ans.ray[0] > 0n).toBe(true);
    const free = solve(lp([], [], [1, -2]));
    expect(free).toEqual({ kind: 'unbounded', x: { p: [0n, 0n], q: 1n }, ray: [1n, -1n] });
  });

  it('infeasible with a Farkas certificate', () => {
    // x <= -1, -x <= 0: y = (1, 1)
    expect(solve(lp([[1], [-1]], [-1, 0], [1]))).toEqual({ kind: 'infeasible', y: [1n, 1n] });
    // infeasible primal with infeasible dual (c = (0, 1) is not in the row space)
    expect(solve(lp([[1, 0], [-1, 0]], [-1, 0], [0, 1]))).toEqual({ kind: 'infeasible', y: [1n, 1n] });
    // the non-dyadic empty triangle x >= 1/3, y >= 1/3, x + y <= 1/2
    const ans = solve(lp([[-3, 0], [0, -3], [2, 2]], [-1, -1, 1], [1, 1]));
    expect(ans).toEqual({ kind: 'infeasible', y: [2n, 2n, 3n] });
    // 0 <= -1
    expect(solve(lp([[0, 0], [1, 0]], [-1, 4], [1, 0]))).toEqual({ kind: 'infeasible', y: [1n, 0n] });
  });
});

describe('isOptimal rejects bad answers', () => {
  const [a, b] = box2();
  const p = lp(a, b, [1, 1]);
  const good = maximize(p.A, p.b, p.c) as Extract<OptimumAnswer, { kind: 'optimal' }>;
  it('optimal', () => {
    expect(isOptimal(p.A, p.b, p.c, good)).toBe(true);
    // a feasible but non-optimal point with the same dual
    expect(isOptimal(p.A, p.b, p.c, { ...good, x: { p: [1n, 0n], q: 1n }, value: rat(1n) })).toBe(false);
    // an infeasible point
    expect(isOptimal(p.A, p.b, p.c, { ...good, x: { p: [3n, 1n], q: 2n }, value: rat(5n, 2n) })).toBe(false);
    // wrong value
    expect(isOptimal(p.A, p.b, p.c, { ...good, value: rat(3n) })).toBe(false);
    // negative dual / wrong scale / wrong length
    expect(isOptimal(p.A, p.b, p.c, { ...good, y: [2n, 1n, 1n, 0n] })).toBe(false);
    expect(isOptimal(p.A, p.b, p.c, { ...good, y: [1n, 0n, 1n, -0n], scale: 2n })).toBe(false);
    expect(isOptimal(p.A, p.b, p.c, { ...good, y: [1n, 0n, 1n] })).toBe(false);
    expect(isOptimal(p.A, p.b, p.c, { ...good, y: [-1n, 0n, -1n, 0n], scale: -1n })).toBe(false);
  });
  it('unbounded and infeasible', () => {
    expect(isOptimal(p.A, p.b, p.c, { kind: 'unbounded', x: { p: [0n, 0n], q: 1n }, ray: [1n, 0n] })).toBe(false);
    expect(isOptimal(p.A, p.b, p.c, { kind: 'infeasible', y: [1n, 1n, 0n, 0n] })).toBe(false);
    const q = lp([[-1, 0], [0, -1]], [0, 0], [1, 1]);
    expect(isOptimal(q.A, q.b, q.c, { kind: 'unbounded', x: { p: [0n, 0n], q: 1n }, ray: [1n, 0n] })).toBe(true);
    expect(isOptimal(q.A, q.b, q.c, { kind: 'unbounded', x: { p: [-1n, 0n], q: 1n }, ray: [1n, 0n] })).toBe(false);
    expect(isOptimal(q.A, q.b, q.c, { kind: 'unbounded', x: { p: [0n, 0n], q: 1n }, ray: [1n, -1n] })).toBe(false);
    expect(isOptimal(q.A, q.b, q.c, { kind: 'infeasible', y: [1n, 1n] })).toBe(false);
  });
});

describe('float proposal', () => {
  it('proposes the optimal basis; certifyBasis rejects a wrong one', () => {
    const p = lp([[2, 5], [4, 1], [-1, 0], [0, -1]], [3, 2, 0, 0], [1, 1]);
    const f = floatMaximize(
      Float64Array.from([2, 5, 4, 1, -1, 0, 0, -1]),
      Float64Array.from([3, 2, 0, 0]),
      Float64Array.from([1, 1]),
      4,
      2,
    );
    expect(f.status).toBe('optimal');
    expect([...f.basis].sort()).toEqual([0, 1]);
    expect(f.x[0]).toBeCloseTo(7 / 18, 12);
    expect(certifyBasis(p.A, p.b, p.c, f.basis)?.kind).toBe('optimal');
    expect(certifyBasis(p.A, p.b, p.c, [2, 3])).toBeNull(); // (0, 0): feasible, duals negative
    expect(certifyBasis(p.A, p.b, p.c, [0, 3])).toBeNull(); // (3/2, 0): infeasible
    expect(certifyBasis(p.A, p.b, p.c, [0, 0])).toBeNull(); // dependent
  });
});

describe('performance', () => {
  it('random 60×5 and 200×8 bounded LPs: float path vs exact path', () => {
    let seed = 4242;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const [m, d] of [
      [60, 5],
      [200, 8],
    ]) {
      const a: number[][] = [];
      const b: number[] = [];
      for (let i = 0; i < m; i++) {
        a.push(Array.from({ length: d }, () => Math.floor(rnd() * 201) - 100));
        b.push(Math.floor(rnd() * 1000) + 1); // 0 is interior
      }
      for (let k = 0; k < d; k++) {
        const e = Array.from({ length: d }, (_, j) => (j === k ? 1 : 0));
        a.push(e, e.map((v) => -v));
        b.push(1000, 1000);
      }
      const p = lp(a, b, Array.from({ length: d }, () => Math.floor(rnd() * 21) - 10));
      const stats = { float: 0, exact: 0 };
      const reps = 20;
      for (let r = 0; r < 5; r++) maximize(p.A, p.b, p.c); // warm-up
      let t0 = performance.now();
      let ans!: OptimumAnswer;
      for (let r = 0; r < reps; r++) ans = maximize(p.A, p.b, p.c, stats);
      const tf = (performance.now() - t0) / reps;
      t0 = performance.now();
      const ex = exactMaximize(p.A, p.b, p.c);
      const te = performance.now() - t0;
      console.log(
        `maximize ${m + 2 * d}x${d}: ${ans.kind}, float path ${(tf * 1000).toFixed(0)} µs (${stats.float}/${reps}), exact ${te.toFixed(2)} ms`,
      );
      expect(isOptimal(p.A, p.b, p.c, ans)).toBe(true);
      expect(isOptimal(p.A, p.b, p.c, ex)).toBe(true);
      if (ans.kind === 'optimal' && ex.kind === 'optimal') expect(ex.value).toEqual(ans.value);
    }
  });
});
