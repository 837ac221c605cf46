import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { RunOptions } from '../../enumerate/run.js';
import { loadNetwork } from '../../network/load.js';
import { addDomainOptions, domainFromFlags, type DomainFlags } from '../domain-options.js';
import { interruptFlag } from '../interrupt.js';
import { progressPrinter } from '../progress.js';
import { formatSummary } from '../summary.js';
import { JsonlFileWriter } from '../line-writer.js';
import { addRunOptions, runOptionsFromFlags, runWithFlags, type RunFlags } from '../run-options.js';

export function enumerateCommand(program: Command): void {
  const cmd = program
    .command('enumerate')
    .description('enumerate every activation region (JSONL, one region per line, as found)')
    .argument('<net>', 'network file (.json)')
    .option('--out <file>', 'write regions to this JSONL file instead of stdout')
    .option('--merge', 'also compute linear regions (records are then written at the end)')
    .option('--all-constraints', 'print every constraint of the split path, not only the facets')
    .option('--certificate <file>', 'write a certificate of completeness (JSONL split tree) for `relu-regions check`');
  addRunOptions(addDomainOptions(cmd)).action(async (netPath: string, flags: DomainFlags & RunFlags & { out?: string; merge?: boolean; allConstraints?: boolean; certificate?: string }) => {
    const net = loadNetwork(netPath);
    const domain = domainFromFlags(flags, net.inputSize);
    const out: WriteStream | NodeJS.WriteStream = flags.out ? createWriteStream(flags.out) : process.stdout;
    const progress = progressPrinter(process.stderr.isTTY === true);
    const cert = flags.certificate ? new JsonlFileWriter(flags.certificate) : null;
    const interrupt = interruptFlag();
    const options: RunOptions & { lp?: string } = {
      ...runOptionsFromFlags(flags),
      domain,
      merge: flags.merge,
      minimal: !flags.allConstraints,
      shouldStop: interrupt.stopped,
      onProgress: progress.update,
      certificate: cert ? (line) => cert.write(line) : undefined,
    };
    const summary = await runWithFlags(netPath, net, flags, options, async (rec) => {
      if (!out.write(JSON.stringify(rec) + '\n')) await once(out, 'drain');
    });
    interrupt.dispose();
    cert?.close();
    progress.clear();
    if (flags.out) {
      (out as WriteStream).end();
      await once(out, 'finish');
    }
    process.stderr.write(formatSummary(summary) + '\n');
    if (flags.out) process.stderr.write(`regions written to ${flags.out}\n`);
    if (flags.certificate) {
      process.stderr.write(
        summary.partial
          ? `certificate written to ${flags.certificate} is INCOMPLETE (partial run): it will not check\n`
          : `certificate written to ${flags.certificate}\n`,
      );
    }
  });
}
