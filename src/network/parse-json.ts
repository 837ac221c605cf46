import { fromDouble, parseRational, type Rational } from '../kernel/rational.js';
import { InputError, showValue } from '../errors.js';
import type { Layer, Network } from './network.js';

/** JSON.parse with a one-line InputError naming the source. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')); // editors on Windows like to add a BOM
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new InputError(`${source}: invalid JSON: ${reason}`);
  }
}

const NON_FINITE_RE = /^\s*[+-]?(nan|inf|infinity)\s*$/i;

/**
 * A number in an input file: a JSON number is taken as its exact binary64 value (JSON.parse
 * already rounded the literal to the nearest double, which is what the network was trained
 * with); a string is an exact rational "p/q" or an exact decimal such as "0.1" or "1e-3".
 */
export function parseExactNumber(v: unknown, place: string): Rational {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      // JSON.parse turns an overflowing literal such as 1e400 into Infinity
      const hint = Number.isNaN(v) ? '' : ' (the literal overflows binary64; write it as a string to keep it exact)';
      throw new InputError(`${place}: not a finite number: ${v}${hint}`);
    }
    return fromDouble(v);
  }
  if (typeof v === 'string') {
    if (NON_FINITE_RE.test(v)) throw new InputError(`${place}: not a finite number: ${showValue(v)}`);
    const r = parseRational(v);
    if (r !== null) return r;
  }
  throw new InputError(`${place}: not a number or exact rational string: ${showValue(v)}`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** An array of exact numbers of the given length (`expected` omitted: any non-zero length). */
export function parseNumberArray(v: unknown, place: string, expected?: number): Rational[] {
  if (v === undefined) throw new InputError(`${place}: missing`);
  if (!Array.isArray(v)) throw new InputError(`${place}: expected an array of numbers, got ${kindOf(v)}`);
  if (expected !== undefined && v.length !== expected) {
    throw new InputError(`${place}: ${v.length} entries, expected ${expected}`);
  }
  return v.map((x, i) => parseExactNumber(x, `${place}[${i}]`));
}

const LAYER_KEYS = new Set(['weights', 'bias', 'activation']);

function parseLayer(v: unknown, place: string, inWidth: number): Layer {
  if (!isObject(v)) throw new InputError(`${place}: expected an object with "weights" and "bias", got ${kindOf(v)}`);
  // A misspelt "activation" would silently mean relu, so unknown layer keys are rejected.
  for (const k of Object.keys(v)) {
    if (!LAYER_KEYS.has(k)) throw new InputError(`${place}: unknown key ${showValue(k)} (expected "weights", "bias", "activation")`);
  }
  const w = v.weights;
  if (w === undefined) throw new InputError(`${place}.weights: missing`);
  if (!Array.isArray(w)) throw new InputError(`${place}.weights: expected an array of rows, got ${kindOf(w)}`);
  if (w.length === 0) throw new InputError(`${place}: empty layer (no neurons)`);
  const weights = w.map((row, j) => parseNumberArray(row, `${place}.weights[${j}]`, inWidth));
  const bias = parseNumberArray(v.bias, `${place}.bias`, weights.length);
  // Omitted activation means ReLU: the common case, and what a bare {weights, bias} suggests.
  const act = v.activation ?? 'relu';
  if (act !== 'relu' && act !== 'linear') {
    throw new InputError(`${place}.activation: unknown activation ${showValue(act)} (expected "relu" or "linear")`);
  }
  return { weights, bias, activation: act };
}

/** Validates an already-parsed JSON value. Errors name the place, e.g. "layers[2].weights[3]: ...". */
export function parseNetworkValue(value: unknown, source = 'network'): Network {
  if (!isObject(value)) {
    throw new InputError(`${source}: expected a JSON object with "inputSize" and "layers", got ${kindOf(value)}`);
  }
  const d = value.inputSize;
  if (d === undefined) throw new InputError('inputSize: missing');
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
    throw new InputError(`inputSize: expected a positive integer, got ${showValue(d)}`);
  }
  const ls = value.layers;
  if (ls === undefined) throw new InputError('layers: missing');
  if (!Array.isArray(ls)) throw new InputError(`layers: expected an array, got ${kindOf(ls)}`);
  if (ls.length === 0) throw new InputError('layers: empty');
  const layers: Layer[] = [];
  let width = d;
  for (let l = 0; l < ls.length; l++) {
    const layer = parseLayer(ls[l], `layers[${l}]`, width);
    layers.push(layer);
    width = layer.weights.length;
  }
  return { inputSize: d, layers };
}

export function parseNetworkJson(text: string, source = 'network'): Network {
  return parseNetworkValue(parseJsonText(text, source), source);
}
