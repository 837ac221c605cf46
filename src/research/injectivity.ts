/**
 * The injectivity study: the probability that x ↦ ReLU(W x) (W Gaussian, m rows, n columns,
 * b = 0) is injective, decided exactly per network by the library's `injectivity` query, vs
 * the expansivity α = m/n; and the same for two layers n → m → m (expansion α in the first
 * layer, none in the second: end-to-end injectivity without a second injective layer).
 *
 * With b = 0 the map is positively homogeneous (f(tx) = t f(x), t > 0), so it is injective on
 * R^n iff it is on [-1,1]^n: the query runs on the box (the vertex engine). Estimates get
 * Wilson 95 % intervals; for n = 1 the exact probability is 1 − 2^{1−m} (injective iff the
 * column has entries of both signs).
 */
import type { TopLevelSpec } from 'vega-lite';
import { injectivity } from '../api/queries.js';
import { StudyCsv } from './csv-store.js';
import { PALETTE, writePlot } from './plots.js';
import { runSweep } from './sweep.js';
import { randomNetwork } from './random-network.js';
import { crossing, wilson } from './stats.js';
import { fmt, groupBy, mdTable, seconds, studyPaths, writeText, type StudyOptions, type StudyResult } from './study-kit.js';

export const INJECTIVITY_COLUMNS = ['seed', 'layers', 'n', 'm', 'alpha', 'architecture', 'domain', 'answer', 'injective', 'method', 'exactness', 'seconds'] as const;

export interface InjectivityConfig {
  layers: 1 | 2;
  n: number;
  alpha: number;
  seed: number;
}

