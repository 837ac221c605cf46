/**
 * Differential testing: `runs` seeded cases through `fc.check` — an async property over the case
 * arbitrary with the engine call inside — so that the first violation is shrunk by fast-check
 * (fewer layers and neurons, simpler rationals, smaller boxes) to a minimal failing case.
 *
 * Statistics count the cases of the run proper; the calls made while shrinking are not cases.
 * A stop request (Ctrl-C) makes every remaining call pass at once, without generating a case
 * (`stoppable`): the run ends within one case, with a partial summary, and a violation found
 * before keeps the smallest failing case shrinking had reached. An engine failure (it exited,
 * wrote garbage or a malformed answer, or timed out) ends the run the same way, and is then
 * rethrown as an EngineFailure naming the case — unless it happened while shrinking a violation,
 * which is then reported with the smallest case reached (`shrinkingStopped` says why).
 */
import fc from 'fast-check';
import { InputError } from '../errors.js';
import { caseArb, type CaseOptions, type OracleCase } from './cases.js';
import { checkCase, type Ask, type CaseOutcome } from './check-case.js';
import type { OracleQuery } from './protocol.js';
import { OracleStats, type OracleSummary } from './stats.js';

/** The engine failed as a process or as a protocol speaker: a one-line error (exit 2). */
export class EngineFailure extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'EngineFailure';
  }
}

export interface DifferentialOptions extends CaseOptions {
  query: OracleQuery;
  runs: number;
  seed: number;
  ask: Ask;
  /** Require answers to carry the request's id (process engines). Default true. */
  checkId?: boolean;
  /** Count engine `error` answers instead of treating them as violations. */
  allowErrors?: boolean;
  shouldStop?: () => boolean;
  /** Called after each case of the run proper (progress displays). */
  onCase?: (stats: OracleStats) => void;
}

export type FailingOutcome = Extract<CaseOutcome, { judgement: unknown }>;

export interface Failure {
  /** The minimal failing case (after shrinking) and its outcome. */
  case: OracleCase;
  outcome: FailingOutcome;
  message: string;
  /** The message of the case first found failing, before shrinking. */
  firstMessage: string;
  /** Successful shrinking steps. */
  shrinks: number;
  /** Why shrinking ended early (the engine failed, or a stop request): the case may not be minimal. */
  shrinkingStopped?: string;
}

export interface DifferentialResult {
  summary: OracleSummary;
  failure?: Failure;
}

const STOPPED = Symbol('stopped');

/** `arb`, except that once `stopped()` it yields a placeholder without generating anything. */
class Stoppable<T> extends fc.Arbitrary<T | typeof STOPPED> {
  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly stopped: () => boolean,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T | typeof STOPPED> {
    return this.stopped() ? new fc.Value<T | typeof STOPPED>(STOPPED, undefined) : this.inner.generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T | typeof STOPPED {
    return value !== STOPPED && this.inner.canShrinkWithoutContext(value);
  }
  shrink(value: T | typeof STOPPED, context: unknown): fc.Stream<fc.Value<T | typeof STOPPED>> {
    if (value === STOPPED || this.stopped()) return fc.Stream.nil();
    return this.inner.shrink(value, context);
  }
}

export async function runDifferential(options: DifferentialOptions): Promise<DifferentialResult> {
  const { query, runs, seed, ask } = options;
  const stats = new OracleStats();
  let fatal: Error | null = null;
  let interrupted = false;
  // the first violation's message, and the smallest failing case so far (the last one that failed)
  const found: { first?: string; last?: { case: OracleCase; outcome: FailingOutcome; message: string } } = {};
  let nextId = 0;
  const halted = () => fatal !== null || interrupted || (options.shouldStop?.() ?? false);

  const predicate = async (value: OracleCase | typeof STOPPED): Promise<boolean> => {
    if (value === STOPPED || halted()) return true;
    const shrinking = found.first !== undefined;
    const id = nextId++;
    let outcome: CaseOutcome;
    try {
      outcome = await checkCase(value, ask, { id, checkId: options.checkId ?? true, shouldStop: options.shouldStop });
    } catch (e) {
      if (e instanceof Error && e.name === 'EngineStopped') {
        interrupted = true;
        return true;
      }
      if (!(e instanceof EngineFailure)) throw e;
      fatal = e;
      return true;
    }
    if (outcome.status === 'stopped') {
      interrupted = true;
      return true;
    }
    if (outcome.status === 'malformed') {
      const raw = outcome.reply.raw ?? JSON.stringify(outcome.reply.value);
      fatal = new EngineFailure(`engine: malformed answer to case ${id}: ${outcome.reason} (the answer: ${raw.length > 200 ? `${raw.slice(0, 197)}...` : raw})`);
      return true;
    }
    const { judgement } = outcome;
    if (!shrinking) {
      stats.cases++;
      stats.exactSeconds += outcome.solved.seconds;
      stats.engineSeconds += outcome.engineSeconds;
    }
    const errorIsFailure = judgement.status === 'error' && !options.allowErrors;
    if (judgement.status === 'violation' || errorIsFailure) {
      const message = judgement.message;
      if (!shrinking) {
        stats.violations++;
        found.first = message;
      }
      found.last = { case: value, outcome, message };
      return false;
    }
    if (!shrinking) {
      if (judgement.status === 'pass') {
        stats.passed++;
        if (judgement.tightness !== undefined) stats.tightness.push(judgement.tightness);
        if (judgement.flat) {
          stats.flat.cases++;
          if (judgement.flatExact) stats.flat.exact++;
        }
      } else if (judgement.status === 'unknown') stats.unknown++;
      else stats.errors++;
      options.onCase?.(stats);
    }
    return true;
  };

  const arb = new Stoppable(caseArb(query, options), halted);
  const details = await fc.check(fc.asyncProperty(arb, predicate), { numRuns: runs, seed, endOnFailure: false, verbose: 0 });
  const last = found.last;
  // an engine failure while shrinking still leaves a real (if larger) failing case to report
  if (fatal && !last) throw fatal;
  if (details.failed && !last && details.errorInstance) throw details.errorInstance; // a bug, not a finding
  const stoppedEarly = interrupted || (options.shouldStop?.() ?? false);
  const summary = stats.summary(query, seed, runs, {
    partial: stoppedEarly,
    ...(stoppedEarly ? { stopReason: 'interrupted' as const } : {}),
    ...(last ? { shrinks: details.numShrinks } : {}),
  });
  if (!last) return { summary };
  const shrinkingStopped = fatal ? (fatal as Error).message : stoppedEarly ? 'interrupted' : undefined;
  return { summary, failure: { ...last, firstMessage: found.first ?? last.message, shrinks: details.numShrinks, ...(shrinkingStopped ? { shrinkingStopped } : {}) } };
}
