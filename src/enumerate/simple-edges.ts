/**
 * The edges a split cuts, between simple vertices, found by hashing instead of testing every
 * (positive, negative) pair. A simple vertex has exactly d tight rows (independent: they fix it).
 * Two simple vertices span an edge iff they share d − 1 rows (vertex-cells.ts), that is, iff
 * dropping one row from each leaves the same (d − 1)-set. So each negative vertex is entered
 * under its d sets "tight rows minus one", and each positive vertex looks up its d sets: a hit
 * whose set is equal (checked word by word, not only by hash) is an edge, and each edge is found
 * exactly once (through the one row of u not tight at w). This is |P|·|N| pair tests replaced by
 * d·(|P| + |N|) hash operations; the pairs come out in the order of the pair loop (positive
 * index, then negative index, both ascending), so the cut vertices are made in the same order.
 */
import type { Vertex } from './vertex-cells.js';

export class SimpleEdges {
  /** The edges found by the last `find`: pairs[2m] (positive), pairs[2m + 1] (negative). */
  pairs = new Int32Array(256);
  private slotJ = new Int32Array(1024); // vertex index + 1; 0: empty
  private slotB = new Int32Array(1024); // the dropped row
  private slotH = new Int32Array(1024); // the key's hash
  private hits = new Int32Array(64);

  /**
   * Fills `pairs` with every edge (i, j), signs[i] > 0 > signs[j], both simple; returns the
   * number of pairs. The caller makes sure every vertex with a nonzero sign is simple.
   */
  find(verts: readonly Vertex[], signs: Int8Array, n: number, nNeg: number, d: number, words: number): number {
    let cap = 1024;
    while (cap < 2 * nNeg * d) cap *= 2;
    if (this.slotJ.length < cap) {
      this.slotJ = new Int32Array(cap);
      this.slotB = new Int32Array(cap);
      this.slotH = new Int32Array(cap);
    } else this.slotJ.fill(0, 0, cap);
    const mask = cap - 1;
    const { slotJ, slotB, slotH } = this;
    for (let j = 0; j < n; j++) {
      if (signs[j] >= 0) continue;
      const t = verts[j].tight;
      for (let w = 0; w < words; w++) {
        let bits = t[w];
        while (bits !== 0) {
          const b = w * 32 + (31 - Math.clz32(bits & -bits));
          bits &= bits - 1;
          const h = keyHash(t, b, words);
          let s = h & mask;
          while (slotJ[s] !== 0) s = (s + 1) & mask;
          slotJ[s] = j + 1;
          slotB[s] = b;
          slotH[s] = h;
        }
      }
    }
    let m = 0;
    if (this.hits.length < d) this.hits = new Int32Array(2 * d);
    for (let i = 0; i < n; i++) {
      if (signs[i] <= 0) continue;
      const t = verts[i].tight;
      let nh = 0;
      for (let w = 0; w < words; w++) {
        let bits = t[w];
        while (bits !== 0) {
          const b = w * 32 + (31 - Math.clz32(bits & -bits));
          bits &= bits - 1;
          const h = keyHash(t, b, words);
          for (let s = h & mask; slotJ[s] !== 0; s = (s + 1) & mask) {
            if (slotH[s] !== h) continue;
            const j = slotJ[s] - 1;
            if (sameKey(t, b, verts[j].tight, slotB[s], words)) this.hits[nh++] = j;
          }
        }
      }
      // ascending negative index, as the pair loop visits them (nh <= d: insertion sort)
      const hits = this.hits;
      for (let a = 1; a < nh; a++) {
        const x = hits[a];
        let c = a - 1;
        while (c >= 0 && hits[c] > x) (hits[c + 1] = hits[c]), c--;
        hits[c + 1] = x;
      }
      if (this.pairs.length < 2 * (m + nh)) {
        const grown = new Int32Array(Math.max(2 * (m + nh), 2 * this.pairs.length));
        grown.set(this.pairs.subarray(0, 2 * m));
        this.pairs = grown;
      }
      for (let a = 0; a < nh; a++) {
        this.pairs[2 * m] = i;
        this.pairs[2 * m + 1] = hits[a];
        m++;
      }
    }
    return m;
  }
}

/** A hash of the set t without row b. */
function keyHash(t: Uint32Array, b: number, words: number): number {
  const wb = b >> 5;
  const bit = 1 << (b & 31);
  let h = 0x811c9dc5;
  for (let w = 0; w < words; w++) {
    const x = w === wb ? t[w] & ~bit : t[w];
    h = Math.imul(h ^ x, 0x01000193);
    h ^= h >>> 15;
  }
  return h;
}

/** t without row b equals s without row c. */
function sameKey(t: Uint32Array, b: number, s: Uint32Array, c: number, words: number): boolean {
  for (let w = 0; w < words; w++) {
    const x = w === b >> 5 ? t[w] & ~(1 << (b & 31)) : t[w];
    const y = w === c >> 5 ? s[w] & ~(1 << (c & 31)) : s[w];
    if ((x | 0) !== (y | 0)) return false;
  }
  return true;
}