export function injectivitySweep(quick: boolean): InjectivityConfig[] {
  const seeds = quick ? 40 : 200;
  const points: { layers: 1 | 2; n: number; alphas: number[] }[] = quick
    ? [
        { layers: 1, n: 1, alphas: [1, 2, 3, 4] },
        { layers: 1, n: 2, alphas: [1, 2, 3, 4] },
        { layers: 2, n: 1, alphas: [1, 2, 3] },
      ]
    : [
        { layers: 1, n: 1, alphas: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
        { layers: 1, n: 2, alphas: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
        { layers: 1, n: 3, alphas: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
        { layers: 1, n: 4, alphas: [1, 2, 3, 4, 5, 6] },
        { layers: 2, n: 1, alphas: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
        { layers: 2, n: 2, alphas: [1, 2, 3, 4, 5, 6] },
      ];
  return points.flatMap((p) => p.alphas.flatMap((alpha) => Array.from({ length: seeds }, (_, seed) => ({ layers: p.layers, n: p.n, alpha, seed }))));
}

const archOf = (c: InjectivityConfig) => (c.layers === 1 ? [c.n, c.alpha * c.n] : [c.n, c.alpha * c.n, c.alpha * c.n]);

/** The network of a configuration: Gaussian N(0,1) float32 weights, zero biases, ReLU layers. */
export function injectivityNetwork(c: InjectivityConfig) {
  return randomNetwork({ arch: archOf(c), seed: c.seed, init: 'gaussian', bias: 'zero', float32: true });
}

export async function injectivityRun(c: InjectivityConfig): Promise<Record<string, string | number>> {
  const start = performance.now();
  const r = await injectivity(injectivityNetwork(c));
  return {
    seed: c.seed,
    layers: c.layers,
    n: c.n,
    m: c.alpha * c.n,
    alpha: c.alpha,
    architecture: archOf(c).join('-'),
    domain: `box[-1,1]^${c.n} (= R^${c.n}: b = 0)`,
    answer: r.answer,
    injective: r.answer === 'injective' ? 1 : r.answer === 'not injective' ? 0 : '',
    method: r.answer === 'injective' ? r.method : r.answer === 'not injective' ? 'counterexample x != y, f(x) = f(y)' : '',
    exactness: r.partial ? 'partial' : 'exact',
    seconds: seconds(start),
  };
}

export interface InjectivityPoint {
  layers: number;
  n: number;
  alpha: number;
  m: number;
  k: number;
  runs: number;
  p: number;
  lo: number;
  hi: number;
  /** n = 1, one layer: 1 − 2^{1−m}. */
  exact: number | null;
}

/** Estimates per (layers, n, α) from CSV rows (exact answers only). */
export function injectivityPoints(rows: readonly Record<string, string>[]): InjectivityPoint[] {
  const decided = rows.filter((r) => r.injective === '0' || r.injective === '1');
  return [...groupBy(decided, (r) => `${r.layers}|${r.n}|${r.alpha}`).values()]
    .map((g) => {
      const k = g.filter((r) => r.injective === '1').length;
      const w = wilson(k, g.length);
      const [layers, n, alpha, m] = [Number(g[0].layers), Number(g[0].n), Number(g[0].alpha), Number(g[0].m)];
      return { layers, n, alpha, m, k, runs: g.length, p: w.p, lo: w.lo, hi: w.hi, exact: layers === 1 && n === 1 ? 1 - 2 ** (1 - m) : null };
    })
    .sort((a, b) => a.layers - b.layers || a.n - b.n || a.alpha - b.alpha);
}

export async function injectivityStudy(options: StudyOptions): Promise<StudyResult> {
  const start = performance.now();
  const paths = studyPaths(options, 'injectivity');
  const csv = new StudyCsv(paths.csv, INJECTIVITY_COLUMNS, ['seed', 'architecture']);
  const configs = injectivitySweep(options.quick ?? false);
  const key = (c: InjectivityConfig) => ({ seed: c.seed, architecture: archOf(c).join('-') });
  const { rows, ran } = await runSweep('injectivity', options, csv, configs, key, injectivityRun, (c) => `${c.layers} layer(s) ${archOf(c).join('-')}`);
  const points = injectivityPoints(rows);
  const plots = options.plots === false ? [] : await injectivityPlot(points, paths.plot('probability'));
  writeText(paths.report, injectivityReport(rows, points, plots, options.quick ?? false));
  return { csv: paths.csv, report: paths.report, plots, ran, skipped: configs.length - ran, seconds: seconds(start) };
}

/** α where the estimated probability first reaches 1/2 (linear interpolation), per (layers, n). */
export function crossings(points: readonly InjectivityPoint[]): { layers: number; n: number; alpha: number | null }[] {
  return [...groupBy(points, (p) => `${p.layers}|${p.n}`).values()].map((g) => ({ layers: g[0].layers, n: g[0].n, alpha: crossing(g.map((p) => p.alpha), g.map((p) => p.p), 0.5) }));
}

/** A sentence on how the one-layer crossings move with n (from the numbers above). */
function trend(cross: readonly { layers: number; n: number; alpha: number | null }[]): string {
  const one = cross.filter((c) => c.layers === 1 && c.alpha !== null).sort((a, b) => a.n - b.n);
  if (one.length < 2) return '';
  const rising = one.every((c, i) => i === 0 || c.alpha! > one[i - 1].alpha!);
  return rising
    ? `Here the one-layer crossing grows with n (${one.map((c) => `n = ${c.n}: ${fmt(c.alpha!)}`).join(', ')}), towards the asymptotic threshold from below.`
    : `Here the one-layer crossings are ${one.map((c) => `n = ${c.n}: ${fmt(c.alpha!)}`).join(', ')} (not increasing in n at this sample size).`;
}

function injectivityReport(rows: readonly Record<string, string>[], points: readonly InjectivityPoint[], plots: readonly string[], quick: boolean): string {
  const exactRows = points.filter((p) => p.exact !== null);
  const inside = exactRows.filter((p) => p.exact! >= p.lo && p.exact! <= p.hi);
  const total = rows.reduce((a, r) => a + Number(r.seconds), 0);
  const cross = crossings(points);
  return [
    `# Injectivity study${quick ? ' (quick)' : ''}`,
    '',
    `P(x ↦ ReLU(W x) injective), W Gaussian (float32), b = 0, decided exactly per network by \`injectivity\`; from \`injectivity.csv\`: ${rows.length} runs, ${fmt(total, 3)} s of queries. Two layers: n → αn → αn.`,
    '',
    `**n = 1 check:** the exact probability 1 − 2^{1−m} lies inside the Wilson 95 % interval at ${inside.length} of ${exactRows.length} points.`,
    '',
    '**α at which the estimate crosses 1/2** (linear interpolation between grid points):',
    '',
    mdTable(['layers', 'n', 'crossing α'], cross.map((c) => [c.layers, c.n, c.alpha === null ? 'not reached' : fmt(c.alpha)])),
    '',
    'Published asymptotic thresholds (n → ∞, one layer): Puthawala et al. prove the threshold lies between 3.4 and 10.5; the replica/RDT prediction (Stojnic) is about 6.7. ' + trend(cross),
    '',
    mdTable(
      ['layers', 'n', 'α', 'm', 'injective', 'runs', 'estimate', 'Wilson 95 %', 'exact (n = 1)'],
      points.map((p) => [p.layers, p.n, p.alpha, p.m, p.k, p.runs, fmt(p.p), `[${fmt(p.lo)}, ${fmt(p.hi)}]`, p.exact === null ? '–' : fmt(p.exact, 6)]),
    ),
    '',
    ...plots.filter((p) => p.endsWith('.png')).map((p) => `![${p}](${p.split('/').pop()})`),
    '',
  ].join('\n');
}

async function injectivityPlot(points: readonly InjectivityPoint[], base: string): Promise<string[]> {
  const values = points.map((p) => ({ ...p, curve: `${p.layers === 1 ? 'one layer' : 'two layers'}, n = ${p.n}`, layersName: p.layers === 1 ? 'one (n → αn)' : 'two (n → αn → αn)' }));
  const exact = points.filter((p) => p.exact !== null).flatMap((p) => [{ alpha: p.alpha, exact: p.exact }]);
  const colour = { field: 'curve', type: 'nominal', title: 'network', scale: { range: PALETTE } };
  const spec = {
    title: { text: 'Probability that x -> ReLU(Wx) is injective', subtitle: 'exact decision per network; bars: Wilson 95 % intervals; dashed: exact 1 − 2^(1−m) for n = 1' },
    width: 520,
    height: 340,
    layer: [
      { data: { values }, mark: { type: 'errorbar', ticks: true }, encoding: { x: { field: 'alpha', type: 'quantitative', title: 'expansivity α = m / n', scale: { zero: false } }, y: { field: 'lo', type: 'quantitative', title: 'P(injective)', scale: { domain: [0, 1] } }, y2: { field: 'hi' }, color: colour } },
      { data: { values }, mark: { type: 'line', point: true }, encoding: { x: { field: 'alpha', type: 'quantitative' }, y: { field: 'p', type: 'quantitative' }, color: colour, strokeDash: { field: 'layersName', type: 'nominal', title: 'layers' } } },
      { data: { values: exact }, mark: { type: 'line', strokeDash: [6, 4], color: 'black' }, encoding: { x: { field: 'alpha', type: 'quantitative' }, y: { field: 'exact', type: 'quantitative' } } },
      { data: { values: [{ y: 0.5 }] }, mark: { type: 'rule', color: 'gray', strokeDash: [2, 2] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  } as unknown as TopLevelSpec;
  return writePlot(spec, base);
}
