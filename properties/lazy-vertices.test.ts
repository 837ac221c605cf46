/**
 * The vertex engine's counting path keeps cut vertices lazy (cut-vertices.ts: doubles from the
 * edge's ends with a proven radius r, solved exactly only when a sign or a tight row is too
 * close). Every lazy vertex must lie within r of its exact value in every coordinate (checked
 * here in exact rationals for every lazy vertex made), and the split tree must be the exact
 * path's (records): the same patterns in the same order with the same rows, maps and facets,
 * every witness exactly inside its region. Generic (float32, deep: radii grow and re-anchor),
 * rational and small-integer weights, and degenerate networks (exact signs, many tight rows).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CutVertices } from '../src/enumerate/cut-vertices.js';
import type { Vertex } from '../src/enumerate/vertex-cells.js';
import { bitCount } from '../src/kernel/bitset.js';
import { expectWithinRadius, vertexTree as walk } from './vertex-checks.js';
import { boxDomainArb, networkArb, widthsArb } from '../src/testing/arbitraries.js';
import { degenerateBoxArb, degenerateNetworkArb } from '../src/testing/degenerate.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

/** Checks every lazy vertex the geometry makes against its exact solution (|x_k − f_k| <= r). */
let lazyMade = 0;
type CutFn = (...args: unknown[]) => Vertex | null;
const proto = CutVertices.prototype as unknown as { lazyCut: CutFn; floatCut: CutFn };
const lazyCut = proto.lazyCut;
const floatCut = proto.floatCut;
proto.lazyCut = function (this: CutVertices, ...args: unknown[]) {
  return checked(lazyCut.apply(this, args));
};
// the float solve with a verified radius (kernel/float-solve.ts), when the ends give no interpolation
let floatMade = 0;
proto.floatCut = function (this: CutVertices, ...args: unknown[]) {
  const v = floatCut.apply(this, args);
  if (v && v.r > 0) floatMade++;
  return checked(v);
};
function checked(v: Vertex | null): Vertex | null {
  // its count of tight rows (split's simple-vertex test reads it) is its tight set's
  if (v) expect(v.nt).toBe(bitCount(v.tight));
  if (v && v.r > 0) {
    lazyMade++;
    expectWithinRadius(v);
  }
  return v;
}

describe('lazy cut vertices (count) and exact ones (records) build the same tree', () => {
  it.each(['small-int', 'rational', 'float32'] as const)('on random nets with %s weights, d = 1..4', async (weights) => {
    const instance = fc.integer({ min: 1, max: 4 }).chain((d) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: widthsArb({ minDepth: 1, maxDepth: 4, minWidth: 1, maxWidth: weights === 'float32' ? 8 : 5 }), weights }),
        domain: boxDomainArb(d),
      }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async ({ net, domain }) => {
        expect(walk(net, domain, true)).toEqual(walk(net, domain, false));
      }),
      { numRuns: runs(40) },
    );
  });

  it('on degenerate networks', async () => {
    await fc.assert(
      fc.asyncProperty(
        degenerateNetworkArb().filter((net) => net.inputSize <= 4).chain((net) => fc.tuple(fc.constant(net), degenerateBoxArb(net.inputSize))),
        async ([net, box]) => {
          expect(walk(net, box, true)).toEqual(walk(net, box, false));
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('on random float32 nets in d = 5, 6 (the vertex engine counts there too)', async () => {
    const instance = fc.integer({ min: 5, max: 6 }).chain((d) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: widthsArb({ minDepth: 1, maxDepth: 3, minWidth: 1, maxWidth: 5 }), weights: 'float32' }),
        domain: boxDomainArb(d),
      }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async ({ net, domain }) => {
        expect(walk(net, domain, true)).toEqual(walk(net, domain, false));
      }),
      { numRuns: runs(10) },
    );
  });

  it('made lazy vertices (the checks above ran)', () => {
    expect(lazyMade).toBeGreaterThan(100);
    expect(floatMade).toBeGreaterThan(0);
  });
});
