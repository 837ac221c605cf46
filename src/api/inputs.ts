/**
 * The library's inputs, in the forms users hold them: a network as the JSON format's object
 * (numbers, exact strings, bigints, Fractions or kernel rationals as entries; activation
 * defaulting to relu), a domain as {kind: "box", lo, hi} / {A, b} / {kind: "whole"} / a box
 * spec string ("-1,1" or "LO1:HI1,..."), a property as VNN-LIB text. Each is read by the same
 * walk as its file format, so mistakes get the same one-line messages (InputError).
 */
import { defaultDomain, parseBoxSpec, readDomain, type Domain } from '../domain/domain.js';
import { InputError, withPrefix } from '../errors.js';
import type { Rational } from '../kernel/rational.js';
import type { Activation, Network } from '../network/network.js';
import { readNetwork, type NumberReader } from '../network/parse-json.js';
import { parseVnnlib, type Property } from '../verify/vnnlib.js';
import { toRational, type ExactInput } from './exact.js';

/** A network: the JSON format as an object, with any exact number type as entries. */
export interface NetworkInput {
  inputSize: number;
  /** activation: 'relu' (the default) or 'linear' (checked when read). */
  layers: { weights: ExactInput[][]; bias: ExactInput[]; activation?: Activation | (string & {}) }[];
}

/** A domain: a box, a polyhedron A x <= b, the whole space, or a box spec string. */
export type DomainInput =
  | { kind: 'box'; lo: ExactInput[]; hi: ExactInput[] }
  | { kind?: 'polyhedron'; A: ExactInput[][]; b: ExactInput[] }
  | { kind: 'whole' }
  | string;

const exact: NumberReader = (v, place, i) => toRational(v as ExactInput, `${place}[${i}]`);

/** A validated exact Network (a kernel Network passes through the same checks). */
export function toNetwork(input: NetworkInput | Network, place = 'network'): Network {
  return withPrefix(place, () => readNetwork(input, place, { object: 'an object {inputSize, layers}', number: exact, defaultActivation: 'relu', copy: true }));
}

/** A validated domain for inputs of dimension d; undefined: the default box [-1,1]^d. */
export function toDomain(input: DomainInput | Domain | undefined, d: number, place = 'domain'): Domain {
  if (input === undefined) return defaultDomain(d);
  if (typeof input === 'string') return withPrefix(place, () => parseBoxSpec(input, d));
  return withPrefix(place, () =>
    readDomain(input, d, place, { notObject: 'expected {kind: "box", lo, hi}, {A, b}, {kind: "whole"} or a box spec string', number: exact, copy: true, kindRequired: false }),
  );
}

/** A property: VNN-LIB text, or an already parsed Property. */
export function toProperty(input: string | Property, place = 'property'): Property {
  if (typeof input === 'string') return parseVnnlib(input, place);
  if (typeof input !== 'object' || input === null || !Array.isArray((input as Property).unsafe)) {
    throw new InputError(`${place}: expected VNN-LIB text or a Property from parseVnnlib`);
  }
  return input;
}

/** An objective over the outputs: `output: k` (the unit vector) or explicit coefficients. */
export function toObjective(outputs: number, output: number | undefined, objective: ExactInput[] | undefined): Rational[] {
  if ((output === undefined) === (objective === undefined)) throw new InputError('range: give one of output or objective');
  if (output !== undefined) {
    if (!(Number.isInteger(output) && output >= 0 && output < outputs)) throw new InputError(`output: expected an index 0..${outputs - 1}, got ${String(output)}`);
    return Array.from({ length: outputs }, (_, k) => ({ n: k === output ? 1n : 0n, d: 1n }));
  }
  if (!Array.isArray(objective) || objective.length !== outputs) {
    throw new InputError(`objective: expected ${outputs} coefficients, got ${Array.isArray(objective) ? objective.length : typeof objective}`);
  }
  return objective.map((v, i) => toRational(v, `objective[${i}]`));
}
