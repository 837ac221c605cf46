/**
 * The network with some inputs pinned to fixed values, folded exactly into the first layer's
 * bias: a network of the free inputs only. Verification folds inputs that a property fixes
 * (lo = hi, as in ACAS Xu property 4), and the verdict checker folds them the same way.
 */
import { add, mul, type Rational } from '../kernel/rational.js';
import type { Network } from './network.js';

export interface PinnedNetwork {
  net: Network;
  /** Original index of each free input. */
  free: number[];
  /** The full input vector for a point of the free inputs. */
  lift: (x: Rational[]) => Rational[];
}

/** Pins input i to value[i] wherever pinned[i]. */
export function pinInputs(net: Network, pinned: boolean[], value: Rational[]): PinnedNetwork {
  const free = pinned.flatMap((p, i) => (p ? [] : [i]));
  const [first, ...rest] = net.layers;
  const layer0 = {
    ...first,
    weights: first.weights.map((row) => free.map((i) => row[i])),
    bias: first.bias.map((b, j) => pinned.reduce((s, p, i) => (p ? add(s, mul(first.weights[j][i], value[i])) : s), b)),
  };
  const position = new Map(free.map((i, k) => [i, k]));
  return {
    net: { inputSize: free.length, layers: [layer0, ...rest] },
    free,
    lift: (x) => pinned.map((p, i) => (p ? value[i] : x[position.get(i)!])),
  };
}
