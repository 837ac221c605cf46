/** Worker thread for verify --workers: searches the parts it is sent (see parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { PartJob, PartResult, VerifyWorkerData } from './parallel.js';
import { verifyPart } from './verify.js';

const { net, property, options, stop } = workerData as VerifyWorkerData;
const flag = new Int32Array(stop);
parentPort!.on('message', async (job: PartJob) => {
  const lines: object[] = [];
  const verdict = await verifyPart(net, property, job, {
    ...options,
    timeoutSeconds: job.timeoutSeconds,
    shouldStop: () => Atomics.load(flag, 0) === 1,
    certificate: options.certificate ? (line) => lines.push(line) : undefined,
  });
  parentPort!.postMessage({ index: job.index, verdict, lines } satisfies PartResult);
});
