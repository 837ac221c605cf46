/**
 * gcd(v, D) for many v and one denominator D, without a long gcd per v. D is split once into
 * pairwise coprime parts: its power of two, a prime power p^e for each odd prime p < 1000 that
 * divides it, and the rest R (coprime to all of those). The gcd is multiplicative over coprime
 * parts, so gcd(v, D) = gcd(v, 2^a) · Π gcd(v, p^e) · gcd(v, R): a bit trick, a few divisions
 * by small numbers, and one gcd with R (usually 1 or short). Exact integer arithmetic; the answer
 * is the gcd, so results are identical to `gcd` (test/den-gcd.test.ts compares them).
 *
 * The maps of networks with decimal weights (.nnet files) have denominators 2^a·5^b·(a few
 * small primes from the input normalisation): their reduction was the enumerator's main gcd cost.
 */
import { gcd } from './rational.js';

const SMALL_PRIMES: bigint[] = (() => {
  const out: bigint[] = [];
  for (let n = 3; n < 1000; n += 2) {
    let prime = true;
    for (let k = 3; k * k <= n; k += 2) if (n % k === 0) prime = false;
    if (prime) out.push(BigInt(n));
  }
  return out;
})();

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class DenominatorGcd {
  private readonly two: bigint; // the largest power of two dividing D
  private readonly primes: bigint[] = [];
  private readonly exps: number[] = [];
  private readonly powers: bigint[] = []; // p^e
  private readonly rest: bigint;

  private constructor(readonly D: bigint) {
    if (D <= 0n) throw new RangeError('DenominatorGcd: D must be positive');
    this.two = D & -D;
    let odd = D / this.two;
    for (const p of SMALL_PRIMES) {
      if (odd === 1n) break;
      if (odd % p !== 0n) continue;
      let e = 0;
      let pe = 1n;
      while (odd % p === 0n) {
        odd /= p;
        pe *= p;
        e++;
      }
      this.primes.push(p);
      this.exps.push(e);
      this.powers.push(pe);
    }
    this.rest = odd;
  }

  private static cache = new Map<bigint, DenominatorGcd>();

  /** The splitting of D, cached (a run meets few distinct denominators). */
  static of(D: bigint): DenominatorGcd {
    let f = DenominatorGcd.cache.get(D);
    if (!f) {
      if (DenominatorGcd.cache.size >= 4096) DenominatorGcd.cache.clear();
      f = new DenominatorGcd(D);
      DenominatorGcd.cache.set(D, f);
    }
    return f;
  }

  /** gcd(v, D) (D when v = 0). */
  gcd(v: bigint): bigint {
    if (v === 0n) return this.D;
    if (v < 0n) v = -v;
    const low = v & -v;
    let g = low < this.two ? low : this.two;
    for (let t = 0; t < this.primes.length; t++) {
      const p = this.primes[t];
      if (v % p !== 0n) continue;
      const pe = this.powers[t];
      if (v % pe === 0n) {
        g *= pe;
        continue;
      }
      let k = 0;
      let w = v;
      let f = 1n;
      while (k < this.exps[t] && w % p === 0n) {
        w /= p;
        f *= p;
        k++;
      }
      g *= f;
    }
    const R = this.rest;
    if (R !== 1n) {
      if (R <= SAFE) {
        let x = Number(v % R);
        let y = Number(R);
        while (x !== 0) {
          const t = y % x;
          y = x;
          x = t;
        }
        g *= BigInt(y);
      } else g *= gcd(v % R, R);
    }
    return g;
  }
}
