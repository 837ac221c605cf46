/**
 * npm run bench:verify: verify on the shared VNN-COMP and ACAS Xu instances with a certificate,
 * then checked: prunes by the filtered predicate (default), the same with 2 worker threads
 * (verify and check), and with --exact-prunes (verify and check); prints a table and writes
 * bench/verify-results.json. Arguments filter the cases by name (e.g. `prop_4`).
 * A benchmark, not a test: nothing in npm test depends on timing.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkVerdictCertificateParallel } from '../src/certify/parallel-check.js';
import { checkVerdictCertificateFile } from '../src/certify/verdict-checker.js';
import { loadNetwork } from '../src/network/load.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { verifyParallel } from '../src/verify/parallel.js';
import { verifyProperty } from '../src/verify/verify.js';
import { loadVnnlib } from '../src/verify/vnnlib.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const shared = join(here, '../../shared');
const acas = join(shared, 'acasxu/ACASXU_run2a_1_1_batch_2000.onnx');
const vnn = (f: string) => join(shared, 'vnncomp-test', f);
const cases = [
  { name: 'test_tiny', net: vnn('test_tiny.onnx'), prop: vnn('test_tiny.vnnlib') },
  { name: 'test_small', net: vnn('test_small.onnx'), prop: vnn('test_small.vnnlib') },
  { name: 'test_sat', net: vnn('test_sat.onnx'), prop: vnn('test_prop.vnnlib') },
  { name: 'test_unsat', net: vnn('test_unsat.onnx'), prop: vnn('test_prop.vnnlib') },
  { name: 'acas 1_1 prop_4', net: acas, prop: join(shared, 'acasxu/prop_4.vnnlib') },
  { name: 'acas 1_1 prop_3', net: acas, prop: join(shared, 'acasxu/prop_3.vnnlib') },
  { name: 'acas 1_1 prop_1', net: acas, prop: join(shared, 'acasxu/prop_1.vnnlib') },
];
if (process.argv[2] === 'acasxu') {
  await import('./verify-acasxu.js'); // the whole ACAS Xu list (see verify-acasxu.ts)
  process.exit(0);
}
const only = process.argv.slice(2);
const results: Record<string, unknown>[] = [];
console.log('case              prunes     verdict   boxes   pruned  seconds   certificate lines   check seconds');
for (const c of cases) {
  if (only.length && !only.some((o) => c.name.includes(o))) continue;
  const property = loadVnnlib(c.prop);
  for (const mode of ['filter', 'filter x2', 'exact'] as const) {
    const exactPrunes = mode === 'exact';
    const workers = mode === 'filter x2' ? 2 : 1;
    const lines: string[] = [];
    const options = { exactPrunes, timeoutSeconds: 600, certificate: (l: object) => lines.push(JSON.stringify(l)) };
    const v = workers > 1 ? await verifyParallel(loadNetwork(c.net), property, { ...options, workers }) : await verifyProperty(loadNetwork(c.net), property, options);
    let check: { valid: boolean; seconds?: number } | null = null;
    if (v.result === 'unsat') {
      const file = join(tmpdir(), 'relu-regions-bench-verdict.jsonl');
      writeFileSync(file, lines.join('\n') + '\n');
      const given = affineProperty(property);
      check =
        workers > 1
          ? await checkVerdictCertificateParallel(loadNetwork(c.net), given, file, workers, undefined, { exactPrunes })
          : await checkVerdictCertificateFile(loadNetwork(c.net), given, file, undefined, { exactPrunes });
    }
    const r = { case: c.name, prunes: mode, result: v.result, ...v.stats, certificateLines: check ? lines.length : null, check };
    results.push(r);
    console.log(
      [c.name.padEnd(17), r.prunes.padEnd(10), v.result.padEnd(9), String(v.stats.boxes).padStart(6), String(v.stats.boxesPruned).padStart(8), v.stats.seconds.toFixed(3).padStart(8),
        String(r.certificateLines ?? '-').padStart(19), check ? `${check.valid ? 'valid' : 'INVALID'} ${check.seconds?.toFixed(3)}`.padStart(15) : ''].join(' '),
    );
  }
}
writeFileSync(join(here, 'verify-results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
console.log(`written ${join(here, 'verify-results.json')}`);
