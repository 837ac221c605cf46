/**
 * The picture's options as users write them (`--color`, `--level`, `--decision`), read into
 * exact values with one-line errors (InputError), and checked against the network's outputs.
 */
import { InputError } from '../errors.js';
import { parseRational, rationalSyntaxHint, type Rational } from '../kernel/rational.js';
import { showInput } from '../network/parse-json.js';

export type ColorMode = { kind: 'linear' } | { kind: 'region' } | { kind: 'argmax' } | { kind: 'argmin' } | { kind: 'output'; output: number };

export const COLOR_MODES = 'linear, region, argmax, argmin or output:K';

/** A level set {f_K = C}. */
export interface LevelSpec {
  output: number;
  value: Rational;
}

export function parseColorMode(s: string, flag = '--color'): ColorMode {
  const t = s.trim();
  if (t === 'linear' || t === 'region' || t === 'argmax' || t === 'argmin') return { kind: t };
  const m = /^output:(\d+)$/.exec(t);
  if (m) return { kind: 'output', output: Number(m[1]) };
  throw new InputError(`${flag}: unknown value ${showInput(t)} (expected ${COLOR_MODES}, with K a 0-based output index)`);
}

/** `K=C`: output K (0-based), exact value C (decimal or p/q). */
export function parseLevel(s: string, flag = '--level'): LevelSpec {
  const m = /^\s*(\d+)\s*=(.*)$/.exec(s);
  if (!m) throw new InputError(`${flag}: ${showInput(s.trim())}: expected K=C with a 0-based output index K and an exact value C, e.g. "0=1/2"`);
  const value = parseRational(m[2]);
  if (value === null) throw new InputError(`${flag}: ${showInput(s.trim())}: bad value ${showInput(m[2].trim())}${rationalSyntaxHint(m[2])}`);
  return { output: Number(m[1]), value };
}

/** `I,J`: two different outputs. */
export function parseDecision(s: string, flag = '--decision'): [number, number] {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(s);
  if (!m) throw new InputError(`${flag}: ${showInput(s.trim())}: expected I,J with two 0-based output indices, e.g. "0,1"`);
  const pair: [number, number] = [Number(m[1]), Number(m[2])];
  if (pair[0] === pair[1]) throw new InputError(`${flag}: ${showInput(s.trim())}: the two outputs must differ`);
  return pair;
}

/** Throws unless output k exists. */
export function checkOutput(k: number, outputs: number, place: string): void {
  if (!(Number.isInteger(k) && k >= 0 && k < outputs)) {
    throw new InputError(`${place}: output ${k} does not exist (the network has ${outputs} output${outputs === 1 ? '' : 's'}: ${outputs === 1 ? '0' : `0..${outputs - 1}`})`);
  }
}

/** A comma-separated list of names (`--input-names`, `--output-names`), of exactly `n` entries. */
export function parseNames(s: string, n: number, flag: string): string[] {
  const names = s.split(',').map((x) => x.trim());
  if (names.length !== n || names.some((x) => x === '')) throw new InputError(`${flag}: expected ${n} non-empty comma-separated name${n === 1 ? '' : 's'}, got ${showInput(s)}`);
  return names;
}
