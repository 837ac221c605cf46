/**
 * The oracle run's summary: cases, passed, unknowns, engine errors, violations, the tightness
 * distribution (range: engine width / exact width; lipschitz: engine bound / exact constant;
 * 1 is exact, larger is looser) and the time spent on each side.
 */
import type { OracleQuery } from './protocol.js';

export interface Distribution {
  count: number;
  min: number;
  median: number;
  p90: number;
  max: number;
}

export interface OracleSummary {
  query: OracleQuery;
  seed: number;
  runs: number;
  /** Cases judged (shrinking excluded). */
  cases: number;
  passed: number;
  unknown: number;
  /** Engine `error` answers (allowed with --allow-errors, else a violation). */
  errors: number;
  violations: number;
  /** Over the passed cases whose exact width (range) or constant (lipschitz) is > 0. */
  tightness: Distribution | null;
  /** Passed cases whose exact width or constant is 0 (a constant output), and how many of them the engine got exactly. */
  flat: { cases: number; exact: number };
  seconds: number;
  exactSeconds: number;
  engineSeconds: number;
  /** Shrinking steps tried after the first violation. */
  shrinks?: number;
  partial: boolean;
  stopReason?: 'interrupted';
  reproducer?: string;
}

/** The q-quantile (nearest rank) of sorted values. */
const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

export function distribution(values: number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, min: sorted[0], median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted[sorted.length - 1] };
}

export class OracleStats {
  cases = 0;
  passed = 0;
  unknown = 0;
  errors = 0;
  violations = 0;
  exactSeconds = 0;
  engineSeconds = 0;
  readonly tightness: number[] = [];
  readonly flat = { cases: 0, exact: 0 };
  private readonly start = performance.now();

  summary(query: OracleQuery, seed: number, runs: number, extra: Partial<OracleSummary> = {}): OracleSummary {
    return {
      query,
      seed,
      runs,
      cases: this.cases,
      passed: this.passed,
      unknown: this.unknown,
      errors: this.errors,
      violations: this.violations,
      tightness: distribution(this.tightness),
      flat: { ...this.flat },
      seconds: (performance.now() - this.start) / 1000,
      exactSeconds: this.exactSeconds,
      engineSeconds: this.engineSeconds,
      partial: false,
      ...extra,
    };
  }
}

const num = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v));

/** The human summary, a few lines. */
export function formatSummary(s: OracleSummary): string {
  const lines = [
    `oracle ${s.query}: ${s.cases} of ${s.runs} cases (seed ${s.seed})${s.partial ? ` — PARTIAL: stopped (${s.stopReason})` : ''}`,
    `passed: ${s.passed}, unknown: ${s.unknown}, engine errors: ${s.errors}, violations: ${s.violations}`,
  ];
  if (s.tightness) {
    const t = s.tightness;
    const what = s.query === 'range' ? 'engine width / exact width' : 'engine bound / exact constant';
    lines.push(`tightness (${what}, 1 = exact): min ${num(t.min)}, median ${num(t.median)}, p90 ${num(t.p90)}, max ${num(t.max)} over ${t.count} cases`);
  }
  if (s.flat.cases > 0) {
    const what = s.query === 'range' ? 'a constant output (exact width 0)' : 'an exact constant of 0';
    lines.push(`${s.flat.cases} passed cases with ${what}: the engine was exact in ${s.flat.exact}`);
  }
  lines.push(`time: ${s.seconds.toFixed(2)} s (exact answers ${s.exactSeconds.toFixed(2)} s, engine ${s.engineSeconds.toFixed(2)} s${s.shrinks !== undefined ? `, ${s.shrinks} shrinking steps` : ''})`);
  if (s.reproducer) lines.push(`reproducer: ${s.reproducer}`);
  return lines.join('\n');
}

/** JSON form (a ratio too large for a double, Infinity, as the string "Infinity"). */
export function summaryJson(s: OracleSummary): string {
  return JSON.stringify(s, (_, v) => (v === Infinity ? 'Infinity' : v));
}
