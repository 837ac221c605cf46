// Regenerates examples/demo-2-12-12.json: a 2 → 12 → 12 ReLU net with PyTorch-style
// uniform(±1/√fan_in) float32 weights from a fixed seed (mulberry32), stored as JSON numbers.
import { writeFileSync } from 'node:fs';

let seed = 20261123;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const f32 = (x) => Math.fround(x);
const layer = (nIn, nOut) => {
  const k = 1 / Math.sqrt(nIn);
  const u = () => f32((2 * rand() - 1) * k);
  return {
    weights: Array.from({ length: nOut }, () => Array.from({ length: nIn }, u)),
    bias: Array.from({ length: nOut }, u),
    activation: 'relu',
  };
};
const net = { inputSize: 2, layers: [layer(2, 12), layer(12, 12)] };
writeFileSync(new URL('./demo-2-12-12.json', import.meta.url), JSON.stringify(net) + '\n');
