/**
 * The resumable sweep every parallel study runs: the configurations whose rows are not yet in
 * the CSV are run (in this thread or in worker threads, pool.ts) with a progress bar, each row
 * appended as it arrives in sweep order; then the rows of this sweep's configurations are read
 * back from the CSV (so a resumed run reports on everything, not only on what it ran).
 */
import type { Cell, Row, StudyCsv } from './csv-store.js';
import { runAll, type StudyName } from './pool.js';
import { studyProgress } from './progress.js';
import type { StudyOptions } from './study-kit.js';

export async function runSweep<C>(
  study: StudyName,
  options: StudyOptions,
  csv: StudyCsv,
  configs: readonly C[],
  key: (c: C) => Record<string, Cell>,
  run: (c: C) => Promise<Row>,
  label: (c: C) => string,
): Promise<{ rows: Record<string, string>[]; ran: number }> {
  const todo = configs.filter((c) => !csv.has(key(c)));
  const bar = studyProgress(study, todo.length, options.progress);
  await runAll(study, todo, options.workers ?? 1, run, (c, row) => {
    csv.append(row);
    bar.tick(label(c));
  });
  bar.stop();
  const wanted = new Set(configs.map((c) => csv.keyOf(key(c))));
  return { rows: csv.rows.filter((r) => wanted.has(csv.keyOf(r))), ran: todo.length };
}
