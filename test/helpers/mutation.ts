/** Bookkeeping of mutation tests: per kind of tampering, how many were tried and rejected. */
import { expect } from 'vitest';

type Verdict = { valid: true } | { valid: false; line: number; reason: string };

export class MutationTally {
  readonly counts: Map<string, { tried: number; rejected: number }>;
  /** What escaped (tampered certificates the checker accepted), for the failure message. */
  readonly escaped: string[] = [];

  constructor(kinds: string[]) {
    this.counts = new Map(kinds.map((k) => [k, { tried: 0, rejected: 0 }]));
  }

  /** One tampering of `kind`: rejected iff invalid with a reason and a line (`line`, if given). */
  record(kind: string, r: Verdict, what: () => string, line?: number): void {
    const count = this.counts.get(kind)!;
    count.tried++;
    if (!r.valid && r.reason.length > 0 && r.line >= 1 && (line === undefined || r.line === line)) count.rejected++;
    else this.escaped.push(`${kind}: ${what()}`);
  }

  table(separator = ', ', indent = ''): string {
    return [...this.counts].map(([k, v]) => `${indent}${k}: ${v.rejected}/${v.tried}`).join(separator);
  }

  /** Every kind was tried at least `minTried` times and every tampering was rejected. */
  expectAllRejected(minTried = 1): void {
    for (const [kind, v] of this.counts) {
      expect(v.tried, kind).toBeGreaterThanOrEqual(minTried);
      expect(v.rejected, kind).toBe(v.tried);
    }
  }
}
