/**
 * The ACAS Xu `.nnet` text format (Kyle Julian, Stanford 2016; reference readers in the NNet
 * repository, nnet.py / nnet.c).
 *
 *   // header comment lines
 *   numLayers, inputSize, outputSize, maxLayerSize,
 *   layer sizes (numLayers + 1 numbers, input first),
 *   flag line (historically "symmetric"; ignored),
 *   input minimums (inputSize numbers),
 *   input maximums (inputSize numbers),
 *   means (inputSize + 1 numbers: the inputs, then one for the outputs),
 *   ranges (inputSize + 1 numbers, likewise),
 *   then for each layer: its weight rows (one line per output neuron) and its biases (one a line).
 *
 * Values are comma-separated and a trailing comma is allowed. Every decimal is taken exactly
 * (parseRational of the text), never through a double.
 *
 * Semantics (as the reference code evaluates): x is clamped to [min, max], normalised
 * x'_i = (x_i − mean_i) / range_i, hidden layers are ReLU, the last layer is linear, and the output
 * is y = y' · range_out + mean_out (the last mean and range apply to every output). The
 * normalisation is folded exactly into the first layer and the output scaling into the last, so
 * the returned Network maps raw inputs to raw outputs.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { add, div, mul, parseRational, rationalSyntaxHint, sub, ZERO, type Rational } from '../kernel/rational.js';
import { oneLine } from './parse-json.js';
import type { Layer, Network } from './network.js';
import type { Domain } from '../domain/domain.js';

/** The file's contents as written (weights unfolded, in normalised units). */
export interface NnetRaw {
  numLayers: number;
  inputSize: number;
  outputSize: number;
  maxLayerSize: number;
  layerSizes: number[];
  mins: Rational[];
  maxes: Rational[];
  /** inputSize + 1 values: the inputs, then the output mean. */
  means: Rational[];
  /** inputSize + 1 values: the inputs, then the output range. */
  ranges: Rational[];
  /** [layer][row][column], as in the file. */
  weights: Rational[][][];
  /** [layer][row], as in the file. */
  biases: Rational[][];
}

export interface NnetFile {
  /** Raw (unnormalised) inputs to raw (scaled) outputs. */
  network: Network;
  /**
   * [mins, maxes] in raw units. The reference code clamps inputs to this box; on the box the clamp
   * is the identity, so `network` restricted to `inputBox` is exactly the .nnet function there.
   * (Outside the box the two differ: `network` does not clamp.)
   */
  inputBox: Domain & { kind: 'box' };
  raw: NnetRaw;
}

// A plain decimal (optionally with exponent); no "nan", "inf" or "p/q".
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT_RE = /^\+?\d+$/;

/** A field of the file for a message: clipped, quoted and escaped (one line whatever it holds). */
const quote = (s: string): string => oneLine(JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s));

interface Line {
  no: number; // 1-based
  text: string;
}

