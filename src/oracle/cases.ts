/**
 * Seeded oracle cases: a network, a box and the query's parameters, as one fast-check
 * arbitrary per query, so that fast-check both generates them (`fc.check` / `fc.sample` with a
 * seed) and shrinks them: towards fewer layers and neurons (widthsArb, and networkArb's removal
 * of single layers and neurons), simpler rationals (weightArb('rational') and the degenerate
 * generators shrink towards small integers and halves) and simpler boxes.
 *
 * - Default networks: 1-3 inputs, 1-3 ReLU layers of 1-6 neurons, 1-2 linear outputs, weights
 *   and biases p/q in [-2, 2] with q <= 7 (non-dyadic values such as 1/3 included); boxes with
 *   corners p/q in [-2, 2], q <= 4 (−1/3 is not a double: an engine must not round it inwards).
 * - `degenerate`: degenerateNetworkArb / degenerateBoxArb (src/testing/degenerate.ts).
 * - `arch` ([inputSize, ...widths], from `--arch 2-8-8-1`): generated with exactly that shape;
 *   shrinking may still drop layers and neurons (networkArb's removal shrinks), so a reproducer
 *   stays small.
 * - verify: the box corners are rounded outwards to decimals (VNN-LIB has no fractions), and the
 *   threshold of the property is placed relative to the exact range (property.ts).
 * - count, lipschitz: a pinned input (lo = hi, from the degenerate boxes) is widened to
 *   [lo, lo + 1] (regions and the Lipschitz constant are about full-dimensional boxes); range
 *   folds pinned inputs exactly (exact.ts), verify passes them to VNN-LIB as they are.
 */
