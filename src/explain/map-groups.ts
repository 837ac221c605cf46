/**
 * Clusters that share one exact affine map (the coarser clusters of `explain`: linear regions
 * holding data, up to connectedness). Floats propose, exact arithmetic decides: each cluster's
 * map is evaluated in doubles at one fixed point s and projected on fixed weights r, with a
 * proven error bound (FloatNetwork.patternValue); two exactly equal maps have values within the
 * sum of their bounds, so only such pairs are candidates, found by sorting the values and
 * sweeping a window as wide as the bounds. Each candidate pair is compared exactly (exact maps,
 * computed once per candidate). With n clusters this costs about one forward pass each, and an
 * exact map only for candidates, instead of n exact maps.
 */
import { mapKey, type IntAffine } from '../enumerate/affine.js';

export interface MapGroups {
  /** Cluster index → group id (groups numbered by first cluster). */
  groupOf: Int32Array;
  count: number;
  /** Pairs compared exactly (the candidates the floats proposed). */
  exactComparisons: number;
}

/** A fixed pseudo-random number in [1, 2) for index k (deterministic, no state). */
export function fixedWeight(k: number): number {
  let h = Math.imul(k + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return 1 + ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * Groups clusters by exact map. `value(i)` is cluster i's projected float value with its error
 * bound (equal maps ⇒ |value_a − value_b| <= width_a + width_b); `exactMap(i)` its exact map,
 * asked only for candidates.
 */
export function groupByMap(n: number, value: (i: number) => { value: number; width: number }, exactMap: (i: number) => IntAffine): MapGroups {
  const proj = new Float64Array(n);
  const width = new Float64Array(n);
  let widest = 0;
  for (let i = 0; i < n; i++) {
    const v = value(i);
    proj[i] = v.value;
    width[i] = v.width;
    if (!(Number.isFinite(v.value) && Number.isFinite(v.width))) return groupExactly(n, exactMap); // overflow: nothing to propose
    if (v.width > widest) widest = v.width;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => proj[a] - proj[b] || a - b);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const exactKeys = new Map<number, string>();
  const keyOf = (i: number) => {
    let k = exactKeys.get(i);
    if (k === undefined) exactKeys.set(i, (k = mapKey(exactMap(i))));
    return k;
  };
  let exactComparisons = 0;
  for (let s = 0; s < n; s++) {
    const a = order[s];
    for (let t = s + 1; t < n; t++) {
      const b = order[t];
      // equal maps ⇒ proj_b − proj_a <= width_a + width_b; the factor 2 absorbs this subtraction's rounding
      if (proj[b] - proj[a] > 2 * (width[a] + widest)) break;
      if (proj[b] - proj[a] > 2 * (width[a] + width[b]) || find(a) === find(b)) continue;
      exactComparisons++;
      if (keyOf(a) === keyOf(b)) parent[find(b)] = find(a);
    }
  }
  const groupOf = new Int32Array(n);
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let id = ids.get(root);
    if (id === undefined) ids.set(root, (id = ids.size));
    groupOf[i] = id;
  }
  return { groupOf, count: ids.size, exactComparisons };
}

/** Groups by exact map keys alone (one exact map per cluster). */
export function groupExactly(n: number, exactMap: (i: number) => IntAffine): MapGroups {
  const ids = new Map<string, number>();
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = mapKey(exactMap(i));
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    groupOf[i] = id;
  }
  return { groupOf, count: ids.size, exactComparisons: n };
}
