/** Benchmark networks that are built rather than shared: a degenerate net and a deep 1-D net. */
import { readFileSync } from 'node:fs';

type NetJson = { inputSize: number; layers: { weights: (number | string)[][]; bias: (number | string)[]; activation?: string }[] };

/** random-d2-16x16 with every hidden neuron duplicated (and rescaled ×2) plus identically-zero neurons. */
export function degenerateNet(sharedDir: string): NetJson {
  const base = JSON.parse(readFileSync(`${sharedDir}/random-d2-16x16.json`, 'utf8')) as NetJson;
  const [l0, l1] = base.layers;
  const w0 = [...l0.weights, ...l0.weights.map((r) => r.map((v) => 2 * Number(v))), [0, 0], [0, 0]];
  const b0 = [...l0.bias, ...l0.bias.map((v) => 2 * Number(v)), 0, 0.5];
  const n = l0.weights.length;
  // next layer reads the originals only; the copies and zero neurons feed nothing
  const w1 = l1.weights.map((r) => [...r, ...new Array(n + 2).fill(0)]);
  return { inputSize: 2, layers: [{ weights: w0, bias: b0, activation: 'relu' }, { weights: w1, bias: l1.bias, activation: 'relu' }] };
}

/** A deeper 1-D net: Telgarsky's sawtooth with k layers of width 2 (2^k regions on [0,1]). */
export function sawtoothNet(k: number): NetJson {
  const layers = [{ weights: [[1], [1]], bias: [0, '-1/2'], activation: 'relu' }];
  for (let i = 1; i < k; i++) layers.push({ weights: [[2, -4], [2, -4]], bias: [0, '-1/2'], activation: 'relu' });
  layers.push({ weights: [[2, -4]], bias: [0], activation: 'linear' });
  return { inputSize: 1, layers } as NetJson;
}
