/**
 * The oracle in the same process, for vitest/jest suites of other engines:
 *
 *   import fc from 'fast-check';
 *   import { oracle } from 'relu-regions/testing';
 *   await fc.assert(oracle.rangeSoundness(myEngine, { runs: 300, seed: 1 }));
 *
 * `engine(request)` receives the protocol's request object (docs/oracle-protocol.md: network as
 * exact "p/q" strings, a box domain, the query's parameters) and returns the protocol's answer
 * object, or a promise of it (the id may be left out). Each function returns a fast-check async
 * property over seeded cases (src/oracle/cases.ts), judged exactly (src/oracle/judge.ts); a
 * failure is shrunk by fast-check and reported in decimals and exact p/q, e.g.
 * `engine lower bound 0.3333333433… (= 11184811/33554432) is above the exact minimum 0.3333333333… (= 1/3) of Y_0 at x = (…)`.
 *
 * `runs` and `seed` apply to the next `fc.assert`/`fc.check` of the property when it is called
 * right away (as above: they are set in fast-check's global configuration, with
 * includeErrorInReport, until the current synchronous code ends; parameters given to fc.assert
 * itself win). They are also on the property as `params` ({ numRuns, seed, includeErrorInReport })
 * for `fc.assert(p, p.params)` later.
 */
import fc from 'fast-check';
import { caseArb, parseArch, type CaseOptions, type OracleCase } from '../oracle/cases.js';
import { checkCase, type Ask } from '../oracle/check-case.js';
import type { OracleQuery, OracleRequest } from '../oracle/protocol.js';

export type { OracleQuery, OracleRequest } from '../oracle/protocol.js';
export type { OracleCase } from '../oracle/cases.js';
export { validateAnswer, type EngineAnswer, type Validation } from '../oracle/protocol.js';

/** An engine under test: request → answer (the protocol's JSON shapes), possibly async. */
export type EngineFn = (request: OracleRequest) => unknown;

export interface OracleOptions {
  /** Number of cases (fast-check's numRuns). */
  runs?: number;
  seed?: number;
  /** Degenerate networks and boxes (src/testing/degenerate.ts). */
  degenerate?: boolean;
  /** Fixed architecture: "2-8-8-1" or [2, 8, 8, 1] (inputs, hidden widths, outputs). */
  arch?: string | number[];
  /** Accept the engine's {"error": ...} answers (counted as passes) instead of failing. */
  allowErrors?: boolean;
}

export type OracleProperty = fc.IAsyncPropertyWithHooks<[OracleCase]> & { params: { numRuns?: number; seed?: number; includeErrorInReport: boolean } };

// runs/seed of properties made in the current synchronous run, restored at its end
let savedGlobal: fc.GlobalParameters | null = null;

function applyRunParameters(params: { numRuns?: number; seed?: number; includeErrorInReport: boolean }): void {
  if (savedGlobal === null) {
    savedGlobal = fc.readConfigureGlobal();
    queueMicrotask(() => {
      fc.configureGlobal(savedGlobal!);
      savedGlobal = null;
    });
  }
  fc.configureGlobal({ ...fc.readConfigureGlobal(), ...params });
}

const describeAnswer = (v: unknown): string => {
  let s: string;
  try {
    s = JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
};

function property(query: OracleQuery, engine: EngineFn, options: OracleOptions = {}): OracleProperty {
  if (typeof engine !== 'function') throw new TypeError(`oracle: the engine must be a function (request) => answer, got ${typeof engine}`);
  const caseOptions: CaseOptions = {
    degenerate: options.degenerate ?? false,
    ...(options.arch !== undefined ? { arch: typeof options.arch === 'string' ? parseArch(options.arch) : options.arch } : {}),
  };
  const ask: Ask = async (request) => ({ value: await engine(request) });
  let id = 0;
  const prop = fc.asyncProperty(caseArb(query, caseOptions), async (c) => {
    const outcome = await checkCase(c, ask, { id: id++ });
    if (outcome.status === 'stopped') return;
    if (outcome.status === 'malformed') throw new Error(`malformed ${query} answer: ${outcome.reason} (the answer: ${describeAnswer(outcome.reply.value)})`);
    const j = outcome.judgement;
    if (j.status === 'violation') throw new Error(j.message);
    if (j.status === 'error' && !options.allowErrors) throw new Error(`${j.message} (an error answer; allowErrors: true accepts them)`);
  });
  const params = { ...(options.runs !== undefined ? { numRuns: options.runs } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  // the failure's message (decimals and exact p/q) in fast-check's report, not only as its cause
  applyRunParameters({ ...params, includeErrorInReport: true });
  return Object.assign(prop, { params: { ...params, includeErrorInReport: true } });
}

export const oracle = {
  /** Range bounds must contain the exact range of the output over the box. */
  rangeSoundness: (engine: EngineFn, options?: OracleOptions): OracleProperty => property('range', engine, options),
  /** Verdicts must match the exact ones (unknown allowed; sat counterexamples re-checked exactly). */
  verifyAgreement: (engine: EngineFn, options?: OracleOptions): OracleProperty => property('verify', engine, options),
  /** Region counts must equal the exact number of activation regions. */
  countEquality: (engine: EngineFn, options?: OracleOptions): OracleProperty => property('count', engine, options),
  /** Lipschitz bounds must be at least the exact constant. */
  lipschitzSoundness: (engine: EngineFn, options?: OracleOptions): OracleProperty => property('lipschitz', engine, options),
};
