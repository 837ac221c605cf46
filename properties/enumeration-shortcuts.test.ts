/**
 * Shortcuts of the counting path that must leave every decision and counter as it was:
 *
 * - a cell's bounding box (cell-box.ts) decides a one-sided split only when every vertex's own
 *   filter would have: the same side, the same vertexSignsFiltered/Exact increments, and no lazy
 *   vertex solved (checked by running the per-vertex path after each box decision);
 * - a cut vertex's tight rows are the edge's common rows and the split row, nothing else (the
 *   convexity argument in vertex-cells.ts `cut`): checked exactly for every vertex of every cell
 *   made, lazy ones solved here, on random and degenerate networks;
 * - patternMap (the merge's recomputed map) equals each region's map entry for entry;
 * - emptyThroughBox's float filter gives the BigInt verdict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Domain } from '../src/domain/domain.js';
import type { CellBox } from '../src/enumerate/cell-box.js';
import { createEnumeration } from '../src/enumerate/enumerate.js';
import { VertexGeometry, type Vertex, type VertexSplit } from '../src/enumerate/vertex-cells.js';
import { solveExact } from '../src/kernel/solve.js';
import { cutSystem } from '../src/enumerate/cut-vertices.js';

const solveSys = (v: Vertex) => {
  const { A, b } = cutSystem(v);
  return solveExact(A, b);
};
import { emptyThroughBox } from '../src/lp/box-emptiness.js';
import { ensureFloatRow, type Row } from '../src/lp/interior.js';
import type { Network } from '../src/network/network.js';
import { boxDomainArb, networkArb, widthsArb } from '../src/testing/arbitraries.js';
import { degenerateBoxArb, degenerateNetworkArb } from '../src/testing/degenerate.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

let boxDecided = 0;
let cutsChecked = 0;
type SplitFn = (verts: Vertex[], rows: Row[], g: bigint[], e: bigint, newRow: number, gef?: Float64Array, box?: CellBox | null, rowsF?: readonly Float64Array[]) => VertexSplit;
const proto = VertexGeometry.prototype as unknown as { split: SplitFn };
const split = proto.split;
proto.split = function (this: VertexGeometry, verts, rows, g, e, newRow, gef, box, rowsF) {
  const c = this.counter;
  const before = [c.vertexSignsFiltered, c.vertexSignsExact];
  const out = split.call(this, verts, rows, g, e, newRow, gef, box, rowsF);
  const byBox = [c.vertexSignsFiltered - before[0], c.vertexSignsExact - before[1]];
  if (box && out.kind !== 'both') {
    // the per-vertex path on the same cell: same side, same counts, no lazy vertex solved
    const radii = verts.map((v) => v.r);
    const mid = [c.vertexSignsFiltered, c.vertexSignsExact];
    const again = split.call(this, verts, rows, g, e, newRow, gef, null, rowsF);
    if (again.kind === out.kind) boxDecided++;
    expect(again.kind).toBe(out.kind);
    expect([c.vertexSignsFiltered - mid[0], c.vertexSignsExact - mid[1]]).toEqual(byBox);
    expect(verts.map((v) => v.r)).toEqual(radii);
    c.vertexSignsFiltered = mid[0];
    c.vertexSignsExact = mid[1];
  }
  if (out.kind === 'both') {
    // every vertex's tight set is exactly the rows (and the split row) it lies on
    const all = [...rows, { a: g, b: -e }];
    for (const v of new Set([...out.active, ...out.inactive])) {
      const pt = v.r > 0 ? solveSys(v)! : { p: v.p, q: v.q };
      for (let k = 0; k < all.length; k++) {
        let s = -all[k].b * pt.q;
        for (let i = 0; i < pt.p.length; i++) s += all[k].a[i] * pt.p[i];
        expect(s === 0n).toBe(((v.tight[k >> 5] >>> (k & 31)) & 1) === 1);
      }
      cutsChecked++;
    }
  }
  return out;
};

function walk(net: Network, domain: Domain, anyWitness: boolean): number {
  const en = createEnumeration(net, { domain, engine: 'vertex', anyWitness });
  let n = 0;
  for (const r of en.regions()) {
    const m = en.mapOf(r.pattern);
    expect(m.den).toBe(r.map.den);
    expect(m.M).toEqual(r.map.M);
    expect(m.c).toEqual(r.map.c);
    n++;
  }
  return n;
}

describe('counting shortcuts keep every decision', () => {
  it.each(['small-int', 'float32'] as const)('on random nets with %s weights, d = 1..4 (box splits, tight sets, pattern maps)', async (weights) => {
    const instance = fc.integer({ min: 1, max: 4 }).chain((d) =>
      fc.record({
        net: networkArb({ inputSize: d, widths: widthsArb({ minDepth: 1, maxDepth: 3, minWidth: 1, maxWidth: weights === 'float32' ? 8 : 5 }), weights }),
        domain: boxDomainArb(d),
        anyWitness: fc.boolean(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(instance, async ({ net, domain, anyWitness }) => {
        expect(walk(net, domain, anyWitness)).toBeGreaterThan(0);
      }),
      { numRuns: runs(30) },
    );
  });

  it('on degenerate networks', async () => {
    await fc.assert(
      fc.asyncProperty(
        degenerateNetworkArb().filter((net) => net.inputSize <= 4).chain((net) => fc.tuple(fc.constant(net), degenerateBoxArb(net.inputSize), fc.boolean())),
        async ([net, box, anyWitness]) => {
          expect(walk(net, box, anyWitness)).toBeGreaterThan(0);
        },
      ),
      { numRuns: runs(40) },
    );
  });

  it('ran the checks (box decisions and cut vertices)', () => {
    expect(boxDecided).toBeGreaterThan(100);
    expect(cutsChecked).toBeGreaterThan(100);
  });
});

describe('emptyThroughBox: the float filter gives the BigInt verdict', () => {
  const big = fc.bigInt({ min: -(1n << 80n), max: 1n << 80n });
  const small = fc.bigInt({ min: -4n, max: 4n });
  it('on random rows and multipliers, and on cancelling ones (U = 0 exactly)', () => {
    const instance = fc.integer({ min: 1, max: 5 }).chain((d) =>
      fc.record({
        rows: fc.array(fc.record({ a: fc.array(fc.oneof(big, small), { minLength: d, maxLength: d }), b: fc.oneof(big, small) }), { minLength: 1, maxLength: 7 }),
        y: fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 7, maxLength: 7 }),
        lo: fc.array(fc.integer({ min: -3, max: 0 }), { minLength: d, maxLength: d }),
        width: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: d, maxLength: d }),
        mirror: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(instance, ({ rows, y, lo, width, mirror }) => {
        let rs: Row[] = rows.filter((r) => r.a.some((v) => v !== 0n));
        if (rs.length === 0) return;
        // mirrored rows with equal multipliers: r = 0 and V = 0, so U = 0 (the filter must defer)
        if (mirror) rs = [...rs, ...rs.map((r) => ({ a: r.a.map((v) => -v), b: -r.b }))];
        for (const r of rs) ensureFloatRow(r);
        const yf = Float64Array.from(rs, (r, i) => (mirror ? r.fs! : 1) * y[i % y.length]);
        const box = { lo: lo.map(BigInt), hi: lo.map((l, k) => BigInt(l + width[k])), q: 1n };
        expect(emptyThroughBox(rs, yf, box)).toBe(emptyThroughBox(rs, yf, box, false));
      }),
      { numRuns: runs(2000) },
    );
  });
});
