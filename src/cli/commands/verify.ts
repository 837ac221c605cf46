import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { toDecimal, toString } from '../../kernel/rational.js';
import { loadNetwork } from '../../network/load.js';
import { renameSync, rmSync } from 'node:fs';
import { InputError } from '../../errors.js';
import { satCertificate } from '../../verify/verdict-writer.js';
import { verifyParallel } from '../../verify/parallel.js';
import { verifyProperty } from '../../verify/verify.js';
import { loadVnnlib } from '../../verify/vnnlib.js';
import { interruptFlag } from '../interrupt.js';
import { JsonlFileWriter } from '../line-writer.js';
import { positiveInt } from '../run-options.js';

/** relu-regions verify NET PROP.vnnlib: unsat (holds), sat (exact counterexample) or unknown. */
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
    .option('--float-bounds', 'prune on the float linear bounds alone (proven rounding, faster; no exact confirmation, no certificate)')
    .option('--certificate <file>', 'write a certificate of the verdict (sat or unsat) for `relu-regions check`')
    .option('--workers <n>', 'worker threads, each searching parts of the input box (the first sat stops all)', positiveInt('--workers'))
    .option('--json', 'print one JSON object')
    .action(async (netPath: string, propPath: string, flags: { timeout?: number; json?: boolean; certificate?: string; floatBounds?: boolean; workers?: number }) => {
      if (flags.floatBounds && flags.certificate !== undefined) throw new InputError('--certificate needs exact prunes: drop --float-bounds');
      const net = loadNetwork(netPath);
      const prop = loadVnnlib(propPath);
      const interrupt = interruptFlag();
      // the unsat tree streams to FILE.partial, renamed to FILE only if the verdict is unsat
      const partial = flags.certificate !== undefined ? `${flags.certificate}.partial` : null;
      const tree = partial ? new JsonlFileWriter(partial) : null;
      let verdict;
      try {
        const options = { timeoutSeconds: flags.timeout, shouldStop: interrupt.stopped, floatBounds: flags.floatBounds, certificate: tree ? (line: object) => tree.write(line) : undefined };
        verdict = (flags.workers ?? 1) > 1 ? await verifyParallel(net, prop, { ...options, workers: flags.workers! }) : verifyProperty(net, prop, options);
      } catch (e) {
        tree?.close();
        if (partial) rmSync(partial, { force: true });
        throw e;
      } finally {
        interrupt.dispose();
      }
      tree?.close();
      let certNote = '';
      if (flags.certificate !== undefined && partial) {
        if (verdict.result === 'unsat') renameSync(partial, flags.certificate);
        else rmSync(partial, { force: true });
        if (verdict.result === 'sat') {
          const out = new JsonlFileWriter(flags.certificate);
          for (const line of satCertificate(net, prop, verdict.x, verdict.disjunct)) out.write(line);
          out.close();
        }
        certNote = verdict.result === 'unknown' ? `; no certificate (verdict unknown)` : `; certificate written to ${flags.certificate}`;
      }
      if (flags.json) {
        const extra =
          verdict.result === 'sat'
            ? { x: verdict.x.map(toString), y: verdict.y.map(toString), disjunct: verdict.disjunct }
            : verdict.result === 'unknown'
              ? { reason: verdict.reason }
              : {};
        console.log(JSON.stringify({ result: verdict.result, ...extra, stats: verdict.stats, ...(flags.certificate !== undefined && verdict.result !== 'unknown' ? { certificate: flags.certificate } : {}) }));
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
      console.log(
        `; ${s.boxes} boxes (${s.boxesPruned} pruned by ${flags.floatBounds ? 'float (proven-rounding)' : 'exact'} linear bounds, ${s.boxesEnumerated} enumerated), ${s.regions} regions, ${s.lpSolves} LP solves, ${s.seconds.toFixed(3)} s`,
      );
      if (certNote) console.log(certNote);
    });
}
