/**
 * Each region's exact affine map (the network's output on it), from its activation pattern:
 * the layers composed under the pattern's bits with the enumerator's own integer arithmetic
 * (enumerate/affine.ts). The region graph (geometry/graph.ts) keeps patterns, not maps; regions
 * arrive in depth-first order, so consecutive patterns share long prefixes, and the composition
 * up to each layer is cached for the last prefix seen.
 */
import { applyPattern, identityMap, preActivations, type IntAffine } from '../enumerate/affine.js';
import { toIntegerLayers } from '../network/integer-network.js';
import type { Network } from '../network/network.js';

/** One map per pattern ("bits|bits|...", one group per ReLU layer), in the given order. */
export function mapsOfPatterns(net: Network, patterns: readonly string[]): IntAffine[] {
  const layers = toIntegerLayers(net);
  const d = net.inputSize;
  const first = preActivations(layers[0], identityMap(d), d);
  // cache[l]: the pre-activations of layer l for the prefix key[l] (the bit groups before layer l)
  const cache: { key: string; pre: IntAffine }[] = [{ key: '', pre: first }];
  return patterns.map((pattern) => {
    const groups = pattern === '' ? [] : pattern.split('|');
    let g = 0;
    let key = '';
    for (let l = 0; ; l++) {
      const pre = cache[l].pre;
      const bits = layers[l].relu ? bitsOf(groups[g++]) : null;
      if (layers[l].relu) key += `${groups[g - 1]}|`;
      if (l === layers.length - 1) return applyPattern(pre, bits);
      if (cache[l + 1]?.key !== key) cache[l + 1] = { key, pre: preActivations(layers[l + 1], pre, d, bits) };
    }
  });
}

function bitsOf(s: string | undefined): Uint8Array {
  if (s === undefined) throw new Error('pattern: fewer bit groups than ReLU layers');
  const bits = new Uint8Array(s.length);
  for (let j = 0; j < s.length; j++) bits[j] = s.charCodeAt(j) === 49 ? 1 : 0;
  return bits;
}
