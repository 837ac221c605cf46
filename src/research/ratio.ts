/**
 * The linear vs activation study: for networks with a linear read-out (one output), the ratio
 * of linear regions (maximal connected sets with one affine map, countRegions `linear: true`)
 * to activation regions, vs width and depth, on [-1,1]^d. A ratio below 1 means neighbouring
 * activation regions share one map (e.g. a neuron whose effect is blocked downstream).
 * Networks: He weights, N(0,1) biases, float32, last layer linear.
 */
import type { TopLevelSpec } from 'vega-lite';
import { countRegions } from '../api/queries.js';
import { zaslavskyGeneric } from './formulas.js';
import { StudyCsv } from './csv-store.js';
import { PALETTE, writePlot } from './plots.js';
import { runSweep } from './sweep.js';
import { randomNetwork } from './random-network.js';
import { fmt, groupBy, mdTable, seconds, studyPaths, writeText, type StudyOptions, type StudyResult } from './study-kit.js';

export const RATIO_COLUMNS = ['seed', 'd', 'depth', 'width', 'architecture', 'domain', 'activation_regions', 'linear_regions', 'ratio', 'exactness', 'seconds'] as const;

export interface RatioConfig {
  d: number;
  depth: number;
  width: number;
  seed: number;
}

export function ratioSweep(quick: boolean): RatioConfig[] {
  const dims = quick ? [2] : [1, 2, 3];
  const depths = quick ? [1, 2] : [1, 2, 3, 4];
  const widths = quick ? [2, 4, 8] : [2, 4, 8, 16, 32];
  const seeds = quick ? 2 : 5;
  const budget = quick ? 200n : 3000n;
  const out: RatioConfig[] = [];
  for (const d of dims) for (const depth of depths) for (const width of widths) {
    if (zaslavskyGeneric(width * depth, d) > budget) continue;
    for (let seed = 0; seed < seeds; seed++) out.push({ d, depth, width, seed });
  }
  return out;
}

const archOf = (c: RatioConfig) => [c.d, ...Array(c.depth).fill(c.width), 1];

export async function ratioRun(c: RatioConfig): Promise<Record<string, string | number>> {
  const net = randomNetwork({ arch: archOf(c), seed: c.seed, init: 'he', bias: 'gaussian', float32: true, linearLast: true });
  const start = performance.now();
  const r = await countRegions(net, { linear: true, maxRegions: 1_000_000 });
  return {
    seed: c.seed,
    d: c.d,
    depth: c.depth,
    width: c.width,
    architecture: archOf(c).join('-'),
    domain: `box[-1,1]^${c.d}`,
    activation_regions: r.activationRegions,
    linear_regions: r.linearRegions ?? '',
    ratio: r.linearRegions === null ? '' : r.linearRegions / r.activationRegions,
    exactness: r.partial ? `partial(${r.stopReason})` : 'exact(vertex engine, certified; linear regions merged exactly)',
    seconds: seconds(start),
  };
}

export async function ratioStudy(options: StudyOptions): Promise<StudyResult> {
  const start = performance.now();
  const paths = studyPaths(options, 'ratio');
  const csv = new StudyCsv(paths.csv, RATIO_COLUMNS, ['seed', 'architecture']);
  const configs = ratioSweep(options.quick ?? false);
  const key = (c: RatioConfig) => ({ seed: c.seed, architecture: archOf(c).join('-') });
  const { rows, ran } = await runSweep('ratio', options, csv, configs, key, ratioRun, (c) => archOf(c).join('-'));
  const groups = [...groupBy(rows, (r) => r.architecture).values()].map((g) => {
    const ratios = g.map((r) => Number(r.ratio));
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    return { d: Number(g[0].d), depth: Number(g[0].depth), width: Number(g[0].width), architecture: g[0].architecture, runs: g.length, mean, min: Math.min(...ratios), max: Math.max(...ratios), act: g.reduce((a, r) => a + Number(r.activation_regions), 0) / g.length, lin: g.reduce((a, r) => a + Number(r.linear_regions), 0) / g.length };
  });
  const plots =
    options.plots === false
      ? []
      : await writePlot(
          {
            title: { text: 'Linear regions / activation regions (linear read-out)', subtitle: 'mean over seeds, on [-1,1]^d; facets: input dimension d' },
            data: { values: groups.map((g) => ({ ...g, depthName: `depth ${g.depth}`, dName: `d = ${g.d}` })) },
            facet: { column: { field: 'dName', type: 'nominal', title: null } },
            spec: {
              width: 220,
              height: 260,
              mark: { type: 'line', point: true },
              encoding: {
                x: { field: 'width', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'width (neurons per layer)' },
                y: { field: 'mean', type: 'quantitative', title: 'linear / activation regions', scale: { zero: false } },
                color: { field: 'depthName', type: 'nominal', title: 'depth', scale: { range: PALETTE } },
              },
            },
          } as unknown as TopLevelSpec,
          paths.plot('ratio'),
        );
  const total = rows.reduce((a, r) => a + Number(r.seconds), 0);
  const below = rows.filter((r) => Number(r.ratio) < 1).length;
  writeText(
    paths.report,
    [
      `# Linear vs activation regions${options.quick ? ' (quick)' : ''}`,
      '',
      `Networks with one linear output (He weights, N(0,1) biases, float32) on [-1,1]^d, from \`ratio.csv\`: ${rows.length} runs, ${fmt(total, 3)} s. In ${below} of ${rows.length} runs some neighbouring activation regions share one affine map (ratio < 1).`,
      '',
      mdTable(['architecture', 'seeds', 'mean activation', 'mean linear', 'mean ratio', 'min ratio', 'max ratio'], groups.map((g) => [g.architecture, g.runs, fmt(g.act, 4), fmt(g.lin, 4), fmt(g.mean, 4), fmt(g.min, 4), fmt(g.max, 4)])),
      '',
      ...plots.filter((p) => p.endsWith('.png')).map((p) => `![${p}](${p.split('/').pop()})`),
      '',
    ].join('\n'),
  );
  return { csv: paths.csv, report: paths.report, plots, ran, skipped: configs.length - ran, seconds: seconds(start) };
}
