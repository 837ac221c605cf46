/**
 * npm run bench:explain: the speed of `explain` (issue 13's targets: 891 Titanic rows end to end
 * under 1 s; 100,000 rows on a 10-50-50-3 network under 10 s). Each case runs the whole pipeline
 * in process — read the files, parse the CSV, encode, cluster (filtered forward pass per row, one
 * exact map per detailed cluster, exact map groups), facets of the top clusters, the terminal
 * text — first run (JIT warm-up) and best of three warm runs; the Titanic case also as a CLI
 * process (node + tsx start-up included). Writes bench/explain-results.json.
 * A benchmark, not a test: nothing in npm test depends on timing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { explainClusters } from '../src/explain/clusters.js';
import { parseCsv } from '../src/explain/csv-data.js';
import { encodeTable } from '../src/explain/dataset.js';
import { loadEncoder, type Encoder } from '../src/explain/encoder.js';
import { formatClusters } from '../src/explain/format.js';
import { classesOf, setupExplain } from '../src/explain/setup.js';
import { loadNetwork } from '../src/network/load.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const dir = mkdtempSync(join(tmpdir(), 'relu-regions-bench-explain-'));

interface Case {
  name: string;
  net: string;
  data: string;
  encoder?: string;
  features?: string[];
  label?: string;
}

/** The CLI's pipeline for DATA.csv, in process; returns the counts and the seconds of each phase. */
async function pipeline(c: Case) {
  const t0 = performance.now();
  const net = loadNetwork(c.net);
  const outputs = net.layers[net.layers.length - 1].weights.length;
  const enc: Encoder | undefined = c.encoder ? loadEncoder(c.encoder, net.inputSize, outputs) : undefined;
  const setup = setupExplain(net, enc, c.features);
  const table = parseCsv(readFileSync(c.data, 'utf8'), c.data);
  const t1 = performance.now();
  const classes = c.label || setup.encoder.classes ? classesOf(setup) : undefined;
  const data = encodeTable(table, setup.encoder, { label: c.label ? { column: c.label, classes: classes! } : undefined });
  const t2 = performance.now();
  const ex = await explainClusters(setup.network, data, { top: 5, classes });
  const text = formatClusters(ex, { net: c.net, data: c.data, label: c.label });
  const t3 = performance.now();
  return {
    rows: data.n,
    clusters: ex.clusters,
    mapGroups: ex.mapGroups.count,
    exactRows: ex.exactRows,
    exactComparisons: ex.mapGroups.exactComparisons,
    top10: ex.topShares.find((t) => t.k === 10)?.rows,
    textLines: text.split('\n').length,
    readAndParse: (t1 - t0) / 1000,
    encode: (t2 - t1) / 1000,
    explain: (t3 - t2) / 1000,
    seconds: (t3 - t0) / 1000,
  };
}

/** PyTorch's default nn.Linear initialisation, float32 weights, seeded. */
function randomNet(widths: number[], seed: number): string {
  const rng = xoroshiro128plus(seed);
  const u = (b: number) => Math.fround((2 * uniformFloat64(rng) - 1) * b);
  const layers = widths.slice(1).map((out, l) => {
    const b = 1 / Math.sqrt(widths[l]);
    return {
      weights: Array.from({ length: out }, () => Array.from({ length: widths[l] }, () => u(b))),
      bias: Array.from({ length: out }, () => u(b)),
      activation: l < widths.length - 2 ? 'relu' : 'linear',
    };
  });
  return JSON.stringify({ inputSize: widths[0], inputNames: Array.from({ length: widths[0] }, (_, i) => `x${i}`), layers });
}

