/**
 * The vertex engine (decisions at exact vertices) and the LP engine (certified LPs) are two
 * independent routes to the same answer: on random nets and boxes — including degenerate
 * ones with small integer and rational weights, where vertices land exactly on hyperplanes —
 * they must give the same regions (patterns), facet sets and linear-region counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEnumeration } from '../src/enumerate/run.js';
import type { RegionRecord } from '../src/enumerate/region.js';
import { boxDomainArb, networkArb, widthsArb } from '../src/testing/arbitraries.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

async function regions(net: Parameters<typeof runEnumeration>[0], options: Parameters<typeof runEnumeration>[1]) {
  const recs: RegionRecord[] = [];
  const summary = await runEnumeration(net, { ...options, merge: true }, (r) => void recs.push(r));
  const byPattern = new Map(recs.map((r) => [r.pattern, r.constraints.map((c) => `${c.a.join(',')}<=${c.b}`).sort().join(';')]));
  return { summary, byPattern };
}

describe('vertex and LP engines agree', () => {
  it.each(['small-int', 'rational', 'float32'] as const)('on random nets with %s weights', async (weights) => {
    const instance = fc.integer({ min: 1, max: 3 }).chain((d) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: widthsArb({ minDepth: 1, maxDepth: 3, minWidth: 1, maxWidth: 5 }), weights }),
        domain: boxDomainArb(d),
      }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async ({ net, domain }) => {
        const v = await regions(net, { domain, engine: 'vertex' });
        const l = await regions(net, { domain, engine: 'lp' });
        expect(v.summary.activationRegions).toBe(l.summary.activationRegions);
        expect(v.summary.linearRegions).toBe(l.summary.linearRegions);
        expect(v.byPattern).toEqual(l.byPattern); // same patterns, same facets
      }),
      { numRuns: runs(40) },
    );
  });
});
