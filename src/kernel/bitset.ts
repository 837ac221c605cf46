/**
 * Bitsets as Uint32Array words (vertex incidences, tight-row sets). JavaScript's & is signed, so
 * a word with bit 31 set compares unequal to its unsigned self unless brought back by >>> 0: the
 * comparisons live here, once (a signed compare once made the vertex engine report non-facets).
 */

/** The number of set bits of a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Every bit of `sub` is set in `sup` (same number of words). */
export function isSubset(sub: Uint32Array, sup: Uint32Array): boolean {
  for (let w = 0; w < sub.length; w++) if (((sub[w] & sup[w]) >>> 0) !== sub[w]) return false;
  return true;
}

/** A copy of `set` with bit k set. */
export function withBit(set: Uint32Array, k: number): Uint32Array {
  const out = new Uint32Array(set); // a copy (cheaper than slice, which looks up the species)
  out[k >> 5] |= 1 << (k & 31);
  return out;
}

/** The number of set bits of a bitset. */
export function bitCount(set: Uint32Array): number {
  let c = 0;
  for (let w = 0; w < set.length; w++) c += popcount(set[w]);
  return c;
}

/**
 * The indices of the set bits of `set`'s first `words` words, ascending, written to `out` (room
 * for 32·words); returns how many.
 */
export function setBits(set: Uint32Array, words: number, out: Int32Array): number {
  let n = 0;
  for (let w = 0; w < words; w++) {
    let bits = set[w];
    while (bits !== 0) {
      out[n++] = w * 32 + (31 - Math.clz32(bits & -bits));
      bits &= bits - 1;
    }
  }
  return n;
}
