/**
 * A network restricted to an affine slice of its input space: x = p + z_0·u_0 + ... + z_{k-1}·u_{k-1}
 * with k linearly independent directions. The composition is folded exactly into the first
 * layer (W ↦ W·U, b ↦ b + W·p), so the result is a network of the k slice coordinates z whose
 * regions are the original network's regions cut by the slice, in slice coordinates.
 */
import { InputError } from '../errors.js';
import { integerNullspace } from '../kernel/nullspace.js';
import { add, lcm, mul, ZERO, type Rational } from '../kernel/rational.js';
import type { Network } from './network.js';

const dot = (row: readonly Rational[], v: readonly Rational[]): Rational => row.reduce((s, w, i) => add(s, mul(w, v[i])), ZERO);

/**
 * Throws an InputError unless the directions are nonzero and linearly independent, decided
 * exactly: each direction is scaled to integers and the exact null space of the d×k matrix of
 * columns must be {0}. The message names the zero direction, or one direction together with
 * those it is a combination of (`place` names the list, e.g. "directions").
 */
export function checkDirections(directions: readonly (readonly Rational[])[], place = 'directions'): void {
  if (directions.length === 0) throw new InputError(`${place}: no directions (expected at least one)`);
  directions.forEach((u, j) => {
    if (u.every((v) => v.n === 0n)) throw new InputError(`${place}[${j}]: zero direction`);
  });
  const d = directions[0].length;
  const scale = directions.map((u) => u.reduce((m, v) => lcm(m, v.d), 1n));
  const M = Array.from({ length: d }, (_, i) => directions.map((u, j) => u[i].n * (scale[j] / u[i].d)));
  const [y] = integerNullspace(M, directions.length);
  if (y === undefined) return;
  // the elimination runs left to right, so a kernel vector's last nonzero entry is its free column:
  // that direction is a combination of the earlier ones with nonzero entries
  const used = y.flatMap((v, j) => (v !== 0n ? [j] : []));
  const last = used.pop()!;
  throw new InputError(`${place}[${last}] is a linear combination of ${used.map((j) => `${place}[${j}]`).join(', ')} (the directions must be linearly independent)`);
}

/** The network of the slice coordinates: x = point + Σ_j z_j·directions[j], composed exactly. */
export function sliceNetwork(net: Network, point: readonly Rational[], directions: readonly (readonly Rational[])[]): Network {
  const d = net.inputSize;
  if (point.length !== d) throw new InputError(`point: ${point.length} entries, expected ${d} (the network's inputs)`);
  directions.forEach((u, j) => {
    if (u.length !== d) throw new InputError(`directions[${j}]: ${u.length} entries, expected ${d} (the network's inputs)`);
  });
  checkDirections(directions);
  const [first, ...rest] = net.layers;
  const layer0 = {
    ...first,
    weights: first.weights.map((row) => directions.map((u) => dot(row, u))),
    bias: first.bias.map((b, j) => add(b, dot(first.weights[j], point))),
  };
  return { inputSize: directions.length, layers: [layer0, ...rest] };
}

/** Points of the slice (slice coordinates z) as points of the original input space, exactly. */
export function sliceToOriginal(point: readonly Rational[], directions: readonly (readonly Rational[])[], zs: readonly (readonly Rational[])[]): Rational[][] {
  return zs.map((z) => point.map((p, i) => z.reduce((s, zj, j) => add(s, mul(zj, directions[j][i])), p)));
}
