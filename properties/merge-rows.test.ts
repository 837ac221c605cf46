/**
 * Linear-region merging from all of a region's rows with the neighbour labels (what `count`
 * does: it computes no facets) gives the same linear regions as merging the records' facets
 * pair by pair (what shard merging does), on degenerate networks (duplicated, negated, rescaled and coinciding neurons, whose
 * hyperplanes repeat) and on generic ones, with both engines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enumerateRegions, runEnumeration, type RunSummary } from '../src/enumerate/run.js';
import type { Network } from '../src/network/network.js';
import { RecordMerger } from '../src/enumerate/merge-records.js';
import { InteriorDecider, newStats } from '../src/lp/interior.js';
import { denseFloatSimplex } from '../src/lp/dense-float-simplex.js';
import type { Domain } from '../src/domain/domain.js';
import { degenerateBoxArb, degenerateNetworkArb } from '../src/testing/degenerate.js';
import { networkArb, widthsArb } from '../src/testing/arbitraries.js';

/**
 * Linear regions counted without records (merging from all rows, with the pattern labels, as
 * count does) or, as the reference, from the records' facets by the record merger (no labels:
 * every same-map pair on a hyperplane is decided, as shard merging does).
 */
async function linear(net: Network, domain: Domain, engine: 'vertex' | 'lp', records: boolean): Promise<number | null> {
  if (records) {
    const merger = new RecordMerger(net.inputSize, new InteriorDecider(net.inputSize, denseFloatSimplex, newStats()));
    await runEnumeration(net, { engine, domain }, (r) => void merger.add(r));
    return merger.linearRegions();
  }
  const report: { summary?: RunSummary } = {};
  for await (const _ of enumerateRegions(net, { merge: true, engine, domain, records: false }, report)) void _;
  return report.summary!.linearRegions;
}

describe('merging from all rows equals merging from facets', () => {
  it('degenerate networks, both engines', async () => {
    await fc.assert(
      fc.asyncProperty(
        degenerateNetworkArb({ lastLayer: 'linear' }).chain((net) => fc.tuple(fc.constant(net), degenerateBoxArb(net.inputSize))),
        async ([net, box]) => {
          for (const engine of net.inputSize <= 4 ? (['vertex', 'lp'] as const) : (['lp'] as const)) {
            expect(await linear(net, box, engine, false)).toBe(await linear(net, box, engine, true));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('generic networks with a linear read-out (many regions share a map), LP engine', async () => {
    const square: Domain = { kind: 'box', lo: [{ n: -1n, d: 1n }, { n: -1n, d: 1n }, { n: -1n, d: 1n }], hi: [{ n: 1n, d: 1n }, { n: 1n, d: 1n }, { n: 1n, d: 1n }] };
    await fc.assert(
      fc.asyncProperty(networkArb({ inputSize: 3, widths: widthsArb({ minDepth: 2, maxDepth: 3, maxWidth: 5 }).map((w) => [...w, 1]), lastLayer: 'linear' }), async (net) => {
        expect(await linear(net, square, 'lp', false)).toBe(await linear(net, square, 'lp', true));
      }),
      { numRuns: 30 },
    );
  });
});
