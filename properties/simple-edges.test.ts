/**
 * simple-edges.ts: the hashed edge search (Zobrist keys "tight rows minus one") and the single-bit
 * pair test each find exactly the
 * pairs of the plain pair loop — every (positive, negative) pair of simple vertices sharing d − 1
 * tight rows — in the same order (positive index, then negative index, ascending). Tight sets are
 * random d-subsets of d + 6 consecutive rows placed anywhere in 1 to 3 words, so that many share
 * rows and edges occur.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimpleEdges } from '../src/enumerate/simple-edges.js';
import type { Vertex } from '../src/enumerate/vertex-cells.js';
import { popcount } from '../src/kernel/bitset.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));

const instance = fc
  .record({ d: fc.integer({ min: 1, max: 6 }), words: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 2, max: 90 }) })
  .chain(({ d, words, n }) => fc.record({ d: fc.constant(d), words: fc.constant(words), n: fc.constant(n), base: fc.integer({ min: 0, max: 32 * words - d - 6 }) }))
  .chain(({ d, words, n, base }) => {
    // few rows (d + 6 from `base` on, across word boundaries when words > 1): many shared
    const rows = fc.integer({ min: base, max: base + d + 5 });
    const set = fc.uniqueArray(rows, { minLength: d, maxLength: d });
    return fc.record({
      d: fc.constant(d),
      words: fc.constant(words),
      sets: fc.array(set, { minLength: n, maxLength: n }),
      signs: fc.array(fc.constantFrom(-1, 1), { minLength: n, maxLength: n }),
    });
  });

describe('simple edges by hashing and by every pair', () => {
  it('give the pair loop’s pairs in its order', () => {
    const edges = new SimpleEdges();
    let found = 0;
    fc.assert(
      fc.property(instance, ({ d, words, sets: drawn, signs }) => {
        // distinct sets (distinct simple vertices have distinct tight sets)
        const seen = new Set<string>();
        const sets = drawn.filter((r) => {
          const key = [...r].sort((a, b) => a - b).join(',');
          return !seen.has(key) && (seen.add(key), true);
        });
        const n = sets.length;
        const verts = sets.map((rows) => {
          const tight = new Uint32Array(words);
          for (const r of rows) tight[r >> 5] |= 1 << (r & 31);
          return { tight } as unknown as Vertex;
        });
        const s = Int8Array.from(signs.slice(0, n));
        const want: number[] = [];
        for (let i = 0; i < n; i++) {
          if (s[i] <= 0) continue;
          for (let j = 0; j < n; j++) {
            if (s[j] >= 0) continue;
            let c = 0;
            for (let k = 0; k < words; k++) c += popcount(verts[i].tight[k] & verts[j].tight[k]);
            if (c === d - 1) want.push(i, j);
          }
        }
        const nNeg = s.filter((x) => x < 0).length;
        const m = edges.find(verts, s, n, nNeg, d, words);
        expect([...edges.pairs.subarray(0, 2 * m)]).toEqual(want);
        const negs = Int32Array.from([...s.keys()].filter((j) => s[j] < 0));
        const m2 = edges.byPairs(verts, s, n, negs, nNeg, words);
        expect([...edges.pairs.subarray(0, 2 * m2)]).toEqual(want);
        found += m;
      }),
      { numRuns: runs(300) },
    );
    expect(found).toBeGreaterThan(100);
  });
});
