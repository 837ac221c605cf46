import type { Command } from 'commander';
import { checkCertificateFile, checkRegionsMatch } from '../../certify/checker.js';
import { describeDomain, parseDomainJson } from '../../domain/domain.js';
import { InputError } from '../../errors.js';
import { loadNetwork } from '../../network/load.js';
import { addDomainOptions, domainFromFlags, type DomainFlags } from '../domain-options.js';

/** File-system failures (missing or unreadable files) are bad input: exit 2 with one line. */
async function reading<T>(path: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string') {
      throw new InputError(`${path}: cannot read: ${e.message}`);
    }
    throw e;
  }
}

export function checkCommand(program: Command): void {
  const cmd = program
    .command('check')
    .description('verify a certificate of completeness independently, in exact arithmetic (exit 0 valid, 1 invalid)')
    .argument('<net>', 'network file (.json)')
    .argument('<cert>', 'certificate file (JSONL, from enumerate --certificate)')
    .option('--regions <file>', 'also check that this regions JSONL file lists exactly the certificate\'s regions');
  addDomainOptions(cmd).action(async (netPath: string, certPath: string, flags: DomainFlags & { regions?: string }) => {
    const net = loadNetwork(netPath);
    // without a domain flag the certificate's own domain is checked (and printed in its header)
    const given = flags.box !== undefined || flags.domain !== undefined || flags.wholeSpace === true;
    const domain = given ? domainFromFlags(flags, net.inputSize) : null;
    const r = await reading(certPath, () => checkCertificateFile(net, domain, certPath));
    if (!r.valid) {
      process.stdout.write(`invalid: line ${r.line}: ${r.reason}\n`);
      process.exitCode = 1;
      return;
    }
    if (flags.regions !== undefined) {
      const regionsPath = flags.regions;
      const m = await reading(regionsPath, () => checkRegionsMatch(certPath, regionsPath));
      if (!m.ok) {
        process.stdout.write(`invalid: ${regionsPath}: ${m.reason}\n`);
        process.exitCode = 1;
        return;
      }
    }
    process.stdout.write(
      `valid: ${r.regions} regions, ${r.emptyLeaves} empty leaves, ${r.splits} splits, ${r.constants} constant nodes (checked in ${r.seconds.toFixed(2)} s)\n`,
    );
    const certified = describeDomain(parseDomainJson(JSON.stringify(r.domain), net.inputSize), net.inputSize);
    process.stdout.write(`domain: ${certified}${given ? '' : ' (from the certificate\'s header)'}\n`);
    if (flags.regions !== undefined) process.stdout.write(`${flags.regions} lists exactly these ${r.regions} regions\n`);
  });
}
