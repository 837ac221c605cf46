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
 * byPairs gives the same pairs in the same order by testing every pair (cheaper for all but
 * large splits: the caller picks by size).
 */
import { setBits } from '../kernel/bitset.js';
import type { Vertex } from './vertex-cells.js';

export class SimpleEdges {
  /** The edges found by the last `find`: pairs[2m] (positive), pairs[2m + 1] (negative). */
  pairs = new Int32Array(256);
  private slotJ = new Int32Array(1024); // vertex index + 1; 0: empty
  private slotB = new Int32Array(1024); // the dropped row
  private slotH = new Int32Array(1024); // the key's hash (Zobrist: setHash(t) ^ Z[b])
  private hits = new Int32Array(64);
  private rowsOf = new Int32Array(0); // a vertex's tight rows (setBits)

  /**
   * Fills `pairs` with every edge (i, j), signs[i] > 0 > signs[j], both simple; returns the
   * number of pairs. The caller makes sure every vertex with a nonzero sign is simple.
   */
  find(verts: readonly Vertex[], signs: Int8Array, n: number, nNeg: number, d: number, words: number): number {
    // keys hashed by Zobrist's scheme: a set's hash is the xor of its rows' random words, so
    // "t without b" is hash(t) ^ Z[b], one xor per key (the hash only picks slots; sameKey decides)
    const Z = zobrist(words * 32);
    let cap = 64;
    while (cap < 2 * nNeg * d) cap *= 2;
    if (this.slotJ.length < cap) {
      this.slotJ = new Int32Array(cap);
      this.slotB = new Int32Array(cap);
      this.slotH = new Int32Array(cap);
    } else this.slotJ.fill(0, 0, cap);
    const mask = cap - 1;
    const { slotJ, slotB, slotH } = this;
    if (this.rowsOf.length < 32 * words) this.rowsOf = new Int32Array(32 * words);
    const rowsOf = this.rowsOf;
    for (let j = 0; j < n; j++) {
      if (signs[j] >= 0) continue;
      const nb = setBits(verts[j].tight, words, rowsOf);
      const H = setHash(rowsOf, nb, Z);
      for (let q = 0; q < nb; q++) {
        const b = rowsOf[q];
        const h = H ^ Z[b];
        let s = h & mask;
        while (slotJ[s] !== 0) s = (s + 1) & mask;
        slotJ[s] = j + 1;
        slotB[s] = b;
        slotH[s] = h;
      }
    }
    let m = 0;
    if (this.hits.length < d) this.hits = new Int32Array(2 * d);
    for (let i = 0; i < n; i++) {
      if (signs[i] <= 0) continue;
      const t = verts[i].tight;
      const nb = setBits(t, words, rowsOf);
      const H = setHash(rowsOf, nb, Z);
      let nh = 0;
      for (let q = 0; q < nb; q++) {
        const b = rowsOf[q];
        const h = H ^ Z[b];
        for (let s = h & mask; slotJ[s] !== 0; s = (s + 1) & mask) {
          if (slotH[s] !== h) continue;
          const j = slotJ[s] - 1;
          if (sameKey(t, b, verts[j].tight, slotB[s], words)) this.hits[nh++] = j;
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
      const pairs = this.room(m, nh);
      for (let a = 0; a < nh; a++) {
        pairs[2 * m] = i;
        pairs[2 * m + 1] = hits[a];
        m++;
      }
    }
    return m;
  }

  /** Room for m + k pairs. */
  private room(m: number, k: number): Int32Array {
    if (this.pairs.length < 2 * (m + k)) {
      const grown = new Int32Array(Math.max(2 * (m + k), 2 * this.pairs.length));
      grown.set(this.pairs.subarray(0, 2 * m));
      this.pairs = grown;
    }
    return this.pairs;
  }

  private negT = new Int32Array(128);

  /**
   * The same pairs as `find`, by testing every (positive, negative) pair: two simple vertices
   * share exactly d − 1 rows (not d: distinct points) iff u & ~w is a single bit. negs: the
   * negative vertices' indices, ascending (their tight words are first copied into one flat array).
   */
  byPairs(verts: readonly Vertex[], signs: Int8Array, n: number, negs: Int32Array, neg: number, words: number): number {
    if (this.negT.length < neg * words) this.negT = new Int32Array(2 * neg * words);
    const negT = this.negT;
    for (let jj = 0; jj < neg; jj++) {
      const w = verts[negs[jj]].tight;
      for (let k = 0; k < words; k++) negT[jj * words + k] = w[k];
    }
    let m = 0;
    if (words === 2) {
      // the same test unrolled for two words: u & ~w is one bit iff one word of it is 0 and the
      // other a single bit (x & (x − 1) === 0 with x ≠ 0)
      for (let i = 0; i < n; i++) {
        if (signs[i] <= 0) continue;
        const u = verts[i].tight;
        const u0 = u[0] | 0;
        const u1 = u[1] | 0;
        for (let jj = 0, base = 0; jj < neg; jj++, base += 2) {
          const x0 = u0 & ~negT[base];
          const x1 = u1 & ~negT[base + 1];
          const x = x0 | x1;
          if ((x & (x - 1)) !== 0 || x === 0 || (x0 !== 0 && x1 !== 0)) continue; // most fail the first
          const pairs = this.room(m, 1);
          pairs[2 * m] = i;
          pairs[2 * m + 1] = negs[jj];
          m++;
        }
      }
      return m;
    }
    if (words === 1) {
      for (let i = 0; i < n; i++) {
        if (signs[i] <= 0) continue;
        const u0 = verts[i].tight[0] | 0;
        for (let jj = 0; jj < neg; jj++) {
          const x = u0 & ~negT[jj];
          if ((x & (x - 1)) !== 0 || x === 0) continue;
          const pairs = this.room(m, 1);
          pairs[2 * m] = i;
          pairs[2 * m + 1] = negs[jj];
          m++;
        }
      }
      return m;
    }
    for (let i = 0; i < n; i++) {
      if (signs[i] <= 0) continue;
      const u = verts[i].tight;
      for (let jj = 0, base = 0; jj < neg; jj++, base += words) {
        let one = false;
        let k = 0;
        for (; k < words; k++) {
          const x = u[k] & ~negT[base + k];
          if (x === 0) continue;
          if (one || (x & (x - 1)) !== 0) break;
          one = true;
        }
        if (k < words || !one) continue;
        const pairs = this.room(m, 1);
        pairs[2 * m] = i;
        pairs[2 * m + 1] = negs[jj];
        m++;
      }
    }
    return m;
  }
}

/** Zobrist's table: one fixed pseudo-random word per row (xorshift32; grown on demand, never changed). */
let Z = new Int32Array(0);
function zobrist(rows: number): Int32Array {
  if (Z.length >= rows) return Z;
  const out = new Int32Array(Math.max(rows, 2 * Z.length, 64));
  let x = 0x9e3779b9 | 0;
  for (let k = 0; k < out.length; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[k] = x;
  }
  return (Z = out);
}

/** The xor of Z over the first nb rows of `rows` (a set's rows, setBits). */
function setHash(rows: Int32Array, nb: number, Z: Int32Array): number {
  let h = 0;
  for (let q = 0; q < nb; q++) h ^= Z[rows[q]];
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