export function parseNnet(text: string, source = 'nnet'): NnetFile {
  const all = text.split(/\r?\n|\r/);
  let i = 0;
  // Header: leading "//" comment lines (blank lines among them are skipped too).
  while (i < all.length && (all[i].trim().startsWith('//') || all[i].trim() === '')) i++;
  // Remaining non-blank lines with their 1-based numbers.
  const lines: Line[] = [];
  for (; i < all.length; i++) if (all[i].trim() !== '') lines.push({ no: i + 1, text: all[i] });
  let next = 0;
  const fail = (line: Line | undefined, msg: string): never => {
    throw new InputError(line ? `${source}: line ${line.no}: ${msg}` : `${source}: ${msg}`);
  };
  const take = (what: string): Line => {
    const line = lines[next++];
    if (line === undefined) fail(undefined, `unexpected end of file (expected ${what})`);
    return line;
  };
  const fields = (line: Line): string[] => {
    const f = line.text.split(',').map((s) => s.trim());
    if (f.length > 1 && f[f.length - 1] === '') f.pop(); // trailing comma
    return f;
  };
  /** Exactly `n` numbers on the next line. */
  const numbers = (n: number, what: string): { line: Line; values: Rational[] } => {
    const line = take(what);
    const f = fields(line);
    if (f.length !== n) fail(line, `${what}: expected ${n} ${n === 1 ? 'number' : 'numbers'}, found ${f.length}`);
    const values = f.map((s, k) => {
      const r = NUMBER_RE.test(s) ? parseRational(s) : null;
      if (r === null) fail(line, `${what}: value ${k + 1}: not a number: ${quote(s)}${rationalSyntaxHint(s)}`);
      return r as Rational;
    });
    return { line, values };
  };
  const positiveInts = (line: Line, f: string[], what: string): number[] =>
    f.map((s, k) => {
      const v = INT_RE.test(s) ? Number(s) : NaN;
      if (!Number.isSafeInteger(v) || v < 1) fail(line, `${what} ${k + 1}: expected a positive integer, found ${quote(s)}`);
      return v;
    });

  // Line: numLayers, inputSize, outputSize, maxLayerSize
  const headLine = take('numLayers, inputSize, outputSize, maxLayerSize');
  const head = fields(headLine);
  if (head.length !== 4) fail(headLine, `numLayers, inputSize, outputSize, maxLayerSize: expected 4 numbers, found ${head.length}`);
  const [numLayers, inputSize, outputSize, maxLayerSize] = positiveInts(headLine, head, 'value');

  // Line: layer sizes
  const sizesLine = take('layer sizes');
  const sizeFields = fields(sizesLine);
  if (sizeFields.length !== numLayers + 1) {
    fail(sizesLine, `layer sizes: expected ${numLayers + 1} numbers (numLayers + 1), found ${sizeFields.length}`);
  }
  const layerSizes = positiveInts(sizesLine, sizeFields, 'layer size');
  if (layerSizes[0] !== inputSize) fail(sizesLine, `first layer size ${layerSizes[0]} differs from inputSize ${inputSize}`);
  if (layerSizes[numLayers] !== outputSize) {
    fail(sizesLine, `last layer size ${layerSizes[numLayers]} differs from outputSize ${outputSize}`);
  }
  // maxLayerSize only sizes buffers in the C reader; it is not checked.

  take('the flag line'); // ignored, as in the reference readers

  const mins = numbers(inputSize, 'input minimums');
  const maxes = numbers(inputSize, 'input maximums');
  for (let k = 0; k < inputSize; k++) {
    if (mins.values[k].n * maxes.values[k].d > maxes.values[k].n * mins.values[k].d) {
      fail(maxes.line, `input maximums: value ${k + 1} is below the minimum on line ${mins.line.no}`);
    }
  }
  const means = numbers(inputSize + 1, 'means (inputs, then output)');
  const ranges = numbers(inputSize + 1, 'ranges (inputs, then output)');
  ranges.values.forEach((r, k) => {
    if (r.n === 0n) fail(ranges.line, `ranges: value ${k + 1} is zero`);
  });

  const weights: Rational[][][] = [];
  const biases: Rational[][] = [];
  for (let l = 0; l < numLayers; l++) {
    const rows = layerSizes[l + 1];
    const cols = layerSizes[l];
    const W: Rational[][] = [];
    for (let r = 0; r < rows; r++) W.push(numbers(cols, `layer ${l + 1} weight row ${r + 1}`).values);
    const b: Rational[] = [];
    for (let r = 0; r < rows; r++) b.push(numbers(1, `layer ${l + 1} bias ${r + 1}`).values[0]);
    weights.push(W);
    biases.push(b);
  }
  if (next < lines.length) fail(lines[next], 'unexpected content after the last layer');

  const raw: NnetRaw = {
    numLayers,
    inputSize,
    outputSize,
    maxLayerSize,
    layerSizes,
    mins: mins.values,
    maxes: maxes.values,
    means: means.values,
    ranges: ranges.values,
    weights,
    biases,
  };
  return {
    network: foldNnet(raw),
    inputBox: { kind: 'box', lo: [...raw.mins], hi: [...raw.maxes] },
    raw,
  };
}

/**
 * The exact raw-to-raw network: first layer W' = W·diag(1/range), b' = b − W·(mean/range);
 * last layer W' = range_out·W, b' = range_out·b + mean_out (both when there is one layer).
 */
export function foldNnet(raw: NnetRaw): Network {
  const n = raw.inputSize;
  const layers: Layer[] = raw.weights.map((W, l) => {
    let weights = W.map((row) => [...row]);
    let bias = [...raw.biases[l]];
    if (l === 0) {
      const scale = raw.ranges.slice(0, n);
      const shift = raw.means.slice(0, n).map((m, j) => div(m, scale[j]));
      bias = bias.map((b, r) => sub(b, W[r].reduce((s, w, j) => add(s, mul(w, shift[j])), ZERO)));
      weights = weights.map((row) => row.map((w, j) => div(w, scale[j])));
    }
    const last = l === raw.weights.length - 1;
    if (last) {
      const rOut = raw.ranges[n];
      const mOut = raw.means[n];
      weights = weights.map((row) => row.map((w) => mul(rOut, w)));
      bias = bias.map((b) => add(mul(rOut, b), mOut));
    }
    return { weights, bias, activation: last ? 'linear' : 'relu' };
  });
  return { inputSize: n, layers };
}

/** Reads and parses a .nnet file; errors start with the path. */
export function loadNnet(path: string): NnetFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseNnet(text, path);
}

/** The file's input normalisation of one raw point, (x_i − mean_i)/range_i (no clamping). */
export function normaliseNnetInput(raw: NnetRaw, x: Rational[]): Rational[] {
  return x.map((v, j) => div(sub(v, raw.means[j]), raw.ranges[j]));
}
