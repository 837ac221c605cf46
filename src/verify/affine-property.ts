/**
 * A VNN-LIB property in the affine form that verdict certificates state and check: each atom
 * lhs <= rhs becomes c·y + a·x + k <= 0 (exact).
 */
import type { AffineAtom, AffineProperty } from '../certify/verdict-format.js';
import { add, mul, neg, ONE, ZERO, type Rational } from '../kernel/rational.js';
import type { Atom, Property, Term } from './vnnlib.js';

export function affineAtom(atom: Atom, inputs: number, outputs: number): AffineAtom {
  const c: Rational[] = new Array(outputs).fill(ZERO);
  const a: Rational[] = new Array(inputs).fill(ZERO);
  let k = ZERO;
  const addTerm = (t: Term, s: Rational): void => {
    if ('const' in t) k = add(k, mul(s, t.const));
    else if (t.var === 'X') a[t.index] = add(a[t.index], s);
    else c[t.index] = add(c[t.index], s);
  };
  addTerm(atom.lhs, ONE);
  addTerm(atom.rhs, neg(ONE));
  return { c, a, k };
}

export function affineProperty(prop: Property): AffineProperty {
  return {
    lo: prop.inputBox.lo,
    hi: prop.inputBox.hi,
    unsafe: prop.unsafe.map((conj) => conj.map((atom) => affineAtom(atom, prop.inputs, prop.outputs))),
  };
}
