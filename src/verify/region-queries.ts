/**
 * Queries answered exactly from the regions' affine maps (and, for ranges, their exact
 * vertices): no LP and no float. The max of an affine function over a bounded polytope is
 * attained at a vertex; the Lipschitz constant of a continuous piecewise-affine map on a convex
 * domain is the largest local one; monotonicity holds iff every region's slope has the sign.
 */
import { CERTIFICATE_FORMAT, CERTIFICATE_VERSION, RANGE_KIND, type RangeCertificateLine } from '../certify/format.js';
import { domainToJson, type Domain } from '../domain/domain.js';
import { CertificateWriter } from '../enumerate/certificate-writer.js';
import { dualPairs } from '../enumerate/leaf-proofs.js';
import { objectiveMap } from '../enumerate/affine.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import type { Region } from '../enumerate/region.js';
import { InputError, NoAnswerError } from '../errors.js';
import { dot, pointToRationals, type Point } from '../kernel/intvec.js';
import { abs, cmp, rat, toString, type Rational } from '../kernel/rational.js';
import { maximize } from '../lp/optimize.js';
import { layerSizes, type Network } from '../network/network.js';
import { checkQuery, checkRationals } from '../network/validate.js';
import { Pacer, splitStopOptions, type StopOptions, type StopReason } from '../run-control.js';

export interface Extremum {
  value: Rational;
  point: Rational[];
  pattern: string;
}

/** Enumeration options plus stopping (run-control.ts): a stopped query returns a partial answer. */
export type QueryOptions = EnumerateOptions & StopOptions;

/** The regions, one per step of `pacer` (which may stop them early; then `pacer.reason` says why). */
async function* regionsOf(net: Network, domain: Domain | undefined, options: QueryOptions, pacer: Pacer): AsyncGenerator<Region> {
  for (const region of createEnumeration(net, { ...splitStopOptions(options)[1], domain }).regions()) {
    yield region;
    if (await pacer.tick()) return;
  }
}

export interface RangeOptions extends QueryOptions {
  /**
   * Receives a range certificate (format.ts, "Range certificates") line by line: the header, the
   * split tree with both LP duals on every region leaf, the footer. Costs two exact LPs per region.
   * If outputRange throws, the lines received so far are no certificate (the CLI discards them).
   */
  certificate?: (line: RangeCertificateLine) => void;
}

export interface RangeResult {
  min: Extremum;
  max: Extremum;
  regions: number;
  /**
   * Set when the run was stopped: min and max are then over the regions seen so far (the true
   * min is at most, the true max at least these values), and no certificate footer was written.
   */
  stopped?: StopReason;
}

/**
 * Exact min and max of objective·output over the domain, with exact argmin and argmax: at the
 * region's vertices (vertex engine), else by an exact LP over the region (`maximize`).
 */
export async function outputRange(net: Network, objective: Rational[], domain?: Domain, options: RangeOptions = {}): Promise<RangeResult> {
  checkQuery(net, domain, options);
  checkRationals(objective, 'objective');
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (objective.length !== outputs) throw new InputError(`objective: ${objective.length} coefficients, expected ${outputs}`);
  const [stop, { certificate, ...enumerateOptions }] = splitStopOptions(options);
  const pacer = new Pacer(stop);
  const enumeration = createEnumeration(net, { ...enumerateOptions, domain });
  // the tree's lines are enumeration lines; region leaves get `upper` and `lower` through certExtra
  const cert = certificate ? new CertificateWriter((line) => certificate(line as RangeCertificateLine)) : null;
  certificate?.({
    format: CERTIFICATE_FORMAT,
    version: CERTIFICATE_VERSION,
    kind: RANGE_KIND,
    inputSize: net.inputSize,
    layerSizes: layerSizes(net),
    domain: domainToJson(enumeration.domain),
    objective: objective.map(toString),
  });
  let min: Extremum | null = null;
  let max: Extremum | null = null;
  let regions = 0;
  const consider = (value: Rational, point: Rational[], pattern: string) => {
    if (!min || cmp(value, min.value) < 0) min = { value, point, pattern };
    if (!max || cmp(value, max.value) > 0) max = { value, point, pattern };
  };
  for (const region of enumeration.regions(cert ?? undefined)) {
    regions++;
    // objective·f = (coef·x + constant)/unit on the region
    const { g: coef, e: constant, D: unit } = objectiveMap(region.map, objective);
    const pattern = region.pattern.join('|');
    const valueAt = (v: Point) => rat(dot(coef, v.p) + constant * v.q, v.q * unit);
    if (region.vertices && !cert) {
      for (const v of region.vertices) consider(valueAt(v), pointToRationals(v), pattern);
      if (await pacer.tick()) break;
      continue;
    }
    const A = region.rows.map((r) => r.a);
    const b = region.rows.map((r) => r.b);
    const [upper, lower] = [1n, -1n].map((sense) => {
      const ans = maximize(A, b, coef.map((v) => sense * v));
      if (ans.kind === 'unbounded') throw new NoAnswerError('range: the output is unbounded on this domain');
      if (ans.kind === 'infeasible') throw new Error('range: internal error: a region with no point');
      if (!region.vertices) consider(valueAt(ans.x), pointToRationals(ans.x), pattern);
      return ans;
    });
    if (region.vertices) for (const v of region.vertices) consider(valueAt(v), pointToRationals(v), pattern);
    // set before the generator resumes: the walk writes the region's line after we have seen it
    if (cert) region.certExtra = { upper: dualPairs(region, [], upper, unit), lower: dualPairs(region, [], lower, unit) }; // Σ y_i a_i = ±coef/unit
    if (await pacer.tick()) break;
  }
  if (pacer.reason) return { min: min!, max: max!, regions, stopped: pacer.reason };
  if (cert) {
    const ext = (e: Extremum) => ({ value: toString(e.value), point: e.point.map(toString) });
    const [lo, hi] = [ext(min!), ext(max!)];
    certificate?.({ t: 'end', regions: cert.regions, emptyLeaves: cert.emptyLeaves, min: lo.value, max: hi.value, argmin: lo.point, argmax: hi.point });
  }
  return { min: min!, max: max!, regions };
}

