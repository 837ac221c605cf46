/** A network written back in its JSON input format. */
import { toString } from '../kernel/rational.js';
import type { Activation, Network } from './network.js';

/**
 * The network in the JSON input format, numbers as exact strings ("-3/7", "1"): the form the CLI
 * and `loadNetwork` read back, and that other tools can parse. Use it to report or save a
 * counterexample (`JSON.stringify(networkToJson(net))`): a Network holds bigints, which
 * `JSON.stringify` rejects and `console.log` prints as `{ n: 1n, d: 16777216n }`.
 */
export function networkToJson(net: Network): { inputSize: number; inputNames?: string[]; layers: { weights: string[][]; bias: string[]; activation: Activation }[] } {
  return {
    inputSize: net.inputSize,
    ...(net.inputNames ? { inputNames: [...net.inputNames] } : {}),
    layers: net.layers.map((l) => ({
      weights: l.weights.map((row) => row.map(toString)),
      bias: l.bias.map(toString),
      activation: l.activation,
    })),
  };
}
