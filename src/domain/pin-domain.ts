/**
 * A domain with some inputs pinned (network/pin.ts): the pins must lie in the domain, and what
 * remains is the domain of the free inputs (in their original order). A box keeps its free
 * intervals; a polyhedron A x <= b becomes its slice A_free x_free <= b - A_pinned·v, substituted
 * exactly and keeping every row (and its number, which region records cite); the whole space stays
 * whole. Also `--box` specs with LO = HI intervals, which pin those inputs.
 */
import { InputError } from '../errors.js';
import { add, cmp, lcm, mul, neg, ONE, parseRational, rat, toString, ZERO, type Rational } from '../kernel/rational.js';
import { maximize } from '../lp/optimize.js';
import type { Pins } from '../network/pin.js';
import { domainConstraints, parseBoxSpec, type Domain } from './domain.js';

type Box = { lo: Rational[]; hi: Rational[] };

const interval = (lo: Rational | null, hi: Rational | null): string => `[${lo === null ? '-inf' : toString(lo)}, ${hi === null ? 'inf' : toString(hi)}]`;

function outside(flag: string, i: number, v: Rational, where: string, lo: Rational | null, hi: Rational | null): never {
  throw new InputError(`${flag}: input ${i} = ${toString(v)} is outside ${where}, where input ${i} ranges over ${interval(lo, hi)}`);
}

/** The box with each pinned input's interval shrunk to its value (checked to lie in the interval). */
export function pinBox<B extends Box>(box: B, pins: Pins, where: string, flag = '--pin'): B {
  const lo = [...box.lo];
  const hi = [...box.hi];
  for (const [i, v] of pins) {
    if (cmp(v, box.lo[i]) < 0 || cmp(v, box.hi[i]) > 0) outside(flag, i, v, where, box.lo[i], box.hi[i]);
    lo[i] = v;
    hi[i] = v;
  }
  return { ...box, lo, hi };
}

/** Exact min and max of x_i over a polyhedron (null: unbounded), by two certified LPs. */
function coordinateRange(domain: Domain & { kind: 'polyhedron' }, d: number, i: number): { lo: Rational | null; hi: Rational | null } {
  const rows = domainConstraints(domain, d).map(({ a, b }) => {
    const den = a.reduce((m, v) => lcm(m, v.d), b.d);
    return { a: a.map((v) => v.n * (den / v.d)), b: b.n * (den / b.d) };
  });
  const best = (sense: bigint): Rational | null => {
    const ans = maximize(rows.map((r) => r.a), rows.map((r) => r.b), Array.from({ length: d }, (_, k) => (k === i ? sense : 0n)));
    if (ans.kind === 'infeasible') throw new InputError('domain: empty (A x <= b has no solution)');
    return ans.kind === 'unbounded' ? null : sense > 0n ? ans.value : neg(ans.value);
  };
  return { lo: best(-1n), hi: best(1n) };
}

/**
 * The domain of the free inputs. Each pin must lie in the domain's range of its input (for a
 * polyhedron decided by exact LPs); pins that are fine one by one but leave the polyhedron
 * together leave an empty slice, which the enumeration refuses as empty.
 */
export function pinDomain(domain: Domain, pins: Pins, d: number, where: string, flag = '--pin'): Domain {
  const free = Array.from({ length: d }, (_, i) => i).filter((i) => !pins.has(i));
  if (domain.kind === 'whole') return domain;
  if (domain.kind === 'box') {
    pinBox(domain, pins, where, flag);
    return { kind: 'box', lo: free.map((i) => domain.lo[i]), hi: free.map((i) => domain.hi[i]) };
  }
  for (const [i, v] of pins) {
    const { lo, hi } = coordinateRange(domain, d, i);
    if ((lo !== null && cmp(v, lo) < 0) || (hi !== null && cmp(v, hi) > 0)) outside(flag, i, v, where, lo, hi);
  }
  return {
    kind: 'polyhedron',
    A: domain.A.map((row) => free.map((i) => row[i])),
    b: domain.b.map((b, k) => [...pins].reduce((s, [i, v]) => add(s, neg(mul(domain.A[k][i], v))), b)),
  };
}

/** The pinned domain as a set of the full input space (the pinned coordinates fixed), for warnings. */
export function pinnedSet(domain: Domain, pins: Pins, d: number): Domain {
  if (domain.kind === 'box') return pinBox(domain, pins, 'the domain');
  if (domain.kind === 'whole') return domain;
  const unit = (i: number, s: Rational) => Array.from({ length: d }, (_, k) => (k === i ? s : ZERO));
  const eqs = [...pins].flatMap(([i, v]) => [{ a: unit(i, ONE), b: v }, { a: unit(i, rat(-1n)), b: neg(v) }]);
  return { kind: 'polyhedron', A: [...domain.A, ...eqs.map((e) => e.a)], b: [...domain.b, ...eqs.map((e) => e.b)] };
}

/**
 * `--box LO1:HI1,...` where some intervals have LO = HI: those inputs are pinned. Returns the
 * box of every input (pinned intervals as [v, v]) and the pins; other specs parse as parseBoxSpec
 * does (with its messages: an interval with LO = HI is only read as a pin where both ends parse).
 */
export function parseBoxSpecWithPins(spec: string, d: number): { box: Domain & { kind: 'box' }; pins: Pins } {
  const pins = boxSpecPins(spec, d);
  // the pinned intervals are handed to parseBoxSpec as a placeholder, so its checks and messages stay
  const placeholder = spec.split(',').map((part, i) => (pins.has(i) ? '0:1' : part)).join(',');
  const box = parseBoxSpec(placeholder, d) as Domain & { kind: 'box' };
  for (const [i, v] of pins) {
    box.lo[i] = v;
    box.hi[i] = v;
  }
  return { box, pins };
}

/** The intervals of a `--box LO1:HI1,...` spec (exactly d of them) whose two ends are equal numbers. */
export function boxSpecPins(spec: string, d: number): Pins {
  const pins: Pins = new Map();
  const parts = spec.split(',');
  if (!spec.includes(':') || parts.length !== d) return pins;
  parts.forEach((part, i) => {
    const ends = part.split(':');
    const lo = ends.length === 2 ? parseRational(ends[0]) : null;
    const hi = ends.length === 2 ? parseRational(ends[1]) : null;
    if (lo !== null && hi !== null && cmp(lo, hi) === 0) pins.set(i, lo);
  });
  return pins;
}
