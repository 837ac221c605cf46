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
  /** Names of the inputs, when the file gives them (JSON `"inputNames"`): used by `explain` to map CSV columns. */
  inputNames?: string[];
}

/** Output width of each layer. */
export function layerSizes(net: Network): number[] {
  return net.layers.map((l) => l.weights.length);
}
