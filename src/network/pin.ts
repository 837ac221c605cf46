/**
 * Pinned inputs as the user gives them: `--pin "2=0.5,3=-1/3"` (0-based input indices, as in
 * VNN-LIB's X_i and every "input i" message; exact decimals or p/q), checked and folded into the
 * first layer by pinInputs (pin-inputs.ts), the folding verify uses.
 */
import { InputError } from '../errors.js';
import { parseRational, rationalSyntaxHint, ZERO, type Rational } from '../kernel/rational.js';
import type { Network } from './network.js';
import { showInput } from './parse-json.js';
import { pinInputs, type PinnedNetwork } from './pin-inputs.js';

/** Input index → its exact value. */
export type Pins = Map<number, Rational>;

/** The valid input indices, for messages: "0..4". */
const inputRange = (d: number): string => (d === 1 ? '0' : `0..${d - 1}`);

/** Throws unless `i` is an input of a network with d inputs. */
export function checkInputIndex(i: number, d: number, place: string): void {
  if (!(Number.isInteger(i) && i >= 0 && i < d)) throw new InputError(`${place}: unknown input ${showInput(i)} (the network's inputs are ${inputRange(d)})`);
}

/** `"2=0.5,3=-1/3,4=0"`: input index = exact value, each input at most once. */
export function parsePinSpec(spec: string, d: number, flag = '--pin'): Pins {
  const pins: Pins = new Map();
  if (spec.trim() === '') throw new InputError(`${flag}: empty (expected "I=V,..." such as "2=0.5,3=-1/3")`);
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*=(.*)$/.exec(part);
    if (!m) throw new InputError(`${flag}: ${showInput(part.trim())}: expected INPUT=VALUE with a 0-based input index, e.g. "2=0.5"`);
    const i = Number(m[1]);
    checkInputIndex(i, d, `${flag}: ${showInput(part.trim())}`);
    const v = parseRational(m[2]);
    if (v === null) throw new InputError(`${flag}: input ${i}: bad value ${showInput(m[2].trim())}${rationalSyntaxHint(m[2])}`);
    if (pins.has(i)) throw new InputError(`${flag}: input ${i} is pinned twice`);
    pins.set(i, v);
  }
  return pins;
}

/**
 * The network of the free inputs (in their original order), the pinned ones folded exactly into
 * the first layer. At least one input must stay free.
 */
export function pinNetwork(net: Network, pins: Pins, place = 'pin'): PinnedNetwork {
  const d = net.inputSize;
  for (const i of pins.keys()) checkInputIndex(i, d, place);
  if (pins.size === d) throw new InputError(`${place}: every input is pinned (${d} of ${d}): no input is left to vary`);
  const pinned = Array.from({ length: d }, (_, i) => pins.has(i));
  const value = Array.from({ length: d }, (_, i) => pins.get(i) ?? ZERO);
  return pinInputs(net, pinned, value);
}
