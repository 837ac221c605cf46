import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { toDecimal, toString } from '../../kernel/rational.js';
import { loadModel } from '../../network/load.js';
import { InputError } from '../../errors.js';
import { satCertificate } from '../../verify/verdict-writer.js';
import { verifyParallel } from '../../verify/parallel.js';
import { verifyProperty } from '../../verify/verify.js';
import { loadVnnlib } from '../../verify/vnnlib.js';
import { boxWarnings } from '../domain-options.js';
import { pinnedProperty } from '../input-view.js';
import { pointJson } from '../exact-format.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { OutputFile, planOutput } from '../output-file.js';
import { workerCount } from '../run-options.js';
import { stopRequested } from '../signals.js';

type VerifyFlags = { timeout?: number; json?: boolean; certificate?: string; exactPrunes?: boolean; workers?: number; pin?: string; engine?: 'box' | 'star' | 'auto' };

/** relu-regions verify NET PROP.vnnlib: unsat (holds, exit 0), sat (exact counterexample, exit 1) or unknown (exit 3). */
export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check a VNN-LIB property exactly: unsat (holds), sat with an exact counterexample, or unknown (a limit was hit)')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .argument('<property>', 'VNN-LIB file (.vnnlib, or gzipped)')
    .option('--timeout <seconds>', 'give up with "unknown" after this many seconds', (v) => {
      const s = Number(v);
      if (!(s > 0)) throw new InvalidArgumentError(`--timeout: expected a positive number of seconds, got "${v}"`);
      return s;
    })
    .option('--engine <engine>', 'search: "star" (split neurons over exact polytopes, nnenum-style; default), "box" (bisect the input box; the default with --workers or --exact-prunes) or "auto" (box for 600 boxes, then star)', (v) => {
      if (v !== 'box' && v !== 'star' && v !== 'auto') throw new InvalidArgumentError(`--engine: expected "box", "star" or "auto", got "${v}"`);
      return v;
    })
    .option('--exact-prunes', 'decide every prune by the exact BigInt bound instead of the proven float filter (slower; no float touches the answer)')
    .option('--certificate <file>', 'write a certificate of the verdict (sat or unsat) for `relu-regions check`')
    .option('--workers <n>', 'worker threads, each searching parts of the input box (the first sat stops all)', workerCount('--workers'))
    .option('--json', 'print one JSON object')
    .option('--pin <spec>', 'fix inputs exactly inside the property\'s box: "I=V,..." with 0-based input indices (X_I), e.g. "3=0.5"')
    .action(async (netPath: string, propPath: string, flags: VerifyFlags) => {
      if (flags.engine !== undefined && flags.engine !== 'box' && flags.exactPrunes) throw new InputError('--exact-prunes is an option of --engine box (the star engine decides its prunes with the proven float bound and exact LP duals)');
      if (flags.engine !== undefined && flags.engine !== 'box' && (flags.workers ?? 1) > 1) throw new InputError('--workers is an option of --engine box (the star engine runs in one thread)');
      const model = loadModel(netPath);
      const net = model.network;
      const prop = pinnedProperty(loadVnnlib(propPath), flags.pin, propPath);
      if (prop.inputs !== net.inputSize) throw new InputError(`${propPath}: ${prop.inputs} inputs (X_i), the network has ${net.inputSize}`);
      const warnings = boxWarnings({ kind: 'box', lo: prop.inputBox.lo, hi: prop.inputBox.hi }, model, netPath);
      const plan = flags.certificate !== undefined ? planOutput('--certificate', flags.certificate, [netPath, propPath]) : null;
      // the unsat tree streams to FILE.partial, renamed to FILE only if the verdict is unsat
      const tree = plan ? new OutputFile(plan) : null;
      // --workers and --exact-prunes are the box engine's: they choose it unless --engine says otherwise (refused above)
      const engine = flags.engine ?? ((flags.workers ?? 1) > 1 || flags.exactPrunes ? 'box' : 'star');
      const options = { engine, timeoutSeconds: flags.timeout, shouldStop: stopRequested, exactPrunes: flags.exactPrunes, certificate: tree ? (line: object) => tree.writeLine(line) : undefined };
      const verdict = (flags.workers ?? 1) > 1 ? await verifyParallel(net, prop, { ...options, workers: flags.workers! }) : await verifyProperty(net, prop, options);
      let certNote = '';
      if (tree && plan) {
        if (verdict.result === 'unsat') tree.commit();
        else tree.abandon();
        if (verdict.result === 'sat') {
          const out = new OutputFile(plan);
          for (const line of satCertificate(net, prop, verdict.x, verdict.disjunct)) out.writeLine(line);
          out.commit();
        }
        certNote = verdict.result === 'unknown' ? `; no certificate (verdict unknown)` : `; certificate written to ${flags.certificate}`;
      }
      exitWith(verdict.result === 'unsat' ? EXIT.answer : verdict.result === 'sat' ? EXIT.negative : EXIT.noAnswer);
      if (flags.json) {
        const extra =
          verdict.result === 'sat'
            ? { x: verdict.x.map(toString), y: verdict.y.map(toString), approx: { x: pointJson(verdict.x).approx, y: pointJson(verdict.y).approx }, disjunct: verdict.disjunct }
            : verdict.result === 'unknown'
              ? { reason: verdict.reason }
              : {};
        console.log(JSON.stringify({ result: verdict.result, ...extra, stats: verdict.stats, ...(flags.certificate !== undefined && verdict.result !== 'unknown' ? { certificate: flags.certificate } : {}), warnings }));
        return;
      }
      console.log(verdict.result);
      if (verdict.result === 'sat') {
        // the competition's result-file syntax, decimals far finer than its 1e-4 check
        const pairs = [...verdict.x.map((v, i) => `(X_${i} ${toDecimal(v)})`), ...verdict.y.map((v, i) => `(Y_${i} ${toDecimal(v)})`)];
        console.log(`(${pairs.join('\n ')})`);
        console.log(`; exact counterexample (disjunct ${verdict.disjunct} of the unsafe set):`);
        console.log(`; X = (${verdict.x.map(toString).join(', ')})`);
        console.log(`; Y = (${verdict.y.map(toString).join(', ')})`);
      }
      if (verdict.result === 'unknown') console.log(`; ${verdict.reason}`);
      const s = verdict.stats;
      if (s.star) {
        const t = s.star;
        if (s.autoBoxes !== undefined) console.log(`; the box engine searched ${s.autoBoxes} boxes first, then the star engine:`);
        console.log(`; ${t.cells} star cells (${t.pruned} pruned by certified linear bounds, ${t.splits} neuron splits, ${t.leaves} linear pieces, ${t.empty} empty), ${t.lps} LPs, ${t.crown} CROWN passes, ${s.seconds.toFixed(3)} s`);
        if (certNote) console.log(certNote);
        return;
      }
      console.log(
        `; ${s.boxes} boxes (${s.boxesPruned} pruned by ${flags.exactPrunes ? 'exact' : 'certified (proven-rounding float)'} linear bounds, ${s.boxesEnumerated} enumerated), ${s.regions} regions, ${s.lpSolves} LP solves, ${s.seconds.toFixed(3)} s`,
      );
      if (certNote) console.log(certNote);
    });
}
