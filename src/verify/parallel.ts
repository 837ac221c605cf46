/**
 * verify --workers N: the property's box is bisected into parts (a fixed top of the search tree,
 * about 4 parts per worker), and N worker threads search the parts, one at a time each, in any
 * order; the first sat or unknown stops them all. The certificate is the top tree in preorder,
 * with each part's subtree in its place, so it is the same kind of certificate as one thread
 * writes (checked the same way).
 */
import { add, cmp, rat, sub, toDouble, toString, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import { runQueue, startWorker } from '../worker-thread.js';
import { verdictHeader } from './verdict-writer.js';
import { affineProperty } from './affine-property.js';
import { defaultMaxDepth, verifyProperty, type Verdict, type VerifyOptions, type VerifyStats } from './verify.js';
import type { Property } from './vnnlib.js';

/** What a worker gets once (structured clones: BigInt rationals cross threads as they are). */
export interface VerifyWorkerData {
  net: Network;
  property: Property;
  options: Pick<VerifyOptions, 'maxDepth' | 'refine' | 'split' | 'exactPrunes'> & { certificate: boolean };
  stop: SharedArrayBuffer;
}
/** One part to search; the answer is a PartResult. */
export interface PartJob {
  index: number;
  lo: Rational[];
  hi: Rational[];
  depth: number;
  timeoutSeconds?: number;
}
export interface PartResult {
  index: number;
  verdict: Verdict;
  lines: object[];
}

type TopNode = { part: number } | { input: number; at: Rational; lower: TopNode; upper: TopNode };

export async function verifyParallel(net: Network, property: Property, options: VerifyOptions & { workers: number }): Promise<Verdict> {
  const prop = affineProperty(property);
  const free = prop.lo.flatMap((l, i) => (cmp(l, prop.hi[i]) === 0 ? [] : [i]));
  if (free.length === 0 || options.workers < 2) return verifyProperty(net, property, options);
  const start = performance.now();
  // the top of the tree: bisect the widest side (relative to the property's box) k times
  const k = Math.ceil(Math.log2(4 * options.workers));
  const parts: PartJob[] = [];
  const top = (lo: Rational[], hi: Rational[], depth: number): TopNode => {
    if (depth === k) {
      parts.push({ index: parts.length, lo, hi, depth });
      return { part: parts.length - 1 };
    }
    const rel = (i: number) => toDouble(sub(hi[i], lo[i])) / toDouble(sub(prop.hi[i], prop.lo[i]));
    const input = free.reduce((b, i) => (rel(i) > rel(b) ? i : b), free[0]);
    const at = rat(add(lo[input], hi[input]).n, 2n * add(lo[input], hi[input]).d);
    const cut = (xs: Rational[]) => xs.map((x, i) => (i === input ? at : x));
    return { input, at, lower: top(lo, cut(hi), depth + 1), upper: top(cut(lo), hi, depth + 1) };
  };
  const root = top(prop.lo, prop.hi, 0);

  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const data: VerifyWorkerData = {
    net,
    property,
    options: { maxDepth: options.maxDepth ?? defaultMaxDepth(free.length), refine: options.refine, split: options.split, exactPrunes: options.exactPrunes, certificate: options.certificate !== undefined },
    stop,
  };
  const threads = Array.from({ length: Math.min(options.workers, parts.length) }, () => startWorker(import.meta.url, 'verify-worker', data));
  const results: (PartResult | undefined)[] = new Array(parts.length);
  let next = 0;
  let ending: Verdict | null = null; // the first sat or unknown
  const poll = setInterval(() => {
    if (options.shouldStop?.()) Atomics.store(flag, 0, 1);
  }, 50);
  const remaining = () => (options.timeoutSeconds === undefined ? undefined : Math.max(0, options.timeoutSeconds - (performance.now() - start) / 1000));
  try {
    await runQueue<PartResult>(
      threads,
      () => (ending || next >= parts.length ? null : { ...parts[next++], timeoutSeconds: remaining() }),
      (r) => {
        results[r.index] = r;
        if (r.verdict.result !== 'unsat' && !ending) {
          ending = r.verdict;
          Atomics.store(flag, 0, 1); // the others stop at their next box
        }
      },
    );
  } finally {
    clearInterval(poll);
  }
  const done = results.filter((r): r is PartResult => r !== undefined);
  const sum = (f: (s: VerifyStats) => number) => done.reduce((a, r) => a + f(r.verdict.stats), 0);
  const internal = parts.length - 1; // the top tree's bisected boxes
  const stats: VerifyStats = {
    boxes: internal + sum((s) => s.boxes),
    boxesPruned: sum((s) => s.boxesPruned),
    prunesUnconfirmed: sum((s) => s.prunesUnconfirmed),
    boxesEnumerated: sum((s) => s.boxesEnumerated),
    regions: sum((s) => s.regions),
    lpSolves: sum((s) => s.lpSolves),
    seconds: (performance.now() - start) / 1000,
  };
  // a sat anywhere is the answer, even if another part stopped as unknown first
  const sat = done.find((r) => r.verdict.result === 'sat')?.verdict;
  if (sat) return { ...sat, stats };
  if (ending) return { ...(ending as Verdict), stats };
  const emit = options.certificate;
  if (emit) {
    emit(verdictHeader(net, prop));
    const write = (node: TopNode): void => {
      if ('part' in node) {
        for (const line of results[node.part]!.lines) emit(line);
        return;
      }
      emit({ t: 'bisect', input: node.input, at: toString(node.at) });
      write(node.lower);
      write(node.upper);
    };
    write(root);
    emit({ t: 'end', verdict: 'unsat', boxes: stats.boxes, pruned: stats.boxesPruned, enumerated: stats.boxesEnumerated, regions: stats.regions });
  }
  return { result: 'unsat', stats };
}
