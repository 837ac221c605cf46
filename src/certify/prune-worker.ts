/** Worker thread for check --workers: decides pruned leaves (parallel-check.ts) with one PruneDecider. */
import { parentPort, workerData } from 'node:worker_threads';
import { cmp } from '../kernel/rational.js';
import { pinInputs } from '../network/pin-inputs.js';
import type { PruneAnswer, PruneWorkerData } from './parallel-check.js';
import { PruneDecider } from './prune-decider.js';
import type { PruneJob } from './verdict-checker.js';

const { net, prop, exactPrunes } = workerData as PruneWorkerData;
const pinned = pinInputs(net, prop.lo.map((l, i) => cmp(l, prop.hi[i]) === 0), prop.lo);
// jobs arrive in preorder, so consecutive ones share their ancestors' chained bounds
const decider = new PruneDecider(pinned, prop, { exactOnly: exactPrunes });
parentPort!.on('message', (jobs: PruneJob[]) => {
  const answers: PruneAnswer = jobs.map((j) => ({ line: j.line, reason: decider.failure(j, j.atoms, j.ancestors) }));
  parentPort!.postMessage(answers);
});
