/** range, lipschitz, monotone: exact answers from the regions' maps. */
import { renameSync, rmSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../errors.js';
import { parseRational, toString, type Rational } from '../../kernel/rational.js';
import { loadNetwork } from '../../network/load.js';
import { equivalence } from '../../verify/equivalence.js';
import { injectivity } from '../../verify/injectivity.js';
import { pairSearch } from '../../verify/injectivity-pairs.js';
import { lipschitzConstant, monotonicity, outputRange } from '../../verify/region-queries.js';
import { addDomainOptions, domainFromFlags, type DomainFlags } from '../domain-options.js';
import { JsonlFileWriter } from '../line-writer.js';

const index = (flag: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${flag}: expected an index 0, 1, ..., got "${v}"`);
  return Number(v);
};
const point = (x: Rational[]) => `(${x.map(toString).join(', ')})`;

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
  ).action((netPath: string, flags: DomainFlags & { output?: number; objective?: string; json?: boolean; certificate?: string }) => {
    const net = loadNetwork(netPath);
    const outputs = net.layers[net.layers.length - 1].weights.length;
    if ((flags.output === undefined) === (flags.objective === undefined)) throw new InputError('range: give one of --output K or --objective c_0,...');
    const objective =
      flags.output !== undefined
        ? Array.from({ length: outputs }, (_, k) => parseRational(k === flags.output ? '1' : '0')!)
        : flags.objective!.split(',').map((s, i) => parseRational(s) ?? fail(`--objective: entry ${i} "${s}" is not a number`));
    if (flags.output !== undefined && flags.output >= outputs) throw new InputError(`--output: expected 0..${outputs - 1}`);
    const r = withCertificate(flags.certificate, (certificate) => outputRange(net, objective, domainFromFlags(flags, net.inputSize), { certificate }));
    if (flags.json) {
      const ext = (e: typeof r.min) => ({ value: toString(e.value), point: e.point.map(toString), pattern: e.pattern });
      console.log(JSON.stringify({ min: ext(r.min), max: ext(r.max), regions: r.regions }));
    } else {
      console.log(`min ${toString(r.min.value)} at ${point(r.min.point)}`);
      console.log(`max ${toString(r.max.value)} at ${point(r.max.point)}`);
      console.log(`(exact, over ${r.regions} regions)`);
    }
    if (flags.certificate) process.stderr.write(`certificate written to ${flags.certificate}\n`);
  });

  addDomainOptions(
    program
      .command('lipschitz')
      .description('the exact Lipschitz constant (max over regions of the induced matrix norm) and a region attaining it')
      .argument('<net>', 'network file')
      .option('--norm <norm>', 'inf or 1', 'inf'),
  ).action((netPath: string, flags: DomainFlags & { norm: string }) => {
    if (flags.norm !== 'inf' && flags.norm !== '1') throw new InputError(`--norm: expected inf or 1, got "${flags.norm}"`);
    const net = loadNetwork(netPath);
    const r = lipschitzConstant(net, flags.norm, domainFromFlags(flags, net.inputSize));
    console.log(`Lipschitz constant (${flags.norm}-norm): ${toString(r.value)}`);
    console.log(`attained on region ${r.pattern} (witness ${point(r.witness)}), ${r.regions} regions`);
  });

  addDomainOptions(
    program
      .command('monotone')
      .description('is output k monotone in input i? exact yes/no with a witness region')
      .argument('<net>', 'network file')
      .requiredOption('--input <i>', 'input index', index('--input'))
      .requiredOption('--output <k>', 'output index', index('--output')),
  ).action((netPath: string, flags: DomainFlags & { input: number; output: number }) => {
    const net = loadNetwork(netPath);
    const r = monotonicity(net, flags.input, flags.output, domainFromFlags(flags, net.inputSize));
    const what = `output ${flags.output} in input ${flags.input}`;
    if (r.increasing || r.decreasing) {
      console.log(`monotone: ${what} is ${r.increasing && r.decreasing ? 'constant' : r.increasing ? 'nondecreasing' : 'nonincreasing'} (every one of ${r.regions} regions)`);
    } else {
      const up = r.counterexamples.decreasing!;
      const down = r.counterexamples.increasing!;
      console.log(`not monotone: ${what}`);
      console.log(`  slope ${toString(up.slope)} on region ${up.pattern} (witness ${point(up.witness)})`);
      console.log(`  slope ${toString(down.slope)} on region ${down.pattern} (witness ${point(down.witness)})`);
    }
  });
}

export function equivalenceCommand(program: Command): void {
  addDomainOptions(
    program
      .command('equivalent')
      .description('are two networks the same function on the domain? exact yes, or a point where they differ')
      .argument('<net1>', 'network file')
      .argument('<net2>', 'network file'),
  ).action((p1: string, p2: string, flags: DomainFlags) => {
    const net1 = loadNetwork(p1);
    const net2 = loadNetwork(p2);
    const r = equivalence(net1, net2, domainFromFlags(flags, net1.inputSize));
    if (r.equivalent) {
      console.log(`equivalent (exact: ${r.regions} regions of the first network, ${r.pieces} pieces compared)`);
      return;
    }
    console.log('not equivalent');
    console.log(`  x  = ${point(r.x)}`);
    console.log(`  f1 = ${point(r.y1)}`);
    console.log(`  f2 = ${point(r.y2)}`);
    process.exitCode = 1;
  });
}

export function injectivityCommand(program: Command): void {
  addDomainOptions(
    program
      .command('injective')
      .description('is the network one-to-one on the domain? exact yes, or a pair x != y with f(x) = f(y)')
      .argument('<net>', 'network file')
      .option('--certificate <file>', 'if injective, write a certificate for `relu-regions check` (every region pair by certified LPs)'),
  ).action((netPath: string, flags: DomainFlags & { certificate?: string }) => {
    const net = loadNetwork(netPath);
    const stats = { lpSolves: 0, pairsSkipped: 0 };
    const domain = domainFromFlags(flags, net.inputSize);
    const r = withCertificate(flags.certificate, (certificate) => injectivity(net, domain, pairSearch(stats), { certificate, lpStats: stats }));
    if (r.injective) {
      console.log(`injective (exact: ${r.method}; ${r.regions} regions, ${r.pairsChecked} region pairs, ${stats.pairsSkipped} skipped by disjoint output boxes, ${stats.lpSolves} LPs)`);
      if (flags.certificate !== undefined) console.log(`certificate written to ${flags.certificate}`);
      return;
    }
    if (flags.certificate !== undefined) rmSync(flags.certificate, { force: true }); // the pair below is the proof
    console.log(`not injective: ${r.reason}`);
    console.log(`  x = ${point(r.x)}`);
    console.log(`  y = ${point(r.y)}`);
    process.exitCode = 1;
  });
}

/**
 * Runs `f` with a sink that streams certificate lines to a temporary file next to `path`, renamed
 * to `path` only when `f` succeeds (a failed run leaves no certificate). No path: no sink.
 */
function withCertificate<T>(path: string | undefined, f: (sink: ((line: unknown) => void) | undefined) => T): T {
  if (path === undefined) return f(undefined);
  const partial = `${path}.partial`;
  const writer = new JsonlFileWriter(partial);
  let done = false;
  try {
    const result = f((line) => writer.write(line));
    writer.close();
    done = true;
    renameSync(partial, path);
    return result;
  } catch (e) {
    if (!done) writer.close();
    rmSync(partial, { force: true });
    throw e;
  }
}

function fail(message: string): never {
  throw new InputError(message);
}
