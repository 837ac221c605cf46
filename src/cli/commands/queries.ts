/** range, lipschitz, monotone: exact answers from the regions' maps. */
import { type Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../errors.js';
import { parseRational } from '../../kernel/rational.js';
import { loadModel } from '../../network/load.js';
import { partialFields, type StopReason } from '../../run-control.js';
import { lipschitzConstant, monotonicity, outputRange, type Extremum, type Witness } from '../../verify/region-queries.js';
import { addDomainOptions, type DomainFlags } from '../domain-options.js';
import { modelInputs, originalPoint } from '../input-view.js';
import { exactJson, pointJson, showExact, showPoint } from '../exact-format.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { withCertificate } from '../certificate-output.js';
import { stopRequested } from '../signals.js';

export const index = (flag: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${flag}: expected an index 0, 1, ..., got "${v}"`);
  return Number(v);
};

/** The note of a stopped run, for people. */
export const partialNote = (stopped: StopReason, regions: number): string => `PARTIAL (${stopped} after ${regions} regions)`;

export function queryCommands(program: Command): void {
  addDomainOptions(
    program
      .command('range')
      .description('exact min and max of an output (or a linear objective of the outputs), with exact argmin and argmax')
      .argument('<net>', 'network file')
      .option('--output <k>', 'output index', index('--output'))
      .option('--objective <c>', 'objective coefficients c_0,c_1,... (exact decimals or p/q)')
      .option('--json', 'print one JSON object')
      .option('--certificate <file>', 'also write a range certificate (JSONL: the split tree with exact LP duals per region) for `relu-regions check`'),
  ).action(async (netPath: string, flags: DomainFlags & { output?: number; objective?: string; json?: boolean; certificate?: string }) => {
    const model = loadModel(netPath);
    const net = model.network;
    const outputs = net.layers[net.layers.length - 1].weights.length;
    if ((flags.output === undefined) === (flags.objective === undefined)) throw new InputError('range: give one of --output K or --objective c_0,...');
    const objective =
      flags.output !== undefined
        ? Array.from({ length: outputs }, (_, k) => parseRational(k === flags.output ? '1' : '0')!)
        : flags.objective!.split(',').map((s, i) => parseRational(s) ?? fail(`--objective: entry ${i} "${s}" is not a number`));
    if (flags.output !== undefined && flags.output >= outputs) throw new InputError(`--output: expected 0..${outputs - 1}`);
    if (objective.length !== outputs) throw new InputError(`--objective: ${objective.length} coefficients, the network has ${outputs} outputs`);
    const view = modelInputs(flags, model, netPath);
    const { domain, warnings } = view;
    const r = await withCertificate(
      flags.certificate,
      [netPath, flags.domain, flags.slice],
      (certificate) => outputRange(view.network, objective, domain, { certificate, shouldStop: stopRequested }),
      (range) => !range.stopped, // a stopped range has no certificate footer
    );
    exitWith(r.stopped ? EXIT.noAnswer : EXIT.answer);
    if (flags.json) {
      const ext = (e: Extremum) => {
        const p = pointJson(originalPoint(view, e.point)); // a point of NET's inputs (pins and slices mapped back)
        return { ...exactJson(e.value), point: p.point, pointApprox: p.approx, pattern: e.pattern };
      };
      console.log(JSON.stringify({ min: ext(r.min), max: ext(r.max), regions: r.regions, ...partialFields(r.stopped), warnings }));
    } else {
      if (r.stopped) console.log(`${partialNote(r.stopped, r.regions)}: the true min is at most, the true max at least:`);
      console.log(`min ${showExact(r.min.value)} at ${showPoint(originalPoint(view, r.min.point))}`);
      console.log(`max ${showExact(r.max.value)} at ${showPoint(originalPoint(view, r.max.point))}`);
      if (!r.stopped) console.log(`(exact, over ${r.regions} regions)`);
    }
    if (flags.certificate) process.stderr.write(r.stopped ? 'no certificate: the run is partial\n' : `certificate written to ${flags.certificate}\n`);
  });

  addDomainOptions(
    program
      .command('lipschitz')
      .description('the exact Lipschitz constant (max over regions of the induced matrix norm) and a region attaining it')
      .argument('<net>', 'network file')
      .option('--norm <norm>', 'inf or 1', 'inf')
      .option('--json', 'print one JSON object'),
  ).action(async (netPath: string, flags: DomainFlags & { norm: string; json?: boolean }) => {
    if (flags.norm !== 'inf' && flags.norm !== '1') throw new InputError(`--norm: expected inf or 1, got "${flags.norm}"`);
    const model = loadModel(netPath);
    const view = modelInputs(flags, model, netPath);
    const { domain, warnings } = view;
    const r = await lipschitzConstant(view.network, flags.norm, domain, { shouldStop: stopRequested });
    exitWith(r.stopped ? EXIT.noAnswer : EXIT.answer);
    if (flags.json) {
      console.log(JSON.stringify({ norm: flags.norm, ...exactJson(r.value), pattern: r.pattern, witness: pointJson(originalPoint(view, r.witness)).point, regions: r.regions, ...partialFields(r.stopped), warnings }));
      return;
    }
    if (r.stopped) console.log(`${partialNote(r.stopped, r.regions)}: the constant is at least this`);
    console.log(`Lipschitz constant (${flags.norm}-norm): ${showExact(r.value)}`);
    console.log(`attained on region ${r.pattern} (witness ${showPoint(originalPoint(view, r.witness))}), ${r.regions} regions`);
  });

  addDomainOptions(
    program
      .command('monotone')
      .description('is output k monotone in input i? exact yes/no with a witness region')
      .argument('<net>', 'network file')
      .requiredOption('--input <i>', 'input index', index('--input'))
      .requiredOption('--output <k>', 'output index', index('--output'))
      .option('--json', 'print one JSON object'),
  ).action(async (netPath: string, flags: DomainFlags & { input: number; output: number; json?: boolean }) => {
    const model = loadModel(netPath);
    const view = modelInputs(flags, model, netPath);
    const { domain, warnings } = view;
    const r = await monotonicity(view.network, view.input(flags.input, '--input'), flags.output, domain, { shouldStop: stopRequested });
    const what = `output ${flags.output} in input ${flags.input}`;
    const { answer } = r;
    exitWith(answer === 'not monotone' ? EXIT.negative : answer === 'unknown' ? EXIT.noAnswer : EXIT.answer);
    const witness = (w: Witness | undefined) => w && { ...exactJson(w.slope), pattern: w.pattern, witness: pointJson(originalPoint(view, w.witness)).point };
    if (flags.json) {
      const { increasing, decreasing } = r.counterexamples;
      console.log(JSON.stringify({ answer, input: flags.input, output: flags.output, regions: r.regions, counterexamples: { increasing: witness(increasing), decreasing: witness(decreasing) }, ...partialFields(answer === 'unknown' ? r.stopped : undefined), warnings }));
      return;
    }
    if (answer === 'unknown') {
      console.log(`unknown: ${partialNote(r.stopped!, r.regions)}; no region with a ${r.increasing ? 'negative' : 'positive'} slope so far`);
    } else if (answer !== 'not monotone') {
      console.log(`monotone: ${what} is ${answer} (every one of ${r.regions} regions)`);
    } else {
      const up = r.counterexamples.decreasing!;
      const down = r.counterexamples.increasing!;
      console.log(`not monotone: ${what}`);
      console.log(`  slope ${showExact(up.slope)} on region ${up.pattern} (witness ${showPoint(originalPoint(view, up.witness))})`);
      console.log(`  slope ${showExact(down.slope)} on region ${down.pattern} (witness ${showPoint(originalPoint(view, down.witness))})`);
    }
  });
}

function fail(message: string): never {
  throw new InputError(message);
}
