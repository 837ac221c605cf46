/**
 * check --workers N for verdict certificates: the main thread reads the certificate and checks
 * all of it except the pruned leaves' bounds, which N worker threads recompute (the expensive
 * part, one bound each); the earliest failing line wins, whichever thread found it.
 */
import type { Network } from '../network/network.js';
import { runQueue, startWorker } from '../worker-thread.js';
import { feedFile } from './checker.js';
import { Pacer, StoppedError, type StopOptions } from '../run-control.js';
import type { AffineProperty } from './verdict-format.js';
import { VerdictChecker, type PruneJob, type VerdictCheckOptions, type VerdictCheckResult } from './verdict-checker.js';

export interface PruneWorkerData {
  net: Network;
  prop: AffineProperty;
  exactPrunes?: boolean;
}
/** Answers to one batch of jobs: the reason a prune fails, or null. */
export type PruneAnswer = { line: number; reason: string | null }[];

const BATCH = 8;

export async function checkVerdictCertificateParallel(
  net: Network,
  given: AffineProperty | null,
  path: string,
  workers: number,
  stop?: StopOptions,
  options: VerdictCheckOptions = {},
): Promise<VerdictCheckResult> {
  const start = performance.now();
  const jobs: PruneJob[] = [];
  const checker = new VerdictChecker(net, given, (job) => jobs.push(job), options);
  // the structure on this thread (stoppable like any streamed check), the pruned boxes' bounds in the workers
  const structural = await feedFile(checker, path, stop);
  const pacer = new Pacer(stop);
  const before = structural.valid ? Infinity : structural.line;
  const todo = jobs.filter((j) => j.line < before); // a later prune cannot be the first failure
  if (!checker.prop || todo.length === 0) return structural;

  const data: PruneWorkerData = { net, prop: checker.prop, exactPrunes: options.exactPrunes };
  const threads = Array.from({ length: Math.max(1, Math.min(workers, Math.ceil(todo.length / BATCH))) }, () => startWorker(import.meta.url, 'prune-worker', data));
  let next = 0;
  let first: { line: number; reason: string } | null = null;
  await runQueue<PruneAnswer>(
    threads,
    () => {
      // once a failure is known, only earlier lines can change the answer (todo is in line order)
      if (first && next < todo.length && todo[next].line > first.line) next = todo.length;
      if (next >= todo.length || pacer.check()) return null;
      next += BATCH;
      return todo.slice(next - BATCH, next);
    },
    (answers) => {
      for (const a of answers) if (a.reason && (!first || a.line < first.line)) first = { line: a.line, reason: `pruned: ${a.reason}` };
    },
  );
  if (first) return { valid: false, ...(first as { line: number; reason: string }) };
  if (pacer.reason) throw new StoppedError(pacer.reason, todo.at(-1)!.line); // the pruned boxes were not all checked
  return structural.valid ? { ...structural, seconds: (performance.now() - start) / 1000 } : structural;
}
