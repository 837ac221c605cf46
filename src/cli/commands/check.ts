import type { Command } from 'commander';
import { certificateFileKind } from '../../api/check.js';
import { checkVerdictCertificateParallel } from '../../certify/parallel-check.js';
import { checkCertificateFile, checkRegionsMatch } from '../../certify/checker.js';
import { checkInjectiveCertificateFile } from '../../certify/injective-checker.js';
import { checkInvariantCertificateFile } from '../../certify/invariant-checker.js';
import { checkLevelSetCertificateFile } from '../../certify/levelset-checker.js';
import { checkRangeCertificateFile } from '../../certify/range-checker.js';
import { checkVerdictCertificateFile } from '../../certify/verdict-checker.js';
import { describeDomain, parseDomainJson, type Domain } from '../../domain/domain.js';
import { InputError } from '../../errors.js';
import type { Network } from '../../network/network.js';
import { loadModel, loadNetwork } from '../../network/load.js';
import { affineProperty } from '../../verify/affine-property.js';
import { loadVnnlib } from '../../verify/vnnlib.js';
import { addDomainOptions, domainFromFlags, domainGiven, type DomainFlags } from '../domain-options.js';
import { modelInputs, pinnedProperty, reducesInputs } from '../input-view.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { reading } from '../reading.js';
import { checkShapes, outputIndex } from '../barrier-options.js';
import { workerCount } from '../run-options.js';
import { stopRequested } from '../signals.js';
import { StoppedError } from '../../run-control.js';

const stop = { shouldStop: stopRequested };

type CheckFlags = DomainFlags & { regions?: string; property?: string; workers?: number; exactPrunes?: boolean; dynamics?: string; output?: number; json?: boolean };

let json = false;
/** Prints the verdict (text lines, or one JSON object with --json) and sets the exit code. */
function report(fields: Record<string, unknown>, lines: string[]): void {
  exitWith(fields.valid === true ? EXIT.answer : fields.valid === false ? EXIT.negative : EXIT.noAnswer);
  process.stdout.write(json ? JSON.stringify(fields) + '\n' : lines.map((l) => l + '\n').join(''));
}

const invalid = (line: number | null, reason: string): void => {
  report({ valid: false, line, reason }, [`invalid: ${line === null ? '' : `line ${line}: `}${reason}`]);
};

export function checkCommand(program: Command): void {
  const cmd = program
    .command('check')
    .description('verify a certificate independently, in exact arithmetic (exit 0 valid, 1 invalid)')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .argument('<cert>', 'certificate file (JSONL, from enumerate, verify or range --certificate)')
    .option('--regions <file>', 'enumeration certificates: also check that this regions JSONL file lists exactly the certificate\'s regions')
    .option('--property <file>', 'verify certificates: also check that the certificate is about this VNN-LIB property')
    .option('--workers <n>', 'verify certificates: worker threads recomputing the pruned boxes\' bounds', workerCount('--workers'))
    .option('--dynamics <net>', 'invariance certificates: the closed loop G (NET is the barrier B)')
    .option('--output <k>', 'invariance certificates: the barrier is output K of NET', outputIndex)
    .option('--exact-prunes', 'verify certificates: decide every pruned box by the exact BigInt bound alone, not the proven float filter (slower)')
    .option('--json', 'print one JSON object');
  addDomainOptions(cmd).action(async (netPath: string, certPath: string, flags: CheckFlags) => {
    json = flags.json === true;
    try {
      await checkAny(netPath, certPath, flags);
    } catch (e) {
      if (!(e instanceof StoppedError)) throw e;
      report({ valid: null, partial: true, stopReason: e.reason, linesChecked: e.line }, [`unknown: PARTIAL (${e.reason} after ${e.line} lines): no verdict`]);
    }
  });
}

