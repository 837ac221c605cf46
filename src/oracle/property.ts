/**
 * Verify cases: a random output-threshold property as VNN-LIB text, with the threshold placed
 * around the exact range so that both verdicts occur. The unsafe set is `Y_k >= c` (side 'ge':
 * sat iff max Y_k >= c) or `Y_k <= c` (side 'le': sat iff min Y_k <= c). c is the relevant
 * extreme moved by offset × width away from the range (offset > 0: unsat) or into it
 * (offset < 0: sat), offset 0 being the boundary case (sat: VNN-LIB's unsafe sets are closed,
 * if c is exactly the extreme), rounded to a decimal with `digits` places in the same direction.
 * The exact verdict is decided by `verify`, not assumed from the construction.
 */
import { add, cmp, mul, ONE, sub, type Rational } from '../kernel/rational.js';
import type { Box, Threshold } from './cases.js';
import { exactDecimal, roundToDecimal } from './decimal.js';

/** The threshold c for an exact range [min, max]. */
export function thresholdValue(t: Threshold, min: Rational, max: Rational): Rational {
  const width = cmp(max, min) > 0 ? sub(max, min) : ONE;
  const shift = mul(t.offset, width);
  const sign = cmp(t.offset, { n: 0n, d: 1n });
  if (t.side === 'ge') {
    const c = add(max, shift);
    const exact = exactDecimal(c);
    if (sign === 0 && exact !== null && exact.replace(/^-?\d*\.?/, '').length <= 20) return c; // the boundary itself
    return roundToDecimal(c, t.digits, sign > 0 ? 'up' : sign < 0 ? 'down' : 'nearest');
  }
  const c = sub(min, shift);
  const exact = exactDecimal(c);
  if (sign === 0 && exact !== null && exact.replace(/^-?\d*\.?/, '').length <= 20) return c;
  return roundToDecimal(c, t.digits, sign > 0 ? 'down' : sign < 0 ? 'up' : 'nearest');
}

const dec = (r: Rational): string => {
  const s = exactDecimal(r);
  if (s === null) throw new Error(`internal: ${r.n}/${r.d} is not a terminating decimal`);
  return s;
};

/** The property as VNN-LIB text over the box (corners and c must be terminating decimals). */
export function thresholdProperty(box: Box, outputs: number, output: number, side: 'ge' | 'le', c: Rational): string {
  const d = box.lo.length;
  const lines = [
    `; relu-regions oracle: the unsafe set is Y_${output} ${side === 'ge' ? '>=' : '<='} ${dec(c)} on the input box`,
    ...Array.from({ length: d }, (_, i) => `(declare-const X_${i} Real)`),
    ...Array.from({ length: outputs }, (_, k) => `(declare-const Y_${k} Real)`),
    ...box.lo.flatMap((lo, i) => [`(assert (>= X_${i} ${dec(lo)}))`, `(assert (<= X_${i} ${dec(box.hi[i])}))`]),
    `(assert (${side === 'ge' ? '>=' : '<='} Y_${output} ${dec(c)}))`,
  ];
  return lines.join('\n') + '\n';
}
