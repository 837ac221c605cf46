/**
 * The counts study: activation regions of random ReLU networks at initialisation vs width,
 * depth and input dimension d, on the box [-1,1]^d and (one layer) on R^d, next to Zaslavsky's
 * exact count (checked where the arrangement is generic, decided exactly), Serra et al.'s upper
 * bound and Montúfar et al.'s lower bound, and a log–log fit of count vs #neurons per d.
 *
 * Networks: `randomNetwork` with He weights, Gaussian N(0,1) biases, float32 values, all layers
 * ReLU; the seed column is the network's seed. A configuration is run only while
 * Zaslavsky(#neurons, d) stays under a budget (the sweep would otherwise take hours); the
 * skipped ones are listed in the report.
 */
import type { TopLevelSpec } from 'vega-lite';
import { countRegions } from '../api/queries.js';
import { autoEngine } from '../enumerate/enumerate.js';
import { toNetwork } from '../api/inputs.js';
import { montufarLowerBound, serraUpperBound, zaslavskyGeneric } from './formulas.js';
import { isGenericArrangement } from './genericity.js';
import { PALETTE, writePlot } from './plots.js';
import { runSweep } from './sweep.js';
import { randomNetwork } from './random-network.js';
import { linearFit, type LinearFit } from './stats.js';
import { StudyCsv } from './csv-store.js';
import { fmt, groupBy, mdTable, seconds, studyPaths, writeText, type StudyOptions, type StudyResult } from './study-kit.js';

export const COUNTS_COLUMNS = ['seed', 'd', 'depth', 'width', 'architecture', 'neurons', 'domain', 'init', 'activation_regions', 'generic', 'zaslavsky', 'zaslavsky_match', 'serra_upper', 'montufar_lower', 'exactness', 'seconds'] as const;

export interface CountsConfig {
  d: number;
  depth: number;
  width: number;
  domain: 'box' | 'whole';
  seed: number;
}