/** The exact Lipschitz constant for the induced ∞-norm (max row sum) or 1-norm (max column sum). */
export async function lipschitzConstant(
  net: Network,
  norm: 'inf' | '1',
  domain?: Domain,
  options: QueryOptions = {},
): Promise<{ value: Rational; pattern: string; witness: Rational[]; regions: number; stopped?: StopReason }> {
  checkQuery(net, domain, options);
  if (norm !== 'inf' && norm !== '1') throw new InputError(`norm: expected 'inf' or '1', got ${String(norm)}`);
  let best: { value: Rational; pattern: string; witness: Rational[] } | null = null;
  let regions = 0;
  const pacer = new Pacer(options);
  for await (const region of regionsOf(net, domain, options, pacer)) {
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
  // stopped: a lower bound (the constant of the regions seen so far)
  return { ...best!, regions, ...(pacer.reason ? { stopped: pacer.reason } : {}) };
}

/** Is output k nondecreasing (or nonincreasing) in input i? A region with the wrong slope is the witness. */
export async function monotonicity(
  net: Network,
  input: number,
  output: number,
  domain?: Domain,
  options: QueryOptions = {},
): Promise<Monotonicity> {
  checkQuery(net, domain, options);
  if (!(Number.isInteger(input) && input >= 0 && input < net.inputSize)) throw new InputError(`--input: expected 0..${net.inputSize - 1}`);
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (!(Number.isInteger(output) && output >= 0 && output < outputs)) throw new InputError(`--output: expected 0..${outputs - 1}`);
  const counterexamples: { increasing?: Witness; decreasing?: Witness } = {};
  let regions = 0;
  const pacer = new Pacer(options);
  for await (const region of regionsOf(net, domain, options, pacer)) {
    regions++;
    const slope = region.map.M[output][input];
    const w = (): Witness => ({ slope: rat(slope, region.map.den), pattern: region.pattern.join('|'), witness: pointToRationals(region.witness) });
    if (slope < 0n && !counterexamples.increasing) counterexamples.increasing = w();
    if (slope > 0n && !counterexamples.decreasing) counterexamples.decreasing = w();
    if (counterexamples.increasing && counterexamples.decreasing) break;
  }
  const increasing = !counterexamples.increasing;
  const decreasing = !counterexamples.decreasing;
  // a counterexample pair is final even if the run was stopped; "monotone" needs every region
  const answer =
    !increasing && !decreasing ? 'not monotone' : pacer.reason ? 'unknown' : increasing && decreasing ? 'constant' : increasing ? 'nondecreasing' : 'nonincreasing';
  return { answer, increasing, decreasing, counterexamples, regions, ...(pacer.reason ? { stopped: pacer.reason } : {}) };
}

/**
 * `increasing`/`decreasing` false come with their counterexample and are final; when `stopped`
 * is set, a true one only means no counterexample among the regions seen so far.
 */
export interface Monotonicity {
  /** 'unknown' only when stopped before a counterexample pair was found. */
  answer: 'nondecreasing' | 'nonincreasing' | 'constant' | 'not monotone' | 'unknown';
  increasing: boolean;
  decreasing: boolean;
  counterexamples: { increasing?: Witness; decreasing?: Witness };
  regions: number;
  stopped?: StopReason;
}

export interface Witness {
  slope: Rational;
  pattern: string;
  witness: Rational[];
}
