// Training a ReLU barrier candidate for a closed loop, in plain TypeScript (floats: training
// only). The result is written with exact rational weights (multiples of 1/1024), and from then
// on only the exact tools decide anything about it.
//
// After Vaisi, Ferlez and Shoukry: hinge losses on sampled states pushing
//   B(x) <= −m   on initial states,
//   B(x) >= m    on unsafe states and on a band around the domain's boundary (so S stays in D),
//   B(G(x)) <= B(x) − μ·r(x)   on states of S and near it (B(x) <= β), r(x) = max_j |x_j| / (D's half-width j)
//                              (a margin that vanishes at the equilibrium 0),
//   B(G(x)) <= −μ              on states of S (B(x) <= 0).
// Reproducible byte for byte: SeededRandom (pure-rand, basic IEEE operations and Math.sqrt only,
// all correctly rounded), a fixed order of operations, no Math.random, no transcendental functions.
import { SeededRandom } from 'relu-regions';
import type { BarrierSystem } from './systems.js';

export interface TrainOptions {
  /** Hidden layer widths, e.g. [16] (shallow) or [16, 16]. */
  hidden: number[];
  seed: number;
  epochs: number;
  /** Samples of the domain (the initial and unsafe sets get a quarter as many each). */
  samples: number;
  /** Margins m (sets) and μ (decrease), and β: the decrease is asked where B(x) <= β; in B's units. */
  margin?: number;
  decrease?: number;
  band?: number;
  learningRate?: number;
  /** Weights are rounded to multiples of 1/denominator. */
  denominator?: number;
  /**
   * Hidden biases fixed at 0: B(x) = V(x) + c with V positively homogeneous (V(t x) = t V(x),
   * t > 0), so that where the loop is linear (near the equilibrium 0) a decrease found on one
   * ring of states holds on the whole cone, exactly, after rounding too.
   */
  homogeneous?: boolean;
}

const num = (s: string): number => {
  const [p, q] = s.split('/');
  return Number(p) / (q === undefined ? 1 : Number(q));
};

/** The closed loop in floats, for training: x ↦ A x + B clamp(−K x, −umax, umax). */
export function floatLoop(s: BarrierSystem): (x: Float64Array) => Float64Array {
  const A = s.A.map((r) => r.map(num));
  const B = s.B.map((r) => r.map(num));
  const K = s.K.map((r) => r.map(num));
  const m = num(s.umax);
  return (x) => {
    const u = K.map((row) => Math.min(m, Math.max(-m, -row.reduce((t, k, j) => t + k * x[j], 0))));
    return Float64Array.from(A, (row, i) => row.reduce((t, a, j) => t + a * x[j], 0) + B[i].reduce((t, b, j) => t + b * u[j], 0));
  };
}

/** Inside {A x <= b}? (floats: choosing training samples only) */
const inPolytope = (p: { A: string[][]; b: string[] }, x: Float64Array) => p.A.every((row, i) => row.reduce((t, a, j) => t + num(a) * x[j], 0) <= num(p.b[i]));

interface Mlp {
  sizes: number[];
  W: Float64Array[];
  b: Float64Array[];
}

/** He-uniform weights, zero biases but the first layer's (spread over the box so the kinks cover it). */
function initMlp(sizes: number[], rng: SeededRandom, box: [number, number][], homogeneous: boolean): Mlp {
  const W: Float64Array[] = [];
  const b: Float64Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [n, m] = [sizes[l], sizes[l + 1]];
    const r = Math.sqrt(6 / n);
    const w = new Float64Array(m * n);
    for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-r, r);
    const bias = new Float64Array(m);
    if (l === 0 && !homogeneous) {
      // a kink through a random point of the box
      for (let i = 0; i < m; i++) {
        let t = 0;
        for (let j = 0; j < n; j++) t += w[i * n + j] * rng.uniform(box[j][0], box[j][1]);
        bias[i] = -t;
      }
    }
    W.push(w);
    b.push(bias);
  }
  return { sizes, W, b };
}

