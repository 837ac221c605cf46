/**
 * The data's box: per feature the exact [min, max] over the kept rows (an indicator: [0, 1]).
 * A feature with one value in the data is widened to [v − 1, v + 1], so that the box stays
 * full-dimensional (regions are full-dimensional polytopes). The minimum is found among the rows
 * whose double is within a few ulps of the smallest double (rounding to doubles is monotone up to
 * those ulps), then decided exactly; likewise the maximum.
 */
import type { Domain } from '../domain/domain.js';
import { add, cmp, eq, ONE, sub, ZERO, type Rational } from '../kernel/rational.js';
import type { Dataset } from './dataset.js';

export function dataBox(data: Dataset): Domain & { kind: 'box' } {
  const { d, n, x } = data;
  const lo: Rational[] = [];
  const hi: Rational[] = [];
  for (let f = 0; f < d; f++) {
    if (data.encoder.features[f].kind === 'indicator') {
      lo.push(ZERO);
      hi.push(ONE);
      continue;
    }
    let fmin = Infinity;
    let fmax = -Infinity;
    for (let r = 0; r < n; r++) {
      const v = x[r * d + f];
      if (v < fmin) fmin = v;
      if (v > fmax) fmax = v;
    }
    let min: Rational | null = null;
    let max: Rational | null = null;
    const near = (v: number, t: number) => Math.abs(v - t) <= 2 ** -48 * Math.abs(t) + 2 ** -1000;
    for (let r = 0; r < n; r++) {
      const v = x[r * d + f];
      const atMin = near(v, fmin) || !Number.isFinite(fmin);
      const atMax = near(v, fmax) || !Number.isFinite(fmax);
      if (!atMin && !atMax) continue;
      const e = data.exact(r, f);
      if (atMin && (min === null || cmp(e, min) < 0)) min = e;
      if (atMax && (max === null || cmp(e, max) > 0)) max = e;
    }
    if (min === null || max === null) {
      // non-finite doubles (values beyond binary64): decide over every row exactly
      for (let r = 0; r < n; r++) {
        const e = data.exact(r, f);
        if (min === null || cmp(e, min) < 0) min = e;
        if (max === null || cmp(e, max) > 0) max = e;
      }
    }
    if (eq(min!, max!)) {
      lo.push(sub(min!, ONE));
      hi.push(add(max!, ONE));
    } else {
      lo.push(min!);
      hi.push(max!);
    }
  }
  return { kind: 'box', lo, hi };
}
