/**
 * Exact network algebra in the library (network/algebra.ts): networks in any accepted form
 * (NetworkInput or Network), matrices of exact inputs (Fractions, "p/q" strings, bigints, numbers
 * as their exact binary value); the results are Networks, ready for every query.
 */
import { InputError } from '../errors.js';
import type { Rational } from '../kernel/rational.js';
import * as algebra from '../network/algebra.js';
import type { Network } from '../network/network.js';
import { toRationals, type ExactInput } from './exact.js';
import { toNetwork, type NetworkInput } from './inputs.js';

type Net = NetworkInput | Network;
const matrix = (m: ExactInput[][], place: string): Rational[][] => {
  if (!Array.isArray(m)) throw new InputError(`${place}: expected an array of rows`);
  return m.map((row, i) => toRationals(row, `${place}[${i}]`));
};
const zeros = (n: number): Rational[] => Array.from({ length: n }, () => ({ n: 0n, d: 1n }));

/** x ↦ A·x + b (b defaults to zeros). */
export const affineNetwork = (A: ExactInput[][], b?: ExactInput[]): Network => {
  const a = matrix(A, 'A');
  return algebra.affineNetwork(a, b === undefined ? zeros(a.length) : toRationals(b, 'b'));
};
/** x ↦ g(f(x)). */
export const compose = (g: Net, f: Net): Network => algebra.compose(toNetwork(g, 'g'), toNetwork(f, 'f'));
/** x ↦ (f(x), g(x)). */
export const stack = (f: Net, g: Net): Network => algebra.stack(toNetwork(f, 'f'), toNetwork(g, 'g'));
/** x ↦ (x, f(x)). */
export const concatInput = (f: Net): Network => algebra.concatInput(toNetwork(f, 'f'));
/** x ↦ A·x + B·π(x) + c (c defaults to zeros). */
export function closedLoop(controller: Net, plant: { A: ExactInput[][]; B: ExactInput[][]; c?: ExactInput[] }): Network {
  const A = matrix(plant.A, 'A');
  const c = plant.c === undefined ? zeros(A.length) : toRationals(plant.c, 'c');
  return algebra.closedLoop(toNetwork(controller, 'controller'), A, matrix(plant.B, 'B'), c);
}