/** Forward pass of a batch (row-major points), keeping every layer's activations. */
function forwardBatch(net: Mlp, X: Float64Array, count: number): Float64Array[] {
  const acts = [X];
  for (let l = 0; l < net.W.length; l++) {
    const [n, m] = [net.sizes[l], net.sizes[l + 1]];
    const inp = acts[l];
    const out = new Float64Array(count * m);
    const last = l === net.W.length - 1;
    for (let s = 0; s < count; s++) {
      for (let i = 0; i < m; i++) {
        let t = net.b[l][i];
        for (let j = 0; j < n; j++) t += net.W[l][i * n + j] * inp[s * n + j];
        out[s * m + i] = last || t > 0 ? t : 0;
      }
    }
    acts.push(out);
  }
  return acts;
}

/** Adds d(Σ_s gOut[s]·B(x_s))/dθ to the gradient buffers. */
function backwardBatch(net: Mlp, acts: Float64Array[], gOut: Float64Array, count: number, gW: Float64Array[], gb: Float64Array[]): void {
  let g = gOut; // gradient w.r.t. the current layer's output (pre-activation for the last layer)
  for (let l = net.W.length - 1; l >= 0; l--) {
    const [n, m] = [net.sizes[l], net.sizes[l + 1]];
    const inp = acts[l];
    const out = acts[l + 1];
    const last = l === net.W.length - 1;
    const gIn = new Float64Array(count * n);
    for (let s = 0; s < count; s++) {
      for (let i = 0; i < m; i++) {
        const gi = g[s * m + i];
        if (gi === 0 || (!last && out[s * m + i] <= 0)) continue;
        gb[l][i] += gi;
        for (let j = 0; j < n; j++) {
          gW[l][i * n + j] += gi * inp[s * n + j];
          gIn[s * n + j] += gi * net.W[l][i * n + j];
        }
      }
    }
    g = gIn;
  }
}

/** Uniform samples of a box, kept when `keep` holds (row-major). */
function sampleBox(rng: SeededRandom, box: [number, number][], count: number, keep: (x: Float64Array) => boolean): Float64Array {
  const d = box.length;
  const out = new Float64Array(count * d);
  for (let s = 0; s < count; ) {
    const x = Float64Array.from(box, ([lo, hi]) => rng.uniform(lo, hi));
    if (!keep(x)) continue;
    out.set(x, s * d);
    s++;
  }
  return out;
}

