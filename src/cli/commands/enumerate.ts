import { once } from 'node:events';
import type { Command } from 'commander';
import type { RunOptions } from '../../enumerate/run.js';
import type { RegionRecord } from '../../enumerate/region.js';
import { planGeometry } from '../../geometry/enumerate-geometry.js';
import { shardEnd, shardHeader } from '../../enumerate/shard-file.js';
import { loadModel } from '../../network/load.js';
import { addDomainOptions, type DomainFlags } from '../domain-options.js';
import { modelInputs, withOriginal } from '../input-view.js';
import { InputError } from '../../errors.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { OutputFile, planOutput } from '../output-file.js';
import { progressPrinter } from '../progress.js';
import { stopRequested } from '../signals.js';
import { formatSummary } from '../summary.js';
import { addRunOptions, runOptionsFromFlags, runWithFlags, type RunFlags } from '../run-options.js';

type EnumerateFlags = DomainFlags & RunFlags & { out?: string; merge?: boolean; allConstraints?: boolean; certificate?: string; json?: boolean; original?: boolean; vertices?: boolean; volume?: boolean };

export function enumerateCommand(program: Command): void {
  const cmd = program
    .command('enumerate')
    .description('enumerate every activation region (JSONL, one region per line, as found)')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .option('--out <file>', 'write regions to this JSONL file instead of stdout (FILE.partial until complete)')
    .option('--merge', 'also compute linear regions (records are then written at the end)')
    .option('--all-constraints', 'print every constraint of the split path, not only the facets')
    .option('--certificate <file>', 'write a certificate of completeness (JSONL split tree) for `relu-regions check`')
    .option('--json', 'print the summary as one JSON object on stderr')
    .option('--vertices', "give each region's exact vertices (2-D: counter-clockwise; an unbounded region adds bounded: false, rays and lines)")
    .option('--volume', "give each region's exact volume, and their total in the summary (bounded domains only)")
    .option('--original', 'with --pin or --slice: also give each record\'s witness (and vertices) in NET\'s input space (originalWitness, originalVertices)');
  addRunOptions(addDomainOptions(cmd)).action(async (netPath: string, flags: EnumerateFlags) => {
    // everything is validated before any output is opened
    const model = loadModel(netPath);
    const view = modelInputs(flags, model, netPath);
    const { network: net, domain, warnings } = view;
    if (flags.original && view.note === undefined) throw new InputError('--original: only with --pin or --slice (records are otherwise in NET\'s input space already)');
    const runOptions = runOptionsFromFlags(flags);
    const geometry = await planGeometry(flags, net, domain, flags.workers ?? 1, { ...runOptions, domain, shouldStop: stopRequested });
    const inputs = [netPath, flags.domain, flags.slice].filter((p): p is string => p !== undefined);
    const outPlan = flags.out !== undefined ? planOutput('--out', flags.out, inputs) : null;
    const certPlan = flags.certificate !== undefined ? planOutput('--certificate', flags.certificate, [...inputs, ...(flags.out ? [flags.out] : [])]) : null;
    const out = outPlan ? new OutputFile(outPlan) : null;
    const cert = certPlan ? new OutputFile(certPlan) : null;
    const progress = progressPrinter(process.stderr.isTTY === true);
    const options: RunOptions & { lp?: string } = {
      ...runOptions,
      domain,
      merge: flags.merge,
      minimal: !flags.allConstraints,
      shouldStop: stopRequested,
      onProgress: progress.update,
      certificate: cert ? (line) => cert.writeLine(line) : undefined,
      ...geometry?.options,
    };
    const write = async (value: unknown): Promise<void> => {
      if (out) out.writeLine(value);
      else if (!process.stdout.write(JSON.stringify(value) + '\n')) await once(process.stdout, 'drain');
    };
    if (runOptions.shard) await write(shardHeader(net, domain, runOptions.shard));
    const sink = flags.original ? (rec: RegionRecord) => write(withOriginal(rec, view)) : write;
    const summary = await runWithFlags(netPath, net, flags, options, geometry ? geometry.wrap(sink) : sink);
    progress.clear();
    if (view.note) summary.domainText += ` (${view.note})`;
    if (runOptions.shard && !summary.partial) await write(shardEnd(summary.activationRegions));
    // a stopped run keeps its regions (every line complete) under FILE.partial; an incomplete certificate is no proof
    if (summary.partial) {
      out?.stopShort(true);
      cert?.stopShort(false);
    } else {
      out?.commit();
      cert?.commit();
    }
    process.stderr.write((flags.json ? JSON.stringify({ ...summary, ...geometry?.summaryJson(), warnings }) : formatSummary(summary) + (geometry?.summaryText() ?? '')) + '\n');
    if (out) process.stderr.write(summary.partial ? `regions found so far written to ${out.writing} (PARTIAL; not renamed to ${flags.out})\n` : `regions written to ${flags.out}\n`);
    if (cert) process.stderr.write(summary.partial ? `no certificate: the run is partial\n` : `certificate written to ${flags.certificate}\n`);
    exitWith(summary.partial ? EXIT.noAnswer : EXIT.answer);
  });
}
