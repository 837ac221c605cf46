/**
 * Directed (outward) rounding in binary64, the arithmetic under the certified linear bounds
 * (linear-bounds.ts) and the neuron bounds over a cell (star-tight.ts): dn and up around one
 * correctly rounded operation, an a-priori error bound for plain float dot products (Lemma A,
 * sumError), exact rationals enclosed by doubles (ratDown, ratUp) and interval products (mulLo,
 * mulHi). JavaScript numbers are IEEE 754 binary64 and every +, −, ×, ÷ is correctly rounded to
 * nearest (ECMAScript §6.1.6.1; no contraction into FMA is permitted), so for a finite result r
 * of one operation, the exact result e satisfies fl(e) = r.
 */
import { cmp, fromDouble, ratioToDouble, type Rational } from '../kernel/rational.js';

const EPS = 2 ** -52;
const ETA = Number.MIN_VALUE; // 2^-1074, the smallest positive (subnormal) double

/**
 * dn(r) <= e for every real e with fl(e) = r (r finite): computed as r − (|r|·2^-52 + 2^-1074).
 * Proof. Let g be the gap from r down to the next double below it, pred(r). Every e that rounds
 * to r lies in [r − g/2, r + ...], so it suffices that dn(r) <= pred(r) = r − g (a double).
 * If |r| >= 2^-1022 with 2^E <= |r| < 2^(E+1), then g <= 2^(E−52) <= |r|·2^-52, and since
 * 2^(E−52) >= 2^-1074 is a double and rounding is monotone, t = fl(|r|·2^-52) >= 2^(E−52) >= g.
 * If |r| < 2^-1022, then g = 2^-1074 and t >= 0. Either way s = fl(t + 2^-1074) >= g (g is a
 * double <= t + 2^-1074, monotonicity), and dn(r) = fl(r − s) <= fl(r − g) = r − g = pred(r).
 * up is the mirror image. (Overflow: dn(+Inf) and up(−Inf) are NaN, caught by the checks.)
 */
export function dn(r: number): number {
  return r - (Math.abs(r) * EPS + ETA);
}
export function up(r: number): number {
  return r + (Math.abs(r) * EPS + ETA);
}

/**
 * Dot products in the hot loops are accumulated in plain floats and corrected once at the end by
 * an a-priori error bound (a Shewchuk-style filter instead of a directed rounding per operation):
 *
 * Lemma A. Let p_j = fl(a_j·b_j) (j = 1..n, n <= 2^20), s the recursive float sum of the p_j
 * from 0, and Q >= Σ_j |a_j·b_j|. Then |s − Σ_j a_j·b_j| <= sumError(Q, n), where
 *     sumError(Q, n) = up(up(Q·(n+1)·2^-53) + n·2^-1074).
 * Proof. With u = 2^-53 and η = 2^-1074, round to nearest gives |fl(e) − e| <= u·|e| + η/2 for
 * every real e in range, so |a_j b_j − p_j| <= u·|a_j b_j| + η/2 and |p_j| <= (1+u)|a_j b_j| + η/2.
 * Recursive summation gives |s − Σ p_j| <= γ_{n−1}·Σ|p_j|, γ_k = k·u/(1 − k·u) (Higham,
 * Accuracy and Stability of Numerical Algorithms, 2nd ed., (4.4); float additions have relative
 * error <= u also near zero, as a sum in the subnormal range is exact). Together:
 * |s − Σ a_j b_j| <= (γ_{n−1}(1+u) + u)·Q + (1 + γ_{n−1})·n·η/2 <= (n+1)·u·Q + n·η, because
 * γ_{n−1}(1+u) + u <= n·u·(1 + 2^-30) <= (n+1)·u and γ_{n−1} < 1 for n <= 2^20.
 * (n+1)·2^-53 and n·η are exact doubles and `up` encloses each remaining operation.
 */
export function sumError(q: number, n: number): number {
  return up(up(q * ((n + 1) * 2 ** -53)) + n * ETA);
}
export const MAX_TERMS = 2 ** 20;

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The next double below x (exact, by the bit pattern). */
function nextDown(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return x;
  if (x === 0) return -ETA;
  f64[0] = x;
  i64[0] += x > 0 ? -1n : 1n;
  return f64[0];
}

const SAFE = 2n ** 53n;

/** A double <= r (within a few ulps; −Infinity only when r < −MAX_VALUE). Decided exactly. */
export function ratDown(r: Rational): number {
  if (r.d === 1n && r.n <= SAFE && r.n >= -SAFE) return Number(r.n);
  let f = ratioToDouble(r.n, r.d);
  if (f === Infinity) f = Number.MAX_VALUE;
  while (Number.isFinite(f) && cmp(fromDouble(f), r) > 0) f = nextDown(f);
  return Number.isNaN(f) ? -Infinity : f;
}

/** A double >= r (within a few ulps; +Infinity only when r > MAX_VALUE). Decided exactly. */
export function ratUp(r: Rational): number {
  return -ratDown({ n: -r.n, d: r.d });
}

/** A lower bound of a·b for every a in [al, ah], b in [bl, bh] (bilinear: a corner is the min). */
export function mulLo(al: number, ah: number, bl: number, bh: number): number {
  if (al === ah && bl === bh) return dn(al * bl);
  return Math.min(dn(al * bl), dn(al * bh), dn(ah * bl), dn(ah * bh));
}
export function mulHi(al: number, ah: number, bl: number, bh: number): number {
  if (al === ah && bl === bh) return up(al * bl);
  return Math.max(up(al * bl), up(al * bh), up(ah * bl), up(ah * bh));
}
