/**
 * Feature importances inside a cluster, from its exact affine map (Picchiotti and Gori: inside an
 * activation region the network is an affine map, whose coefficients are the importances).
 *
 * For output k and feature i: the raw importance is the coefficient W_ki (output units per data
 * unit of the feature, exact); the weighted importance is W_ki × σ_i, σ_i the feature's standard
 * deviation over the cluster's rows (how much the output moves across the cluster because of
 * that feature). The variance σ_i² is exact (a rational), so the ranking — by W_ki²·σ_i², ties by
 * |W_ki|, then feature order — is decided exactly; σ_i and W_ki·σ_i are shown as decimals.
 */
import { cmp, lcm, mul, rat, ratioToDouble, sub, toDouble, type Rational } from '../kernel/rational.js';

/** Exact mean and variance of each feature over some rows. */
export interface FeatureStats {
  mean: Rational[];
  variance: Rational[];
  min: Rational[];
  max: Rational[];
}

/** A sum of rationals over one growing common denominator (decimal data keeps it at 10^k). */
class ExactSum {
  num = 0n;
  den = 1n;
  add(r: Rational): void {
    if (this.den % r.d !== 0n) {
      const den = lcm(this.den, r.d);
      this.num *= den / this.den;
      this.den = den;
    }
    this.num += r.n * (this.den / r.d);
  }
  value(): Rational {
    return rat(this.num, this.den);
  }
}

/** Exact per-feature statistics of the rows `members` (value(r, f) is feature f of row r). */
export function featureStats(members: ArrayLike<number>, d: number, value: (r: number, f: number) => Rational): FeatureStats {
  const sums = Array.from({ length: d }, () => new ExactSum());
  const squares = Array.from({ length: d }, () => new ExactSum());
  const min: Rational[] = new Array(d);
  const max: Rational[] = new Array(d);
  for (let m = 0; m < members.length; m++) {
    const r = members[m];
    for (let f = 0; f < d; f++) {
      const v = value(r, f);
      sums[f].add(v);
      squares[f].add({ n: v.n * v.n, d: v.d * v.d });
      if (m === 0 || cmp(v, min[f]) < 0) min[f] = v;
      if (m === 0 || cmp(v, max[f]) > 0) max[f] = v;
    }
  }
  const N = BigInt(members.length);
  const mean = sums.map((s) => rat(s.num, s.den * N));
  const variance = squares.map((s, f) => sub(rat(s.num, s.den * N), mul(mean[f], mean[f])));
  return { mean, variance, min, max };
}

export interface Importance {
  feature: number;
  /** The exact coefficient of the feature in this output's affine map. */
  coefficient: Rational;
  /** Its standard deviation in the cluster (σ, a decimal; σ² is exact in `variance`). */
  spread: number;
  variance: Rational;
  /** coefficient × spread (a decimal). */
  weighted: number;
}

/** Features of one output, ranked by |coefficient × spread| (exactly, via squares), then |coefficient|. */
export function rankImportances(coefficients: Rational[], stats: FeatureStats): Importance[] {
  const items = coefficients.map((coefficient, feature) => {
    const variance = stats.variance[feature];
    const spread = Math.sqrt(toDouble(variance));
    const sq = mul(mul(coefficient, coefficient), variance);
    return { feature, coefficient, variance, spread, weighted: toDouble(coefficient) * spread, sq };
  });
  items.sort((a, b) => cmp(b.sq, a.sq) || cmp(absR(b.coefficient), absR(a.coefficient)) || a.feature - b.feature);
  return items.map(({ sq: _sq, ...rest }) => rest);
}

const absR = (r: Rational): Rational => (r.n < 0n ? { n: -r.n, d: r.d } : r);

/** n/d as a decimal number for shares and accuracies. */
export const fraction = (n: number, d: number): Rational => rat(BigInt(n), BigInt(d));
export const approx = (r: Rational): number => ratioToDouble(r.n, r.d);
