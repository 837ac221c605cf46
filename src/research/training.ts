/**
 * The training study: a small 2-D classification task (two noisy half moons, scaled into
 * [-1,1]^2) learnt by a ReLU network trained in plain TypeScript, and after each epoch the exact
 * number of activation regions on [-1,1]^2 and the number of regions holding data.
 *
 * Reproducible everywhere: data, initialisation and mini-batch order come from SeededRandom;
 * the loss is the hinge loss max(0, 1 − y·f(x)) (labels ±1) trained by SGD with momentum, so
 * training uses +, −, ×, ÷ only (no exp or log, whose last bits engines may differ in). After
 * each epoch the weights are rounded to float32 and that network is the one measured: regions by
 * `countRegions`, data regions as the distinct activation patterns of the points (signs from
 * the exact forward pass; a point on a boundary, sign 0, is counted apart), accuracy from the
 * sign of the exact output.
 */
import type { TopLevelSpec } from 'vega-lite';
import { countRegions } from '../api/queries.js';
import { toNetwork } from '../api/inputs.js';
import { fromDouble, toDouble } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import { StudyCsv } from './csv-store.js';
import { PALETTE, writePlot } from './plots.js';
import { studyProgress } from './progress.js';
import { randomNetwork, type RandomNetworkJson } from './random-network.js';
import { SeededRandom } from './rng.js';
import { fmt, groupBy, mdTable, seconds, studyPaths, writeText, type StudyOptions, type StudyResult } from './study-kit.js';

export const TRAINING_COLUMNS = ['seed', 'epoch', 'architecture', 'domain', 'activation_regions', 'regions_with_data', 'data_points', 'points_on_boundary', 'train_accuracy', 'hinge_loss', 'exactness', 'seconds'] as const;

interface Sample {
  x: [number, number];
  y: 1 | -1;
}

/** Two interleaved half moons with Gaussian noise, mapped into [-1,1]^2 (clipped to it). */
export function moons(count: number, rng: SeededRandom, noise = 0.1): Sample[] {
  const clip = (v: number) => Math.max(-1, Math.min(1, v));
  return Array.from({ length: count }, (_, i) => {
    const t = Math.PI * rng.uniform01();
    // cos/sin via a short Taylor series (basic operations only, like the rest of the study)
    const c = cosTaylor(t);
    const s = cosTaylor(t - Math.PI / 2);
    const [u, v] = i % 2 === 0 ? [c, s] : [1 - c, 0.5 - s];
    return { x: [clip((u - 0.5) / 1.6 + noise * rng.gaussian() / 1.6), clip((v - 0.25) / 1.1 + noise * rng.gaussian() / 1.1)], y: i % 2 === 0 ? 1 : -1 };
  });
}

/** cos t for |t| ≤ π by its Taylor series to t^30 (error far below 1e-12). */
function cosTaylor(t: number): number {
  const t2 = t * t;
  let sum = 0;
  for (let k = 15; k >= 1; k--) sum = 1 - (sum * t2) / ((2 * k) * (2 * k - 1));
  return sum;
}

interface Params {
  W: number[][][];
  b: number[][];
}

function outputAndTrace(p: Params, x: readonly number[]): { out: number; h: number[][]; z: number[][] } {
  const h: number[][] = [x.slice()];
  const z: number[][] = [];
  for (let l = 0; l < p.W.length; l++) {
    const zl = p.W[l].map((row, i) => row.reduce((a, w, j) => a + w * h[l][j], p.b[l][i]));
    z.push(zl);
    h.push(l === p.W.length - 1 ? zl : zl.map((v) => (v > 0 ? v : 0)));
  }
  return { out: h[h.length - 1][0], h, z };
}

