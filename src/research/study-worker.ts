/** A worker thread of pool.ts: runs one configuration of a study per message. */
import { parentPort, workerData } from 'node:worker_threads';
import { countsRun, type CountsConfig } from './counts.js';
import { injectivityRun, type InjectivityConfig } from './injectivity.js';
import { ratioRun, type RatioConfig } from './ratio.js';
import type { StudyName } from './pool.js';

const study = (workerData as { study: StudyName }).study;
parentPort!.on('message', async (job: { index: number; config: unknown }) => {
  const row =
    study === 'counts' ? await countsRun(job.config as CountsConfig) : study === 'injectivity' ? await injectivityRun(job.config as InjectivityConfig) : await ratioRun(job.config as RatioConfig);
  parentPort!.postMessage({ index: job.index, row });
});
