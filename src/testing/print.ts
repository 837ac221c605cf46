/**
 * Printing generated values: networks, boxes, points and weights show exact "p/q" values in
 * fast-check's reports (and String(weight) is "p/q"), never `{"n":1n,"d":16777216n}`.
 */
import fc from 'fast-check';
import { toString, type Rational } from '../kernel/rational.js';
import { networkToJson } from '../network/to-json.js';
import type { Domain } from '../domain/domain.js';
import type { Network } from '../network/network.js';

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

export { networkToJson } from '../network/to-json.js';
