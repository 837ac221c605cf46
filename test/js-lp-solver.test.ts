import { describe, expect, it } from 'vitest';
import { jsLpSolverBackend } from '../src/lp/js-lp-solver.js';

/** Rows normalised to unit 2-norm, as the seam requires. */
function run(rows: number[][], b: number[], d: number) {
  const m = rows.length;
  const a = new Float64Array(m * d);
  const bb = new Float64Array(m);
  rows.forEach((r, i) => {
    const norm = Math.hypot(...r);
    r.forEach((v, j) => (a[i * d + j] = v / norm));
    bb[i] = b[i] / norm;
  });
  return jsLpSolverBackend.interior(a, bb, m, d);
}

const box = (lo: number, hi: number) =>
  run([[1, 0], [-1, 0], [0, 1], [0, -1]], [hi, -lo, hi, -lo], 2);

describe('javascript-lp-solver backend', () => {
  it('is named', () => {
    expect(jsLpSolverBackend.name).toBe('javascript-lp-solver');
  });

  it('unit square: t = 0.5 at (0.5, 0.5)', () => {
    const r = box(0, 1);
    expect(r.failed).toBeFalsy();
    expect(r.y).toBeNull();
    expect(r.t).toBeCloseTo(0.5, 6);
    expect(r.x[0]).toBeCloseTo(0.5, 6);
    expect(r.x[1]).toBeCloseTo(0.5, 6);
  });

  it('box at negative coordinates [-3, -2]^2: x = (-2.5, -2.5) (variables are not >= 0)', () => {
    const r = box(-3, -2);
    expect(r.t).toBeCloseTo(0.5, 6);
    expect(r.x[0]).toBeCloseTo(-2.5, 6);
    expect(r.x[1]).toBeCloseTo(-2.5, 6);
  });

  it('large box: t is capped at 1', () => {
    const r = box(-10, 10);
    expect(r.t).toBeCloseTo(1, 6);
    for (const v of r.x) expect(Math.abs(v)).toBeLessThanOrEqual(9 + 1e-6);
  });

  it('empty systems give t <= 0', () => {
    expect(run([[1], [-1]], [0, 0], 1).t).toBeLessThanOrEqual(1e-9);
    // x > 1/3, y > 1/3, x + y < 2/3
    expect(run([[-3, 0], [0, -3], [3, 3]], [-1, -1, 2], 2).t).toBeLessThanOrEqual(1e-9);
    // a strictly infeasible one: x < -1 and x > 1 (t = -1)
    expect(run([[1], [-1]], [-1, -1], 1).t).toBeCloseTo(-1, 6);
  });

  it('m = 0 and unbounded systems', () => {
    const r0 = jsLpSolverBackend.interior(new Float64Array(0), new Float64Array(0), 0, 3);
    expect(r0.t).toBeCloseTo(1, 6);
    expect(r0.x.length).toBe(3);
    const r1 = run([[1, 2, 3]], [-7], 3);
    expect(r1.t).toBeCloseTo(1, 6);
    const x = r1.x;
    expect((x[0] + 2 * x[1] + 3 * x[2] + 7) / Math.hypot(1, 2, 3)).toBeLessThanOrEqual(-1 + 1e-6);
  });

  it('random systems with a known interior point: t > 0 and x satisfies the rows', () => {
    let seed = 99;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let rep = 0; rep < 20; rep++) {
      const d = 1 + Math.floor(rnd() * 5);
      const m = 1 + Math.floor(rnd() * 40);
      const p = Array.from({ length: d }, () => rnd() * 20 - 10);
      const rows = Array.from({ length: m }, () => Array.from({ length: d }, () => rnd() * 2 - 1));
      const b = rows.map((r) => r.reduce((s, v, j) => s + v * p[j], 0) + 0.1 + rnd());
      const res = run(rows, b, d);
      expect(res.failed).toBeFalsy();
      expect(res.t).toBeGreaterThan(0);
      rows.forEach((r, i) => {
        expect(r.reduce((s, v, j) => s + v * res.x[j], 0)).toBeLessThan(b[i]);
      });
    }
  });
});
