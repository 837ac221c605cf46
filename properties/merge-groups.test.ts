/**
 * The linear-region merger (regions grouped by their exact map, a group's hyperplane index built
 * when its second region comes, maps compared by a hash and then exactly) gives the linear
 * regions of a brute-force reference: every pair of regions with equal printed maps, every pair
 * of their facets on one hyperplane with opposite orientations, decided by
 * relativeInteriorNonempty, joined by a union–find; labels in order of first appearance.
 * On degenerate networks (repeated hyperplanes, many shared maps) and generic ones with a linear
 * read-out, both engines, with records (`enumerate --merge`) and without (`count`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enumerateRegions, runEnumeration, type RunSummary } from '../src/enumerate/run.js';
import { hyperplaneKey, LinearRegionMerger, relativeInteriorNonempty } from '../src/enumerate/merge.js';
import { createEnumeration } from '../src/enumerate/enumerate.js';
import { affineSign } from '../src/kernel/intvec.js';
import type { RegionRecord } from '../src/enumerate/region.js';
import type { Network } from '../src/network/network.js';
import { InteriorDecider, newStats, type Row } from '../src/lp/interior.js';
import { denseFloatSimplex } from '../src/lp/dense-float-simplex.js';
import type { Domain } from '../src/domain/domain.js';
import { degenerateBoxArb, degenerateNetworkArb } from '../src/testing/degenerate.js';
import { networkArb, widthsArb } from '../src/testing/arbitraries.js';

function referenceLabels(records: RegionRecord[], d: number): number[] {
  const decider = new InteriorDecider(d, denseFloatSimplex, newStats());
  const rows: Row[][] = records.map((r) => r.constraints.map((c) => ({ a: c.a.map(BigInt), b: BigInt(c.b) })));
  const keys = rows.map((rs) => rs.map(hyperplaneKey));
  const maps = records.map((r) => JSON.stringify(r.map));
  const parent = records.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < records.length; i++) {
    for (let j = 0; j < i; j++) {
      if (maps[i] !== maps[j] || find(i) === find(j)) continue;
      let shared = false;
      for (let f = 0; f < rows[i].length && !shared; f++) {
        for (let g = 0; g < rows[j].length && !shared; g++) {
          if (keys[i][f].key !== keys[j][g].key || keys[i][f].orientation === keys[j][g].orientation) continue;
          const on = keys[i][f].key;
          const others = [...rows[i].filter((_, k) => keys[i][k].key !== on), ...rows[j].filter((_, k) => keys[j][k].key !== on)];
          shared = relativeInteriorNonempty(rows[i][f], others, d, decider);
        }
      }
      if (shared) parent[find(i)] = find(j);
    }
  }
  const label = new Map<number, number>();
  return records.map((_, i) => {
    const root = find(i);
    if (!label.has(root)) label.set(root, label.size);
    return label.get(root)!;
  });
}

async function check(net: Network, domain: Domain, engine: 'vertex' | 'lp'): Promise<void> {
  const records: RegionRecord[] = [];
  const summary = await runEnumeration(net, { engine, domain, merge: true }, (r) => void records.push(r));
  const labels = referenceLabels(records, net.inputSize);
  expect(records.map((r) => r.linearRegion)).toEqual(labels);
  expect(summary.linearRegions).toBe(new Set(labels).size);
  const report: { summary?: RunSummary } = {};
  for await (const _ of enumerateRegions(net, { merge: true, engine, domain, records: false }, report)) void _;
  expect(report.summary!.linearRegions).toBe(new Set(labels).size);
}

describe('the grouped merger equals a brute-force pairwise merge', () => {
  it('degenerate networks with a linear read-out, both engines', async () => {
    await fc.assert(
      fc.asyncProperty(
        degenerateNetworkArb({ lastLayer: 'linear' }).chain((net) => fc.tuple(fc.constant(net), degenerateBoxArb(net.inputSize))),
        async ([net, box]) => {
          for (const engine of net.inputSize <= 4 ? (['vertex', 'lp'] as const) : (['lp'] as const)) await check(net, box, engine);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('generic networks with a one-output linear read-out (many regions share a map)', async () => {
    const cube: Domain = { kind: 'box', lo: [{ n: -1n, d: 1n }, { n: -1n, d: 1n }, { n: -1n, d: 1n }], hi: [{ n: 1n, d: 1n }, { n: 1n, d: 1n }, { n: 1n, d: 1n }] };
    await fc.assert(
      fc.asyncProperty(networkArb({ inputSize: 3, widths: widthsArb({ minDepth: 2, maxDepth: 3, maxWidth: 5 }).map((w) => [...w, 1]), lastLayer: 'linear' }), async (net) => {
        await check(net, cube, 'vertex');
        await check(net, cube, 'lp');
      }),
      { numRuns: 20 },
    );
  });

  it('rows rebuilt from a pattern (rowsOf) define the region, and a merger that rebuilds every group\'s first region gives the same labels', async () => {
    await fc.assert(
      fc.asyncProperty(
        degenerateNetworkArb({ lastLayer: 'linear' }).chain((net) => fc.tuple(fc.constant(net), degenerateBoxArb(net.inputSize))),
        async ([net, box]) => {
          for (const engine of net.inputSize <= 4 ? (['vertex', 'lp'] as const) : (['lp'] as const)) {
            for (const anyWitness of [false, true]) {
              const en = createEnumeration(net, { engine, domain: box, anyWitness });
              const rebuilt = new LinearRegionMerger(en.d, en.decider, { mapOf: en.mapOf, rowsOf: en.rowsOf }, 1);
              const kept = new LinearRegionMerger(en.d, en.decider);
              for (const region of en.regions()) {
                const all = en.rowsOf(region.pattern);
                // every rebuilt row holds strictly at the witness, and every row of the region is among them
                for (const r of all) expect(affineSign(r.a, -r.b, region.witness)).toBe(-1);
                const keys = new Set(all.map((r) => JSON.stringify(hyperplaneKey(r))));
                for (const r of region.rows) expect(keys.has(JSON.stringify(hyperplaneKey(r)))).toBe(true);
                const facets = region.facets?.().map((i) => region.rows[i]);
                const { rows } = region;
                rebuilt.addMap(rows, region.map, region.pattern, facets && (() => facets));
                kept.addMap(facets ?? rows, region.map);
              }
              expect(rebuilt.components()).toEqual(kept.components());
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
