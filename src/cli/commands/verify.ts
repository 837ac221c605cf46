import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { toDecimal, toString } from '../../kernel/rational.js';
import { loadNetwork } from '../../network/load.js';
import { verifyProperty } from '../../verify/verify.js';
import { loadVnnlib } from '../../verify/vnnlib.js';
import { interruptFlag } from '../interrupt.js';

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
    .option('--json', 'print one JSON object')
    .action((netPath: string, propPath: string, flags: { timeout?: number; json?: boolean }) => {
      const net = loadNetwork(netPath);
      const prop = loadVnnlib(propPath);
      const interrupt = interruptFlag();
      const verdict = verifyProperty(net, prop, { timeoutSeconds: flags.timeout, shouldStop: interrupt.stopped });
      interrupt.dispose();
      if (flags.json) {
        const extra =
          verdict.result === 'sat'
            ? { x: verdict.x.map(toString), y: verdict.y.map(toString), disjunct: verdict.disjunct }
            : verdict.result === 'unknown'
              ? { reason: verdict.reason }
              : {};
        console.log(JSON.stringify({ result: verdict.result, ...extra, stats: verdict.stats }));
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
        `; ${s.boxes} boxes (${s.boxesPruned} pruned by certified linear bounds, ${s.boxesEnumerated} enumerated), ${s.regions} regions, ${s.lpSolves} LP solves, ${s.seconds.toFixed(3)} s`,
      );
    });
}
