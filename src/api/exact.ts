/**
 * Exact numbers at the library's edge. Inside, everything is the BigInt kernel's Rational
 * ({n, d}, reduced, d > 0); users hold fraction.js Fractions (v5, BigInt-based: exact too).
 * Inputs accept a JavaScript number (its exact binary64 value: 0.1 is 3602879701896397/2^55,
 * never the nearby 1/10 that `new Fraction(0.1)` would guess), a string ("-3/7", "0.1", "1e-3",
 * exact), a bigint, a Fraction, or a kernel Rational.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { showInput } from '../network/parse-json.js';
import { fromDouble, parseRational, rat, toString, type Rational } from '../kernel/rational.js';

export { Fraction };

/** What the library accepts as an exact number. */
export type ExactInput = number | string | bigint | Fraction | { n: bigint; d: bigint };

const isFraction = (v: unknown): v is Fraction => v instanceof Fraction;

/** One exact number from user input; `place` names it in the one-line InputError. */
export function toRational(v: ExactInput, place: string): Rational {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InputError(`${place}: not a finite number: ${v}`);
    return fromDouble(v);
  }
  if (typeof v === 'bigint') return rat(v);
  if (typeof v === 'string') {
    const r = parseRational(v);
    if (r === null) throw new InputError(`${place}: not an exact number: ${showInput(v)} (expected e.g. "-3/7", "0.1", "1e-3")`);
    return r;
  }
  if (isFraction(v)) return rat(v.s * v.n, v.d);
  if (typeof v === 'object' && v !== null && typeof v.n === 'bigint' && typeof v.d === 'bigint') {
    if (v.d === 0n) throw new InputError(`${place}: zero denominator`);
    return rat(v.n, v.d);
  }
  throw new InputError(`${place}: not a number, exact string, bigint or Fraction: ${showInput(v)}`);
}

export function toRationals(vs: readonly ExactInput[], place: string, length?: number): Rational[] {
  if (!Array.isArray(vs)) throw new InputError(`${place}: expected an array of numbers`);
  if (length !== undefined && vs.length !== length) throw new InputError(`${place}: ${vs.length} entries, expected ${length}`);
  return vs.map((v, i) => toRational(v, `${place}[${i}]`));
}

/** A kernel Rational as a Fraction (exact; `String(f)` and `f.toFraction()` print it). */
export const toFraction = (r: Rational): Fraction => new Fraction(r.n, r.d);

export const toFractions = (rs: readonly Rational[]): Fraction[] => rs.map(toFraction);

/** "p/q" of any exact input, for messages and JSON. */
export const exactString = (v: ExactInput): string => toString(toRational(v, 'value'));
