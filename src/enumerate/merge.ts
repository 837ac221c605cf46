/**
 * Linear regions: activation regions with the same affine map, joined through shared facets of
 * dimension d−1 (union–find). Candidate pairs come from rows lying on the same hyperplane with
 * opposite orientation in two regions with the same map; each candidate is then decided exactly:
 * the two closures meet in a (d−1)-dimensional set iff, inside that hyperplane, all the other
 * rows of both regions (those not on the hyperplane itself) hold strictly at some point. The rows
 * may be the regions' facets or all their rows (redundant rows only add candidates: a redundant
 * row holds strictly on the open region, so it can be tight on a (d−1)-dimensional part of the
 * closure only if it lies on that facet's hyperplane, and rows on the hyperplane are left out).
 * Memory: this keeps every region's rows, so it grows with the number of regions.
 */
import { primitiveRow, type Point } from '../kernel/intvec.js';
import type { InteriorDecider, Row } from '../lp/interior.js';

interface Entry {
  region: number;
  facet: number; // index into facets[region]
  orientation: 1 | -1;
}

export class LinearRegionMerger {
  private readonly facets: Row[][] = [];
  /** Each row's canonical hyperplane key, per region. */
  private readonly keys: string[][] = [];
  private readonly parent: number[] = [];
  private readonly byHyperplane = new Map<string, Entry[]>();

  constructor(
    private readonly d: number,
    private readonly decider: InteriorDecider,
  ) {}

  /** Each distinct map key's number: the candidate keys below hold the short number, not the long key. */
  private readonly mapIds = new Map<string, number>();

  /** Adds a region (its facets and map key); returns its index. */
  add(facets: Row[], mapKey: string): number {
    const id = this.facets.length;
    this.facets.push(facets);
    this.parent.push(id);
    let mapId = this.mapIds.get(mapKey);
    if (mapId === undefined) this.mapIds.set(mapKey, (mapId = this.mapIds.size));
    const hyperplanes = facets.map(cachedHyperplaneKey);
    this.keys.push(hyperplanes.map((h) => h.key));
    facets.forEach((row, f) => {
      const { key, orientation } = hyperplanes[f];
      const k = `${mapId}|${key}`;
      const list = this.byHyperplane.get(k);
      const entry: Entry = { region: id, facet: f, orientation };
      if (!list) {
        this.byHyperplane.set(k, [entry]);
        return;
      }
      for (const other of list) {
        if (other.orientation !== orientation && this.find(other.region) !== this.find(id)) {
          if (this.shareFacet(id, f, other.region, other.facet)) this.union(id, other.region);
        }
      }
      list.push(entry);
    });
    return id;
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
    const h = this.facets[r1][f1];
    const on = this.keys[r1][f1];
    const others = [...this.facets[r1].filter((_, i) => this.keys[r1][i] !== on), ...this.facets[r2].filter((_, i) => this.keys[r2][i] !== on)];
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
