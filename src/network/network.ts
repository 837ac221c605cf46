import type { Rational } from '../kernel/rational.js';

export type Activation = 'relu' | 'linear';

export interface Layer {
  weights: Rational[][]; // one row per output neuron
  bias: Rational[];
  activation: Activation;
}

export interface Network {
  inputSize: number;
  layers: Layer[];
}

/** Output width of each layer. */
export function layerSizes(net: Network): number[] {
  return net.layers.map((l) => l.weights.length);
}
