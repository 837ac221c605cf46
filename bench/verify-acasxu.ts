/**
 * npm run bench:verify -- acasxu [--sample N] [--timeout S] [--filter TEXT] [--no-check] [--engine star|box|auto]:
 * the ACAS Xu instances of ../shared/acasxu/instances.csv (published verdicts), each verified in
 * exact mode with its certificate written and checked; a table (verdict, seconds, boxes, prunes,
 * LPs, certificate lines, check seconds) next to nnenum's published time, and JSON in
 * bench/verify-acasxu-results.json for the default engine (star: "boxes" are star cells, "pruned"
 * pruned cells), verify-acasxu-box-results.json / -auto- with --engine box / auto. `--sample N` takes every k-th instance (N in all).
 * `--peer DIR` also runs nnenum on each instance, one fresh single-process run, side by side
 * (bench/nnenum-peer.ts: DIR goes on PYTHONPATH), and adds its verdict and seconds to the table,
 * the JSON and the summary (with the ratio of the totals).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkVerdictCertificateFile } from '../src/certify/verdict-checker.js';
import { loadNetwork } from '../src/network/load.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { verifyProperty } from '../src/verify/verify.js';
import { loadVnnlib } from '../src/verify/vnnlib.js';
import { runNnenum, type PeerResult } from './nnenum-peer.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = join(here, '../../shared/acasxu');
const args = process.argv.slice(2).filter((a) => a !== 'acasxu');
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const timeout = Number(flag('--timeout') ?? 116);
const sample = flag('--sample') === undefined ? undefined : Number(flag('--sample'));
const filter = flag('--filter');
const check = !args.includes('--no-check');
const peer = flag('--peer');
const engine = (flag('--engine') ?? 'star') as 'box' | 'star' | 'auto';
if (engine !== 'box' && engine !== 'star' && engine !== 'auto') throw new Error(`--engine: expected box, star or auto, got ${engine}`);

const rows = readFileSync(join(dir, 'instances.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
let instances = rows.map(([network, property, expected, , nnenum]) => ({ network, property, expected, nnenum: nnenum ? Number(nnenum) : null }));
if (filter) instances = instances.filter((i) => `${i.network} ${i.property} ${i.expected}`.includes(filter));
if (sample !== undefined && sample < instances.length) {
  const step = instances.length / sample;
  instances = Array.from({ length: sample }, (_, k) => instances[Math.floor(k * step)]);
}

const results: Record<string, unknown>[] = [];
const pad = (s: unknown, n: number) => String(s).padStart(n);
console.log('network        property  expected  verdict  seconds   boxes  pruned  enum'.padEnd(78) + '  LPs   cert lines  check s  nnenum s' + (peer ? '  nnenum here (verdict, s)' : ''));
for (const inst of instances) {
  const net = loadNetwork(join(dir, inst.network));
  const prop = loadVnnlib(join(dir, inst.property));
  const lines: string[] = [];
  const v = await verifyProperty(net, prop, { engine, timeoutSeconds: timeout, certificate: (l) => lines.push(JSON.stringify(l)) });
  let checkSeconds: number | null = null;
  let valid: boolean | null = null;
  if (check && v.result !== 'unknown') {
    const file = join(tmpdir(), 'relu-regions-acasxu.jsonl');
    const { satCertificate } = await import('../src/verify/verdict-writer.js');
    const cert = v.result === 'sat' ? satCertificate(net, prop, v.x, v.disjunct).map((l) => JSON.stringify(l)) : lines;
    writeFileSync(file, cert.join('\n') + '\n');
    const start = performance.now();
    const r = await checkVerdictCertificateFile(net, affineProperty(prop), file);
    checkSeconds = (performance.now() - start) / 1000;
    valid = r.valid;
  }
  const s = v.stats;
  const ok = v.result === inst.expected;
  const nn: PeerResult | null = peer ? runNnenum(peer, join(dir, inst.network), join(dir, inst.property), timeout) : null;
  results.push({ ...inst, result: v.result, correct: ok, ...s, certificateLines: v.result === 'unsat' ? lines.length : v.result === 'sat' ? 3 : null, checkSeconds, valid, ...(nn ? { peer: nn } : {}) });
  console.log(
    `${inst.network.replace('ACASXU_run2a_', '').replace('_batch_2000.onnx', '').padEnd(14)} ${inst.property.replace('.vnnlib', '').padEnd(9)} ${inst.expected.padEnd(9)} ${(v.result + (ok ? '' : v.result === 'unknown' ? '?' : '!!')).padEnd(8)}` +
      `${pad(s.seconds.toFixed(2), 8)}${pad(s.boxes, 8)}${pad(s.boxesPruned, 8)}${pad(s.boxesEnumerated, 6)}${pad(s.lpSolves, 7)}${pad(v.result === 'unsat' ? lines.length : '-', 12)}${pad(checkSeconds === null ? '-' : `${checkSeconds.toFixed(2)}${valid ? '' : ' INVALID'}`, 9)}${pad(inst.nnenum ?? '-', 10)}` +
      (nn ? `  ${nn.verdict} ${nn.seconds ?? '-'} (${nn.wall.toFixed(2)} wall)` : ''),
  );
}
const total = (f: (r: Record<string, unknown>) => number) => results.reduce((a, r) => a + f(r), 0);
const secs = results.map((r) => r.seconds as number).sort((a, b) => a - b);
const summary = {
  instances: results.length,
  correct: results.filter((r) => r.correct).length,
  wrong: results.filter((r) => !r.correct && r.result !== 'unknown').length,
  unknown: results.filter((r) => r.result === 'unknown').length,
  totalSeconds: total((r) => r.seconds as number),
  medianSeconds: secs.length ? secs[Math.floor(secs.length / 2)] : null,
  maxSeconds: secs.at(-1) ?? null,
  nnenumTotalSeconds: total((r) => (r.nnenum as number | null) ?? 0),
  checkSeconds: total((r) => (r.checkSeconds as number | null) ?? 0),
  ...(peer
    ? (() => {
        const p = results.map((r) => r.peer as PeerResult);
        const peerTotal = p.reduce((a, r) => a + (r.seconds ?? r.wall), 0);
        const ps = p.map((r) => r.seconds ?? r.wall).sort((a, b) => a - b);
        return { peerCorrect: p.filter((r, i) => r.verdict === instances[i].expected).length, peerTotalSeconds: peerTotal, peerMedianSeconds: ps[Math.floor(ps.length / 2)] ?? null, ratioOfTotals: peerTotal > 0 ? total((r) => r.seconds as number) / peerTotal : null };
      })()
    : {}),
};
console.log(JSON.stringify(summary));
writeFileSync(join(here, engine === 'star' ? 'verify-acasxu-results.json' : `verify-acasxu-${engine}-results.json`), JSON.stringify({ date: new Date().toISOString(), node: process.version, engine, timeout, summary, results }, null, 2) + '\n');
