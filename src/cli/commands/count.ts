import type { Command } from 'commander';
import { loadModel } from '../../network/load.js';
import { addDomainOptions, type DomainFlags } from '../domain-options.js';
import { modelInputs } from '../input-view.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { progressPrinter } from '../progress.js';
import { addRunOptions, runOptionsFromFlags, runWithFlags, type RunFlags } from '../run-options.js';
import { stopRequested } from '../signals.js';
import { formatSummary } from '../summary.js';

export function countCommand(program: Command): void {
  const cmd = program
    .command('count')
    .description('count activation regions and linear regions')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .option('--json', 'print one JSON object')
    .option('--no-linear', 'skip linear regions (merging keeps every region\'s facets in memory)');
  addRunOptions(addDomainOptions(cmd)).action(async (netPath: string, flags: DomainFlags & RunFlags & { json?: boolean; linear: boolean }) => {
    const model = loadModel(netPath);
    const { network, domain, warnings, note } = modelInputs(flags, model, netPath);
    const progress = progressPrinter(process.stderr.isTTY === true);
    const summary = await runWithFlags(netPath, network, flags, {
      ...runOptionsFromFlags(flags),
      domain,
      merge: flags.linear,
      shouldStop: stopRequested,
      onProgress: progress.update,
    });
    progress.clear();
    if (note) summary.domainText += ` (${note})`;
    const { domainText, ...rest } = summary;
    process.stdout.write(flags.json ? JSON.stringify({ ...rest, domainText, warnings }) + '\n' : formatSummary(summary) + '\n');
    exitWith(summary.partial ? EXIT.noAnswer : EXIT.answer);
  });
}
