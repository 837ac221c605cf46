/**
 * Data points to draw over a picture, from a CSV file with a header row (read with csv-parse by
 * explain/csv-data.ts). The two columns are named by --features X,Y, by default the plotted
 * inputs' names (1-D: the input's and the output's); --label COL colours the points by that
 * column. Rows with a missing value (empty, NA, NaN, ...) are skipped and counted; any other
 * value that is not a number is an error naming its line and column.
 */
import { cellPlace, columnIndex, isMissing, parseCsv } from '../explain/csv-data.js';
import { InputError } from '../errors.js';
import { readInputFile } from '../network/load.js';
import { showInput } from '../network/parse-json.js';
import type { PlotPoints } from './overlays.js';

export function loadPoints(path: string, features: [string, string], explicit: boolean, labelColumn?: string): PlotPoints {
  const table = parseCsv(readInputFile(path), path);
  if (!explicit && !features.every((f) => table.header.includes(f))) {
    const names = table.header.filter((h) => h !== '');
    throw new InputError(
      `--points ${path}: no columns named ${features.join(' and ')} (the plotted coordinates; its columns: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''}): choose two with --features X,Y`,
    );
  }
  const [ix, iy] = features.map((f) => columnIndex(table, f, '--features'));
  const il = labelColumn !== undefined ? columnIndex(table, labelColumn, '--label') : -1;
  const pts: PlotPoints = { x: [], y: [], skipped: 0, source: path, ...(il >= 0 ? { labels: [], labelName: labelColumn } : {}) };
  const number = (row: number, col: number): number | null => {
    const cell = table.rows[row][col];
    if (isMissing(cell)) return null;
    const v = Number(cell);
    if (cell.trim() === '' || !Number.isFinite(v)) throw new InputError(`${cellPlace(table, row, col)}: ${showInput(cell)} is not a number (column ${showInput(table.header[col])})`);
    return v;
  };
  table.rows.forEach((_, row) => {
    const x = number(row, ix);
    const y = number(row, iy);
    const label = il >= 0 ? table.rows[row][il] : '';
    if (x === null || y === null || (il >= 0 && isMissing(label))) return void pts.skipped++;
    pts.x.push(x);
    pts.y.push(y);
    pts.labels?.push(label);
  });
  return pts;
}

/** `--features X,Y`: two column names. */
export function parseFeatures(s: string): [string, string] {
  const parts = s.split(',').map((x) => x.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) throw new InputError(`--features: expected two column names X,Y, got ${showInput(s)}`);
  return [parts[0], parts[1]];
}
