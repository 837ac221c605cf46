/**
 * A fingerprint of a network's exact function description: SHA-256 of its canonical JSON
 * (input size; per layer the activation, weights and biases as reduced "p/q" strings). The same
 * network read from JSON, ONNX or .nnet gets the same hash. Shard outputs carry it, so `merge`
 * can refuse parts of different networks.
 */
import { createHash } from 'node:crypto';
import { rat, toString, type Rational } from '../kernel/rational.js';
import type { Network } from './network.js';

export function networkHash(net: Network): string {
  const h = createHash('sha256');
  h.update(`relu-regions network v1;${net.inputSize};`);
  for (const layer of net.layers) {
    h.update(`${layer.activation};${layer.weights.length};`);
    for (const row of layer.weights) h.update(row.map(canonical).join(',') + ';');
    h.update(layer.bias.map(canonical).join(',') + ';');
  }
  return `sha256:${h.digest('hex')}`;
}

/** Reduced "p/q" (hand-built rationals need not be reduced). */
const canonical = (v: Rational): string => toString(rat(v.n, v.d));
