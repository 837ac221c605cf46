/**
 * Printing generated values: networks, boxes, points and weights show exact "p/q" values in
 * fast-check's reports (and String(weight) is "p/q"), never `{"n":1n,"d":16777216n}`.
 */
import fc from 'fast-check';
import { toString, type Rational } from '../kernel/rational.js';
import type { Domain } from '../domain/domain.js';
import type { Activation, Network } from '../network/network.js';

/**
 * Attaches fast-check's print method (non-enumerable, so equality and JSON are unchanged): a
 * failing case then shows exact "p/q" values instead of `{"n":1n,"d":16777216n}`.
 */
export function printable<T extends object>(value: T, print: () => string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: print, enumerable: false, configurable: true });
  return value;
}

/** A fresh copy of a rational that prints as "p/q" (in fast-check reports and with String()). */
export function printableRational(r: Rational): Rational {
  const copy = { n: r.n, d: r.d };
  const print = () => toString(copy);
  Object.defineProperty(copy, 'toString', { value: print, enumerable: false });
  return printable(copy, print);
}

/** A network that prints as its JSON format with exact strings (see networkToJson). */
export const printableNetwork = (net: Network): Network => printable(net, () => `network ${JSON.stringify(networkToJson(net))}`);

/** A box that prints as {"kind":"box","lo":[...],"hi":[...]} with exact strings. */
export const printableBox = <B extends Domain & { kind: 'box' }>(box: B): B =>
  printable(box, () => `box ${JSON.stringify({ kind: 'box', lo: box.lo.map(toString), hi: box.hi.map(toString) })}`);

/**
 * The network in the JSON input format, numbers as exact strings ("-3/7", "1"): the form the CLI
 * and `loadNetwork` read back, and that other tools can parse. Use it to report or save a
 * counterexample (`JSON.stringify(networkToJson(net))`): a Network holds bigints, which
 * `JSON.stringify` rejects and `console.log` prints as `{ n: 1n, d: 16777216n }`.
 */
export function networkToJson(net: Network): { inputSize: number; layers: { weights: string[][]; bias: string[]; activation: Activation }[] } {
  return {
    inputSize: net.inputSize,
    layers: net.layers.map((l) => ({
      weights: l.weights.map((row) => row.map(toString)),
      bias: l.bias.map(toString),
      activation: l.activation,
    })),
  };
}
