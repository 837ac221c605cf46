/**
 * Runs a study's independent runs in this thread or in `workers` worker threads (each imports
 * the library once: no process start-up per run). Finished rows are handed over in sweep order
 * (a row that finishes early waits for the ones before it), so the CSV is the same, line for
 * line, with any number of workers.
 */
import { runQueue, startWorker } from '../worker-thread.js';
import type { Row } from './csv-store.js';

export type StudyName = 'counts' | 'injectivity' | 'ratio';

export async function runAll<C>(study: StudyName, todo: readonly C[], workers: number, run: (c: C) => Promise<Row>, onRow: (c: C, row: Row) => void): Promise<void> {
  if (workers <= 1 || todo.length <= 1) {
    for (const c of todo) onRow(c, await run(c));
    return;
  }
  const threads = Array.from({ length: Math.min(workers, todo.length) }, () => startWorker(import.meta.url, 'study-worker', { study }));
  const done = new Map<number, Row>();
  let next = 0;
  let flushed = 0;
  await runQueue<{ index: number; row: Row }>(
    threads,
    () => (next < todo.length ? { index: next, config: todo[next++] } : null),
    ({ index, row }) => {
      done.set(index, row);
      while (done.has(flushed)) {
        onRow(todo[flushed], done.get(flushed)!);
        done.delete(flushed);
        flushed++;
      }
    },
  );
}