/** n rows of d decimals (4 places): uniform in [-2, 2]^d, or around `blobs` random centres (σ = 0.15). */
function randomCsv(n: number, d: number, seed: number, blobs = 0): string {
  const rng = xoroshiro128plus(seed);
  const uni = () => uniformFloat64(rng);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - uni())) * Math.cos(2 * Math.PI * uni());
  const centres = Array.from({ length: blobs }, () => Array.from({ length: d }, () => 4 * uni() - 2));
  const lines = [Array.from({ length: d }, (_, i) => `x${i}`).join(',')];
  for (let r = 0; r < n; r++) {
    const c = blobs > 0 ? centres[Math.floor(uni() * blobs)] : null;
    lines.push(Array.from({ length: d }, (_, i) => (c ? c[i] + 0.15 * gauss() : 4 * uni() - 2).toFixed(4)).join(','));
  }
  return lines.join('\n') + '\n';
}

const netPath = join(dir, 'net-10-50-50-3.json');
writeFileSync(netPath, randomNet([10, 50, 50, 3], 13));
const blobsPath = join(dir, 'blobs-100k.csv');
writeFileSync(blobsPath, randomCsv(100_000, 10, 1, 20));
const uniformPath = join(dir, 'uniform-100k.csv');
writeFileSync(uniformPath, randomCsv(100_000, 10, 2));

const titanic: Case = {
  name: 'Titanic 891 rows, 10-8-8-1',
  net: join(root, 'examples/titanic/titanic-net.json'),
  data: join(root, '../shared/datasets/titanic.csv'),
  encoder: join(root, 'examples/titanic/encoder.json'),
  label: 'survived',
};
const cases: Case[] = [
  titanic,
  { name: 'penguins 344 rows, 9-8-3', net: join(root, 'examples/penguins/penguins-net.json'), data: join(root, '../shared/datasets/penguins.csv'), encoder: join(root, 'examples/penguins/encoder.json'), label: 'species' },
  { name: '100,000 rows in 20 blobs, 10-50-50-3', net: netPath, data: blobsPath },
  { name: '100,000 uniform rows, 10-50-50-3', net: netPath, data: uniformPath },
];

const results: Record<string, unknown>[] = [];
console.log('case                                   rows  clusters  map groups  exact rows  first run  warm (best of 3)  parse  encode  explain');
for (const c of cases) {
  const first = await pipeline(c);
  const runs = [await pipeline(c), await pipeline(c), await pipeline(c)];
  const warm = runs.sort((a, b) => a.seconds - b.seconds)[0];
  results.push({ case: c.name, first, warm });
  console.log(
    `${c.name.padEnd(37)} ${String(warm.rows).padStart(6)} ${String(warm.clusters).padStart(9)} ${String(warm.mapGroups).padStart(11)} ${String(warm.exactRows).padStart(11)} ${first.seconds.toFixed(3).padStart(9)} s ${warm.seconds.toFixed(3).padStart(14)} s ${warm.readAndParse.toFixed(3)} ${warm.encode.toFixed(3)} ${warm.explain.toFixed(3)}`,
  );
}
// the whole command as a process: node start, module loading, the run, the output. The built
// CLI (`npm run build`, or `--cli PATH` to a built main.js) when there is one, else tsx (which
// also compiles every source file on start-up).
const flagAt = process.argv.indexOf('--cli');
const built = flagAt >= 0 ? process.argv[flagAt + 1] : existsSync(join(root, 'dist/cli/commands/explain.js')) ? join(root, 'dist/cli/main.js') : null;
const command = built ? [built] : ['--import', 'tsx', join(root, 'src/cli/main.ts')];
const cli = (args: string[]) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...command, 'explain', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return (performance.now() - t0) / 1000;
};
const start = Math.min(...[0, 1, 2].map(() => cli(['--help'])));
const titanicCli = Math.min(...[0, 1, 2].map(() => cli([titanic.net, titanic.data, '--encoder', titanic.encoder!, '--label', 'survived'])));
const how = built ? `built CLI ${built}` : 'node --import tsx src/cli/main.ts';
console.log(`CLI process, Titanic (${how}): ${titanicCli.toFixed(3)} s wall, best of 3 (start-up alone, explain --help: ${start.toFixed(3)} s)`);
results.push({ case: `CLI Titanic (${how})`, seconds: titanicCli, startup: start });
writeFileSync(join(here, 'explain-results.json'), JSON.stringify(results, null, 2) + '\n');
