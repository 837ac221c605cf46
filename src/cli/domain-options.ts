/** The domain flags shared by every command: --box, --domain, --whole-space (default [-1,1]^d). */
import type { Command } from 'commander';
import { defaultDomain, loadDomain, parseBoxSpec, type Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';

export interface DomainFlags {
  box?: string;
  domain?: string;
  wholeSpace?: boolean;
}

export function addDomainOptions(cmd: Command): Command {
  return cmd
    .option('--box <spec>', 'input box: "LO,HI" for every input, or "LO1:HI1,LO2:HI2,..." (exact decimals or p/q)')
    .option('--domain <file>', 'polyhedral domain: JSON {"A": [[...]], "b": [...]} meaning A x <= b')
    .option('--whole-space', 'the whole input space R^d (regions may be unbounded)');
}

export function domainFromFlags(flags: DomainFlags, d: number): Domain {
  const given = [flags.box !== undefined, flags.domain !== undefined, flags.wholeSpace === true].filter(Boolean);
  if (given.length > 1) throw new InputError('domain: give at most one of --box, --domain, --whole-space');
  if (flags.box !== undefined) return parseBoxSpec(flags.box, d);
  if (flags.domain !== undefined) return loadDomain(flags.domain, d);
  if (flags.wholeSpace) return { kind: 'whole' };
  return defaultDomain(d);
}
