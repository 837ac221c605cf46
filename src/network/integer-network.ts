/**
 * Layers as integer matrices over one common denominator per layer. Float weights are dyadic,
 * so the composed affine maps stay integer arithmetic; this is what the enumerator runs on.
 */
import { lcm } from '../kernel/rational.js';
import type { Network } from './network.js';

export interface IntLayer {
  W: bigint[][]; // n_out × n_in, true weights are W / den
  b: bigint[]; // true bias is b / den
  den: bigint;
  relu: boolean;
}

export function toIntegerLayers(net: Network): IntLayer[] {
  return net.layers.map((layer) => {
    let den = 1n;
    for (const row of layer.weights) for (const w of row) den = lcm(den, w.d);
    for (const v of layer.bias) den = lcm(den, v.d);
    return {
      W: layer.weights.map((row) => row.map((w) => w.n * (den / w.d))),
      b: layer.bias.map((v) => v.n * (den / v.d)),
      den,
      relu: layer.activation === 'relu',
    };
  });
}
