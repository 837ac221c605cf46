/**
 * Linear regions from region records (the output of several shards or workers): the records'
 * facets and exact maps are all that merging needs.
 */
import { parseRational } from '../kernel/rational.js';
import type { InteriorDecider, Row } from '../lp/interior.js';
import { LinearRegionMerger } from './merge.js';
import type { RegionRecord } from './region.js';

export class RecordMerger {
  private readonly merger: LinearRegionMerger;
  private readonly seen = new Set<string>();
  count = 0;

  constructor(d: number, decider: InteriorDecider) {
    this.merger = new LinearRegionMerger(d, decider);
  }

  /** Adds one record; false if its pattern was already seen (parts that overlap). */
  add(rec: RegionRecord): boolean {
    if (this.seen.has(rec.pattern)) return false;
    this.seen.add(rec.pattern);
    this.count++;
    const facets: Row[] = rec.constraints.map((c) => ({ a: c.a.map(BigInt), b: BigInt(c.b) }));
    this.merger.add(facets, recordMapKey(rec));
    return true;
  }

  linearRegions(): number {
    return this.merger.components().count;
  }
}

/** Canonical key of a record's map (rationals are printed reduced, so strings compare). */
function recordMapKey(rec: RegionRecord): string {
  for (const v of rec.map.c) if (!parseRational(v)) throw new Error(`region ${rec.id}: bad map entry ${v}`);
  return `${rec.map.W.map((r) => r.join(',')).join(';')}:${rec.map.c.join(',')}`;
}