/** One epoch of mini-batch SGD with momentum on the hinge loss (shuffled by the seeded stream). */
function epoch(p: Params, velocity: Params, data: readonly Sample[], rng: SeededRandom, lr: number, batch: number): void {
  const order = data.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform01() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let start = 0; start < order.length; start += batch) {
    const gW = p.W.map((L) => L.map((row) => row.map(() => 0)));
    const gb = p.b.map((L) => L.map(() => 0));
    const idx = order.slice(start, start + batch);
    for (const k of idx) {
      const { x, y } = data[k];
      const { out, h, z } = outputAndTrace(p, x);
      if (y * out >= 1) continue;
      let delta = [-y];
      for (let l = p.W.length - 1; l >= 0; l--) {
        for (let i = 0; i < delta.length; i++) {
          gb[l][i] += delta[i];
          for (let j = 0; j < h[l].length; j++) gW[l][i][j] += delta[i] * h[l][j];
        }
        if (l > 0) delta = h[l].map((_, j) => (z[l - 1][j] > 0 ? delta.reduce((a, d, i) => a + d * p.W[l][i][j], 0) : 0));
      }
    }
    for (let l = 0; l < p.W.length; l++) {
      for (let i = 0; i < p.W[l].length; i++) {
        for (let j = 0; j < p.W[l][i].length; j++) {
          velocity.W[l][i][j] = 0.9 * velocity.W[l][i][j] - (lr * gW[l][i][j]) / idx.length;
          p.W[l][i][j] += velocity.W[l][i][j];
        }
        velocity.b[l][i] = 0.9 * velocity.b[l][i] - (lr * gb[l][i]) / idx.length;
        p.b[l][i] += velocity.b[l][i];
      }
    }
  }
}

const snapshot = (p: Params): RandomNetworkJson => ({
  inputSize: 2,
  layers: p.W.map((W, l) => ({ weights: W.map((r) => r.map((v) => Math.fround(v))), bias: p.b[l].map((v) => Math.fround(v)), activation: l === p.W.length - 1 ? 'linear' : 'relu' })),
});

/** Measures a snapshot exactly: regions, regions with data, accuracy. */
async function measure(json: RandomNetworkJson, data: readonly Sample[]): Promise<{ regions: number; withData: number; onBoundary: number; accuracy: number; loss: number }> {
  const net = toNetwork(json);
  const r = await countRegions(net, {});
  const patterns = new Set<string>();
  let onBoundary = 0;
  let correct = 0;
  let loss = 0;
  for (const { x, y } of data) {
    const t = forward(net, x.map(fromDouble));
    const signs = t.signs.slice(0, -1);
    if (signs.some((layer) => layer.includes(0))) onBoundary++;
    else patterns.add(signs.map((layer) => layer.map((s) => (s > 0 ? '1' : '0')).join('')).join('|'));
    const out = t.output[0];
    if ((out.n > 0n ? 1 : -1) === y) correct++;
    loss += Math.max(0, 1 - y * toDouble(out));
  }
  return { regions: r.activationRegions, withData: patterns.size, onBoundary, accuracy: correct / data.length, loss: loss / data.length };
}

export function trainingSweep(quick: boolean): { arch: number[]; seeds: number[]; epochs: number; points: number } {
  return quick ? { arch: [2, 8, 8, 1], seeds: [0], epochs: 4, points: 100 } : { arch: [2, 16, 16, 1], seeds: [0, 1, 2, 3, 4], epochs: 50, points: 300 };
}