import fc from 'fast-check';
import { domainToJson, type Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';
import { add, cmp, ONE, rat, toString, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import { boxDomainArb, networkArb, networkToJson, weightArb, widthsArb } from '../testing/arbitraries.js';
import { degenerateBoxArb, degenerateNetworkArb } from '../testing/degenerate.js';
import { roundToDecimal } from './decimal.js';
import type { OracleQuery } from './protocol.js';

export type Box = Domain & { kind: 'box' };

/** Where a verify case puts its threshold (property.ts). */
export interface Threshold {
  /** 'ge': the unsafe set is Y_k >= c (the property "Y_k < c"); 'le': Y_k <= c. */
  side: 'ge' | 'le';
  /** c is the extreme (max for 'ge', min for 'le') moved by offset × (max − min) away from the range (negative: into it). */
  offset: Rational;
  /** c is rounded to this many decimals (away from the range for offset > 0, into it for offset < 0). */
  digits: number;
}

export interface OracleCase {
  query: OracleQuery;
  network: Network;
  domain: Box;
  /** range, verify: the output asked about. */
  output?: number;
  /** lipschitz */
  norm?: 'inf' | '1';
  /** verify */
  threshold?: Threshold;
}

export interface CaseOptions {
  /** Degenerate networks and boxes (src/testing/degenerate.ts). */
  degenerate?: boolean;
  /** A fixed architecture [inputSize, width_1, ..., outputs] (at least one hidden layer). */
  arch?: number[];
}

/** "2-8-8-1" → [2, 8, 8, 1]: the input size, the hidden widths and the number of outputs. */
export function parseArch(spec: string): number[] {
  const parts = spec.split('-');
  const sizes = parts.map(Number);
  if (parts.length < 3 || parts.some((p, i) => !/^[1-9]\d*$/.test(p) || !Number.isSafeInteger(sizes[i]))) {
    throw new InputError(`--arch: expected INPUTS-HIDDEN-...-OUTPUTS with at least one hidden layer, e.g. 2-8-8-1, got "${spec}"`);
  }
  return sizes;
}

/** The default architectures: [inputs 1-4, 1-3 hidden layers of 1-8, outputs 1-2] (issue 10's workload). */
const defaultArchArb = (): fc.Arbitrary<number[]> =>
  fc.tuple(fc.integer({ min: 1, max: 4 }), widthsArb({ minDepth: 1, maxDepth: 3, minWidth: 1, maxWidth: 8 }), fc.integer({ min: 1, max: 2 })).map(([d, hidden, outputs]) => [d, ...hidden, outputs]);

function networkFor(options: CaseOptions): fc.Arbitrary<Network> {
  if (options.degenerate && !options.arch) return degenerateNetworkArb({ lastLayer: 'linear' });
  const arch = options.arch ? fc.constant(options.arch) : defaultArchArb();
  return arch.chain(([inputSize, ...widths]) =>
    options.degenerate ? degenerateNetworkArb({ inputSize, widths, lastLayer: 'linear' }) : networkArb({ inputSize, widths, weights: weightArb('rational'), lastLayer: 'linear' }),
  );
}

/** Box corners rounded outwards to `digits` decimals (a VNN-LIB box). */
export function decimalBox(box: Box, digits = 2): Box {
  return { kind: 'box', lo: box.lo.map((v) => roundToDecimal(v, digits, 'down')), hi: box.hi.map((v) => roundToDecimal(v, digits, 'up')) };
}

/** Pinned inputs (lo = hi) widened to [lo, lo + 1]. */
export function fullDimensionalBox(box: Box): Box {
  return { kind: 'box', lo: box.lo, hi: box.hi.map((h, i) => (cmp(h, box.lo[i]) > 0 ? h : add(box.lo[i], ONE))) };
}

const OFFSETS: Rational[] = [rat(0n), rat(1n, 8n), rat(-1n, 8n), rat(1n, 2n), rat(-1n, 2n), rat(1n, 32n), rat(-1n, 32n)];

const thresholdArb: fc.Arbitrary<Threshold> = fc.record({
  side: fc.constantFrom<'ge' | 'le'>('ge', 'le'),
  offset: fc.constantFrom(...OFFSETS),
  digits: fc.integer({ min: 0, max: 6 }),
});

/** A compact text for fast-check's counterexample reports (the network in the JSON format). */
export function caseToJson(c: OracleCase): Record<string, unknown> {
  return {
    query: c.query,
    network: networkToJson(c.network),
    domain: domainToJson(c.domain),
    ...(c.output !== undefined ? { output: c.output } : {}),
    ...(c.norm !== undefined ? { norm: c.norm } : {}),
    ...(c.threshold ? { threshold: { side: c.threshold.side, offset: toString(c.threshold.offset), digits: c.threshold.digits } } : {}),
  };
}

const printable = (c: OracleCase): OracleCase => Object.defineProperty(c, fc.toStringMethod, { value: () => JSON.stringify(caseToJson(c)), enumerable: false });

/** The cases of one query. */
export function caseArb(query: OracleQuery, options: CaseOptions = {}): fc.Arbitrary<OracleCase> {
  return networkFor(options).chain((network) => {
    const d = network.inputSize;
    const outputs = network.layers[network.layers.length - 1].weights.length;
    const box = options.degenerate ? degenerateBoxArb(d) : boxDomainArb(d);
    const output = fc.integer({ min: 0, max: outputs - 1 });
    switch (query) {
      case 'range':
        return fc.record({ domain: box, output }).map(({ domain, output }) => printable({ query, network, domain, output }));
      case 'verify':
        return fc.record({ domain: box, output, threshold: thresholdArb }).map(({ domain, output, threshold }) => printable({ query, network, domain: decimalBox(domain), output, threshold }));
      case 'count':
        return box.map((domain) => printable({ query, network, domain: fullDimensionalBox(domain) }));
      case 'lipschitz':
        return fc.record({ domain: box, norm: fc.constantFrom<'inf' | '1'>('inf', '1') }).map(({ domain, norm }) => printable({ query, network, domain: fullDimensionalBox(domain), norm }));
    }
  });
}
