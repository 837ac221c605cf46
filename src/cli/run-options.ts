/** Flags shared by commands that run an enumeration. */
import { availableParallelism } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import type { EnumerateOptions } from '../enumerate/enumerate.js';
import { parseShard } from '../enumerate/shard.js';
import { BACKENDS } from '../lp/backends.js';
import { runParallel } from '../enumerate/parallel.js';
import type { RegionRecord } from '../enumerate/region.js';
import { runEnumeration, type RunOptions, type RunSummary } from '../enumerate/run.js';
import type { Network } from '../network/network.js';

export interface RunFlags {
  float?: boolean;
  maxRegions?: number;
  lp: string;
  engine: string;
  shard?: string;
  workers?: number;
}

export function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${flag}: expected a positive integer, got "${v}"`);
    }
    return n;
  };
}

/**
 * --workers: a positive integer, capped at twice the CPUs (more threads only cost memory and
 * start-up time: 256 threads on a 0.03 s job took minutes and gigabytes), with a note on stderr.
 */
export function workerCount(flag: string) {
  const parse = positiveInt(flag);
  return (v: string): number => {
    const n = parse(v);
    const cap = 2 * availableParallelism();
    if (n <= cap) return n;
    process.stderr.write(`note: ${flag} ${n} capped at ${cap} (twice the ${cap / 2} CPUs)\n`);
    return cap;
  };
}

export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--max-regions <n>', 'stop after n regions (the result is then marked partial)', positiveInt('--max-regions'))
    .option('--float', 'UNSOUND: decide with floats only, nothing certified (for speed comparisons)')
    .option('--lp <backend>', `float LP backend proposing answers: ${Object.keys(BACKENDS).join(', ')}`, 'dense')
    .option('--engine <engine>', 'auto (vertex for boxes in d <= 4, and for count in d = 5 with 3 or more ReLU layers; else lp), vertex, or lp', 'auto')
    .option('--shard <i/N>', 'enumerate only part i of N deterministic disjoint parts (join them with `relu-regions merge`)')
    .option('--workers <n>', 'worker threads, each enumerating a disjoint part (same regions, another order)', workerCount('--workers'));
}

/** The enumeration options of the flags; every rejected combination is refused here, before any output is opened. */
export function runOptionsFromFlags(flags: RunFlags & { certificate?: string }): EnumerateOptions & { maxRegions?: number; lp: string } {
  const backend = BACKENDS[flags.lp];
  if (!backend) throw new InvalidArgumentError(`--lp: unknown backend "${flags.lp}" (expected ${Object.keys(BACKENDS).join(' or ')})`);
  const engine = flags.engine;
  if (engine !== 'auto' && engine !== 'vertex' && engine !== 'lp') {
    throw new InvalidArgumentError(`--engine: unknown engine "${engine}" (expected auto, vertex or lp)`);
  }
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  if (shard && (flags.workers ?? 1) > 1) throw new InvalidArgumentError('--shard and --workers: give one of them');
  if (flags.certificate !== undefined) {
    if (flags.float) throw new InvalidArgumentError('--certificate needs exact mode (drop --float)');
    if ((flags.workers ?? 1) > 1) throw new InvalidArgumentError('--certificate needs one thread (drop --workers)');
    if (shard) throw new InvalidArgumentError('--certificate covers the whole tree: it cannot be written for one shard (drop --shard)');
  }
  return { float: flags.float, backend, lp: flags.lp, maxRegions: flags.maxRegions, engine, shard };
}

/** One thread, or --workers threads over disjoint shards. */
export function runWithFlags(
  netPath: string,
  net: Network,
  flags: RunFlags,
  options: RunOptions & { lp?: string },
  onRecord?: (rec: RegionRecord) => void | Promise<void>,
): Promise<RunSummary> {
  if ((flags.workers ?? 1) > 1) {
    return runParallel(netPath, net, flags.workers!, options, onRecord);
  }
  return runEnumeration(net, options, onRecord);
}