export function countsSweep(quick: boolean): { configs: CountsConfig[]; skipped: string[] } {
  const dims = quick ? [1, 2] : [1, 2, 3, 4];
  const depths = quick ? [1, 2] : [1, 2, 3, 4];
  const widths = quick ? [2, 4, 8] : [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
  const seeds = quick ? [0, 1] : [0, 1, 2, 3, 4];
  const budgetBox = quick ? 200n : 60000n;
  const budgetWhole = quick ? 100n : 6000n;
  const configs: CountsConfig[] = [];
  const skipped: string[] = [];
  for (const d of dims) {
    for (const depth of depths) {
      for (const width of widths) {
        const arch = [d, ...Array(depth).fill(width)].join('-');
        if (zaslavskyGeneric(width * depth, d) <= budgetBox) for (const seed of seeds) configs.push({ d, depth, width, domain: 'box', seed });
        else skipped.push(`${arch} on the box`);
        if (depth === 1) {
          if (zaslavskyGeneric(width, d) <= budgetWhole) for (const seed of seeds) configs.push({ d, depth, width, domain: 'whole', seed });
          else skipped.push(`${arch} on R^${d}`);
        }
      }
    }
  }
  return { configs, skipped };
}

const archOf = (c: CountsConfig) => [c.d, ...Array(c.depth).fill(c.width)];
const domainName = (c: CountsConfig) => (c.domain === 'box' ? `box[-1,1]^${c.d}` : `R^${c.d}`);

/** One run: the row of the CSV. */
export async function countsRun(c: CountsConfig): Promise<Record<string, string | number>> {
  const arch = archOf(c);
  const json = randomNetwork({ arch, seed: c.seed, init: 'he', bias: 'gaussian', float32: true });
  const net = toNetwork(json);
  const start = performance.now();
  const r = await countRegions(net, { domain: c.domain === 'whole' ? { kind: 'whole' } : undefined, maxRegions: 1_000_000 });
  let generic = '';
  let zaslavsky = '';
  let match = '';
  if (c.domain === 'whole' && c.depth === 1) {
    generic = isGenericArrangement(net.layers[0].weights, net.layers[0].bias) ? 'yes' : 'no';
    zaslavsky = zaslavskyGeneric(c.width, c.d).toString();
    if (generic === 'yes') match = BigInt(r.activationRegions) === BigInt(zaslavsky) ? 'yes' : 'NO';
  }
  const engine = autoEngine(c.domain, c.d, c.depth, true); // what countRegions chose
  return {
    seed: c.seed,
    d: c.d,
    depth: c.depth,
    width: c.width,
    architecture: arch.join('-'),
    neurons: c.width * c.depth,
    domain: domainName(c),
    init: 'he+gauss-bias,float32',
    activation_regions: r.activationRegions,
    generic,
    zaslavsky,
    zaslavsky_match: match,
    serra_upper: serraUpperBound(arch).toString(),
    montufar_lower: montufarLowerBound(arch)?.toString() ?? '',
    exactness: r.partial ? `partial(${r.stopReason})` : `exact(${engine} engine, certified)`,
    seconds: seconds(start),
  };
}

export interface CountsFit extends LinearFit {
  d: number;
  domain: string;
}

/** Log–log fits of activation regions vs #neurons, per d and domain kind, from the CSV rows. */
export function countsFits(rows: readonly Record<string, string>[]): CountsFit[] {
  const fits: CountsFit[] = [];
  const usable = rows.filter((r) => r.exactness.startsWith('exact') && Number(r.activation_regions) > 0);
  for (const [key, group] of groupBy(usable, (r) => `${r.d}|${r.domain.startsWith('box') ? 'box' : 'R^d'}`)) {
    const [d, domain] = key.split('|');
    const fit = linearFit(group.map((r) => Math.log(Number(r.neurons))), group.map((r) => Math.log(Number(r.activation_regions))));
    if (fit) fits.push({ ...fit, d: Number(d), domain });
  }
  return fits.sort((a, b) => a.domain.localeCompare(b.domain) || a.d - b.d);
}

export async function countsStudy(options: StudyOptions): Promise<StudyResult> {
  const start = performance.now();
  const paths = studyPaths(options, 'counts');
  const csv = new StudyCsv(paths.csv, COUNTS_COLUMNS, ['seed', 'architecture', 'domain']);
  const { configs, skipped } = countsSweep(options.quick ?? false);
  const key = (c: CountsConfig) => ({ seed: c.seed, architecture: archOf(c).join('-'), domain: domainName(c) });
  const { rows, ran } = await runSweep('counts', options, csv, configs, key, countsRun, (c) => `${archOf(c).join('-')} ${domainName(c)}`);
  const fits = countsFits(rows);
  const plots = options.plots === false ? [] : await countsPlots(rows, fits, paths.plot);
  writeText(paths.report, countsReport(rows, fits, skipped, plots, options.quick ?? false));
  return { csv: paths.csv, report: paths.report, plots, ran, skipped: configs.length - ran, seconds: seconds(start) };
}

function countsReport(rows: readonly Record<string, string>[], fits: readonly CountsFit[], skipped: readonly string[], plots: readonly string[], quick: boolean): string {
  const z = rows.filter((r) => r.zaslavsky !== '');
  const generic = z.filter((r) => r.generic === 'yes');
  const matches = generic.filter((r) => r.zaslavsky_match === 'yes');
  const groups = groupBy(rows, (r) => `${r.architecture}|${r.domain}`);
  const table = [...groups.values()].map((g) => {
    const counts = g.map((r) => Number(r.activation_regions));
    const r0 = g[0];
    return [r0.architecture, r0.domain, g.length, fmt(counts.reduce((a, b) => a + b, 0) / counts.length, 4), Math.min(...counts), Math.max(...counts), r0.zaslavsky || '–', r0.serra_upper, r0.montufar_lower || '–', fmt(g.reduce((a, r) => a + Number(r.seconds), 0) / g.length, 2)];
  });
  const total = rows.reduce((a, r) => a + Number(r.seconds), 0);
  return [
    `# Counts study${quick ? ' (quick)' : ''}`,
    '',
    `Activation regions of random ReLU networks (He weights, N(0,1) biases, float32) from \`counts.csv\`: ${rows.length} runs, ${fmt(total, 3)} s of counting.`,
    '',
    `**Zaslavsky check (one layer on R^d):** ${z.length} runs, ${generic.length} in general position (decided exactly), of which ${matches.length} match Zaslavsky's count exactly${generic.length === matches.length ? '' : ' — MISMATCHES PRESENT'}; ${z.length - generic.length} non-generic (not compared).`,
    '',
    '**Log–log fit** of activation regions vs #neurons (all depths and seeds of each d; 95 % t interval of the slope). Hanin and Rolnick predict growth like (#neurons)^d at initialisation:',
    '',
    mdTable(['d', 'domain', 'runs', 'exponent', '95 % CI', 'R²'], fits.map((f) => [f.d, f.domain, f.n, fmt(f.slope), `[${fmt(f.slopeLo)}, ${fmt(f.slopeHi)}]`, fmt(f.r2)])),
    '',
    'Per configuration (over seeds); Serra et al.\'s upper bound and Montúfar et al.\'s lower bound (on the maximum over all networks, on R^d):',
    '',
    mdTable(['architecture', 'domain', 'seeds', 'mean', 'min', 'max', 'Zaslavsky', 'Serra upper', 'Montúfar lower', 's/run'], table),
    '',
    skipped.length > 0 ? `Not run (Zaslavsky(#neurons, d) over the sweep's budget): ${skipped.join(', ')}.` : '',
    '',
    ...plots.filter((p) => p.endsWith('.png')).map((p) => `![${p}](${p.split('/').pop()})`),
    '',
  ].join('\n');
}

async function countsPlots(rows: readonly Record<string, string>[], fits: readonly CountsFit[], plot: (s: string) => string): Promise<string[]> {
  const box = rows.filter((r) => r.domain.startsWith('box')).map((r) => ({ neurons: Number(r.neurons), regions: Number(r.activation_regions), d: `d = ${r.d}`, depth: `depth ${r.depth}` }));
  const lines = fits
    .filter((f) => f.domain === 'box')
    .flatMap((f) => {
      const ns = box.filter((p) => p.d === `d = ${f.d}`).map((p) => p.neurons);
      return [Math.min(...ns), Math.max(...ns)].map((n) => ({ neurons: n, regions: Math.exp(f.intercept + f.slope * Math.log(n)), d: `d = ${f.d}` }));
    });
  const colour = { field: 'd', type: 'nominal', title: 'input dim', scale: { range: PALETTE } };
  const spec1 = {
    title: { text: 'Activation regions on [-1,1]^d at initialisation', subtitle: 'points: runs (shape = depth); lines: log–log least-squares fit per d' },
    width: 520,
    height: 360,
    layer: [
      { data: { values: box }, mark: { type: 'point', filled: true, opacity: 0.7 }, encoding: { x: { field: 'neurons', type: 'quantitative', scale: { type: 'log' }, title: '#neurons (width × depth)' }, y: { field: 'regions', type: 'quantitative', scale: { type: 'log' }, title: 'activation regions' }, color: colour, shape: { field: 'depth', type: 'nominal', title: 'depth' } } },
      { data: { values: lines }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x: { field: 'neurons', type: 'quantitative' }, y: { field: 'regions', type: 'quantitative' }, color: colour, detail: { field: 'd' } } },
    ],
  } as unknown as TopLevelSpec;
  const whole = rows.filter((r) => r.domain.startsWith('R^'));
  const zpoints = whole.map((r) => ({ width: Number(r.width), regions: Number(r.activation_regions), d: `d = ${r.d}` }));
  const zcurve = [...groupBy(whole, (r) => `${r.d}|${r.width}`).values()].map((g) => ({ width: Number(g[0].width), regions: Number(g[0].zaslavsky), d: `d = ${g[0].d}` }));
  const spec2 = {
    title: { text: 'One layer on R^d: measured vs Zaslavsky', subtitle: 'points: exact counts of runs; lines: Σ_{i≤d} C(n, i)' },
    width: 520,
    height: 360,
    layer: [
      { data: { values: zcurve }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x: { field: 'width', type: 'quantitative', scale: { type: 'log' }, title: 'neurons n (one layer)' }, y: { field: 'regions', type: 'quantitative', scale: { type: 'log' }, title: 'activation regions' }, color: colour } },
      { data: { values: zpoints }, mark: { type: 'point', size: 60 }, encoding: { x: { field: 'width', type: 'quantitative' }, y: { field: 'regions', type: 'quantitative' }, color: colour } },
    ],
  } as unknown as TopLevelSpec;
  // d = 2 (or the largest d present): mean counts per architecture next to the two bounds
  const dBounds = rows.some((r) => r.d === '2') ? '2' : rows.reduce((m, r) => (r.d > m ? r.d : m), '1');
  const bounded = [...groupBy(rows.filter((r) => r.d === dBounds && r.domain.startsWith('box')), (r) => r.architecture).values()].flatMap((g) => {
    const base = { neurons: Number(g[0].neurons), depth: `depth ${g[0].depth}` };
    const mean = g.reduce((a, r) => a + Number(r.activation_regions), 0) / g.length;
    return [
      { ...base, regions: mean, what: 'measured (mean)' },
      { ...base, regions: Number(g[0].serra_upper), what: 'Serra et al. upper bound' },
      ...(g[0].montufar_lower ? [{ ...base, regions: Number(g[0].montufar_lower), what: 'Montúfar et al. lower bound (max)' }] : []),
    ];
  });
  const spec3 = {
    title: { text: `Measured regions vs the bounds (d = ${dBounds}, [-1,1]^${dBounds})`, subtitle: ['solid: measured (mean over seeds); dashed: Serra et al. upper bound;', 'dotted: Montúfar et al. lower bound on the maximum (depth 1: both bounds are Zaslavsky)'] },
    width: 520,
    height: 360,
    data: { values: bounded },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'neurons', type: 'quantitative', scale: { type: 'log' }, title: '#neurons (width × depth)' },
      y: { field: 'regions', type: 'quantitative', scale: { type: 'log' }, title: 'regions', axis: { format: '.0e' } },
      color: { field: 'depth', type: 'nominal', title: 'depth', scale: { range: PALETTE } },
      strokeDash: { field: 'what', type: 'nominal', title: 'curve', scale: { domain: ['measured (mean)', 'Serra et al. upper bound', 'Montúfar et al. lower bound (max)'], range: [[1, 0], [8, 4], [2, 3]] }, legend: null },
      detail: { field: 'what' },
    },
  } as unknown as TopLevelSpec;
  return [...(await writePlot(spec1, plot('vs-neurons'))), ...(await writePlot(spec2, plot('zaslavsky'))), ...(await writePlot(spec3, plot('bounds')))];
}
