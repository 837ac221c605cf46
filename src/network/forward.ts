/**
 * Exact forward pass. Layers run as integers over one common denominator (no gcd per
 * operation, which made the rational version 100× slower); rationals are formed only when read.
 */
import { lcm, rat, type Rational } from '../kernel/rational.js';
import { InputError } from '../errors.js';
import type { Layer, Network } from './network.js';

export interface ForwardTrace {
  /** [layer][neuron], for every layer including a linear last one (formed on first read). */
  readonly preActivations: Rational[][];
  /** Sign of every pre-activation, [layer][neuron]. */
  readonly signs: (-1 | 0 | 1)[][];
  /** Post-activation value of the last layer (formed on first read). */
  readonly output: Rational[];
}

interface IntegerLayer {
  W: bigint[][];
  b: bigint[];
  den: bigint;
}

const cache = new WeakMap<Layer, IntegerLayer>();

function integerLayer(layer: Layer): IntegerLayer {
  let il = cache.get(layer);
  if (!il) {
    let den = 1n;
    for (const row of layer.weights) for (const w of row) den = lcm(den, w.d);
    for (const v of layer.bias) den = lcm(den, v.d);
    il = { W: layer.weights.map((row) => row.map((w) => w.n * (den / w.d))), b: layer.bias.map((v) => v.n * (den / v.d)), den };
    cache.set(layer, il);
  }
  return il;
}

export function forward(net: Network, x: Rational[]): ForwardTrace {
  if (x.length !== net.inputSize) {
    throw new InputError(`input point: ${x.length} coordinates, expected ${net.inputSize}`);
  }
  let q = 1n;
  for (const r of x) q = lcm(q, r.d);
  let h = x.map((r) => r.n * (q / r.d)); // the layer input is h / q
  const pre: { v: bigint[]; den: bigint }[] = [];
  for (const layer of net.layers) {
    const { W, b, den } = integerLayer(layer);
    const z = W.map((row, j) => {
      let s = b[j] * q;
      for (let i = 0; i < row.length; i++) s += row[i] * h[i];
      return s;
    });
    q *= den;
    pre.push({ v: z, den: q });
    h = layer.activation === 'relu' ? z.map((v) => (v > 0n ? v : 0n)) : z;
  }
  const outDen = q;
  const out = h;
  let preRationals: Rational[][] | undefined;
  let output: Rational[] | undefined;
  return {
    get preActivations() {
      return (preRationals ??= pre.map((l) => l.v.map((v) => rat(v, l.den))));
    },
    signs: pre.map((l) => l.v.map((v) => (v > 0n ? 1 : v < 0n ? -1 : 0))),
    get output() {
      return (output ??= out.map((v) => rat(v, outDen)));
    },
  };
}
