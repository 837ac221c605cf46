import type { Command } from 'commander';
import { loadNetwork } from '../../network/load.js';
import { addDomainOptions, domainFromFlags, type DomainFlags } from '../domain-options.js';
import { interruptFlag } from '../interrupt.js';
import { progressPrinter } from '../progress.js';
import { addRunOptions, runOptionsFromFlags, runWithFlags, type RunFlags } from '../run-options.js';
import { formatSummary } from '../summary.js';

export function countCommand(program: Command): void {
  const cmd = program
    .command('count')
    .description('count activation regions and linear regions')
    .argument('<net>', 'network file (.json)')
    .option('--json', 'print one JSON object')
    .option('--no-linear', 'skip linear regions (merging keeps every region\'s facets in memory)');
  addRunOptions(addDomainOptions(cmd)).action(async (netPath: string, flags: DomainFlags & RunFlags & { json?: boolean; linear: boolean }) => {
    const net = loadNetwork(netPath);
    const domain = domainFromFlags(flags, net.inputSize);
    const progress = progressPrinter(process.stderr.isTTY === true);
    const interrupt = interruptFlag();
    const summary = await runWithFlags(netPath, net, flags, {
      ...runOptionsFromFlags(flags),
      domain,
      merge: flags.linear,
      shouldStop: interrupt.stopped,
      onProgress: progress.update,
    });
    interrupt.dispose();
    progress.clear();
    const { domainText, ...rest } = summary;
    process.stdout.write(flags.json ? JSON.stringify({ ...rest, domainText }) + '\n' : formatSummary(summary) + '\n');
  });
}
