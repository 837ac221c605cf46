/**
 * The LP engine's counting path (no records, no certificate) takes its LP proposals from a
 * simplex warm-started at the parent cell's basis (lp/warm-simplex.ts) and proves empty sides
 * through the domain box (lp/interior.ts emptyThroughBox). Every decision is still certified,
 * so the split tree must be the same as the record path's (cold LPs): the same patterns in the
 * same order with the same rows and maps, and every witness exactly inside its region.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Domain } from '../src/domain/domain.js';
import { createEnumeration } from '../src/enumerate/enumerate.js';
import { runEnumeration } from '../src/enumerate/run.js';
import { isStrictlyInside } from '../src/lp/interior.js';
import type { Network } from '../src/network/network.js';
import { boxDomainArb, networkArb, widthsArb } from '../src/testing/arbitraries.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

function walk(net: Network, domain: Domain, anyWitness: boolean) {
  const en = createEnumeration(net, { domain, engine: 'lp', anyWitness });
  const out: string[] = [];
  for (const r of en.regions()) {
    expect(isStrictlyInside(r.rows, r.witness)).toBe(true);
    const rows = r.rows.map((row) => `${row.a.join(',')}<${row.b}`).join(';');
    const map = `${r.map.M.map((m) => m.join(',')).join('|')}/${r.map.c.join(',')}/${r.map.den}`;
    out.push(`${r.pattern.join('.')} ${rows} ${map}`);
  }
  return { out, stats: en.stats };
}

describe('warm-started LP engine (count) and cold LP engine (records) build the same tree', () => {
  it.each(['small-int', 'rational', 'float32'] as const)('on random nets with %s weights, d = 1..6', async (weights) => {
    const instance = fc.integer({ min: 1, max: 6 }).chain((d) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: widthsArb({ minDepth: 1, maxDepth: 3, minWidth: 1, maxWidth: d >= 5 ? 4 : 5 }), weights }),
        domain: boxDomainArb(d),
      }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async ({ net, domain }) => {
        const cold = walk(net, domain, false);
        const warm = walk(net, domain, true);
        expect(warm.out).toEqual(cold.out);
        expect(warm.stats.exactSimplex).toBe(0);
      }),
      { numRuns: runs(40) },
    );
  });

  it('on a whole-space domain (no outer box: empty sides by Motzkin certificates)', async () => {
    const instance = fc.integer({ min: 1, max: 4 }).chain((d) =>
      networkArb({ inputSize: d, widths: widthsArb({ minDepth: 1, maxDepth: 2, minWidth: 1, maxWidth: 4 }), weights: 'small-int' }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async (net) => {
        const domain: Domain = { kind: 'whole' };
        expect(walk(net, domain, true).out).toEqual(walk(net, domain, false).out);
      }),
      { numRuns: runs(20) },
    );
  });

  it('count (warm) and enumerate (cold) agree on counts and linear regions', async () => {
    const instance = fc.integer({ min: 5, max: 6 }).chain((d) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: widthsArb({ minDepth: 1, maxDepth: 2, minWidth: 2, maxWidth: 5 }), weights: 'float32' }),
        domain: boxDomainArb(d),
      }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async ({ net, domain }) => {
        const counted = await runEnumeration(net, { domain, merge: true });
        let n = 0;
        const listed = await runEnumeration(net, { domain, merge: true }, () => void n++);
        expect(counted.activationRegions).toBe(listed.activationRegions);
        expect(counted.activationRegions).toBe(n);
        expect(counted.linearRegions).toBe(listed.linearRegions);
      }),
      { numRuns: runs(15) },
    );
  });
});
