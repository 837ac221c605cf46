import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { checkVerdictCertificateParallel } from '../../certify/parallel-check.js';
import { checkCertificateFile, checkRegionsMatch } from '../../certify/checker.js';
import { checkInjectiveCertificateFile } from '../../certify/injective-checker.js';
import { checkRangeCertificateFile } from '../../certify/range-checker.js';
import { checkVerdictCertificateFile } from '../../certify/verdict-checker.js';
import { describeDomain, parseDomainJson, type Domain } from '../../domain/domain.js';
import { InputError } from '../../errors.js';
import type { Network } from '../../network/network.js';
import { loadNetwork } from '../../network/load.js';
import { affineProperty } from '../../verify/affine-property.js';
import { loadVnnlib } from '../../verify/vnnlib.js';
import { addDomainOptions, domainFromFlags, type DomainFlags } from '../domain-options.js';
import { positiveInt } from '../run-options.js';

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

/** The header's "kind" (enumeration, verify or range); anything unreadable goes to the enumeration checker, which reports it. */
async function headerKind(path: string): Promise<unknown> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      try {
        const v: unknown = JSON.parse(line);
        return typeof v === 'object' && v !== null ? (v as Record<string, unknown>).kind : undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  } finally {
    rl.close();
  }
}

type CheckFlags = DomainFlags & { regions?: string; property?: string; workers?: number };

const invalid = (where: string): void => {
  process.stdout.write(`invalid: ${where}\n`);
  process.exitCode = 1;
};

export function checkCommand(program: Command): void {
  const cmd = program
    .command('check')
    .description('verify a certificate independently, in exact arithmetic (exit 0 valid, 1 invalid)')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .argument('<cert>', 'certificate file (JSONL, from enumerate, verify or range --certificate)')
    .option('--regions <file>', 'enumeration certificates: also check that this regions JSONL file lists exactly the certificate\'s regions')
    .option('--property <file>', 'verify certificates: also check that the certificate is about this VNN-LIB property')
    .option('--workers <n>', 'verify certificates: worker threads recomputing the pruned boxes\' exact bounds', positiveInt('--workers'));
  addDomainOptions(cmd).action(async (netPath: string, certPath: string, flags: CheckFlags) => {
    const net = loadNetwork(netPath);
    // without a domain flag the certificate's own domain is checked (and printed)
    const given = flags.box !== undefined || flags.domain !== undefined || flags.wholeSpace === true;
    const domain = given ? domainFromFlags(flags, net.inputSize) : null;
    const kind = await reading(certPath, () => headerKind(certPath));
    if (flags.regions !== undefined && (kind === 'verify' || kind === 'range' || kind === 'injective')) throw new InputError('--regions: only for certificates written by enumerate');
    if (kind === 'verify') return checkVerdict(net, certPath, flags);
    if (flags.property !== undefined) throw new InputError('--property: only for certificates written by verify');
    if (flags.workers !== undefined) throw new InputError('--workers: only for certificates written by verify');
    if (kind === 'range') return checkRange(net, domain, given, certPath);
    if (kind === 'injective') return checkInjective(net, domain, given, certPath);
    const r = await reading(certPath, () => checkCertificateFile(net, domain, certPath));
    if (!r.valid) return invalid(`line ${r.line}: ${r.reason}`);
    if (flags.regions !== undefined) {
      const regionsPath = flags.regions;
      const m = await reading(regionsPath, () => checkRegionsMatch(certPath, regionsPath));
      if (!m.ok) return invalid(`${regionsPath}: ${m.reason}`);
    }
    process.stdout.write(
      `valid: ${r.regions} regions, ${r.emptyLeaves} empty leaves, ${r.splits} splits, ${r.constants} constant nodes (checked in ${r.seconds.toFixed(2)} s)\n`,
    );
    process.stdout.write(`domain: ${domainLine(net, r.domain, given)}\n`);
    if (flags.regions !== undefined) process.stdout.write(`${flags.regions} lists exactly these ${r.regions} regions\n`);
  });
}

function domainLine(net: Network, json: unknown, given: boolean): string {
  const certified = describeDomain(parseDomainJson(JSON.stringify(json), net.inputSize), net.inputSize);
  return `${certified}${given ? '' : " (from the certificate's header)"}`;
}

async function checkVerdict(net: Network, certPath: string, flags: CheckFlags): Promise<void> {
  const property = flags.property !== undefined ? affineProperty(loadVnnlib(flags.property)) : null;
  const workers = flags.workers ?? 1;
  const r = await reading(certPath, () => (workers > 1 ? checkVerdictCertificateParallel(net, property, certPath, workers) : checkVerdictCertificateFile(net, property, certPath)));
  if (!r.valid) return invalid(`line ${r.line}: ${r.reason}`);
  if (r.verdict === 'sat') {
    process.stdout.write(`valid: sat (the counterexample is in the box and satisfies disjunct ${r.disjunct} of the unsafe set) (checked in ${r.seconds.toFixed(2)} s)\n`);
  } else {
    process.stdout.write(
      `valid: unsat (${r.boxes} boxes: ${r.pruned} refuted by exact linear bounds, ${r.enumerated} by ${r.regions} exact regions with Farkas certificates) (checked in ${r.seconds.toFixed(2)} s)\n`,
    );
  }
  process.stdout.write(`property: ${flags.property !== undefined ? `${flags.property} (matches the certificate)` : "the certificate's own (give --property FILE to match a VNN-LIB file)"}\n`);
}

async function checkRange(net: Network, domain: Domain | null, given: boolean, certPath: string): Promise<void> {
  const r = await reading(certPath, () => checkRangeCertificateFile(net, domain, certPath));
  if (!r.valid) return invalid(`line ${r.line}: ${r.reason}`);
  process.stdout.write(`valid: objective (${r.objective.join(', ')})·y ranges over [${r.min}, ${r.max}] on ${r.regions} regions (checked in ${r.seconds.toFixed(2)} s)\n`);
  process.stdout.write(`min ${r.min} at (${r.argmin.join(', ')})\nmax ${r.max} at (${r.argmax.join(', ')})\n`);
  process.stdout.write(`domain: ${domainLine(net, r.domain, given)}\n`);
}

async function checkInjective(net: Network, domain: Domain | null, given: boolean, certPath: string): Promise<void> {
  const r = await reading(certPath, () => checkInjectiveCertificateFile(net, domain, certPath));
  if (!r.valid) return invalid(`line ${r.line}: ${r.reason}`);
  process.stdout.write(`valid: injective (${r.regions} regions with full-rank maps, ${r.pairs} region pairs proved apart) (checked in ${r.seconds.toFixed(2)} s)\n`);
  process.stdout.write(`domain: ${domainLine(net, r.domain, given)}\n`);
}
