/**
 * What `explain` needs before it runs, shared by the command and the library: how columns map to
 * inputs (an encoder spec; else --features; else the network's inputNames), the network of the
 * data features (the encoder folded exactly into the first layer), the class names, and the
 * parsing of a --point and of --group names.
 */
import { InputError } from '../errors.js';
import type { Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import { showInput } from '../network/parse-json.js';
import type { CsvTable } from './csv-data.js';
import { encodeTable } from './dataset.js';
import { defaultClasses, foldEncoder, plainEncoder, type Encoder } from './encoder.js';

export interface Setup {
  encoder: Encoder;
  /** The network of the data features (NET when there is nothing to fold). */
  network: Network;
  outputs: number;
}

/** The column mapping: an encoder (already read), else `features`, else the network's inputNames. */
export function setupExplain(net: Network, encoder: Encoder | undefined, features: string[] | undefined): Setup {
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (encoder && features) throw new InputError('--features: not with --encoder (the encoder spec names the columns)');
  let enc = encoder;
  if (!enc && features) enc = plainEncoder(features, net.inputSize, '--features');
  if (!enc && net.inputNames) enc = plainEncoder(net.inputNames, net.inputSize, 'inputNames');
  if (!enc) {
    throw new InputError(`no column mapping: give --features a,b,... (${net.inputSize} columns), an --encoder spec, or a JSON network with "inputNames"`);
  }
  return { encoder: enc, network: foldEncoder(net, enc), outputs };
}

/** Class names: the encoder's, else "0", "1" (one output) or "0".."k-1". */
export const classesOf = (setup: Setup): string[] => setup.encoder.classes ?? defaultClasses(setup.outputs);

/**
 * A point in data units: "age=22,sex=male,..." (every column by name) or "22,male,..." (the
 * columns in order), encoded as a CSV row would be (categories become indicators).
 */
export function parsePoint(spec: string, enc: Encoder, flag = '--point'): Rational[] {
  const columns = enc.columns.map((c) => c.column);
  const parts = spec.split(',').map((s) => s.trim());
  let cells: string[];
  if (parts.some((p) => p.includes('='))) {
    const given = new Map<string, string>();
    for (const p of parts) {
      const at = p.indexOf('=');
      if (at < 0) throw new InputError(`${flag}: ${showInput(p)}: expected COLUMN=VALUE (or every value in column order)`);
      const name = p.slice(0, at).trim();
      if (!columns.includes(name)) throw new InputError(`${flag}: unknown column ${showInput(name)} (the columns: ${columns.join(', ')})`);
      if (given.has(name)) throw new InputError(`${flag}: column ${showInput(name)} given twice`);
      given.set(name, p.slice(at + 1).trim());
    }
    const absent = columns.filter((c) => !given.has(c));
    if (absent.length > 0) throw new InputError(`${flag}: no value for ${absent.map((c) => showInput(c)).join(', ')} (give every column: ${columns.join(', ')})`);
    cells = columns.map((c) => given.get(c)!);
  } else {
    if (parts.length !== columns.length) {
      throw new InputError(`${flag}: ${parts.length} values, expected ${columns.length} (${columns.join(', ')})`);
    }
    cells = parts;
  }
  const table: CsvTable = { source: flag, header: columns, rows: [cells], lines: [1], point: true };
  const data = encodeTable(table, enc, { strict: true }, flag);
  return data.exactRow(0);
}

/** `--group a,b`: column names (all of a one-hot column's indicators) or feature names. */
export function parseGroup(spec: string, enc: Encoder, flag = '--group'): { name: string; features: number[] } {
  const features = new Set<number>();
  for (const raw of spec.split(',')) {
    const name = raw.trim();
    const byFeature = enc.features.findIndex((f) => f.name === name);
    const byColumn = enc.features.flatMap((f, i) => (f.column === name ? [i] : []));
    if (byFeature < 0 && byColumn.length === 0) {
      throw new InputError(`${flag}: unknown feature ${showInput(name)} (the features: ${enc.features.map((f) => f.name).join(', ')})`);
    }
    if (byFeature >= 0) features.add(byFeature);
    for (const i of byColumn) features.add(i);
  }
  return { name: spec.split(',').map((s) => s.trim()).join(','), features: [...features].sort((a, b) => a - b) };
}
