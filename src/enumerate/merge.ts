/**
 * Linear regions: activation regions with the same affine map, joined through shared facets of
 * dimension d−1 (union–find). Candidate pairs come from rows lying on the same hyperplane with
 * opposite orientation in two regions with the same map; each candidate is then decided exactly:
 * the two closures meet in a (d−1)-dimensional set iff, inside that hyperplane, all the other
 * rows of both regions (those not on the hyperplane itself) hold strictly at some point. The rows
 * may be the regions' facets or all their rows (redundant rows only add candidates: a redundant
 * row holds strictly on the open region, so it can be tight on a (d−1)-dimensional part of the
 * closure only if it lies on that facet's hyperplane, and rows on the hyperplane are left out).
 * Memory: with `add`, every region's rows. With `addMap` and `rebuild` (the enumerator's `mapOf`
 * and `rowsOf`), a region alone with its map keeps only its pattern's bits (and its hash while no
 * other region has brought it); rows and maps are kept for the regions of groups only.
 */
import { primitiveRow, type Point } from '../kernel/intvec.js';
import type { InteriorDecider, Row } from '../lp/interior.js';
import type { IntAffine } from './affine.js';
import { mapHash } from './map-residues.js';

interface Entry {
  region: number;
  facet: number; // index into facets[region]
  orientation: 1 | -1;
}

/**
 * The regions with one map. Most maps belong to one region only, so a group's hyperplane index
 * (each row's canonical hyperplane, with its orientation) is built when its second region comes:
 * a region alone with its map has no candidate pair and costs no hyperplane key. The candidate
 * pairs, and the order in which they are decided, are those of one index over all regions.
 */
interface MapGroup {
  first: number;
  byHyperplane: Map<string, Entry[]> | null;
}

export class LinearRegionMerger {
  /**
   * The rows kept for merging: every region's with `add`; with `addMap` and a pattern, only the
   * regions of a group (a map that two or more regions have). A region alone with its map keeps
   * no rows: its recent ones are in `recentRows`, older ones are rebuilt from its pattern.
   */
  private readonly facets = new Map<number, Row[]>();
  private readonly parent: number[] = [];
  /** Each distinct map key's group (`add`). */
  private readonly groups = new Map<string, MapGroup>();
  /** Each distinct exact map's group (`addMap`), by its hash (map-residues.ts): equal maps, equal hashes. */
  private readonly mapGroups = new Map<number, (MapGroup & { map: IntAffine })[]>();
  /**
   * With `rebuild`: a hash seen once maps to its region only, whose map is not kept (most regions
   * are alone with their map, and keeping every map's BigInts made the merge's cost mostly garbage
   * collection); the region's pattern recomputes that map if a second region brings the hash.
   */
  private readonly firstByHash = new Map<number, number>();
  /** Every region's pattern, as bits (32 a word, `patternWords` words a region; no object per region). */
  private patternBits = new Uint32Array(0);
  private patternLengths: number[] | null = null;
  private patternWords = 0;
  /** The maps of the last RECENT regions (region id mod RECENT): regions with equal maps are mostly found close together. */
  private readonly recent: (IntAffine | (() => IntAffine))[] = [];
  /**
   * The rows (or the facets' thunk) given for the last RECENT regions (region id mod RECENT), for
   * a group formed soon after: a small ring, since whatever it holds survives young collections.
   */
  private readonly recentRows: (Row[] | (() => Row[]))[] = [];

  constructor(
    private readonly d: number,
    private readonly decider: InteriorDecider,
    /**
     * The enumerator's rebuilding of a region from its activation pattern: its exact map
     * (`mapOf`, the enumerator's composition) and rows that define the open region (`rowsOf`:
     * the domain's and every non-constant neuron's). With it, a region alone with its map keeps
     * neither its map nor its rows.
     */
    private readonly rebuild?: { mapOf: (pattern: readonly string[]) => IntAffine; rowsOf: (pattern: readonly string[]) => Row[] },
    /** The ring's size (a test sets 1 to rebuild every group's first region from its pattern). */
    private readonly recentSize = RECENT,
  ) {}

  /** Adds a region (its facets and map key); returns its index. */
  add(facets: Row[], mapKey: string): number {
    const id = this.parent.length;
    this.facets.set(id, facets);
    this.parent.push(id);
    const group = this.groups.get(mapKey);
    if (!group) this.groups.set(mapKey, { first: id, byHyperplane: null });
    else this.join(group, id);
    return id;
  }

