/**
 * --workers N: N worker threads enumerate the N shards of one enumeration (shard.ts), so they
 * find the same regions as one thread (in another order). Records stream back in batches;
 * linear regions are merged here from the records' facets and maps.
 */
import { domainToJson, defaultDomain } from '../domain/domain.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import { InteriorDecider, newStats } from '../lp/interior.js';
import type { Network } from '../network/network.js';
import { RecordMerger } from './merge-records.js';
import type { RegionRecord } from './region.js';
import type { RunOptions, RunSummary } from './run.js';
import type { ShardSpec } from './shard.js';
import { startWorker } from '../worker-thread.js';

/** What a worker needs; functions and backends cannot cross threads, so only plain options. */
export interface WorkerJob {
  netPath: string;
  domain: unknown;
  shard: ShardSpec;
  records: boolean;
  options: { float?: boolean; engine?: RunOptions['engine']; minimal?: boolean; maxRegions?: number; lp?: string };
}

export async function runParallel(
  netPath: string,
  net: Network,
  workers: number,
  options: RunOptions & { lp?: string },
  onRecord?: (rec: RegionRecord) => void | Promise<void>,
): Promise<RunSummary> {
  const start = performance.now();
  const domain = options.domain ?? defaultDomain(net.inputSize);
  const merger = options.merge ? new RecordMerger(net.inputSize, new InteriorDecider(net.inputSize, denseFloatSimplex, newStats())) : null;
  const wantRecords = onRecord !== undefined || merger !== null;
  const summaries: RunSummary[] = [];
  let count = 0;
  let pending = Promise.resolve();
  const threads = Array.from({ length: workers }, (_, index) => {
    const job: WorkerJob = {
      netPath,
      domain: domainToJson(domain),
      shard: { index, count: workers },
      records: wantRecords,
      options: { float: options.float, engine: options.engine, minimal: options.minimal ?? true, maxRegions: options.maxRegions, lp: options.lp },
    };
    return startWorker(import.meta.url, 'worker', job);
  });
  let stopped = false;
  const stopAll = () => {
    if (stopped) return;
    stopped = true;
    for (const t of threads) t.postMessage('stop');
  };
  const poll = setInterval(() => {
    if (options.shouldStop?.()) stopAll();
    options.onProgress?.(count, (performance.now() - start) / 1000);
  }, 100);
  await Promise.all(
    threads.map(
      (t) =>
        new Promise<void>((resolve, reject) => {
          t.on('message', (m: { type: 'records'; records: RegionRecord[] } | { type: 'summary'; summary: RunSummary }) => {
            if (m.type === 'summary') {
              summaries.push(m.summary);
              return;
            }
            for (const rec of m.records) {
              const r = { ...rec, id: count++ };
              merger?.add(r);
              if (onRecord) pending = pending.then(() => onRecord(r));
            }
            if (options.maxRegions !== undefined && count >= options.maxRegions) stopAll();
          });
          t.on('error', reject);
          t.on('exit', () => resolve());
        }),
    ),
  );
  clearInterval(poll);
  await pending;
  const sum = (f: (s: RunSummary) => number) => summaries.reduce((a, s) => a + f(s), 0);
  const partial = stopped || summaries.some((s) => s.partial);
  return {
    activationRegions: sum((s) => s.activationRegions),
    linearRegions: merger ? merger.linearRegions() : null,
    lpSolves: sum((s) => s.lpSolves),
    certified: {
      witness: sum((s) => s.certified.witness),
      motzkin: sum((s) => s.certified.motzkin),
      exactSimplex: sum((s) => s.certified.exactSimplex),
      vertexSignsFiltered: sum((s) => s.certified.vertexSignsFiltered),
      vertexSignsExact: sum((s) => s.certified.vertexSignsExact),
    },
    mode: summaries[0]?.mode ?? 'exact',
    seconds: (performance.now() - start) / 1000,
    domain: summaries[0]?.domain ?? domainToJson(domain),
    domainText: summaries[0]?.domainText ?? '',
    partial,
    ...(partial ? { stopReason: summaries.find((s) => s.stopReason)?.stopReason ?? 'interrupted' } : {}),
  };
}
