/**
 * invariant's level entries decided at a bounded region's exact vertices (no LP) equal those
 * decided by exact LP (src/invariant/level.ts): over boxes with their corners as vertices, random
 * integer affine B and violation v.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelEntry, type IntFn } from '../src/invariant/level.js';
import { toString } from '../src/kernel/rational.js';
import type { Row } from '../src/lp/interior.js';

const int = fc.integer({ min: -5, max: 5 }).map(BigInt);
const fn: fc.Arbitrary<IntFn> = fc.record({ g: fc.tuple(int, int), e: int, D: fc.integer({ min: 1, max: 3 }).map(BigInt) });
/** [lo0, hi0] × [lo1, hi1] with lo < hi. */
const box = fc.tuple(fc.integer({ min: -4, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: -4, max: 3 }), fc.integer({ min: 1, max: 4 })).map(([a, w, b, h]) => [BigInt(a), BigInt(a + w), BigInt(b), BigInt(b + h)]);

describe('level entries: vertices and LP agree', () => {
  it('good / bad with the same minimum', () => {
    fc.assert(
      fc.property(box, fn, fn, ([lo0, hi0, lo1, hi1], B, v) => {
        const rows: Row[] = [
          { a: [1n, 0n], b: hi0 },
          { a: [-1n, 0n], b: -lo0 },
          { a: [0n, 1n], b: hi1 },
          { a: [0n, -1n], b: -lo1 },
        ];
        const corners = [lo0, hi0].flatMap((x) => [lo1, hi1].map((y) => ({ p: [x, y], q: 1n })));
        const byLp = levelEntry(rows, B, v);
        const byVertices = levelEntry(rows, B, v, corners);
        expect(byVertices.kind).toBe(byLp.kind);
        if (byLp.kind === 'bad' && byVertices.kind === 'bad') expect(toString(byVertices.min)).toBe(toString(byLp.min));
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});
