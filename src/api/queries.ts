/**
 * The library API of every query: exact answers as fraction.js Fractions, witnesses and
 * counterexamples, certificates on request, partial answers when stopped (an AbortSignal, a
 * timeout or shouldStop: `partial: true` with `stopReason`). Each is a thin layer over the one
 * engine (verify/, enumerate/): it converts the inputs (api/inputs.ts), runs the query and
 * converts the answer.
 */
import type { Domain } from '../domain/domain.js';
import { runEnumeration, type RunSummary } from '../enumerate/run.js';
import type { Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import { Pacer, partialFields, type StopOptions, type StopReason } from '../run-control.js';
import { equivalence as equivalenceQuery } from '../verify/equivalence.js';
import { injectivity as injectivityQuery } from '../verify/injectivity.js';
import { pairSearch } from '../verify/injectivity-pairs.js';
import { verifyParallel } from '../verify/parallel.js';
import { lipschitzConstant as lipschitzQuery, monotonicity as monotonicityQuery, outputRange as rangeQuery, type Monotonicity, type Witness } from '../verify/region-queries.js';
import { satCertificate } from '../verify/verdict-writer.js';
import { verifyProperty, type VerifyStats } from '../verify/verify.js';
import type { Property } from '../verify/vnnlib.js';
import { toFraction, toFractions, type ExactInput, type Fraction } from './exact.js';
import { toDomain, toNetwork, toObjective, toProperty, type DomainInput, type NetworkInput } from './inputs.js';

/** Options of every query: the domain (default [-1,1]^d), the engine, and stopping. */
export interface QueryOptions extends StopOptions {
  domain?: DomainInput | Domain;
  /** Enumeration engine (default auto: vertices for boxes in d <= 4, LPs otherwise). */
  engine?: 'auto' | 'vertex' | 'lp';
}

/**
 * A certificate: true collects its lines into the answer's `certificate` (complete answers only);
 * a function receives them one by one as they are made (range, injectivity: they form a
 * certificate only if the answer is complete and, for injectivity, 'injective'; verify: handed
 * over at the end, for sat and unsat).
 */
export type CertificateOption = boolean | ((line: object) => void);

interface Partial {
  /** true if the run was stopped before the answer was complete (see each query). */
  partial: boolean;
  stopReason?: StopReason;
}


function certificateSink(option: CertificateOption | undefined): { sink?: (line: object) => void; lines?: object[] } {
  if (option === undefined || option === false) return {};
  if (typeof option === 'function') return { sink: option };
  const lines: object[] = [];
  return { sink: (line) => void lines.push(line), lines };
}

function prepare(network: NetworkInput | Network, options: QueryOptions): { net: Network; domain: Domain; run: StopOptions & { engine?: QueryOptions['engine'] } } {
  const net = toNetwork(network);
  const { domain, shouldStop, signal, timeoutSeconds, engine } = options;
  return { net, domain: toDomain(domain, net.inputSize), run: { shouldStop, signal, timeoutSeconds, engine } };
}

export interface Extremum {
  value: Fraction;
  /** A point of the domain where the value is attained. */
  point: Fraction[];
  /** Its region's activation pattern. */
  pattern: string;
}

export interface RangeAnswer extends Partial {
  /** Partial: the extremes of the regions seen (the true min is at most, the true max at least these). */
  min: Extremum;
  max: Extremum;
  regions: number;
  /** The range certificate's lines (certificate: true; complete answers only). */
  certificate?: object[];
}

const extremum = (e: { value: Rational; point: Rational[]; pattern: string }): Extremum => ({ value: toFraction(e.value), point: toFractions(e.point), pattern: e.pattern });

/**
 * Exact min and max of an output (`output: k`) or of a linear objective of the outputs
 * (`objective: [c_0, ...]`) over the domain, with points attaining them. An output unbounded on
 * the domain rejects with NoAnswerError.
 */
export async function outputRange(
  network: NetworkInput | Network,
  options: QueryOptions & { output?: number; objective?: ExactInput[]; certificate?: CertificateOption },
): Promise<RangeAnswer> {
  const { net, domain, run } = prepare(network, options);
  const objective = toObjective(net.layers[net.layers.length - 1].weights.length, options.output, options.objective);
  const { sink, lines } = certificateSink(options.certificate);
  const r = await rangeQuery(net, objective, domain, { ...run, certificate: sink });
  return { min: extremum(r.min), max: extremum(r.max), regions: r.regions, ...partialFields(r.stopped), ...(lines && !r.stopped ? { certificate: lines } : {}) };
}

export interface LipschitzAnswer extends Partial {
  /** The exact constant (partial: a lower bound, the largest local constant seen). */
  value: Fraction;
  norm: 'inf' | '1';
  /** A region attaining it: its pattern and an interior point. */
  pattern: string;
  witness: Fraction[];
  regions: number;
}

/** The exact Lipschitz constant for the induced ∞-norm (default) or 1-norm, with a region attaining it. */
export async function lipschitzConstant(network: NetworkInput | Network, options: QueryOptions & { norm?: 'inf' | '1' } = {}): Promise<LipschitzAnswer> {
  const { net, domain, run } = prepare(network, options);
  const norm = options.norm ?? 'inf';
  const r = await lipschitzQuery(net, norm, domain, run);
  return { value: toFraction(r.value), norm, pattern: r.pattern, witness: toFractions(r.witness), regions: r.regions, ...partialFields(r.stopped) };
}

export interface SlopeWitness {
  /** d output / d input on the region. */
  slope: Fraction;
  pattern: string;
  witness: Fraction[];
}

export interface MonotonicityAnswer extends Partial {
  /** 'unknown' only when stopped before a counterexample pair was found. */
  answer: Monotonicity['answer'];
  /** A region with a negative slope (refutes nondecreasing) and one with a positive slope. */
  counterexamples: { increasing?: SlopeWitness; decreasing?: SlopeWitness };
  regions: number;
}

const slope = (w: Witness | undefined): SlopeWitness | undefined => w && { slope: toFraction(w.slope), pattern: w.pattern, witness: toFractions(w.witness) };

/** Is output `output` monotone in input `input` on the domain? Exact, with witness regions. */
export async function monotonicity(network: NetworkInput | Network, options: QueryOptions & { input: number; output: number }): Promise<MonotonicityAnswer> {
  const { net, domain, run } = prepare(network, options);
  const r = await monotonicityQuery(net, options.input, options.output, domain, run);
  return {
    answer: r.answer,
    counterexamples: { increasing: slope(r.counterexamples.increasing), decreasing: slope(r.counterexamples.decreasing) },
    regions: r.regions,
    ...partialFields(r.answer === 'unknown' ? r.stopped : undefined),
  };
}

export type InjectivityAnswer =
  | { answer: 'injective'; method: string; regions: number; pairsChecked: number; partial: false; certificate?: object[] }
  | { answer: 'not injective'; x: Fraction[]; y: Fraction[]; reason: string; partial: false }
  | ({ answer: 'unknown'; regions: number; pairsChecked: number } & Partial);

/** Is the network one-to-one on the domain? Exact: yes (certificate on request), or x ≠ y with f(x) = f(y). */
export async function injectivity(network: NetworkInput | Network, options: QueryOptions & { certificate?: CertificateOption } = {}): Promise<InjectivityAnswer> {
  const { net, domain, run } = prepare(network, options);
  const stats = { lpSolves: 0, pairsSkipped: 0 };
  const { sink, lines } = certificateSink(options.certificate);
  const r = await injectivityQuery(net, domain, pairSearch(stats), { ...run, certificate: sink, lpStats: stats });
  if (r.injective === true) return { answer: 'injective', method: r.method, regions: r.regions, pairsChecked: r.pairsChecked, partial: false, ...(lines ? { certificate: lines } : {}) };
  if (r.injective === false) return { answer: 'not injective', x: toFractions(r.x), y: toFractions(r.y), reason: r.reason, partial: false };
  return { answer: 'unknown', regions: r.regions, pairsChecked: r.pairsChecked, ...partialFields(r.stopped) };
}

export type EquivalenceAnswer =
  | { answer: 'equivalent'; regions: number; pieces: number; partial: false }
  | { answer: 'not equivalent'; x: Fraction[]; y1: Fraction[]; y2: Fraction[]; partial: false }
  | ({ answer: 'unknown'; regions: number; pieces: number } & Partial);

/** Are two networks the same function on the domain? Exact: yes, or a point where they differ. */
export async function equivalence(network1: NetworkInput | Network, network2: NetworkInput | Network, options: QueryOptions = {}): Promise<EquivalenceAnswer> {
  const { net, domain, run } = prepare(network1, options);
  const r = await equivalenceQuery(net, toNetwork(network2, 'network2'), domain, run);
  if (r.equivalent === true) return { answer: 'equivalent', regions: r.regions, pieces: r.pieces, partial: false };
  if (r.equivalent === false) return { answer: 'not equivalent', x: toFractions(r.x), y1: toFractions(r.y1), y2: toFractions(r.y2), partial: false };
  return { answer: 'unknown', regions: r.regions, pieces: r.pieces, ...partialFields(r.stopped) };
}

export interface VerifyAnswer {
  /** unsat: the property holds; sat: the counterexample violates it; unknown: stopped or timed out. */
  result: 'sat' | 'unsat' | 'unknown';
  /** sat: exact x, f(x), and the disjunct of the unsafe set it satisfies. */
  counterexample?: { x: Fraction[]; y: Fraction[]; disjunct: number };
  /** unknown: 'timeout' or 'interrupted'. */
  reason?: string;
  stats: VerifyStats;
  /** The verdict certificate's lines (certificate: true; sat and unsat only). */
  certificate?: object[];
}

/**
 * Checks a VNN-LIB property (text, or parsed by parseVnnlib): unsat (holds, certified), sat with
 * an exact counterexample, or unknown when stopped. `workers` > 1 searches in worker threads.
 */
export async function verify(
  network: NetworkInput | Network,
  property: string | Property,
  options: StopOptions & { certificate?: CertificateOption; workers?: number; exactPrunes?: boolean; maxDepth?: number } = {},
): Promise<VerifyAnswer> {
  const net = toNetwork(network);
  const prop = toProperty(property);
  const { shouldStop, signal, timeoutSeconds, exactPrunes, maxDepth } = options;
  // the unsat tree is known to be a certificate only at the end: lines are buffered, then handed over
  const tree: object[] = [];
  const run = { shouldStop, signal, timeoutSeconds, exactPrunes, maxDepth, certificate: options.certificate ? (line: object) => void tree.push(line) : undefined };
  const v = (options.workers ?? 1) > 1 ? await verifyParallel(net, prop, { ...run, workers: options.workers! }) : await verifyProperty(net, prop, run);
  if (v.result === 'unknown') return { result: 'unknown', reason: v.reason, stats: v.stats };
  const lines = v.result === 'unsat' ? tree : satCertificate(net, prop, v.x, v.disjunct);
  const certificate = deliver(options.certificate, lines);
  if (v.result === 'unsat') return { result: 'unsat', stats: v.stats, ...certificate };
  return { result: 'sat', counterexample: { x: toFractions(v.x), y: toFractions(v.y), disjunct: v.disjunct }, stats: v.stats, ...certificate };
}

/** Hands complete certificate lines to the caller's option: returned (true) or sent to the function. */
function deliver(option: CertificateOption | undefined, lines: object[]): { certificate?: object[] } {
  if (typeof option === 'function') lines.forEach((line) => option(line));
  return option === true ? { certificate: lines } : {};
}

export interface CountAnswer {
  activationRegions: number;
  /** null unless `linear: true`. */
  linearRegions: number | null;
  /** true if stopped before the enumeration was complete (the counts are then lower bounds). */
  partial: boolean;
  stopReason?: 'max-regions' | StopReason;
  seconds: number;
  /** The enumeration's summary (certification counters, domain). */
  summary: RunSummary;
}

/** Counts activation regions (and linear regions with `linear: true`); `maxRegions` stops early (partial). */
export async function countRegions(network: NetworkInput | Network, options: QueryOptions & { linear?: boolean; maxRegions?: number } = {}): Promise<CountAnswer> {
  const { net, domain, run } = prepare(network, options);
  const pacer = new Pacer(run); // enumerateRegions yields to the event loop itself; the pacer only decides
  const s = await runEnumeration(net, { domain, engine: run.engine, merge: options.linear ?? false, maxRegions: options.maxRegions, shouldStop: () => pacer.check() !== null });
  const stopReason = s.stopReason === 'interrupted' ? pacer.reason! : s.stopReason;
  return { activationRegions: s.activationRegions, linearRegions: s.linearRegions, partial: s.partial, ...(stopReason ? { stopReason } : {}), seconds: s.seconds, summary: s };
}