export async function trainingStudy(options: StudyOptions): Promise<StudyResult> {
  const start = performance.now();
  const paths = studyPaths(options, 'training');
  const csv = new StudyCsv(paths.csv, TRAINING_COLUMNS, ['seed', 'epoch', 'architecture']);
  const { arch, seeds, epochs, points } = trainingSweep(options.quick ?? false);
  const architecture = arch.join('-');
  const key = (seed: number, e: number) => ({ seed, epoch: e, architecture });
  const todo = seeds.flatMap((s) => Array.from({ length: epochs + 1 }, (_, e) => key(s, e))).filter((k) => !csv.has(k));
  const bar = studyProgress('training', todo.length, options.progress);
  let ran = 0;
  for (const seed of seeds) {
    if (Array.from({ length: epochs + 1 }, (_, e) => csv.has(key(seed, e))).every(Boolean)) continue;
    // training is replayed from the seed (deterministic); only missing epochs are measured
    const rng = new SeededRandom(seed);
    const data = moons(points, rng);
    const init = randomNetwork({ arch, seed, init: 'he', bias: 'zero', linearLast: true });
    const p: Params = { W: init.layers.map((l) => l.weights.map((r) => r.slice())), b: init.layers.map((l) => l.bias.slice()) };
    const v: Params = { W: p.W.map((L) => L.map((r) => r.map(() => 0))), b: p.b.map((L) => L.map(() => 0)) };
    for (let e = 0; e <= epochs; e++) {
      if (e > 0) epoch(p, v, data, rng, 0.05, 20);
      if (csv.has(key(seed, e))) continue;
      const t0 = performance.now();
      const m = await measure(snapshot(p), data);
      csv.append({ seed, epoch: e, architecture, domain: 'box[-1,1]^2', activation_regions: m.regions, regions_with_data: m.withData, data_points: points, points_on_boundary: m.onBoundary, train_accuracy: m.accuracy, hinge_loss: Number(m.loss.toPrecision(6)), exactness: 'exact(vertex engine, certified; patterns by exact forward pass)', seconds: seconds(t0) });
      ran++;
      bar.tick(`seed ${seed} epoch ${e}`);
    }
  }
  bar.stop();
  const rows = csv.rows.filter((r) => r.architecture === architecture && seeds.includes(Number(r.seed)) && Number(r.epoch) <= epochs);
  const plots = options.plots === false ? [] : await trainingPlot(rows, paths.plot('epochs'));
  const byEpoch = [...groupBy(rows, (r) => r.epoch).values()].sort((a, b) => Number(a[0].epoch) - Number(b[0].epoch));
  const mean = (g: Record<string, string>[], c: string) => g.reduce((a, r) => a + Number(r[c]), 0) / g.length;
  writeText(
    paths.report,
    [
      `# Training study${options.quick ? ' (quick)' : ''}`,
      '',
      `${architecture} (ReLU, linear read-out) trained on ${points} points of two half moons in [-1,1]^2 (hinge loss, SGD with momentum 0.9, learning rate 0.05, batches of 20), seeds ${seeds.join(', ')}; from \`training.csv\`: ${rows.length} rows. Means over seeds per epoch:`,
      '',
      mdTable(['epoch', 'activation regions', 'regions with data', 'accuracy', 'hinge loss'], byEpoch.map((g) => [g[0].epoch, fmt(mean(g, 'activation_regions'), 4), fmt(mean(g, 'regions_with_data'), 4), fmt(mean(g, 'train_accuracy'), 3), fmt(mean(g, 'hinge_loss'), 3)])),
      '',
      ...plots.filter((p) => p.endsWith('.png')).map((p) => `![${p}](${p.split('/').pop()})`),
      '',
    ].join('\n'),
  );
  return { csv: paths.csv, report: paths.report, plots, ran, skipped: seeds.length * (epochs + 1) - ran, seconds: seconds(start) };
}

async function trainingPlot(rows: readonly Record<string, string>[], base: string): Promise<string[]> {
  const values = rows.flatMap((r) => [
    { epoch: Number(r.epoch), value: Number(r.activation_regions), measure: 'activation regions on [-1,1]^2', seed: `seed ${r.seed}` },
    { epoch: Number(r.epoch), value: Number(r.regions_with_data), measure: 'regions holding data', seed: `seed ${r.seed}` },
  ]);
  return writePlot(
    {
      title: { text: 'Regions during training (two moons)', subtitle: 'exact counts after each epoch; one line per seed' },
      width: 520,
      height: 320,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'value', type: 'quantitative', title: 'regions', scale: { type: 'log' } },
        color: { field: 'measure', type: 'nominal', title: 'count', scale: { range: PALETTE }, legend: { labelLimit: 400 } },
        strokeDash: { field: 'seed', type: 'nominal', title: 'seed' },
      },
    } as unknown as TopLevelSpec,
    base,
  );
}
