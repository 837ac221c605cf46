/**
 * CSV tables for `explain`, read with csv-parse: a header row naming the columns, then one
 * record per row, each with the line it ends on (for messages `data.csv:LINE:COLUMN: ...`).
 * Cells stay strings here; encoder.ts decides what each column means.
 */
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import { oneLine, showInput } from '../network/parse-json.js';

export interface CsvTable {
  /** The file name (or "data"), for messages. */
  source: string;
  header: string[];
  /** Data rows, each with header.length cells. */
  rows: string[][];
  /** The line of the file each row is on (1-based; the header is line 1 in a plain file). */
  lines: number[];
  /** A table made from one --point: messages name the flag, not a line and column. */
  point?: boolean;
}

/** Parses CSV text with a header row. Ragged rows, bad quoting and an empty file are one-line errors. */
export function parseCsv(text: string, source = 'data'): CsvTable {
  let records: [number, string[]][];
  try {
    // each record as [line, cells]: the line is for messages (csv-parse counts quoted newlines)
    records = (
      parse(text.replace(/^\uFEFF/, ''), {
        skip_empty_lines: true,
        trim: true,
        on_record: (record: string[], context: { lines: number }) => [String(context.lines), ...record],
      }) as string[][]
    ).map(([line, ...cells]) => [Number(line), cells]);
  } catch (e) {
    if (e instanceof CsvError) {
      const line = typeof e.lines === 'number' ? `:${e.lines}` : '';
      throw new InputError(`${source}${line}: bad CSV: ${oneLine(e.message)}`);
    }
    throw e;
  }
  if (records.length === 0) throw new InputError(`${source}: empty (expected a header row naming the columns)`);
  const [[, header], ...body] = records;
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') return; // pandas writes an unnamed index column
    const first = seen.get(name);
    if (first !== undefined) throw new InputError(`${source}:1: column ${showInput(name)} appears twice (columns ${first + 1} and ${i + 1})`);
    seen.set(name, i);
  });
  if (body.length === 0) throw new InputError(`${source}: no data rows after the header`);
  return { source, header, rows: body.map(([, r]) => r), lines: body.map(([l]) => l) };
}

/** The index of a named column; an unknown name is an error listing the columns there are. */
export function columnIndex(table: CsvTable, name: string, place: string): number {
  const i = table.header.indexOf(name);
  if (i < 0 || name === '') {
    const names = table.header.filter((h) => h !== '');
    const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
    throw new InputError(`${place}: unknown column ${showInput(name)} in ${table.source} (its columns: ${shown})`);
  }
  return i;
}

/** Cells that mean "no value": empty, NA, N/A, NaN, null, None (any case). */
export function isMissing(cell: string): boolean {
  return cell === '' || /^(na|n\/a|nan|null|none)$/i.test(cell);
}

/** "FILE:LINE:COLUMN" of a cell, both 1-based, as in VNN-LIB messages. */
export function cellPlace(table: CsvTable, row: number, column: number): string {
  if (table.point) return table.source;
  return `${table.source}:${table.lines[row]}:${column + 1}`;
}
