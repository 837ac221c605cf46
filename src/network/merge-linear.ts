/**
 * Composes every linear hidden layer exactly into the next one: the same function, with every
 * hidden layer ReLU. (The linear-bound passes relax ReLU layers only.)
 */
import { add, mul, ZERO } from '../kernel/rational.js';
import type { Layer } from './network.js';

export function mergeLinearLayers(layers: Layer[]): Layer[] {
  const out: Layer[] = [];
  let pending: Layer | null = null;
  for (let k = 0; k < layers.length; k++) {
    let layer = layers[k];
    if (pending) {
      const p = pending;
      layer = {
        weights: layer.weights.map((row) => p.weights[0].map((_, i) => row.reduce((s, w, j) => add(s, mul(w, p.weights[j][i])), ZERO))),
        bias: layer.weights.map((row, r) => row.reduce((s, w, j) => add(s, mul(w, p.bias[j])), layer.bias[r])),
        activation: layer.activation,
      };
      pending = null;
    }
    if (layer.activation === 'linear' && k < layers.length - 1) pending = layer;
    else out.push(layer);
  }
  return out;
}
