/**
 * How data columns become network inputs, and its exact folding into the first layer.
 *
 * An encoder spec (JSON) lists the network's inputs in order, grouped by data column:
 *
 *   {"inputs": [{"column": "age", "mean": "29.7", "std": "14.5", "fill": "28"},
 *               {"column": "sex", "categories": ["female", "male"]}, ...],
 *    "classes": ["died", "survived"]}
 *
 * A numeric column is one input (v − mean)/std (mean 0 and std 1 when omitted); a categorical
 * column with `categories` is one 0/1 input per category (one-hot). `fill` replaces a missing
 * cell (imputation, part of the preprocessing); without it a row with a missing cell is skipped.
 * `classes` names the outputs: k names for k ≥ 2 outputs (the prediction is the argmax), or two
 * names [negative, positive] for one output (positive when the output is > 0).
 *
 * The features explained are the data's own: each numeric column in its units, each category as
 * a 0/1 indicator. The network of the features is NET composed with the encoder, folded exactly
 * into its first layer by sliceNetwork (network/slice.ts): x = p + Σ_j z_j·u_j with u_j = e_j/std
 * and p_j = −mean/std, so every coefficient of an explanation is in data units.
 */
import { InputError, withPrefix } from '../errors.js';
import { div, neg, ONE, sign, ZERO, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import { isObject, kindOf, parseExactNumber, parseJsonText, showInput } from '../network/parse-json.js';
import { readInputFile } from '../network/load.js';
import { sliceNetwork } from '../network/slice.js';

/** One data column and how it is encoded. */
export type ColumnSpec =
  | { column: string; kind: 'numeric'; mean: Rational; std: Rational; fill?: string }
  | { column: string; kind: 'onehot'; categories: string[]; fill?: string };

/** One input of the explained network, in data units. */
export interface Feature {
  /** "age", or "sex=male" for a category's indicator. */
  name: string;
  column: string;
  kind: 'numeric' | 'indicator';
  category?: string;
}

export interface Encoder {
  columns: ColumnSpec[];
  /** One per network input, in the network's order. */
  features: Feature[];
  classes?: string[];
  /** True when the spec changes the inputs (standardisation or one-hot); false for plain columns. */
  folds: boolean;
}

const INPUT_KEYS = ['column', 'kind', 'mean', 'std', 'categories', 'fill'];
const TOP_KEYS = ['inputs', 'classes', 'description'];

/** Reads an encoder spec (already parsed JSON) for a network with d inputs and `outputs` outputs. */
export function parseEncoderValue(value: unknown, d: number, outputs: number, source = 'encoder'): Encoder {
  return withPrefix(source, () => {
    if (!isObject(value)) throw new InputError(`expected a JSON object with "inputs", got ${kindOf(value)}`);
    for (const k of Object.keys(value)) {
      if (!TOP_KEYS.includes(k)) throw new InputError(`unknown key ${showInput(k)} (expected ${TOP_KEYS.map((x) => `"${x}"`).join(', ')})`);
    }
    const inputs = value.inputs;
    if (!Array.isArray(inputs)) throw new InputError(`inputs: expected an array of column encodings, got ${kindOf(inputs)}`);
    if (inputs.length === 0) throw new InputError('inputs: empty');
    const columns = inputs.map((v, i) => readColumn(v, `inputs[${i}]`));
    const seen = new Map<string, number>();
    columns.forEach((c, i) => {
      const first = seen.get(c.column);
      if (first !== undefined) throw new InputError(`inputs[${i}]: column ${showInput(c.column)} is already encoded by inputs[${first}]`);
      seen.set(c.column, i);
    });
    const features = columns.flatMap(featuresOf);
    if (features.length !== d) {
      throw new InputError(`encodes ${features.length} network inputs (${describeColumns(columns)}), but the network has ${d}`);
    }
    const classes = value.classes === undefined ? undefined : readClasses(value.classes, outputs);
    return { columns, features, classes, folds: true };
  });
}

/** Reads and checks an encoder spec file. */
export function loadEncoder(path: string, d: number, outputs: number): Encoder {
  const text = readInputFile(path);
  return parseEncoderValue(parseJsonText(text, path), d, outputs, path);
}

/** Plain numeric columns, one per input (from --features or the network's inputNames). */
export function plainEncoder(names: string[], d: number, place: string): Encoder {
  if (names.length !== d) throw new InputError(`${place}: ${names.length} columns, but the network has ${d} inputs`);
  const seen = new Set<string>();
  for (const n of names) {
    if (n === '') throw new InputError(`${place}: empty column name`);
    if (seen.has(n)) throw new InputError(`${place}: column ${showInput(n)} given twice`);
    seen.add(n);
  }
  const columns: ColumnSpec[] = names.map((column) => ({ column, kind: 'numeric', mean: ZERO, std: ONE }));
  return { columns, features: columns.flatMap(featuresOf), folds: false };
}

function featuresOf(c: ColumnSpec): Feature[] {
  if (c.kind === 'numeric') return [{ name: c.column, column: c.column, kind: 'numeric' }];
  return c.categories.map((category) => ({ name: `${c.column}=${category}`, column: c.column, kind: 'indicator', category }));
}

const describeColumns = (cs: ColumnSpec[]) => cs.map((c) => (c.kind === 'numeric' ? c.column : `${c.column}: ${c.categories.length}`)).join(', ');

function readColumn(v: unknown, place: string): ColumnSpec {
  if (!isObject(v)) throw new InputError(`${place}: expected an object {"column": ...}, got ${kindOf(v)}`);
  for (const k of Object.keys(v)) {
    if (!INPUT_KEYS.includes(k)) throw new InputError(`${place}: unknown key ${showInput(k)} (expected ${INPUT_KEYS.map((x) => `"${x}"`).join(', ')})`);
  }
  const column = v.column;
  if (typeof column !== 'string' || column === '') throw new InputError(`${place}.column: expected a column name, got ${showInput(column)}`);
  const kind = v.kind ?? (v.categories !== undefined ? 'onehot' : 'numeric');
  if (kind !== 'numeric' && kind !== 'onehot') throw new InputError(`${place}.kind: expected "numeric" or "onehot", got ${showInput(kind)}`);
  const fill = v.fill === undefined ? undefined : typeof v.fill === 'number' ? String(v.fill) : v.fill;
  if (fill !== undefined && typeof fill !== 'string') throw new InputError(`${place}.fill: expected a value, got ${showInput(v.fill)}`);
  if (kind === 'onehot') {
    if (v.mean !== undefined || v.std !== undefined) throw new InputError(`${place}: "mean" and "std" are for numeric columns, not one-hot ones`);
    const cats = v.categories;
    if (!Array.isArray(cats) || cats.length === 0) throw new InputError(`${place}.categories: expected a non-empty array of category names`);
    const categories = cats.map((c, i) => {
      if (typeof c === 'number') return String(c);
      if (typeof c !== 'string' || c.trim() === '') throw new InputError(`${place}.categories[${i}]: expected a category name, got ${showInput(c)}`);
      return c.trim();
    });
    const dup = categories.findIndex((c, i) => categories.indexOf(c) !== i);
    if (dup >= 0) throw new InputError(`${place}.categories[${dup}]: ${showInput(categories[dup])} appears twice`);
    if (fill !== undefined && !categories.includes(fill)) throw new InputError(`${place}.fill: ${showInput(fill)} is not one of the categories`);
    return { column, kind, categories, fill };
  }
  if (v.categories !== undefined) throw new InputError(`${place}: "categories" needs "kind": "onehot"`);
  const mean = v.mean === undefined ? ZERO : parseExactNumber(v.mean, `${place}.mean`);
  const std = v.std === undefined ? ONE : parseExactNumber(v.std, `${place}.std`);
  if (sign(std) <= 0) throw new InputError(`${place}.std: must be positive, got ${showInput(v.std)}`);
  if (fill !== undefined) parseExactNumber(fill, `${place}.fill`);
  return { column, kind, mean, std, fill };
}

function readClasses(v: unknown, outputs: number): string[] {
  if (!Array.isArray(v)) throw new InputError(`classes: expected an array of class names, got ${kindOf(v)}`);
  const want = outputs === 1 ? 2 : outputs;
  if (v.length !== want) {
    throw new InputError(`classes: ${v.length} names, expected ${want} (${outputs === 1 ? 'one output: [negative, positive]' : `one per output`})`);
  }
  const names = v.map((c, i) => {
    if (typeof c === 'number') return String(c);
    if (typeof c !== 'string' || c.trim() === '') throw new InputError(`classes[${i}]: expected a class name, got ${showInput(c)}`);
    return c.trim();
  });
  const dup = names.findIndex((c, i) => names.indexOf(c) !== i);
  if (dup >= 0) throw new InputError(`classes[${dup}]: ${showInput(names[dup])} appears twice`);
  return names;
}

/** The default class names: "0", "1" for one output; "0".."k-1" for k outputs. */
export function defaultClasses(outputs: number): string[] {
  return Array.from({ length: outputs === 1 ? 2 : outputs }, (_, k) => String(k));
}

/**
 * The network of the data features: NET composed with the encoder, folded exactly into the first
 * layer (sliceNetwork). Plain columns need no folding: NET itself.
 */
export function foldEncoder(net: Network, enc: Encoder): Network {
  if (!enc.folds) return net;
  const d = net.inputSize;
  const point: Rational[] = [];
  const directions: Rational[][] = [];
  for (const c of enc.columns) {
    if (c.kind === 'numeric') {
      point.push(neg(div(c.mean, c.std)));
      directions.push(unit(d, point.length - 1, div(ONE, c.std)));
    } else {
      for (let k = 0; k < c.categories.length; k++) {
        point.push(ZERO);
        directions.push(unit(d, point.length - 1, ONE));
      }
    }
  }
  return sliceNetwork(net, point, directions);
}

function unit(d: number, i: number, v: Rational): Rational[] {
  return Array.from({ length: d }, (_, k) => (k === i ? v : ZERO));
}
