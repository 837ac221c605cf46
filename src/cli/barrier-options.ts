/** Options shared by `invariant` and `check` of its certificates: the barrier's output and the shapes of B and G. */
import { InputError } from '../errors.js';
import type { Network } from '../network/network.js';

const outputsOf = (net: Network) => net.layers[net.layers.length - 1].weights.length;

/** --output K: a nonnegative integer. */
export function outputIndex(v: string): number {
  if (!/^\d+$/.test(v)) throw new InputError(`--output: expected an output number 0, 1, ..., got ${JSON.stringify(v)}`);
  return Number(v);
}

/** B: R^n → R (or one chosen output), G: R^n → R^n; one line naming the files otherwise. */
export function checkShapes(barrier: Network, dynamics: Network, flags: { barrier: string; dynamics: string; output?: number }): void {
  const n = barrier.inputSize;
  const m = outputsOf(barrier);
  if (flags.output === undefined && m !== 1) throw new InputError(`--barrier ${flags.barrier}: ${m} outputs; choose the barrier with --output K (0..${m - 1})`);
  if (flags.output !== undefined && flags.output >= m) throw new InputError(`--output ${flags.output}: --barrier ${flags.barrier} has outputs 0..${m - 1}`);
  const g = outputsOf(dynamics);
  if (dynamics.inputSize !== n || g !== n) throw new InputError(`--dynamics ${flags.dynamics}: maps R^${dynamics.inputSize} to R^${g}; the closed loop must map R^${n} to R^${n} (--barrier ${flags.barrier} takes ${n} inputs)`);
}
