/**
 * A seeded random source that gives the same numbers on every machine and Node version.
 *
 * Uniform doubles come from pure-rand (xoroshiro128+, `uniformFloat64`: multiples of 2^-53).
 * Gaussians use Marsaglia's polar method with a logarithm computed here from +, -, *, / only
 * (IEEE-754 basic operations and Math.sqrt are correctly rounded, hence bit-identical everywhere;
 * Math.log and Math.cos are not specified to the last bit, so Box–Muller with them could differ
 * between engines). Never Math.random.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { InputError } from '../errors.js';

const LN2 = 0.6931471805599453; // the double nearest ln 2

/**
 * ln x for x > 0 from basic operations only: x = m·2^e with m in [1/√2, √2) (exact scalings by
 * 2), then ln m = 2·atanh(t), t = (m−1)/(m+1), |t| < 0.172, by its series to t^41.
 * Accurate to a few ulps; what matters here is that it is the same on every machine.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`portableLog: ${x}`);
  let m = x;
  let e = 0;
  while (m >= 1.4142135623730951) {
    m /= 2;
    e++;
  }
  while (m < 0.7071067811865476) {
    m *= 2;
    e--;
  }
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let sum = 0;
  for (let k = 41; k >= 1; k -= 2) sum = sum * t2 + 1 / k;
  return 2 * t * sum + e * LN2;
}

/** A 32-bit integer hash (the finaliser of MurmurHash3): nearby seeds give unrelated states. */
export function mix32(seed: number): number {
  let h = seed | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A seeded stream of uniform and Gaussian doubles. */
export class SeededRandom {
  private readonly rng;
  private spare: number | null = null;

  /**
   * `seed`: an integer 0 ≤ seed < 2^32. pure-rand seeds xoroshiro128+ with the seed itself,
   * and its first outputs are then nearly the same for every small seed (the first double is
   * ≈ 1 for seeds 0, 1, 2, ...): the seed is scrambled by a 32-bit hash (integer operations,
   * exact everywhere) and the first 64 outputs are discarded.
   */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new InputError(`--seed: expected an integer 0..4294967295, got ${String(seed)}`);
    this.rng = xoroshiro128plus(mix32(seed));
    for (let i = 0; i < 64; i++) this.rng.next();
  }

  /** Uniform in [0, 1), a multiple of 2^-53. */
  uniform01(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform01();
  }

  /** Standard normal (Marsaglia's polar method; the second value of a pair is kept for the next call). */
  gaussian(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform01() - 1;
      const v = 2 * this.uniform01() - 1;
      const s = u * u + v * v;
      if (s === 0 || s >= 1) continue;
      const f = Math.sqrt((-2 * portableLog(s)) / s);
      this.spare = v * f;
      return u * f;
    }
  }
}
