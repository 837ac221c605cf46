/** What every study shares: options, the output folder, timing and small formatting helpers. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StudyOptions {
  /** Output folder (created): NAME.csv, NAME-*.svg/png, NAME.md. */
  out: string;
  /** The small sweep (< 20 s), for smoke tests. */
  quick?: boolean;
  /** Show a progress bar (default: when stdout is a terminal). */
  progress?: boolean;
  /** Worker threads for independent runs (default 1: this thread). */
  workers?: number;
  /** Skip the plots (tests that only look at the CSV). */
  plots?: boolean;
}

export interface StudyResult {
  csv: string;
  report: string;
  plots: string[];
  /** Runs done now (rows already in the CSV are not redone). */
  ran: number;
  skipped: number;
  seconds: number;
}

export function studyPaths(options: StudyOptions, name: string): { csv: string; report: string; plot: (suffix: string) => string } {
  mkdirSync(options.out, { recursive: true });
  return { csv: join(options.out, `${name}.csv`), report: join(options.out, `${name}.md`), plot: (suffix) => join(options.out, `${name}-${suffix}`) };
}

/** Writes a text file as FILE.partial, then renames it. */
export function writeText(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

/** Seconds since startMs, to 0.1 ms. */
export const seconds = (startMs: number): number => Math.round((performance.now() - startMs) * 10) / 10000;

/** A Markdown table. */
export function mdTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : '–');

export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
