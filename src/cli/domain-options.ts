/**
 * The domain flags shared by every command: --box, --domain, --whole-space. Without one, the
 * domain is the network file's own input box where it has one (.nnet: its input minimums and
 * maximums), else [-1,1]^d. A domain that leaves the file's box gets a warning (stderr, and
 * `warnings` in --json): the .nnet reference evaluator clamps inputs to that box, so answers
 * outside it are about the unclamped network, not the function the file defines.
 */
import type { Command } from 'commander';
import { defaultDomain, describeDomain, loadDomain, parseBoxSpec, type Domain } from '../domain/domain.js';
import { leavesBox } from '../domain/inside-box.js';
import { InputError } from '../errors.js';
import type { Model } from '../network/load.js';

export interface DomainFlags {
  box?: string;
  domain?: string;
  wholeSpace?: boolean;
  /** --pin and --slice: applied by modelInputs (input-view.ts); modelDomain refuses them. */
  pin?: string;
  slice?: string;
}

export function addDomainOptions(cmd: Command): Command {
  return cmd
    .option('--box <spec>', 'input box: "LO,HI" for every input, or "LO1:HI1,LO2:HI2,..." (exact decimals or p/q)')
    .option('--domain <file>', 'polyhedral domain: JSON {"A": [[...]], "b": [...]} meaning A x <= b')
    .option('--whole-space', 'the whole input space R^d (regions may be unbounded)')
    .option('--pin <spec>', 'fix inputs exactly: "I=V,..." with 0-based input indices, e.g. "2=0.5,3=-1/3" (the others keep their domain)')
    .option('--slice <file>', 'work on a slice: JSON {"point": [...], "directions": [[...], ...], "box": "LO,HI"}, x = point + sum z_j directions[j]');
}

/** Was a domain flag given? */
export const domainGiven = (flags: DomainFlags): boolean => flags.box !== undefined || flags.domain !== undefined || flags.wholeSpace === true;

export function domainFromFlags(flags: DomainFlags, d: number): Domain {
  const given = [flags.box !== undefined, flags.domain !== undefined, flags.wholeSpace === true].filter(Boolean);
  if (given.length > 1) throw new InputError('domain: give at most one of --box, --domain, --whole-space');
  if (flags.box !== undefined) return parseBoxSpec(flags.box, d);
  if (flags.domain !== undefined) return loadDomain(flags.domain, d);
  if (flags.wholeSpace) return { kind: 'whole' };
  return defaultDomain(d);
}

/** The domain of a command on `model` (loaded from `netPath`), with warnings printed to stderr. */
export function modelDomain(flags: DomainFlags, model: Model, netPath: string): { domain: Domain; warnings: string[] } {
  if (flags.pin !== undefined || flags.slice !== undefined) throw new InputError(`${flags.pin !== undefined ? '--pin' : '--slice'}: not supported by this command`);
  const d = model.network.inputSize;
  if (!domainGiven(flags) && model.inputBox) return { domain: model.inputBox, warnings: [] };
  const domain = domainFromFlags(flags, d);
  return { domain, warnings: boxWarnings(domain, model, netPath) };
}

/** A warning if `domain` leaves the file's input box (printed to stderr, and returned for --json); `what` names the domain. */
export function boxWarnings(domain: Domain, model: Model, netPath: string, what?: string): string[] {
  if (!model.inputBox) return [];
  const where = leavesBox(domain, model.inputBox);
  if (where === null) return [];
  const w =
    `${what ?? `the domain (${describeDomain(domain, model.network.inputSize)})`} leaves ${netPath}'s input ` +
    `${describeDomain(model.inputBox)} (${where}): the .nnet evaluator clamps inputs to that box, so answers outside it are about the unclamped network`;
  process.stderr.write(`warning: ${w}\n`);
  return [w];
}
