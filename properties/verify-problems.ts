/**
 * Random verification problems for the verdict-certificate properties (box and star engines):
 * small float32 nets (2-3 inputs, widths [4,3,1], [3,3,2] or [5,2], linear read-out) over
 * [-1,1]^d with some inputs pinned (lo = hi), and an unsafe set of 1-2 disjuncts whose atoms are
 * output thresholds near the exact range of the output (outputRange, on the pinned net), input
 * bounds, output comparisons Y_a <= Y_b, and in most disjuncts a "filler" atom
 * Y_0 <= ceil(max Y_0) + 1 that holds on the whole box (so it can never refute anything).
 */
import fc from 'fast-check';
import { add, mul, ONE, parseRational, rat, sub, ZERO, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { pinInputs } from '../src/network/pin-inputs.js';
import { networkArb } from '../src/testing/arbitraries.js';
import { outputRange } from '../src/verify/region-queries.js';
import type { Atom, Property, Term } from '../src/verify/vnnlib.js';

export const R = (s: string): Rational => parseRational(s)!;

export type AtomSpec =
  | { kind: 'out'; o: number; ge: boolean; frac: [number, number] }
  | { kind: 'in'; i: number; ge: boolean; r: string }
  | { kind: 'cmp'; a: number; b: number };

const atomSpecArb: fc.Arbitrary<AtomSpec> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('out' as const),
      o: fc.nat(),
      ge: fc.boolean(),
      // the threshold t is max - frac·(max - min) for Y_o >= t, min + frac·(max - min) for Y_o <= t
      frac: fc.constantFrom<[number, number]>([-1, 8], [-1, 1000], [-1, 1000], [-1, 1000000], [0, 1], [1, 1000], [1, 4]),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('in' as const), i: fc.nat(), ge: fc.boolean(), r: fc.constantFrom('-1/2', '0', '1/4', '3/4') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cmp' as const), a: fc.nat(), b: fc.nat() }) },
);
const disjunctArb = fc.record({ atoms: fc.array(atomSpecArb, { minLength: 1, maxLength: 2 }), filler: fc.constantFrom(true, true, true, false), at: fc.nat() });

/** The fields of a random problem's case (network, pinned inputs, disjuncts, seed). */
export const problemFields = {
  net: networkArb({ inputSize: fc.integer({ min: 2, max: 3 }), widths: fc.constantFrom([4, 3, 1], [3, 3, 2], [5, 2]), weights: 'float32', lastLayer: 'linear' }),
  pins: fc.array(fc.constantFrom<string | null>(null, null, null, null, '1/4', '-1/2'), { minLength: 3, maxLength: 3 }),
  disjuncts: fc.array(disjunctArb, { minLength: 1, maxLength: 2 }),
  seed: fc.integer(),
};

export interface Problem {
  property: Property;
  /** per disjunct: the index of its filler atom (holds on the whole box), or -1 */
  filler: number[];
}

export async function problem(n: Network, c: { pins: (string | null)[]; disjuncts: { atoms: AtomSpec[]; filler: boolean; at: number }[] }): Promise<Problem> {
  const d = n.inputSize;
  const outputs = n.layers[n.layers.length - 1].weights.length;
  const pins = c.pins.slice(0, d);
  const lo = pins.map((p) => (p === null ? rat(-1n) : R(p)));
  const hi = pins.map((p) => (p === null ? ONE : R(p)));
  // the exact range of every output over the box (on the net with the pinned inputs folded in)
  const pinned = pinInputs(
    n,
    pins.map((p) => p !== null),
    lo,
  );
  const ranges: { min: Rational; max: Rational }[] = [];
  for (let o = 0; o < outputs; o++) {
    if (pinned.free.length === 0) {
      const y = forward(n, lo).output[o];
      ranges.push({ min: y, max: y });
      continue;
    }
    const objective = Array.from({ length: outputs }, (_, k) => (k === o ? ONE : ZERO));
    const box = { kind: 'box' as const, lo: pinned.free.map((i) => lo[i]), hi: pinned.free.map((i) => hi[i]) };
    const r = await outputRange(pinned.net, objective, box);
    ranges.push({ min: r.min.value, max: r.max.value });
  }
  const Y = (o: number): Term => ({ var: 'Y', index: o });
  const X = (i: number): Term => ({ var: 'X', index: i });
  const K = (v: Rational): Term => ({ const: v });
  const le = (lhs: Term, rhs: Term): Atom => ({ kind: 'le', lhs, rhs });
  const atom = (s: AtomSpec): Atom => {
    if (s.kind === 'in') return s.ge ? le(K(R(s.r)), X(s.i % d)) : le(X(s.i % d), K(R(s.r)));
    if (s.kind === 'cmp') return le(Y(s.a % outputs), Y(s.b % outputs));
    const { min, max } = ranges[s.o % outputs];
    const f = rat(BigInt(s.frac[0]), BigInt(s.frac[1]));
    const span = sub(max, min);
    return s.ge ? le(K(sub(max, mul(f, span))), Y(s.o % outputs)) : le(Y(s.o % outputs), K(add(min, mul(f, span))));
  };
  const big = rat((ranges[0].max.n / ranges[0].max.d) + 2n); // > max Y_0 (floor + 2)
  const filler: number[] = [];
  const unsafe = c.disjuncts.map((dj) => {
    const atoms = dj.atoms.map(atom);
    if (!dj.filler) {
      filler.push(-1);
      return atoms;
    }
    const at = dj.at % (atoms.length + 1);
    atoms.splice(at, 0, le(Y(0), K(big)));
    filler.push(at);
    return atoms;
  });
  return { property: { inputs: d, outputs, inputBox: { lo, hi }, unsafe }, filler };
}
