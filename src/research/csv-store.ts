/**
 * The resumable CSV of a study. Each finished run is appended as one whole line (a single
 * appendFileSync of "line\n"), so a study killed mid-way leaves a file of complete rows, plus
 * at worst one cut-off last line, which is dropped when the study is resumed. Rows already in
 * the file (same key: seed + configuration columns) are skipped on the next run, so rerunning
 * finishes the sweep without repeating or duplicating work.
 */
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';

export type Cell = string | number | boolean;
export type Row = Record<string, Cell>;

function cell(v: Cell): string {
  const s = typeof v === 'number' && !Number.isFinite(v) ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class StudyCsv {
  private readonly done = new Set<string>();
  /** Every row, as read back and as appended (strings, as in the file). */
  readonly rows: Record<string, string>[] = [];

  constructor(
    readonly path: string,
    readonly columns: readonly string[],
    readonly keyColumns: readonly string[],
  ) {
    if (existsSync(path)) this.load();
    else appendFileSync(path, columns.join(',') + '\n');
  }

  private load(): void {
    let text = readFileSync(this.path, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) {
      // a run killed while appending: drop the cut-off line
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      truncateSync(this.path, Buffer.byteLength(text));
    }
    if (text === '') {
      appendFileSync(this.path, this.columns.join(',') + '\n');
      return;
    }
    const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const header = text.slice(0, text.indexOf('\n')).split(',');
    if (header.join(',') !== this.columns.join(',')) {
      throw new InputError(`${this.path}: its columns (${header.join(',')}) are not this study's (${this.columns.join(',')}); use another --out folder`);
    }
    for (const r of records) {
      this.rows.push(r);
      this.done.add(this.keyOf(r));
    }
  }

  keyOf(r: Record<string, Cell>): string {
    return this.keyColumns.map((c) => String(r[c])).join('|');
  }

  has(key: Record<string, Cell>): boolean {
    return this.done.has(this.keyOf(key));
  }

  /** Appends one finished run as a whole line. */
  append(row: Row): void {
    const missing = this.columns.filter((c) => !(c in row));
    if (missing.length > 0) throw new Error(`StudyCsv: row lacks ${missing.join(', ')}`);
    appendFileSync(this.path, this.columns.map((c) => cell(row[c])).join(',') + '\n');
    const asRead = Object.fromEntries(this.columns.map((c) => [c, typeof row[c] === 'number' && !Number.isFinite(row[c] as number) ? '' : String(row[c])]));
    this.rows.push(asRead);
    this.done.add(this.keyOf(row));
  }
}