async function checkAny(netPath: string, certPath: string, flags: CheckFlags): Promise<void> {
  const model = loadModel(netPath);
  let net = model.network;
  // --pin / --slice (or a --box pinning inputs): the certificate is about the reduced network and domain
  const reduced = reducesInputs(flags, net.inputSize);
  // without a domain flag the certificate's own domain is checked (and printed)
  let given = domainGiven(flags);
  let domain = given && !reduced ? domainFromFlags(flags, net.inputSize) : null;
  const kind = await reading(certPath, () => certificateFileKind(certPath));
  if (flags.regions !== undefined && (kind === 'verify' || kind === 'range' || kind === 'injective' || kind === 'invariant' || kind === 'levelset')) throw new InputError('--regions: only for certificates written by enumerate');
  if (flags.output !== undefined && kind !== 'invariant') throw new InputError('--output: only for certificates written by invariant');
  if (kind === 'verify') return checkVerdict(net, certPath, flags);
  if (kind === 'invariant') return checkInvariant(net, netPath, certPath, flags);
  if (kind === 'levelset') {
    const r = await reading(certPath, () => checkLevelSetCertificateFile(net, certPath, stop));
    if (!r.valid) return invalid(r.line, r.reason);
    const what = r.relation === 'eq' ? `the level set {c·f = C} has ${r.pieces} pieces (crossing, boundary or flat) over ${r.regions} regions` : `the set {c·f ${r.relation === 'le' ? '<=' : '>='} C} has interior in exactly ${r.pieces} of ${r.regions} regions`;
    return report({ ...r, kind: 'levelset' }, [`valid: ${what} (checked in ${r.seconds.toFixed(2)} s)`]);
  }
  if (flags.dynamics !== undefined) throw new InputError('--dynamics: only for certificates written by invariant');
  if (flags.property !== undefined) throw new InputError('--property: only for certificates written by verify');
  if (flags.workers !== undefined) throw new InputError('--workers: only for certificates written by verify');
  if (flags.exactPrunes) throw new InputError('--exact-prunes: only for certificates written by verify');
  if (reduced) {
    ({ network: net, domain } = modelInputs(flags, model, netPath));
    given = true;
  }
  if (kind === 'range') return checkRange(net, domain, given, certPath);
  if (kind === 'injective') return checkInjective(net, domain, given, certPath);
  const r = await reading(certPath, () => checkCertificateFile(net, domain, certPath, stop));
  if (!r.valid) return invalid(r.line, r.reason);
  if (flags.regions !== undefined) {
    const regionsPath = flags.regions;
    const m = await reading(regionsPath, () => checkRegionsMatch(certPath, regionsPath));
    if (!m.ok) return invalid(null, `${regionsPath}: ${m.reason}`);
  }
  report({ ...r, kind: 'enumeration', ...(flags.regions !== undefined ? { regionsFile: flags.regions } : {}) }, [
    `valid: ${r.regions} regions, ${r.emptyLeaves} empty leaves, ${r.splits} splits, ${r.constants} constant nodes (checked in ${r.seconds.toFixed(2)} s)`,
    `domain: ${domainLine(net, r.domain, given)}`,
    ...(flags.regions !== undefined ? [`${flags.regions} lists exactly these ${r.regions} regions`] : []),
  ]);
}

function domainLine(net: Network, json: unknown, given: boolean): string {
  const certified = describeDomain(parseDomainJson(JSON.stringify(json), net.inputSize), net.inputSize);
  return `${certified}${given ? '' : " (from the certificate's header)"}`;
}

async function checkInvariant(barrier: Network, netPath: string, certPath: string, flags: CheckFlags): Promise<void> {
  if (flags.dynamics === undefined) throw new InputError(`${certPath}: an invariance certificate: give the closed loop with --dynamics G (NET is the barrier)`);
  const dynamics = loadNetwork(flags.dynamics);
  checkShapes(barrier, dynamics, { barrier: netPath, dynamics: flags.dynamics, output: flags.output });
  const r = await reading(certPath, () => checkInvariantCertificateFile(barrier, dynamics, certPath, stop, flags.output));
  if (!r.valid) return invalid(r.line, r.reason);
  report({ ...r, kind: 'invariant', dynamics: flags.dynamics }, [
    `valid: ${r.regions} regions of (B, B∘G, G) with exact proofs (checked in ${r.seconds.toFixed(2)} s)`,
    ...(r.invariant ? ['invariant: {B <= 0} is mapped into itself and into the domain'] : []),
    ...(r.safe ? ['safe: S does not meet the certificate\'s unsafe set'] : []),
    ...(r.initialInside ? ['the certificate\'s initial set is inside S'] : []),
    ...(r.level ? [`certified level c* = ${r.level.value}: {B ${r.level.closed ? '<=' : '<'} ${r.level.value}} is mapped into itself and into the domain (the largest level <= 0 whose set lies in {B(G(x)) <= B(x)} and is mapped into the domain)`] : []),
    ...(r.pieces !== undefined ? [`C = S ∩ {B(G(x)) <= B(x)} has ${r.pieces} full-dimensional pieces`] : []),
  ]);
}

