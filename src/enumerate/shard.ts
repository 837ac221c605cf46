/**
 * Deterministic disjoint parts of one enumeration, for --shard i/N and --workers.
 *
 * Every part walks the top of the split tree; the subtrees hanging at `depth` real splits
 * (splits with two nonempty sides), and the regions found above that depth, are numbered in the
 * order the depth-first walk meets them — the same order in every part, since parts only drop
 * whole subtrees below that depth — and part i keeps those numbered i mod N.
 */
import { InputError } from '../errors.js';

export interface ShardSpec {
  index: number; // 0-based
  count: number;
}

export class Sharder {
  readonly depth: number;
  private seen = 0;

  constructor(readonly spec: ShardSpec) {
    // about 64 subtrees per part where the tree is big enough
    this.depth = Math.ceil(Math.log2(spec.count)) + 6;
  }

  /** Called for each item in walk order: true if this part keeps it. */
  keep(): boolean {
    return this.seen++ % this.spec.count === this.spec.index;
  }
}

/** "i/N" with 1 <= i <= N (1-based on the command line). */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(i >= 1 && i <= n)) throw new InputError(`--shard: expected i/N with 1 <= i <= N, got "${text}"`);
  return { index: i - 1, count: n };
}
