/**
 * A small, deterministic trainer for ReLU classifiers, in plain TypeScript: fully connected
 * ReLU layers and a linear read-out, PyTorch's default initialisation (uniform ±1/√fan_in) drawn
 * from a seeded pure-rand generator, full-batch Adam on the cross-entropy (one output: the
 * logistic loss of a logit; k outputs: softmax). Float64 throughout, no Math.random: the same
 * seed gives the same network, to the last digit, on every run.
 *
 * Used by examples/titanic/train.ts and examples/penguins/train.ts; the trained weights are
 * written as exact decimal strings (4 decimals), and that rounded network is the one explained.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface TrainOptions {
  /** Widths: inputs, hidden ReLU layers..., outputs. */
  widths: number[];
  seed: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty on the weights (not the biases). */
  weightDecay?: number;
}

export interface Mlp {
  W: number[][][]; // per layer: out × in
  b: number[][];
}

/** Trains on rows X (already encoded) with class labels y (0..k-1; for one output 0/1). */
export function train(X: number[][], y: number[], options: TrainOptions): Mlp {
  const { widths, epochs, learningRate } = options;
  const decay = options.weightDecay ?? 0;
  const rng = xoroshiro128plus(options.seed);
  const uniform = (bound: number) => (2 * uniformFloat64(rng) - 1) * bound;
  const L = widths.length - 1;
  const net: Mlp = { W: [], b: [] };
  for (let l = 0; l < L; l++) {
    const bound = 1 / Math.sqrt(widths[l]);
    net.W.push(Array.from({ length: widths[l + 1] }, () => Array.from({ length: widths[l] }, () => uniform(bound))));
    net.b.push(Array.from({ length: widths[l + 1] }, () => uniform(bound)));
  }
  // Adam state
  const mW = net.W.map((M) => M.map((r) => r.map(() => 0)));
  const vW = net.W.map((M) => M.map((r) => r.map(() => 0)));
  const mb = net.b.map((v) => v.map(() => 0));
  const vb = net.b.map((v) => v.map(() => 0));
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const n = X.length;
  // per-row buffers: activations of every layer and the back-propagated deltas
  const acts = widths.map((w) => new Float64Array(w));
  const deltas = widths.map((w) => new Float64Array(w));
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const gW = net.W.map((M) => M.map((r) => new Float64Array(r.length)));
    const gb = net.b.map((v) => new Float64Array(v.length));
    for (let r = 0; r < n; r++) {
      const x = X[r];
      for (let i = 0; i < x.length; i++) acts[0][i] = x[i];
      for (let l = 0; l < L; l++) {
        const a = acts[l];
        const z = acts[l + 1];
        const W = net.W[l];
        for (let j = 0; j < W.length; j++) {
          let s = net.b[l][j];
          const row = W[j];
          for (let i = 0; i < row.length; i++) s += row[i] * a[i];
          z[j] = l < L - 1 && s < 0 ? 0 : s;
        }
      }
      // dLoss/dlogits
      const out = acts[L];
      const top = deltas[L];
      if (out.length === 1) top[0] = (1 / (1 + Math.exp(-out[0])) - y[r]) / n;
      else {
        let m = -Infinity;
        for (const v of out) if (v > m) m = v;
        let s = 0;
        for (let k = 0; k < out.length; k++) s += Math.exp(out[k] - m);
        for (let k = 0; k < out.length; k++) top[k] = (Math.exp(out[k] - m) / s - (k === y[r] ? 1 : 0)) / n;
      }
      for (let l = L - 1; l >= 0; l--) {
        const a = acts[l];
        const delta = deltas[l + 1];
        const W = net.W[l];
        for (let j = 0; j < W.length; j++) {
          gb[l][j] += delta[j];
          const g = gW[l][j];
          for (let i = 0; i < a.length; i++) g[i] += delta[j] * a[i];
        }
        if (l === 0) break;
        const prev = deltas[l];
        for (let i = 0; i < a.length; i++) {
          let s = 0;
          for (let j = 0; j < W.length; j++) s += W[j][i] * delta[j];
          prev[i] = a[i] > 0 ? s : 0; // ReLU derivative (0 at 0)
        }
      }
    }
    const c1 = 1 - beta1 ** epoch;
    const c2 = 1 - beta2 ** epoch;
    const step = (p: number, g: number, m: number[], v: number[], k: number) => {
      m[k] = beta1 * m[k] + (1 - beta1) * g;
      v[k] = beta2 * v[k] + (1 - beta2) * g * g;
      return p - (learningRate * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + eps);
    };
    for (let l = 0; l < L; l++) {
      for (let j = 0; j < net.W[l].length; j++) {
        for (let i = 0; i < net.W[l][j].length; i++) net.W[l][j][i] = step(net.W[l][j][i], gW[l][j][i] + decay * net.W[l][j][i], mW[l][j], vW[l][j], i);
        net.b[l][j] = step(net.b[l][j], gb[l][j], mb[l], vb[l], j);
      }
    }
  }
  return net;
}

/** The network JSON of relu-regions, every number an exact decimal string with `digits` decimals. */
export function networkJson(net: Mlp, inputSize: number, digits = 4, extra: Record<string, unknown> = {}): string {
  const dec = (v: number) => {
    const s = v.toFixed(digits);
    return /^-0\.0+$/.test(s) ? s.slice(1) : s;
  };
  const layers = net.W.map((W, l) => ({
    weights: W.map((row) => row.map(dec)),
    bias: net.b[l].map(dec),
    activation: l < net.W.length - 1 ? 'relu' : 'linear',
  }));
  const lines = layers.map((layer) => `    ${JSON.stringify(layer)}`);
  const head = Object.entries(extra).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('');
  return `{\n${head}  "inputSize": ${inputSize},\n  "layers": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** Accuracy of the float network on the rows (for the trainer's report only). */
export function accuracy(net: Mlp, X: number[][], y: number[]): number {
  let correct = 0;
  X.forEach((x, r) => {
    let a = x;
    net.W.forEach((W, l) => {
      const z = W.map((row, j) => row.reduce((s, w, i) => s + w * a[i], net.b[l][j]));
      a = l < net.W.length - 1 ? z.map((v) => (v > 0 ? v : 0)) : z;
    });
    const cls = a.length === 1 ? (a[0] > 0 ? 1 : 0) : a.indexOf(Math.max(...a));
    if (cls === y[r]) correct++;
  });
  return correct / X.length;
}

/** Mean and population standard deviation, as exact decimal strings with `digits` decimals. */
export function standardisation(values: number[], digits = 4): { mean: string; std: string } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean: mean.toFixed(digits), std: std.toFixed(digits) };
}

/** An encoder spec as JSON, one input per line. */
export function encoderJson(spec: { inputs: object[] } & Record<string, unknown>): string {
  const { inputs, ...rest } = spec;
  const head = Object.entries(rest).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('');
  return `{\n${head}  "inputs": [\n${inputs.map((i) => `    ${JSON.stringify(i)}`).join(',\n')}\n  ]\n}\n`;
}
