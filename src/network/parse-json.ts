import { fromDouble, parseRational, rationalSyntaxHint, type Rational } from '../kernel/rational.js';
import { InputError } from '../errors.js';
import type { Activation, Layer, Network } from './network.js';

/** JSON.parse with a one-line InputError naming the source. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')); // editors on Windows like to add a BOM
  } catch (e) {
    // V8 quotes the offending text, raw control characters included
    throw new InputError(`${source}: invalid JSON: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
}

/** Control characters and line separators escaped as \uXXXX, so that a message stays one line. */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
    if (NON_FINITE_RE.test(v)) throw new InputError(`${place}: not a finite number: ${showInput(v)}`);
    const r = parseRational(v);
    if (r !== null) return r;
    throw new InputError(`${place}: not a number or exact rational string: ${showInput(v)}${rationalSyntaxHint(v)}`);
  }
  if (v === undefined) throw new InputError(`${place}: missing`);
  throw new InputError(`${place}: not a number or exact rational string: ${showInput(v)}`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function kindOf(v: unknown): string {
  return v === null ? 'null' : v === undefined ? 'nothing' : Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * Short one-line form of an offending value, safe for anything a library caller may pass:
 * bigints print as `5n` (JSON.stringify throws on them), deep or circular structures by their
 * kind (a plain JSON.stringify would overflow the stack), control characters escaped.
 */
export function showInput(v: unknown): string {
  let s: string;
  if (v === undefined) s = 'nothing';
  else if (typeof v === 'bigint') s = `${v}n`;
  else if (typeof v === 'number') s = String(v); // NaN and Infinity, not JSON's null
  else if (typeof v === 'function' || typeof v === 'symbol') s = `a ${typeof v}`;
  else {
    try {
      s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? kindOf(v);
      s = s.replace(/"(-?\d+n)"/g, '$1');
    } catch {
      s = kindOf(v) === 'object' ? 'an object' : kindOf(v);
    }
  }
  s = oneLine(s);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Reads one entry of a number array: entry `index` of the array at `place` (build the place only on error). */
export type NumberReader = (v: unknown, place: string, index: number) => Rational;

export const jsonNumber: NumberReader = (v, place, i) => parseExactNumber(v, `${place}[${i}]`);

/**
 * An array of numbers of the given length (`expected` omitted: any length). With `copy` false the
 * entries are only checked and the input array itself is returned (hand-built networks).
 */
export function readNumbers(v: unknown, place: string, expected: number | undefined, read: NumberReader, copy = true): Rational[] {
  if (v === undefined) throw new InputError(`${place}: missing`);
  if (!Array.isArray(v)) throw new InputError(`${place}: expected an array of numbers, got ${kindOf(v)}`);
  if (expected !== undefined && v.length !== expected) {
    throw new InputError(`${place}: ${v.length} entries, expected ${expected}`);
  }
  const out: Rational[] = copy ? new Array<Rational>(v.length) : (v as Rational[]);
  for (let i = 0; i < v.length; i++) {
    const r = read(v[i], place, i); // a loop, not map(): map skips the holes of sparse arrays
    if (copy) out[i] = r;
  }
  return out;
}

/** An array of exact numbers of the given length (`expected` omitted: any length). */
export function parseNumberArray(v: unknown, place: string, expected?: number): Rational[] {
  return readNumbers(v, place, expected, jsonNumber);
}

/**
 * How a network's numbers and activations are read. The JSON parser and the check of hand-built
 * Network objects (validate.ts) share the walk below, hence the order of checks and every
 * message about the structure ("layers[2].weights[3]: 4 entries, expected 5").
 */
export interface NetworkSchema {
  /** What the top level must be, for the message: "a JSON object", "an object". */
  object: string;
  number: NumberReader;
  /** The activation when the key is absent (JSON: relu); none: it must be given. */
  defaultActivation?: Activation;
  /** Build new arrays (parsing) or check the given ones in place (validation). */
  copy: boolean;
}

const JSON_SCHEMA: NetworkSchema = { object: 'a JSON object', number: jsonNumber, defaultActivation: 'relu', copy: true };

const LAYER_KEYS = new Set(['weights', 'bias', 'activation']);

function readLayer(v: unknown, place: string, inWidth: number, schema: NetworkSchema): Layer {
  if (!isObject(v)) throw new InputError(`${place}: expected an object with "weights" and "bias", got ${kindOf(v)}`);
  // A misspelt "activation" would silently mean relu, so unknown layer keys are rejected.
  for (const k of Object.keys(v)) {
    if (!LAYER_KEYS.has(k)) throw new InputError(`${place}: unknown key ${showInput(k)} (expected "weights", "bias", "activation")`);
  }
  const w = v.weights;
  if (w === undefined) throw new InputError(`${place}.weights: missing`);
  if (!Array.isArray(w)) throw new InputError(`${place}.weights: expected an array of rows, got ${kindOf(w)}`);
  if (w.length === 0) throw new InputError(`${place}: empty layer (no neurons)`);
  const weights: Rational[][] = schema.copy ? new Array<Rational[]>(w.length) : (w as Rational[][]);
  for (let j = 0; j < w.length; j++) {
    const row = readNumbers(w[j], `${place}.weights[${j}]`, inWidth, schema.number, schema.copy);
    if (schema.copy) weights[j] = row;
  }
  const bias = readNumbers(v.bias, `${place}.bias`, weights.length, schema.number, schema.copy);
  // Omitted activation means ReLU in files: the common case, and what a bare {weights, bias} suggests.
  const act = v.activation ?? schema.defaultActivation;
  if (act === undefined) throw new InputError(`${place}.activation: missing (expected "relu" or "linear")`);
  if (act !== 'relu' && act !== 'linear') {
    throw new InputError(`${place}.activation: unknown activation ${showInput(act)} (expected "relu" or "linear")`);
  }
  return { weights, bias, activation: act };
}

/** The walk shared by parseNetworkValue and checkNetwork (validate.ts); see NetworkSchema. */
export function readNetwork(value: unknown, source: string, schema: NetworkSchema): Network {
  if (!isObject(value)) {
    throw new InputError(`${source}: expected ${schema.object} with "inputSize" and "layers", got ${kindOf(value)}`);
  }
  const d = value.inputSize;
  if (d === undefined) throw new InputError('inputSize: missing');
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
    throw new InputError(`inputSize: expected a positive integer, got ${showInput(d)}`);
  }
  const ls = value.layers;
  if (ls === undefined) throw new InputError('layers: missing');
  if (!Array.isArray(ls)) throw new InputError(`layers: expected an array, got ${kindOf(ls)}`);
  if (ls.length === 0) throw new InputError('layers: empty');
  const layers: Layer[] = [];
  let width = d;
  for (let l = 0; l < ls.length; l++) {
    const layer = readLayer(ls[l], `layers[${l}]`, width, schema);
    layers.push(layer);
    width = layer.weights.length;
  }
  return { inputSize: d, layers };
}

/** Validates an already-parsed JSON value. Errors name the place, e.g. "layers[2].weights[3]: ...". */
export function parseNetworkValue(value: unknown, source = 'network'): Network {
  const net = readNetwork(value, source, JSON_SCHEMA);
  const names = isObject(value) ? value.inputNames : undefined;
  if (names !== undefined) net.inputNames = readInputNames(names, net.inputSize);
  return net;
}

/** `"inputNames"`: one distinct, non-empty string per input (explain maps CSV columns by them). */
function readInputNames(v: unknown, d: number): string[] {
  if (!Array.isArray(v)) throw new InputError(`inputNames: expected an array of strings, got ${kindOf(v)}`);
  if (v.length !== d) throw new InputError(`inputNames: ${v.length} entries, expected ${d} (one per input)`);
  const seen = new Map<string, number>();
  return v.map((name, i) => {
    if (typeof name !== 'string' || name.trim() === '') throw new InputError(`inputNames[${i}]: expected a non-empty string, got ${showInput(name)}`);
    const first = seen.get(name);
    if (first !== undefined) throw new InputError(`inputNames[${i}]: ${showInput(name)} repeats inputNames[${first}]`);
    seen.set(name, i);
    return name;
  });
}

export function parseNetworkJson(text: string, source = 'network'): Network {
  return parseNetworkValue(parseJsonText(text, source), source);
}
