/**
 * A CSV table encoded into the explained network's features (data units): per kept row, the
 * nearest doubles of its features (for the float filter, which only proposes) and, on demand,
 * the exact values (decimal cells are exact rationals: "7.25" is 29/4). Rows with a missing cell
 * in a used column are skipped and counted, or filled (encoder "fill"), or with `strict` an
 * error naming the line and column. A cell that is not a number, or not a known category, is an
 * error `data.csv:LINE:COLUMN: ...`.
 */
import { InputError } from '../errors.js';
import { parseRational, toDouble, type Rational } from '../kernel/rational.js';
import { showInput } from '../network/parse-json.js';
import { cellPlace, columnIndex, isMissing, type CsvTable } from './csv-data.js';
import type { Encoder } from './encoder.js';

export interface Dataset {
  table: CsvTable;
  encoder: Encoder;
  /** Number of features (network inputs). */
  d: number;
  /** Number of rows kept. */
  n: number;
  /** Kept row → index into table.rows. */
  rowOf: Int32Array;
  /** n × d nearest doubles of the features. */
  x: Float64Array;
  /** Rows skipped for a missing value, and per column the number of missing cells among them. */
  skipped: number;
  missing: Record<string, number>;
  /** Cells replaced by the encoder's "fill", per column. */
  filled: Record<string, number>;
  /** With a label column: the class index of each kept row. */
  label?: { column: string; classes: string[]; of: Int32Array };
  /** The exact value of feature f of kept row r. */
  exact(r: number, f: number): Rational;
  /** The exact features of kept row r. */
  exactRow(r: number): Rational[];
}

export interface DatasetOptions {
  strict?: boolean;
  /** The label column and the class names its cells must match. */
  label?: { column: string; classes: string[] };
}

const PLAIN_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

/** A numeric cell: its nearest double and a way to its exact value; null when it is not a number. */
function numericCell(cell: string): number | null {
  // Number() of a decimal string is correctly rounded, so |x̂ - x| <= 2^-53 |x| (float-filter.ts)
  if (PLAIN_DECIMAL.test(cell)) return Number(cell);
  const r = parseRational(cell);
  return r === null ? null : toDouble(r);
}

/** Encodes the table's used columns; `place` names the mapping in messages (e.g. "--features"). */
export function encodeTable(table: CsvTable, encoder: Encoder, options: DatasetOptions = {}, place = 'encoder'): Dataset {
  const d = encoder.features.length;
  const cols = encoder.columns.map((c) => columnIndex(table, c.column, place));
  const labelCol = options.label ? columnIndex(table, options.label.column, '--label') : -1;
  const classIndex = new Map((options.label?.classes ?? []).map((c, i) => [c, i]));
  const rows = table.rows;
  const keep: number[] = [];
  const x: number[] = [];
  const labels: number[] = [];
  const missing: Record<string, number> = {};
  const filled: Record<string, number> = {};
  let skipped = 0;
  const rowValues = new Array<number>(d);
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r];
    let ok = true;
    let f = 0;
    for (let c = 0; c < cols.length; c++) {
      const spec = encoder.columns[c];
      let cell = cells[cols[c]];
      if (isMissing(cell)) {
        if (spec.fill !== undefined) {
          cell = spec.fill;
          filled[spec.column] = (filled[spec.column] ?? 0) + 1;
        } else {
          if (options.strict) throw new InputError(`${cellPlace(table, r, cols[c])}: missing value in column ${showInput(spec.column)} (--strict)`);
          missing[spec.column] = (missing[spec.column] ?? 0) + 1;
          ok = false;
          f += spec.kind === 'numeric' ? 1 : spec.categories.length;
          continue;
        }
      }
      if (spec.kind === 'numeric') {
        const v = numericCell(cell);
        if (v === null) throw new InputError(`${cellPlace(table, r, cols[c])}: ${showInput(cell)} in column ${showInput(spec.column)} is not a number`);
        rowValues[f++] = v;
      } else {
        const k = spec.categories.indexOf(cell);
        if (k < 0) {
          throw new InputError(`${cellPlace(table, r, cols[c])}: ${showInput(cell)} in column ${showInput(spec.column)} is not a category of the encoder (${spec.categories.join(', ')})`);
        }
        for (let j = 0; j < spec.categories.length; j++) rowValues[f++] = j === k ? 1 : 0;
      }
    }
    let label = -1;
    if (labelCol >= 0) {
      const cell = cells[labelCol];
      if (isMissing(cell)) {
        if (options.strict) throw new InputError(`${cellPlace(table, r, labelCol)}: missing label in column ${showInput(options.label!.column)} (--strict)`);
        missing[options.label!.column] = (missing[options.label!.column] ?? 0) + 1;
        ok = false;
      } else {
        label = classIndex.get(cell) ?? classIndex.get(canonicalNumber(cell)) ?? -1;
        if (label < 0) {
          throw new InputError(`${cellPlace(table, r, labelCol)}: label ${showInput(cell)} is not one of the classes (${options.label!.classes.join(', ')}; name them with "classes" in the encoder spec)`);
        }
      }
    }
    if (!ok) {
      skipped++;
      continue;
    }
    keep.push(r);
    for (let j = 0; j < d; j++) x.push(rowValues[j]);
    if (labelCol >= 0) labels.push(label);
  }
  const rowOf = Int32Array.from(keep);
  const cache = new Map<number, Rational[]>();
  const exactRow = (r: number): Rational[] => {
    let v = cache.get(r);
    if (!v) {
      v = exactFeatures(table.rows[rowOf[r]], cols, encoder, d);
      if (cache.size > 100_000) cache.clear();
      cache.set(r, v);
    }
    return v;
  };
  return {
    table,
    encoder,
    d,
    n: keep.length,
    rowOf,
    x: Float64Array.from(x),
    skipped,
    missing,
    filled,
    label: options.label ? { column: options.label.column, classes: options.label.classes, of: Int32Array.from(labels) } : undefined,
    exact: (r, f) => exactRow(r)[f],
    exactRow,
  };
}

/** "1.0" and "1" name the same class when the class names are numbers. */
function canonicalNumber(cell: string): string {
  const r = parseRational(cell);
  return r !== null && r.d === 1n ? r.n.toString() : cell;
}

const ZERO_R: Rational = { n: 0n, d: 1n };
const ONE_R: Rational = { n: 1n, d: 1n };

/** The exact features of a kept row (its cells were checked by encodeTable). */
function exactFeatures(cells: string[], cols: number[], encoder: Encoder, d: number): Rational[] {
  const out = new Array<Rational>(d);
  let f = 0;
  encoder.columns.forEach((spec, c) => {
    let cell = cells[cols[c]];
    if (isMissing(cell)) cell = spec.fill!;
    if (spec.kind === 'numeric') out[f++] = parseRational(cell)!;
    else for (const cat of spec.categories) out[f++] = cat === cell ? ONE_R : ZERO_R;
  });
  return out;
}

/** The raw cells of a kept row's used columns, for showing a member row. */
export function rawCells(data: Dataset, r: number): Record<string, string> {
  const cells = data.table.rows[data.rowOf[r]];
  const out: Record<string, string> = {};
  for (const spec of data.encoder.columns) out[spec.column] = cells[data.table.header.indexOf(spec.column)];
  return out;
}
