/** Worker thread for check --workers: recomputes pruned leaves' exact bounds (parallel-check.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { cmp, toString, type Rational } from '../kernel/rational.js';
import type { NeuronBounds } from './box-bound.js';
import { pinInputs } from '../network/pin-inputs.js';
import type { PruneAnswer, PruneWorkerData } from './parallel-check.js';
import { chainedBounds, pruneFailure, type PruneJob } from './verdict-checker.js';

const { net, prop } = workerData as PruneWorkerData;
const pinned = pinInputs(net, prop.lo.map((l, i) => cmp(l, prop.hi[i]) === 0), prop.lo);
// chained bounds of the ancestors, memoised by box and depth of the chain (siblings share them)
const memo = new Map<string, NeuronBounds>();
const key = (b: { lo: Rational[]; hi: Rational[] }, levels: number) => `${levels}:${[...b.lo, ...b.hi].map(toString).join(',')}`;
function chain(ancestors: PruneJob['ancestors']): NeuronBounds | undefined {
  let bounds: NeuronBounds | undefined;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const k = key(ancestors[i], ancestors.length - 1 - i);
    let b = memo.get(k);
    if (!b) memo.set(k, (b = chainedBounds(pinned, ancestors[i].lo, ancestors[i].hi, bounds)));
    bounds = b;
  }
  return bounds;
}
parentPort!.on('message', (jobs: PruneJob[]) => {
  const answers: PruneAnswer = jobs.map((j) => ({ line: j.line, reason: pruneFailure(pinned, prop, j.lo, j.hi, j.atoms as number[], chain(j.ancestors)) }));
  parentPort!.postMessage(answers);
});
