/**
 * npm run bench:oracle: the oracle's throughput (issue 10's figures: 1,000 random range cases
 * (≤ 4 inputs, ≤ 3 hidden layers of ≤ 8) in process under 30 s; through the process protocol with
 * a trivial engine under 60 s). Prints a table; a benchmark, not a test.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { oracle } from '../src/testing/oracle.js';
import { intervalEngine, type RangeRequest } from '../examples/oracle/interval-engine.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const sound = intervalEngine();
const rows: { mode: string; arch: string; cases: number; seconds: number; target: number }[] = [];

for (const arch of [undefined, '4-8-8-8-1']) {
  const start = performance.now();
  await fc.assert(oracle.rangeSoundness((r) => sound(r as RangeRequest), { runs: 1000, seed: 1, arch }));
  rows.push({ mode: 'in process (interval engine)', arch: arch ?? 'default', cases: 1000, seconds: (performance.now() - start) / 1000, target: 30 });
}

// a trivial engine: answers every range with [-1e308, 1e308]
const trivial = `${process.execPath} -e "require('readline').createInterface({input:process.stdin}).on('line',(l)=>{if(!l.trim())return;const r=JSON.parse(l);process.stdout.write(JSON.stringify({id:r.id,lower:-1e308,upper:1e308})+'\\\\n')})"`;
for (const arch of [undefined, '4-8-8-8-1']) {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'oracle', '--engine', trivial, '--query', 'range', '--runs', '1000', '--seed', '1', '--json', ...(arch ? ['--arch', arch] : [])], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`oracle exited ${r.status}: ${r.stderr}`);
  rows.push({ mode: 'process protocol (trivial engine)', arch: arch ?? 'default', cases: 1000, seconds: (performance.now() - start) / 1000, target: 60 });
}

console.log('mode                                 arch        cases  seconds  target');
for (const r of rows) console.log(`${r.mode.padEnd(36)} ${r.arch.padEnd(11)} ${String(r.cases).padStart(5)} ${r.seconds.toFixed(2).padStart(8)} ${`< ${r.target} s`.padStart(7)}`);
writeFileSync(join(here, 'oracle-results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n');
