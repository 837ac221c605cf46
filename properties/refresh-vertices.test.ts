/**
 * Re-anchored lazy vertices (cut-vertices.ts, refresh): when a cut's interpolated radius
 * overflows, a lazy end is re-solved in place by a float solve of its own system (as the current
 * cell's row doubles give it). Every re-anchored vertex must lie within its new radius of its
 * exact value (checked in exact rationals), every lazy vertex made from re-anchored ends too, and
 * the split tree must stay the exact path's. The limits are lowered here so that re-anchoring
 * happens on small nets (any positive limits are sound: they only choose the route).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutVertices, cutLimits } from '../src/enumerate/cut-vertices.js';
import type { Vertex } from '../src/enumerate/vertex-cells.js';
import { boxDomainArb, networkArb, widthsArb } from '../src/testing/arbitraries.js';
import { expectWithinRadius as within, vertexTree as walk } from './vertex-checks.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

let refreshed = 0;
let lazyMade = 0;
type Fn = (...args: unknown[]) => unknown;
const proto = CutVertices.prototype as unknown as { refresh: Fn; lazyCut: Fn };
const refresh = proto.refresh;
const lazyCut = proto.lazyCut;
const saved = { ...cutLimits };
beforeAll(() => {
  proto.refresh = function (this: CutVertices, ...args: unknown[]) {
    const out = refresh.apply(this, args) as number;
    if (out) {
      refreshed++;
      within(args[0] as Vertex);
    }
    return out;
  };
  proto.lazyCut = function (this: CutVertices, ...args: unknown[]) {
    const v = lazyCut.apply(this, args) as Vertex | null;
    if (v && v.r > 0) {
      lazyMade++;
      within(v);
    }
    return v;
  };
  cutLimits.lazy = 2 ** -46;
  cutLimits.refresh = 2 ** -49;
});
afterAll(() => {
  proto.refresh = refresh;
  proto.lazyCut = lazyCut;
  Object.assign(cutLimits, saved);
});

describe('re-anchored lazy vertices', () => {
  it('stay within their radius, and the tree is the exact path’s (float32 nets, d = 2..5)', async () => {
    const instance = fc.integer({ min: 2, max: 5 }).chain((d) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: widthsArb({ minDepth: 2, maxDepth: 4, minWidth: 3, maxWidth: 7 }), weights: 'float32' }),
        domain: boxDomainArb(d),
      }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async ({ net, domain }) => {
        expect(walk(net, domain, true)).toEqual(walk(net, domain, false));
      }),
      { numRuns: runs(30) },
    );
  });

  it('re-anchored some (the checks above ran)', () => {
    expect(lazyMade).toBeGreaterThan(100);
    expect(refreshed).toBeGreaterThan(10);
  });
});
