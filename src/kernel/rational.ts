/**
 * Exact rationals over BigInt. Used at the edges (parsing, printing, the forward pass, maps);
 * hot loops use integer vectors over a common denominator instead (see intvec.ts).
 */
import { bitLength } from './bits.js';
import { lehmerGcd } from './lehmer.js';

export interface Rational {
  readonly n: bigint;
  readonly d: bigint; // always > 0, gcd(n, d) = 1
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

export function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

const LONG = 1n << 128n;

export function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  if (a >= LONG && b >= LONG) return lehmerGcd(a, b); // long operands: Lehmer (kernel/lehmer.ts)
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function lcm(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  return abs((a / gcd(a, b)) * b);
}

export function rat(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('rational with zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if ((d & (d - 1n)) === 0n) {
    // a power of two (float data is dyadic): the gcd is a power of two too, found by a bit trick
    if (n === 0n) return { n: 0n, d: 1n };
    const low = n & -n;
    const g = low < d ? low : d;
    return g === 1n ? { n, d } : { n: n / g, d: d / g };
  }
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

export const add = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? rat(a.n + b.n, a.d) : rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? rat(a.n - b.n, a.d) : rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const sign = (a: Rational): -1 | 0 | 1 => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0);
export const cmp = (a: Rational, b: Rational): -1 | 0 | 1 => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;

/** floor(n/d) and ceil(n/d) for d > 0 (BigInt division truncates toward zero). */
export const floorDiv = (n: bigint, d: bigint): bigint => (n >= 0n ? n / d : -((-n + d - 1n) / d));
export const ceilDiv = (n: bigint, d: bigint): bigint => -floorDiv(-n, d);

/** The exact value of a binary64 number (every finite double is a dyadic rational). */
export function fromDouble(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return { n: BigInt(x), d: 1n };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exponent === 0) {
    e = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    e = exponent - 1075;
  }
  // x = mantissa * 2^e with e < 0 here (integers were handled above)
  return rat(negative ? -mantissa : mantissa, 1n << BigInt(-e));
}

const RATIONAL_RE = /^\s*([+-]?\d+)\s*\/\s*(\d+)\s*$/;
const DECIMAL_RE = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/**
 * Limits of parseRational, so that no input string can ask for a gigantic BigInt or a long
 * computation: "1e999999999" would be a 400 MB integer, and reducing p/q costs a gcd that is
 * quadratic in the length of q (about 0.1 s at 10000 digits, 20 s at 100000). Power-of-two
 * denominators (float data) are reduced by a bit trick and have no limit.
 */
export const MAX_DECIMAL_EXPONENT = 10_000;
export const MAX_DENOMINATOR_DIGITS = 10_000;

/** Parses "p/q", an integer, or an exact decimal such as "0.1", "-2.5e-3". Returns null if malformed (see rationalSyntaxHint). */
export function parseRational(s: string): Rational | null {
  if (typeof s !== 'string') return null;
  const frac = RATIONAL_RE.exec(s);
  if (frac) {
    const d = BigInt(frac[2]);
    if (d === 0n) return null;
    if ((d & (d - 1n)) !== 0n && frac[2].replace(/^0+/, '').length > MAX_DENOMINATOR_DIGITS) return null;
    return rat(BigInt(frac[1]), d);
  }
  const dec = DECIMAL_RE.exec(s);
  if (!dec) return null;
  const [, sgn, intPart = '', fracPart = '', expPart] = dec;
  if (intPart === '' && fracPart === '') return null;
  const exp = expPart === undefined ? 0 : Number(expPart);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_DECIMAL_EXPONENT) return null;
  let n = BigInt((intPart || '0') + fracPart);
  if (sgn === '-') n = -n;
  const shift = exp - fracPart.length;
  return shift >= 0 ? { n: n * 10n ** BigInt(shift), d: 1n } : overPowerOfTen(n, -shift);
}

/** n / 10^k reduced without a general gcd: only the factors 2 and 5 can cancel. */
function overPowerOfTen(n: bigint, k: number): Rational {
  if (n === 0n) return { n: 0n, d: 1n };
  const m = n < 0n ? -n : n;
  const twos = Math.min(k, bitLength(m & -m) - 1);
  let fives = 0;
  let rest = m >> BigInt(twos);
  // strip factors of 5 in doubling steps (5, 25, 625, ...), then halving: O(log k) divisions
  for (let step = 1; fives < k && step >= 1; ) {
    const take = Math.min(step, k - fives);
    const p = 5n ** BigInt(take);
    if (rest % p === 0n) {
      rest /= p;
      fives += take;
      step *= 2;
    } else {
      step = take === 1 ? 0 : Math.floor(take / 2);
    }
  }
  const d = (1n << BigInt(k - twos)) * 5n ** BigInt(k - fives);
  return { n: n < 0n ? -rest : rest, d };
}

/**
 * Why parseRational(s) returned null, as a parenthesised note for error messages, when the reason
 * is one of its limits rather than bad syntax; '' otherwise.
 */
export function rationalSyntaxHint(s: string): string {
  const dec = DECIMAL_RE.exec(s);
  if (dec?.[4] !== undefined && (dec[2] !== '' || (dec[3] ?? '') !== '')) {
    const exp = Number(dec[4]);
    if (!(Math.abs(exp) <= MAX_DECIMAL_EXPONENT)) return ` (exponent beyond the supported ±${MAX_DECIMAL_EXPONENT})`;
  }
  const frac = RATIONAL_RE.exec(s);
  if (frac && frac[2].replace(/^0+/, '').length > MAX_DENOMINATOR_DIGITS) {
    return ` (denominator of more than ${MAX_DENOMINATOR_DIGITS} digits, not a power of two)`;
  }
  return '';
}

export function toString(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}

/** Nearest double (for display and float proposals only; never for decisions). */
export function toDouble(a: Rational): number {
  return ratioToDouble(a.n, a.d);
}

/** n/d as a double without overflow for huge BigInts. */
export function ratioToDouble(n: bigint, d: bigint): number {
  const bn = bitLength(n);
  const bd = bitLength(d);
  if (bn < 1000 && bd < 1000) return Number(n) / Number(d);
  // Keep the top 64 bits of each and reapply the exponent in steps (shifting both by the same
  // amount turned e.g. 1/2^1000, a normal double, into 0).
  const sn = Math.max(bn - 64, 0);
  const sd = Math.max(bd - 64, 0);
  let q = Number(n >> BigInt(sn)) / Number(d >> BigInt(sd));
  for (let e = sn - sd; e !== 0 && q !== 0 && Number.isFinite(q); ) {
    const s = Math.max(-1000, Math.min(1000, e));
    q *= 2 ** s;
    e -= s;
  }
  return q;
}

export { bitLength } from './bits.js';

/**
 * Decimal text with `digits` digits after the point, rounded half away from zero (exact when
 * the value has at most that many decimals). For result files that want decimals.
 */
export function toDecimal(a: Rational, digits = 20): string {
  const scale = 10n ** BigInt(digits);
  const negative = a.n < 0n;
  const n = negative ? -a.n : a.n;
  const scaled = (2n * n * scale + a.d) / (2n * a.d); // round half up on the magnitude
  let s = scaled.toString().padStart(digits + 1, '0');
  s = `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`.replace(/\.?0+$/, '');
  return negative && scaled !== 0n ? `-${s}` : s;
}
