/**
 * npm run bench: every case in its own process, exact and --float modes; prints a table and
 * writes bench/results.json. A benchmark, not a test: nothing in npm test depends on timing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { degenerateNet, sawtoothNet } from './nets.js';

const here = fileURLToPath(new URL('.', import.meta.url));
if (process.argv[2] === 'scale') {
  // npm run bench -- scale [--peer DIR] [--only ...]: issue 16's nets (bench/scale.ts)
  execFileSync(process.execPath, ['--import', 'tsx', join(here, 'scale.ts'), ...process.argv.slice(3)], { stdio: 'inherit' });
  process.exit(0);
}
const shared = join(here, '../../shared/nets');
const work = join(tmpdir(), 'relu-regions-bench');
mkdirSync(work, { recursive: true });
writeFileSync(join(work, 'degenerate-d2-16x16.json'), JSON.stringify(degenerateNet(shared)));
writeFileSync(join(work, 'sawtooth-d1-k12.json'), JSON.stringify(sawtoothNet(12)));
writeFileSync(join(work, 'sawtooth-d1-k20.json'), JSON.stringify(sawtoothNet(20)));

const cases: { name: string; file: string; args: string[]; target?: number; exactOnly?: boolean }[] = [
  { name: '2-16-16', file: join(shared, 'random-d2-16x16.json'), args: [], target: 0.05 },
  { name: '4-8-8-8', file: join(shared, 'random-d4-8x8x8.json'), args: [], target: 0.1 },
  { name: '2-32-32', file: join(shared, 'random-d2-32x32.json'), args: [], target: 0.1 },
  { name: '3-16-16-16', file: join(shared, 'random-d3-16x16x16.json'), args: [], target: 0.15 },
  { name: 'degenerate 2-36-16', file: join(work, 'degenerate-d2-16x16.json'), args: [] },
  { name: 'sawtooth 1-(2x12)', file: join(work, 'sawtooth-d1-k12.json'), args: ['--box', '0,1'] },
  // 2^20 = 1,048,576 regions: streaming memory must stay flat (see peak RSS)
  { name: 'sawtooth 1-(2x20)', file: join(work, 'sawtooth-d1-k20.json'), args: ['--box', '0,1', '--once'], exactOnly: true },
];
const only = process.argv.slice(2);
console.log('case                 mode   regions  linear  warm best   (first run)    rate        LP/region   peak RSS');
const results: Record<string, unknown>[] = [];
for (const c of cases) {
  if (only.length && !only.some((o) => c.name.includes(o))) continue;
  for (const mode of c.exactOnly ? ['exact'] : ['exact', 'float']) {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'one.ts'), c.file, mode, ...c.args], { encoding: 'utf8' });
    const processSeconds = (performance.now() - t0) / 1000;
    const r = { case: c.name, mode, ...JSON.parse(out), processSeconds: +processSeconds.toFixed(3), target: mode === 'exact' ? c.target : undefined };
    results.push(r);
    console.log(
      [c.name.padEnd(20), mode.padEnd(6), String(r.regions).padStart(7), String(r.linearRegions ?? '-').padStart(7), `${r.seconds.toFixed(3)} s`.padStart(10), `(cold ${r.coldSeconds.toFixed(3)} s)`.padStart(16), `${r.regionsPerSecond}/s`.padStart(9),
        `${r.lpPerRegion} LP/region`.padStart(16), `${r.peakRssMiB} MiB`.padStart(10), mode === 'exact' && c.target ? `target ${c.target} s` : ''].join(' '),
    );
  }
}
writeFileSync(join(here, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
console.log(`written ${join(here, 'results.json')}`);
