/**
 * Pinned inputs and slices in the library: exact inputs in, a network of the remaining
 * coordinates out (folded exactly into the first layer; pass it to any query, with a domain of
 * those coordinates), and the map of its points back to the original input space as Fractions.
 */
import { InputError, withPrefix } from '../errors.js';
import type { Network } from '../network/network.js';
import { pinNetwork as pinInputsOf, type Pins } from '../network/pin.js';
import { sliceNetwork as sliceOf, sliceToOriginal } from '../network/slice.js';
import { toFractions, toRationals, type ExactInput, type Fraction } from './exact.js';
import { toNetwork, type NetworkInput } from './inputs.js';

export interface ReducedNetwork {
  /** The network of the free inputs (in their original order) or of the slice coordinates. */
  network: Network;
  /** Points of `network`'s inputs as points of the original network's inputs, exactly. */
  toOriginal: (points: ExactInput[][]) => Fraction[][];
}

/** Exact points of dimension k (the reduced network's inputs). */
const points = (ps: ExactInput[][], k: number) => {
  if (!Array.isArray(ps)) throw new InputError('points: expected an array of points');
  return ps.map((p, i) => toRationals(p, `points[${i}]`, k));
};

/** The network with inputs fixed: `{2: '1/2', 3: 0}` (0-based input indices) or a Map. */
export function pinNetwork(network: NetworkInput | Network, pins: Record<number, ExactInput> | Map<number, ExactInput>): ReducedNetwork & { free: number[] } {
  const net = toNetwork(network);
  const entries = pins instanceof Map ? [...pins] : typeof pins === 'object' && pins !== null ? Object.entries(pins) : null;
  if (entries === null) throw new InputError('pins: expected an object {input: value, ...} or a Map');
  const exact: Pins = new Map();
  for (const [key, v] of entries) {
    const i = Number(key);
    if (!(typeof key === 'number' || /^\d+$/.test(String(key)))) throw new InputError(`pins: ${String(key)}: expected a 0-based input index`);
    exact.set(i, toRationals([v], `pins[${String(key)}]`)[0]);
  }
  const pinned = pinInputsOf(net, exact, 'pins');
  return {
    network: pinned.net,
    free: pinned.free,
    toOriginal: (ps) => withPrefix('toOriginal', () => points(ps, pinned.free.length).map((p) => toFractions(pinned.lift(p)))),
  };
}

/** The network of the slice coordinates z: x = point + Σ_j z_j·directions[j] (directions nonzero and linearly independent, checked exactly). */
export function sliceNetwork(network: NetworkInput | Network, slice: { point: ExactInput[]; directions: ExactInput[][] }): ReducedNetwork {
  const net = toNetwork(network);
  if (typeof slice !== 'object' || slice === null) throw new InputError('slice: expected {point, directions}');
  const point = toRationals(slice.point, 'point', net.inputSize);
  if (!Array.isArray(slice.directions)) throw new InputError('directions: expected an array of directions');
  const directions = slice.directions.map((u, j) => toRationals(u, `directions[${j}]`, net.inputSize));
  const sliced = sliceOf(net, point, directions);
  return {
    network: sliced,
    toOriginal: (ps) => withPrefix('toOriginal', () => sliceToOriginal(point, directions, points(ps, directions.length)).map(toFractions)),
  };
}
