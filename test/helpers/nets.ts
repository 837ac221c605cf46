/** Small constructed networks with known answers. */
import { parseRational, rat, type Rational } from '../../src/kernel/rational.js';
import type { Layer, Network } from '../../src/network/network.js';
import type { Domain } from '../../src/domain/domain.js';

const R = (v: number | string): Rational => (typeof v === 'number' ? rat(BigInt(v)) : parseRational(v)!);

export function layer(weights: (number | string)[][], bias: (number | string)[], activation: 'relu' | 'linear' = 'relu'): Layer {
  return { weights: weights.map((r) => r.map(R)), bias: bias.map(R), activation };
}

export const net = (inputSize: number, ...layers: Layer[]): Network => ({ inputSize, layers });

export const box = (lo: number | string, hi: number | string, d: number): Domain => ({
  kind: 'box',
  lo: new Array(d).fill(R(lo)),
  hi: new Array(d).fill(R(hi)),
});

export const whole: Domain = { kind: 'whole' };

/** Neurons x_i − x_j (i < j) on R^n: the braid arrangement, n! regions. */
export function braid(n: number): Network {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) rows.push(Array.from({ length: n }, (_, k) => (k === i ? 1 : k === j ? -1 : 0)));
  return net(n, layer(rows, rows.map(() => 0)));
}

/** Telgarsky's sawtooth: k layers of width 2 computing the tent map; 2^k regions on [0,1]. */
export function sawtooth(k: number): Network {
  const layers = [layer([[1], [1]], [0, '-1/2'])];
  for (let i = 1; i < k; i++) layers.push(layer([[2, -4], [2, -4]], [0, '-1/2']));
  layers.push(layer([[2, -4]], [0], 'linear'));
  return net(1, ...layers);
}

/** ReLU([I; −I] x) on R^n: 2^n regions. With a linear read-out [I, −I] it is the identity. */
export function plusMinus(n: number, readOut: boolean): Network {
  const I = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => (i === k ? 1 : 0)));
  const W = [...I, ...I.map((r) => r.map((v) => -v))];
  const hidden = layer(W, W.map(() => 0));
  if (!readOut) return net(n, hidden);
  return net(n, hidden, layer(I.map((r) => [...r, ...r.map((v) => -v)]), I.map(() => 0), 'linear'));
}
