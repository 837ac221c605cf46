/** Worker thread for --workers: enumerates one shard and posts its records in batches. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseDomainJson } from '../domain/domain.js';
import { BACKENDS } from '../lp/backends.js';
import { loadNetwork } from '../network/load.js';
import { runEnumeration } from './run.js';
import type { WorkerJob } from './parallel.js';
import type { RegionRecord } from './region.js';

const job = workerData as WorkerJob;
const net = loadNetwork(job.netPath);
let stop = false;
parentPort!.on('message', (m) => {
  if (m === 'stop') stop = true;
});
let batch: RegionRecord[] = [];
const flush = () => {
  if (batch.length) parentPort!.postMessage({ type: 'records', records: batch });
  batch = [];
};
const summary = await runEnumeration(
  net,
  {
    ...job.options,
    domain: parseDomainJson(JSON.stringify(job.domain), net.inputSize),
    shard: job.shard,
    backend: BACKENDS[job.options.lp ?? 'dense'],
    shouldStop: () => stop,
  },
  job.records
    ? (rec) => {
        batch.push(rec);
        if (batch.length >= 256) flush();
      }
    : undefined,
);
flush();
parentPort!.postMessage({ type: 'summary', summary });
parentPort!.close(); // the message listener would keep the thread alive
