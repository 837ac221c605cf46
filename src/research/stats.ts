/** Small statistics for the studies: Wilson intervals and least-squares fits with t intervals. */

/** Wilson score interval for k successes in n trials (default 95 %: z = 1.959964). */
export function wilson(k: number, n: number, z = 1.959963984540054): { p: number; lo: number; hi: number } {
  if (n === 0) return { p: NaN, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

// two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t_{0.975, df}: the table up to 30, then interpolation in 1/df towards 1.96 (good to 3 digits). */
export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[df - 1];
  return 1.959964 + (2.042 - 1.959964) * (30 / df);
}

export interface LinearFit {
  slope: number;
  intercept: number;
  /** 95 % confidence interval of the slope (t with n − 2 degrees of freedom). */
  slopeLo: number;
  slopeHi: number;
  n: number;
  r2: number;
}

/** Least squares y = intercept + slope·x; null with fewer than 3 points or no spread in x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  const n = xs.length;
  if (n < 3) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const t = tQuantile975(n - 2);
  return { slope, intercept, slopeLo: slope - t * se, slopeHi: slope + t * se, n, r2: syy === 0 ? 1 : 1 - sse / syy };
}

/** Where a monotone-ish curve (x ascending) first crosses `level`, by linear interpolation; null if never. */
export function crossing(xs: readonly number[], ys: readonly number[], level: number): number | null {
  for (let i = 1; i < xs.length; i++) {
    if (ys[i - 1] < level && ys[i] >= level) return xs[i - 1] + ((level - ys[i - 1]) * (xs[i] - xs[i - 1])) / (ys[i] - ys[i - 1]);
  }
  if (xs.length > 0 && ys[0] >= level) return xs[0];
  return null;
}
