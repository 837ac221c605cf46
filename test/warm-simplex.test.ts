/**
 * The warm-started float simplex (lp/warm-simplex.ts) as the enumerator drives it: a state is
 * optimised over a cell's rows, cloned, and the clone solves the cell plus one row. Checked here:
 *
 * - every proposal, certified by InteriorDecider.decideFromProposal, gives the exact verdict
 *   (exactInterior), and none needs the exact simplex;
 * - every proposal certifies by itself, with no cold LP after it (lpSolves counts one LP per
 *   proposal, and one more for a cold fallback): in particular an empty side stopped early (the
 *   dual objective below 0 before the optimum) proposes multipliers that certify, through the box
 *   or a Motzkin certificate;
 * - clones share their arrays until one writes (copy on write): solving a clone never changes the
 *   state it was cloned from, nor another clone of it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseFloatSimplex } from '../src/lp/dense-float-simplex.js';
import { exactInterior } from '../src/lp/exact-simplex.js';
import { InteriorDecider, isStrictlyInside, newStats, type OuterBox, type Row } from '../src/lp/interior.js';
import { WarmInterior } from '../src/lp/warm-simplex.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

/** The box [-1, 1]^d as rows, the way the enumerator's root cell has them. */
function boxRows(d: number): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < d; k++) {
    const a = new Array<bigint>(d).fill(0n);
    a[k] = 1n;
    rows.push({ a, b: 1n });
    rows.push({ a: a.map((v) => -v), b: 1n });
  }
  return rows;
}

/** What one solve answers, copied out of the reused buffers. */
function snapshot(state: WarmInterior, rows: Row[]): string {
  const res = state.solve(rows);
  return JSON.stringify([res.t, Array.from(res.x), res.y && Array.from(res.y), res.failed ?? false]);
}

const instance = fc.integer({ min: 2, max: 6 }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    splits: fc.array(
      fc.record({
        a: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: d, maxLength: d }),
        b: fc.integer({ min: -8, max: 8 }),
        keepOther: fc.boolean(),
      }),
      { minLength: 1, maxLength: 40 },
    ),
  }),
);

describe('warm-started simplex (count path)', () => {
  it('certified proposals give the exact verdicts; clones never disturb their origin', () => {
    let empties = 0;
    fc.assert(
      fc.property(instance, ({ d, splits }) => {
        const box: OuterBox = { lo: new Array(d).fill(-1n), hi: new Array(d).fill(1n), q: 1n };
        const stats = newStats();
        const decider = new InteriorDecider(d, denseFloatSimplex, stats);
        let rows = boxRows(d);
        let base = WarmInterior.start(d);
        let proposals = 0;
        for (const s of splits) {
          if (s.a.every((v) => v === 0)) continue;
          // the side row a·x < b/4 of a neuron, as a cell's new row
          const other: Row = { a: s.a.map(BigInt), b: BigInt(s.b) };
          const ext = [...rows, other];
          base.optimise(rows);
          const before = snapshot(base, rows);
          const clone = base.clone();
          const sibling = base.clone();
          const decision = decider.decideFromProposal(ext, clone.solve(ext), box);
          proposals++;
          // copy on write: the origin and a sibling clone answer as before
          expect(snapshot(base, rows)).toBe(before);
          expect(snapshot(sibling, rows)).toBe(before);
          const exact = exactInterior({ d, a: ext.map((r) => r.a), b: ext.map((r) => r.b) });
          expect(decision.kind).toBe(exact.kind);
          if (decision.kind === 'interior') {
            expect(isStrictlyInside(ext, decision.point)).toBe(true);
            if (s.keepOther) {
              rows = ext;
              base = clone;
            }
          } else empties++;
        }
        expect(stats.exactSimplex).toBe(0);
        // each warm proposal certified as it was (decideFromProposal counts one LP; a cold fallback another)
        expect(stats.lpSolves).toBe(proposals);
      }),
      { numRuns: runs(150) },
    );
    expect(empties).toBeGreaterThan(0);
  });
});