  /**
   * As `add` with the map itself: two maps are the same iff their denominators and entries are
   * equal, exactly as their `mapKey` strings are, but no string is built (BigInt printing and the
   * hashing of long keys cost more than the merge's decisions).
   *
   * `rows` are any rows that define the open region (facets, or all its rows: redundant rows only
   * add candidate pairs, each decided exactly, so the linear regions are the same). With
   * `facets` (a thunk, valid after this call: it reads the region's vertices), the facets are
   * read only if the region enters a group, while the thunk is in the ring of recent regions;
   * a region rebuilt from its pattern later uses all its rows.
   */
  addMap(rows: Row[], map: IntAffine | (() => IntAffine), pattern?: readonly string[], facets?: () => Row[], hash?: number): number {
    // map: the map or a thunk (read only when the region enters a group); hash: mapHash of the
    // map when the caller has it without the map (Region.mapHash)
    const id = this.parent.length;
    this.parent.push(id);
    const h = hash ?? mapHash(mapValue(map), this.d);
    let list = this.mapGroups.get(h);
    const lean = this.rebuild !== undefined && pattern !== undefined; // map and rows not kept while alone
    if (!list && lean) {
      this.storePattern(id, pattern);
      this.recent[id % this.recentSize] = map;
      this.recentRows[id % this.recentSize] = facets ?? rows;
      const first = this.firstByHash.get(h);
      if (first === undefined) {
        this.firstByHash.set(h, id);
        return id;
      }
      // the hash's second region: its first region's group, as it would have been made then
      this.firstByHash.delete(h);
      const recent = id - first < this.recentSize;
      const firstMap = recent ? mapValue(this.recent[first % this.recentSize]) : this.rebuild!.mapOf(this.loadPattern(first));
      list = [{ first, byHyperplane: null, map: firstMap }];
      this.mapGroups.set(h, list);
      // the first region's rows: kept from its call, or rebuilt from its pattern
      const kept = recent ? this.recentRows[first % this.recentSize] : null;
      this.facets.set(first, kept === null ? this.rebuild!.rowsOf(this.loadPattern(first)) : typeof kept === 'function' ? kept() : kept);
    }
    this.facets.set(id, facets ? facets() : rows); // (a lean region alone with its map returned above)
    if (!list) this.mapGroups.set(h, (list = []));
    const value = mapValue(map);
    const group = list.find((g) => sameMap(g.map, value));
    if (!group) list.push({ first: id, byHyperplane: null, map: value });
    else this.join(group, id);
    return id;
  }

