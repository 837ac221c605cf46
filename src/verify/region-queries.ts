/**
 * Queries answered exactly from the regions' affine maps (and, for ranges, their exact
 * vertices): no LP and no float. The max of an affine function over a bounded polytope is
 * attained at a vertex; the Lipschitz constant of a continuous piecewise-affine map on a convex
 * domain is the largest local one; monotonicity holds iff every region's slope has the sign.
 */
import type { Domain } from '../domain/domain.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import type { Region } from '../enumerate/region.js';
import { InputError } from '../errors.js';
import { dot, pointToRationals, type Point } from '../kernel/intvec.js';
import { abs, cmp, lcm, rat, type Rational } from '../kernel/rational.js';
import { maximize } from '../lp/optimize.js';
import type { Network } from '../network/network.js';

export interface Extremum {
  value: Rational;
  point: Rational[];
  pattern: string;
}

function* regionsOf(net: Network, domain: Domain | undefined, options: EnumerateOptions): Generator<Region> {
  yield* createEnumeration(net, { ...options, domain }).regions();
}

/**
 * Exact min and max of objective·output over the domain, with exact argmin and argmax: at the
 * region's vertices (vertex engine), else by an exact LP over the region (`maximize`).
 */
export function outputRange(
  net: Network,
  objective: Rational[],
  domain?: Domain,
  options: EnumerateOptions = {},
): { min: Extremum; max: Extremum; regions: number } {
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (objective.length !== outputs) throw new InputError(`objective: ${objective.length} coefficients, expected ${outputs}`);
  let min: Extremum | null = null;
  let max: Extremum | null = null;
  let regions = 0;
  const consider = (value: Rational, point: Rational[], pattern: string) => {
    if (!min || cmp(value, min.value) < 0) min = { value, point, pattern };
    if (!max || cmp(value, max.value) > 0) max = { value, point, pattern };
  };
  for (const region of regionsOf(net, domain, options)) {
    regions++;
    const { M, c, den } = region.map;
    // objective·(M x + c)/den = (coef·x + constant)/(objDen·den)
    let objDen = 1n;
    for (const o of objective) objDen = lcm(objDen, o.d);
    const coef = new Array<bigint>(net.inputSize).fill(0n);
    let constant = 0n;
    objective.forEach((o, k) => {
      const w = o.n * (objDen / o.d);
      for (let i = 0; i < coef.length; i++) coef[i] += w * M[k][i];
      constant += w * c[k];
    });
    const pattern = region.pattern.join('|');
    const valueAt = (v: Point) => rat(dot(coef, v.p) + constant * v.q, v.q * den * objDen);
    if (region.vertices) {
      for (const v of region.vertices) consider(valueAt(v), pointToRationals(v), pattern);
      continue;
    }
    const A = region.rows.map((r) => r.a);
    const b = region.rows.map((r) => r.b);
    for (const sense of [1n, -1n]) {
      const ans = maximize(A, b, coef.map((v) => sense * v));
      if (ans.kind === 'unbounded') throw new InputError('range: the output is unbounded on this domain');
      if (ans.kind === 'infeasible') throw new Error('range: internal error: a region with no point');
      consider(valueAt(ans.x), pointToRationals(ans.x), pattern);
    }
  }
  return { min: min!, max: max!, regions };
}

/** The exact Lipschitz constant for the induced ∞-norm (max row sum) or 1-norm (max column sum). */
export function lipschitzConstant(
  net: Network,
  norm: 'inf' | '1',
  domain?: Domain,
  options: EnumerateOptions = {},
): { value: Rational; pattern: string; witness: Rational[]; regions: number } {
  let best: { value: Rational; pattern: string; witness: Rational[] } | null = null;
  let regions = 0;
  for (const region of regionsOf(net, domain, options)) {
    regions++;
    const { M, den } = region.map;
    const sums =
      norm === 'inf'
        ? M.map((row) => row.reduce((s, v) => s + abs(v), 0n))
        : M[0].map((_, i) => M.reduce((s, row) => s + abs(row[i]), 0n));
    const top = sums.reduce((a, b) => (b > a ? b : a), 0n);
    const value = rat(top, den);
    if (!best || cmp(value, best.value) > 0) {
      best = { value, pattern: region.pattern.join('|'), witness: pointToRationals(region.witness) };
    }
  }
  return { ...best!, regions };
}

/** Is output k nondecreasing (or nonincreasing) in input i? A region with the wrong slope is the witness. */
export function monotonicity(
  net: Network,
  input: number,
  output: number,
  domain?: Domain,
  options: EnumerateOptions = {},
): { increasing: boolean; decreasing: boolean; counterexamples: { increasing?: Witness; decreasing?: Witness }; regions: number } {
  if (!(input >= 0 && input < net.inputSize)) throw new InputError(`--input: expected 0..${net.inputSize - 1}`);
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (!(output >= 0 && output < outputs)) throw new InputError(`--output: expected 0..${outputs - 1}`);
  const counterexamples: { increasing?: Witness; decreasing?: Witness } = {};
  let regions = 0;
  for (const region of regionsOf(net, domain, options)) {
    regions++;
    const slope = region.map.M[output][input];
    const w = (): Witness => ({ slope: rat(slope, region.map.den), pattern: region.pattern.join('|'), witness: pointToRationals(region.witness) });
    if (slope < 0n && !counterexamples.increasing) counterexamples.increasing = w();
    if (slope > 0n && !counterexamples.decreasing) counterexamples.decreasing = w();
    if (counterexamples.increasing && counterexamples.decreasing) break;
  }
  return { increasing: !counterexamples.increasing, decreasing: !counterexamples.decreasing, counterexamples, regions };
}

export interface Witness {
  slope: Rational;
  pattern: string;
  witness: Rational[];
}
