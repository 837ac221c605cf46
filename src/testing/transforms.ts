/**
 * Exact, function-preserving rewrites of a network, for invariance (metamorphic) properties.
 *
 * Both helpers return a new Network and never mutate their input. For a hidden layer (any layer
 * but the last) the rewritten network computes exactly the same function, so every
 * region-level quantity (activation-region count, linear-region count, the set of exact maps)
 * is unchanged; activation patterns change predictably (see each helper). For the last layer
 * there is no next layer to compensate, so the output coordinates are permuted / scaled
 * instead: the regions are still the same, the maps change accordingly.
 */
import { cmp, div, mul, ZERO, type Rational } from '../kernel/rational.js';
import type { Layer, Network } from '../network/network.js';

function checkLayer(net: Network, layer: number): void {
  if (!Number.isInteger(layer) || layer < 0 || layer >= net.layers.length) {
    throw new RangeError(`layer ${layer}: the network has ${net.layers.length} layers`);
  }
}

const copyLayer = (l: Layer): Layer => ({
  weights: l.weights.map((row) => [...row]),
  bias: [...l.bias],
  activation: l.activation,
});

/** True iff `perm` is a permutation of 0..n-1. */
export function isPermutation(perm: readonly number[], n: number): boolean {
  if (perm.length !== n) return false;
  const seen = new Array<boolean>(n).fill(false);
  for (const p of perm) {
    if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) return false;
    seen[p] = true;
  }
  return true;
}

/**
 * Reorders the neurons of layer `layer`: new neuron k is old neuron perm[k] (its weight row and
 * bias), and the next layer's input columns are reordered the same way, so the network function
 * is unchanged. Activation patterns are permuted accordingly: the new bit k of that layer is
 * the old bit perm[k] (see `permutePattern`).
 */
export function permuteHiddenNeurons(net: Network, layer: number, perm: readonly number[]): Network {
  checkLayer(net, layer);
  const n = net.layers[layer].weights.length;
  if (!isPermutation(perm, n)) throw new RangeError(`not a permutation of 0..${n - 1}: [${perm.join(',')}]`);
  const layers = net.layers.map(copyLayer);
  const cur = net.layers[layer];
  layers[layer] = {
    weights: perm.map((p) => [...cur.weights[p]]),
    bias: perm.map((p) => cur.bias[p]),
    activation: cur.activation,
  };
  const next = net.layers[layer + 1];
  if (next) layers[layer + 1] = { ...copyLayer(next), weights: next.weights.map((row) => perm.map((p) => row[p])) };
  return { inputSize: net.inputSize, layers };
}

/**
 * Scales neuron `index` of layer `layer` by alpha > 0: its weight row and bias become
 * alpha·w, alpha·b, and column `index` of the next layer is divided by alpha. ReLU (and the
 * identity) are positively homogeneous, so the network function and all activation patterns
 * are unchanged.
 */
export function rescaleNeuron(net: Network, layer: number, index: number, alpha: Rational): Network {
  checkLayer(net, layer);
  const n = net.layers[layer].weights.length;
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`neuron ${index}: layer has ${n}`);
  if (cmp(alpha, ZERO) <= 0) throw new RangeError('rescaleNeuron: alpha must be > 0');
  const layers = net.layers.map(copyLayer);
  layers[layer].weights[index] = layers[layer].weights[index].map((w) => mul(alpha, w));
  layers[layer].bias[index] = mul(alpha, layers[layer].bias[index]);
  const next = layers[layer + 1];
  if (next) for (const row of next.weights) row[index] = div(row[index], alpha);
  return { inputSize: net.inputSize, layers };
}

/**
 * The pattern string ("1011|01", one bit string per ReLU layer) after `permuteHiddenNeurons`
 * applied `perm` to the ReLU layer whose bits are the `reluLayer`-th group (count only ReLU
 * layers; equals the layer index when every layer before it is ReLU).
 */
export function permutePattern(pattern: string, reluLayer: number, perm: readonly number[]): string {
  const groups = pattern.split('|');
  const g = groups[reluLayer];
  if (g === undefined || !isPermutation(perm, g.length)) throw new RangeError('permutePattern: bad layer or permutation');
  groups[reluLayer] = perm.map((p) => g[p]).join('');
  return groups.join('|');
}
