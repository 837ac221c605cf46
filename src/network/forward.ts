import { add, mul, ZERO, type Rational } from '../kernel/rational.js';
import { InputError } from '../errors.js';
import type { Network } from './network.js';

export interface ForwardTrace {
  preActivations: Rational[][]; // [layer][neuron], for every layer including a linear last one
  output: Rational[]; // post-activation value of the last layer
}

/** Exact forward pass. */
export function forward(net: Network, x: Rational[]): ForwardTrace {
  if (x.length !== net.inputSize) {
    throw new InputError(`input point: ${x.length} coordinates, expected ${net.inputSize}`);
  }
  const preActivations: Rational[][] = [];
  let h = x;
  for (const layer of net.layers) {
    const z = layer.weights.map((row, j) => row.reduce((s, w, i) => add(s, mul(w, h[i])), layer.bias[j]));
    preActivations.push(z);
    h = layer.activation === 'relu' ? z.map((v) => (v.n > 0n ? v : ZERO)) : z;
  }
  return { preActivations, output: h };
}
