/** Worker thread for check --workers: recomputes pruned leaves' exact bounds (parallel-check.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { cmp } from '../kernel/rational.js';
import { pinInputs } from '../network/pin-inputs.js';
import type { PruneAnswer, PruneWorkerData } from './parallel-check.js';
import { pruneFailure, type PruneJob } from './verdict-checker.js';

const { net, prop } = workerData as PruneWorkerData;
const pinned = pinInputs(net, prop.lo.map((l, i) => cmp(l, prop.hi[i]) === 0), prop.lo);
parentPort!.on('message', (jobs: PruneJob[]) => {
  const answers: PruneAnswer = jobs.map((j) => ({ line: j.line, reason: pruneFailure(pinned, prop, j.lo, j.hi, j.atoms as number[], j.prior) }));
  parentPort!.postMessage(answers);
});
