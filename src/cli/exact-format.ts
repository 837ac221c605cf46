/**
 * Exact numbers for people and for JSON. A 100-digit fraction is exact but unreadable, so the
 * human form leads with 10 significant digits: `0.2241969070… (= p/q)`, or just the decimal when
 * it is the exact value (`-0.5`, `3`). JSON carries the exact "p/q" string and, next to it, a
 * float approximation (`approx`) for plotting and eyeballing; only the string is exact.
 */
import { eq, parseRational, toDouble, toString, type Rational } from '../kernel/rational.js';

export function showExact(r: Rational): string {
  const approx = toDouble(r);
  const short = Number.isFinite(approx) ? String(Number(approx.toPrecision(10))) : null;
  const parsed = short !== null ? parseRational(short) : null;
  if (parsed && eq(parsed, r)) return short!;
  return `${short ?? toString(r)}… (= ${toString(r)})`;
}

/** A point, coordinates by showExact. */
export const showPoint = (x: Rational[]): string => `(${x.map(showExact).join(', ')})`;

/** `{ value: "p/q", approx: 0.22… }` */
export const exactJson = (r: Rational): { value: string; approx: number } => ({ value: toString(r), approx: toDouble(r) });

/** `{ point: ["p/q", ...], approx: [0.22…, ...] }` */
export const pointJson = (x: Rational[]): { point: string[]; approx: number[] } => ({ point: x.map(toString), approx: x.map(toDouble) });
