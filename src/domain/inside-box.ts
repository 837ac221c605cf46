/**
 * Does a domain lie inside a box? Decided exactly: a box by its bounds, a polyhedron by exact
 * LPs (the max and min of every coordinate over it, lp/optimize.ts), the whole space never.
 * Used to warn when a query leaves the box a network file is defined on (.nnet input ranges).
 */
import { cmp, lcm, rat, toString, type Rational } from '../kernel/rational.js';
import { maximize } from '../lp/optimize.js';
import { domainConstraints, type Domain } from './domain.js';

/** Where `domain` leaves `box` (e.g. "input 0 reaches 2 > 1"), or null if it lies inside. */
export function leavesBox(domain: Domain, box: { lo: Rational[]; hi: Rational[] }): string | null {
  const d = box.lo.length;
  if (domain.kind === 'whole') return 'the whole space is not inside it';
  const extreme = extremes(domain, d);
  for (let i = 0; i < d; i++) {
    const { min, max } = extreme(i);
    if (min === null || cmp(min, box.lo[i]) < 0) return `input ${i} reaches ${min === null ? '-inf' : toString(min)} < ${toString(box.lo[i])}`;
    if (max === null || cmp(max, box.hi[i]) > 0) return `input ${i} reaches ${max === null ? 'inf' : toString(max)} > ${toString(box.hi[i])}`;
  }
  return null;
}

/** Exact min and max of each coordinate over the domain (null: unbounded). */
function extremes(domain: Exclude<Domain, { kind: 'whole' }>, d: number): (i: number) => { min: Rational | null; max: Rational | null } {
  if (domain.kind === 'box') return (i) => ({ min: domain.lo[i], max: domain.hi[i] });
  // integer rows: each row a·x <= b times the lcm of its denominators
  const rows = domainConstraints(domain, d).map(({ a, b }) => {
    const den = [...a, b].reduce((m, v) => lcm(m, v.d), 1n);
    return { a: a.map((v) => v.n * (den / v.d)), b: b.n * (den / b.d) };
  });
  const A = rows.map((r) => r.a);
  const b = rows.map((r) => r.b);
  const best = (i: number, sense: bigint): Rational | null => {
    const ans = maximize(A, b, Array.from({ length: d }, (_, k) => (k === i ? sense : 0n)));
    if (ans.kind !== 'optimal') return null; // unbounded (an infeasible domain is refused elsewhere)
    return sense > 0n ? ans.value : rat(-ans.value.n, ans.value.d);
  };
  return (i) => ({ min: best(i, -1n), max: best(i, 1n) });
}
