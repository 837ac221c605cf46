/**
 * Decimals of exact rationals: directed rounding to a number of decimal places (VNN-LIB boxes
 * and thresholds are decimals), exact decimal text of a terminating rational, and the
 * "decimal (= p/q)" form every oracle message uses, so a reader sees the magnitude and the
 * exact value side by side.
 */
import { floorDiv, rat, toDouble, type Rational } from '../kernel/rational.js';

/** r rounded to `digits` decimal places: down (towards −∞), up (towards +∞) or to nearest (ties up). */
export function roundToDecimal(r: Rational, digits: number, mode: 'down' | 'up' | 'nearest'): Rational {
  const scale = 10n ** BigInt(digits);
  const num = r.n * scale;
  const k = mode === 'down' ? floorDiv(num, r.d) : mode === 'up' ? -floorDiv(-num, r.d) : floorDiv(2n * num + r.d, 2n * r.d);
  return rat(k, scale);
}

/** The exact decimal text of r if its denominator is 2^a·5^b ("-0.375", "12"), else null. */
export function exactDecimal(r: Rational): string | null {
  let d = r.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return null;
  const digits = Math.max(twos, fives);
  if (digits === 0) return r.n.toString();
  const scaled = (r.n < 0n ? -r.n : r.n) * (10n ** BigInt(digits) / r.d);
  const s = scaled.toString().padStart(digits + 1, '0');
  return `${r.n < 0n ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** 10 significant digits, with "…" when that is not the exact value. */
export function shortDecimal(r: Rational): string {
  const exact = exactDecimal(r);
  if (exact !== null && exact.replace(/^-?0\.0*|[-.]/g, '').length <= 10) return exact;
  const approx = toDouble(r);
  if (!Number.isFinite(approx)) return approx > 0 ? 'huge' : '-huge';
  return `${Number(approx.toPrecision(10))}…`;
}

/** "0.3333333333… (= 1/3)", "-0.5 (= -1/2)", "2 (= 2/1)": always the decimal and the exact p/q. */
export const showBoth = (r: Rational): string => `${shortDecimal(r)} (= ${r.n}/${r.d})`;

/** A coordinate: an integer as it is, anything else as showBoth. */
export const showCoordinate = (r: Rational): string => (r.d === 1n ? r.n.toString() : showBoth(r));

/** A point, coordinates by showCoordinate: "(-1, 0.3333333333… (= 1/3))". */
export const showPoint = (x: Rational[]): string => `(${x.map(showCoordinate).join(', ')})`;