async function checkVerdict(net: Network, certPath: string, flags: CheckFlags): Promise<void> {
  if (flags.slice !== undefined) throw new InputError('--slice: not for certificates written by verify');
  if (flags.pin !== undefined && flags.property === undefined) throw new InputError('--pin: with a certificate written by verify, give it together with --property (the certificate states its own pinned box)');
  const property = flags.property !== undefined ? affineProperty(pinnedProperty(loadVnnlib(flags.property), flags.pin, flags.property)) : null;
  const workers = flags.workers ?? 1;
  const options = { exactPrunes: flags.exactPrunes };
  const r = await reading(certPath, () =>
    workers > 1 ? checkVerdictCertificateParallel(net, property, certPath, workers, stop, options) : checkVerdictCertificateFile(net, property, certPath, stop, options),
  );
  if (!r.valid) return invalid(r.line, r.reason);
  const head =
    r.verdict === 'sat'
      ? `valid: sat (the counterexample is in the box and satisfies disjunct ${r.disjunct} of the unsafe set) (checked in ${r.seconds.toFixed(2)} s)`
      : r.star && r.boxes === 1
        ? `valid: unsat (star: ${r.star.cells} cells, ${r.star.pruned} refuted by certified linear bounds, ${r.star.leaves} linear pieces and ${r.star.empty} empty cells with Farkas certificates) (checked in ${r.seconds.toFixed(2)} s)`
        : `valid: unsat (${r.boxes} boxes: ${r.pruned} refuted by ${flags.exactPrunes ? 'exact' : 'certified'} linear bounds, ${r.enumerated} by ${r.regions} exact regions with Farkas certificates${r.star ? `, ${r.boxes - r.pruned - r.enumerated} by star subtrees of ${r.star.cells} cells` : ''}) (checked in ${r.seconds.toFixed(2)} s)`;
  report({ ...r, kind: 'verify', ...(flags.property !== undefined ? { property: flags.property } : {}) }, [
    head,
    `property: ${flags.property !== undefined ? `${flags.property} (matches the certificate)` : "the certificate's own (give --property FILE to match a VNN-LIB file)"}`,
  ]);
}

async function checkRange(net: Network, domain: Domain | null, given: boolean, certPath: string): Promise<void> {
  const r = await reading(certPath, () => checkRangeCertificateFile(net, domain, certPath, stop));
  if (!r.valid) return invalid(r.line, r.reason);
  report({ ...r, kind: 'range' }, [
    `valid: objective (${r.objective.join(', ')})·y ranges over [${r.min}, ${r.max}] on ${r.regions} regions (checked in ${r.seconds.toFixed(2)} s)`,
    `min ${r.min} at (${r.argmin.join(', ')})`,
    `max ${r.max} at (${r.argmax.join(', ')})`,
    `domain: ${domainLine(net, r.domain, given)}`,
  ]);
}

async function checkInjective(net: Network, domain: Domain | null, given: boolean, certPath: string): Promise<void> {
  const r = await reading(certPath, () => checkInjectiveCertificateFile(net, domain, certPath, stop));
  if (!r.valid) return invalid(r.line, r.reason);
  report({ ...r, kind: 'injective' }, [
    `valid: injective (${r.regions} regions with full-rank maps, ${r.pairs} region pairs proved apart) (checked in ${r.seconds.toFixed(2)} s)`,
    `domain: ${domainLine(net, r.domain, given)}`,
  ]);
}