/** Trains a barrier candidate; returns it as network JSON with exact rational weights. */
export function trainBarrier(system: BarrierSystem, o: TrainOptions) {
  const d = system.states.length;
  const rng = new SeededRandom(o.seed);
  const box = system.box.map(([lo, hi]) => [num(lo), num(hi)] as [number, number]);
  const [m, mu, beta, lr, den] = [o.margin ?? 0.1, o.decrease ?? 0.05, o.band ?? 0.3, o.learningRate ?? 0.005, o.denominator ?? 1024];
  const G = floatLoop(system);
  // the samples: the domain, its boundary band and a ring outside it (want B >= m there), I, U
  const width = box.map(([lo, hi]) => hi - lo);
  const outer = box.map(([lo, hi], j) => [lo - width[j] / 8, hi + width[j] / 8] as [number, number]);
  const nearEdge = (x: Float64Array) => x.some((v, j) => v < box[j][0] + width[j] / 40 || v > box[j][1] - width[j] / 40);
  const X = sampleBox(rng, box, o.samples, () => true);
  const GX = new Float64Array(X.length);
  for (let s = 0; s < o.samples; s++) GX.set(G(X.subarray(s * d, s * d + d)), s * d);
  const quarter = Math.ceil(o.samples / 4);
  const XI = sampleBox(rng, box, quarter, (x) => inPolytope(system.initial, x));
  const XU = sampleBox(rng, outer, quarter, (x) => inPolytope(system.unsafe, x) || nearEdge(x) || x.some((v, j) => v < box[j][0] || v > box[j][1]));
  const sizes = [d, ...o.hidden, 1];
  const homogeneous = o.homogeneous ?? false;
  const net = initMlp(sizes, rng, box, homogeneous);
  const r = new Float64Array(o.samples);
  for (let s = 0; s < o.samples; s++) for (let j = 0; j < d; j++) r[s] = Math.max(r[s], Math.abs(X[s * d + j]) / Math.max(-box[j][0], box[j][1]));
  const gW = net.W.map((w) => new Float64Array(w.length));
  const gb = net.b.map((v) => new Float64Array(v.length));
  const mW = net.W.map((w) => new Float64Array(w.length));
  const vW = net.W.map((w) => new Float64Array(w.length));
  const mb = net.b.map((v) => new Float64Array(v.length));
  const vb = net.b.map((v) => new Float64Array(v.length));
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let p1 = 1;
  let p2 = 1;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    gW.forEach((g) => g.fill(0));
    gb.forEach((g) => g.fill(0));
    const aX = forwardBatch(net, X, o.samples);
    const aG = forwardBatch(net, GX, o.samples);
    const aI = forwardBatch(net, XI, quarter);
    const aU = forwardBatch(net, XU, quarter);
    const BX = aX.at(-1)!;
    const BG = aG.at(-1)!;
    const gX = new Float64Array(o.samples);
    const gG = new Float64Array(o.samples);
    const gI = new Float64Array(quarter);
    const gU = new Float64Array(quarter);
    const wSet = 1 / quarter;
    const wDyn = 4 / o.samples;
    for (let s = 0; s < quarter; s++) {
      if (aI.at(-1)![s] + m > 0) gI[s] = wSet; // relu(B + m)
      if (m - aU.at(-1)![s] > 0) gU[s] = -wSet; // relu(m − B)
    }
    for (let s = 0; s < o.samples; s++) {
      const [bx, bg] = [BX[s], BG[s]];
      if (bx <= beta && bg - bx + mu * r[s] > 0) {
        gG[s] += wDyn; // relu(B(G(x)) − B(x) + μ r(x))
        gX[s] -= wDyn;
      }
      if (bx <= 0 && bg + mu > 0) gG[s] += wDyn; // relu(B(G(x)) + μ)
    }
    backwardBatch(net, aX, gX, o.samples, gW, gb);
    backwardBatch(net, aG, gG, o.samples, gW, gb);
    backwardBatch(net, aI, gI, quarter, gW, gb);
    backwardBatch(net, aU, gU, quarter, gW, gb);
    // Adam
    p1 *= b1;
    p2 *= b2;
    const step = (w: Float64Array, g: Float64Array, mo: Float64Array, ve: Float64Array) => {
      for (let i = 0; i < w.length; i++) {
        mo[i] = b1 * mo[i] + (1 - b1) * g[i];
        ve[i] = b2 * ve[i] + (1 - b2) * g[i] * g[i];
        w[i] -= (lr * (mo[i] / (1 - p1))) / (Math.sqrt(ve[i] / (1 - p2)) + eps);
      }
    };
    net.W.forEach((w, l) => step(w, gW[l], mW[l], vW[l]));
    net.b.forEach((v, l) => (homogeneous && l < net.b.length - 1 ? undefined : step(v, gb[l], mb[l], vb[l])));
  }
  return toJson(net, system.states, den);
}

/** A float rounded to the nearest multiple of 1/den, as an exact "p/q" string (reduced). */
function exact(x: number, den: number): string {
  const p = Math.round(x * den);
  if (p === 0) return '0';
  let [a, b] = [Math.abs(p), den];
  while (b) [a, b] = [b, a % b];
  return den / a === 1 ? String(p / a) : `${p / a}/${den / a}`;
}

function toJson(net: Mlp, states: string[], den: number) {
  return {
    inputSize: net.sizes[0],
    inputNames: states,
    layers: net.W.map((w, l) => {
      const [n, m] = [net.sizes[l], net.sizes[l + 1]];
      return {
        weights: Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => exact(w[i * n + j], den))),
        bias: Array.from(net.b[l], (v) => exact(v, den)),
        activation: l === net.W.length - 1 ? 'linear' : 'relu',
      };
    }),
  };
}

/** Network JSON as written to the example files: one layer per line block, stable. */
export const networkText = (json: ReturnType<typeof trainBarrier>): string => JSON.stringify(json) + '\n';