  private storePattern(id: number, pattern: readonly string[]): void {
    if (!this.patternLengths) {
      this.patternLengths = pattern.map((s) => s.length);
      this.patternWords = Math.max(1, Math.ceil(this.patternLengths.reduce((a, b) => a + b, 0) / 32));
    }
    const W = this.patternWords;
    if ((id + 1) * W > this.patternBits.length) {
      const grown = new Uint32Array(Math.max(1024, 2 * (id + 1)) * W);
      grown.set(this.patternBits);
      this.patternBits = grown;
    }
    let bit = id * W * 32;
    const bits = this.patternBits;
    for (const s of pattern) {
      for (let i = 0; i < s.length; i++, bit++) if (s.charCodeAt(i) === 49) bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  private loadPattern(id: number): string[] {
    let bit = id * this.patternWords * 32;
    const bits = this.patternBits;
    return this.patternLengths!.map((n) => {
      let s = '';
      for (let i = 0; i < n; i++, bit++) s += (bits[bit >>> 5] >>> (bit & 31)) & 1 ? '1' : '0';
      return s;
    });
  }

  private join(group: MapGroup, id: number): void {
    if (!group.byHyperplane) {
      group.byHyperplane = new Map();
      this.index(group.byHyperplane, group.first, false);
    }
    this.index(group.byHyperplane, id, true);
  }

  /** Enters region id's rows into its group's index; with `decide`, first unions it with the candidates found. */
  private index(byHyperplane: Map<string, Entry[]>, id: number, decide: boolean): void {
    const facets = this.facets.get(id)!;
    for (let f = 0; f < facets.length; f++) {
      const { key, orientation } = cachedHyperplaneKey(facets[f]);
      const list = byHyperplane.get(key);
      const entry: Entry = { region: id, facet: f, orientation };
      if (!list) {
        byHyperplane.set(key, [entry]);
        continue;
      }
      if (decide) {
        for (const other of list) {
          if (other.orientation !== orientation && this.find(other.region) !== this.find(id)) {
            if (this.shareFacet(id, f, other.region, other.facet)) this.union(id, other.region);
          }
        }
      }
      list.push(entry);
    }
  }

  /** Linear-region id of every region (dense, in order of first appearance), and their count. */
  components(): { ids: number[]; count: number } {
    const label = new Map<number, number>();
    const ids = this.parent.map((_, i) => {
      const root = this.find(i);
      let l = label.get(root);
      if (l === undefined) label.set(root, (l = label.size));
      return l;
    });
    return { ids, count: label.size };
  }

  private shareFacet(r1: number, f1: number, r2: number, f2: number): boolean {
    const rows1 = this.facets.get(r1)!;
    const h = rows1[f1];
    const on = cachedHyperplaneKey(h).key;
    const off = (row: Row) => cachedHyperplaneKey(row).key !== on;
    const others = [...rows1.filter(off), ...this.facets.get(r2)!.filter(off)];
    return relativeInteriorNonempty(h, others, this.d, this.decider);
  }

  private find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }

  private union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/**
 * The ring of recent maps and rows. Most maps belong to one region; a pair of regions with one
 * map is mostly found within a few dozen regions (the first is otherwise rebuilt from its
 * pattern). A larger ring kept thousands of maps and row lists alive through young-generation
 * collections, which was most of the merge's cost (4-16-16-16: 4096 → 64 cut the scavenges
 * from 1.2 s to 0.4 s).
 */
const RECENT = 64;

const mapValue = (m: IntAffine | (() => IntAffine)): IntAffine => (typeof m === 'function' ? m() : m);

function sameMap(x: IntAffine, y: IntAffine): boolean {
  if (x.den !== y.den || x.M.length !== y.M.length || x.c.length !== y.c.length) return false;
  for (let i = 0; i < x.M.length; i++) {
    const a = x.M[i];
    const b = y.M[i];
    if (a.length !== b.length) return false;
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  }
  for (let i = 0; i < x.c.length; i++) if (x.c[i] !== y.c[i]) return false;
  return true;
}

/** hyperplaneKey, once per row object (the enumerator shares a row between every region below its split). */
const hyperplaneKeys = new WeakMap<Row, { key: string; orientation: 1 | -1 }>();
function cachedHyperplaneKey(row: Row): { key: string; orientation: 1 | -1 } {
  let h = hyperplaneKeys.get(row);
  if (!h) hyperplaneKeys.set(row, (h = hyperplaneKey(row)));
  return h;
}

/** Canonical key of the hyperplane a·x = b (primitive, first nonzero of a positive). */
export function hyperplaneKey(row: Row): { key: string; orientation: 1 | -1 } {
  const { a, b } = primitiveRow(row.a, row.b);
  const first = a.find((v) => v !== 0n)!;
  const orientation = first > 0n ? 1 : -1;
  const ca = orientation > 0 ? a : a.map((v) => -v);
  return { key: `${ca.join(',')}=${orientation > 0 ? b : -b}`, orientation };
}

/**
 * Is {x : h.a·x = h.b, r.a·x < r.b for all others} nonempty? Eliminate one coordinate x_k
 * (h.a_k > 0 after orientation) and decide the strict system in d−1 dimensions.
 */
export function relativeInteriorNonempty(h: Row, others: Row[], d: number, decider: InteriorDecider): boolean {
  return relativeInteriorPoint(h, others, d, decider) !== null;
}

/** The same decision, with an exact point of {x : h.a·x = h.b, r.a·x < r.b for all others} when nonempty. */
export function relativeInteriorPoint(h: Row, others: Row[], d: number, decider: InteriorDecider): Point | null {
  let { a, b } = h;
  const k = a.findIndex((v) => v !== 0n);
  if (a[k] < 0n) {
    a = a.map((v) => -v);
    b = -b;
  }
  const s = a[k];
  const reduced: Row[] = [];
  for (const r of others) {
    const ck = r.a[k];
    const ra: bigint[] = [];
    for (let j = 0; j < d; j++) if (j !== k) ra.push(r.a[j] * s - ck * a[j]);
    const rb = r.b * s - ck * b;
    if (ra.every((v) => v === 0n)) {
      if (rb <= 0n) return null; // 0 < rb fails everywhere on the hyperplane
      continue;
    }
    reduced.push(primitiveRow(ra, rb));
  }
  if (d === 1) return { p: [b], q: s };
  const decision = decider.subDecider(d - 1).decide(reduced);
  if (decision.kind !== 'interior') return null;
  // lift: x_j = y_j (j != k), x_k = (b − Σ a_j y_j) / s, over the common denominator s·q
  const { p: y, q } = decision.point;
  const p: bigint[] = [];
  let rest = b * q;
  for (let j = 0, i = 0; j < d; j++) {
    if (j === k) {
      p.push(0n);
      continue;
    }
    p.push(y[i] * s);
    rest -= a[j] * y[i++];
  }
  p[k] = rest;
  return { p, q: s * q };
}
