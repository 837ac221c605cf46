/**
 * Checks of what library callers hand over directly: hand-built Network objects and the options of
 * the enumeration entries. Files are checked by their parsers; a Network built in code skipped
 * that, and a width mismatch, 'Linear' or a short bias used to run and return counts, or die with
 * a TypeError deep inside. Messages are the JSON parser's (the same walk, parse-json.ts), prefixed
 * with the argument's name: "network: layers[2].weights[3]: 4 entries, expected 5".
 *
 * Cost: one pass over the weights with a few type tests each (no allocation, no gcd), about 2 ms
 * for 10^5 weights — small next to what any entry then does with them.
 */
import { InputError, withPrefix } from '../errors.js';
import type { Rational } from '../kernel/rational.js';
import { readDomain, type Domain, type DomainSchema } from '../domain/domain.js';
import type { Network } from './network.js';
import { isObject, kindOf, readNetwork, readNumbers, showInput, type NetworkSchema } from './parse-json.js';

/**
 * An exact rational as the library represents it: {n: bigint, d: bigint} with d > 0. Lowest terms
 * are not required (every use goes through arithmetic that reduces or cross-multiplies), which
 * keeps the check free of gcds.
 */
function checkRational(v: unknown, place: string, i: number): Rational {
  if (typeof v === 'object' && v !== null) {
    const { n, d } = v as { n?: unknown; d?: unknown };
    if (typeof n === 'bigint' && typeof d === 'bigint' && d > 0n) return v as Rational;
  }
  throw new InputError(`${place}[${i}]: ${rationalProblem(v)}`);
}

function rationalProblem(v: unknown): string {
  const want = 'expected an exact rational {n: bigint, d: bigint}';
  if (v === undefined) return 'missing';
  if (typeof v === 'number' || typeof v === 'string') {
    return `${want}, got ${showInput(v)} (convert with fromDouble or parseRational)`;
  }
  if (!isObject(v)) return `${want}, got ${kindOf(v)}`;
  const { n, d } = v;
  if (typeof n !== 'bigint') return `${want}, but n is ${n === undefined ? 'missing' : `${showInput(n)}, not a bigint`}`;
  if (typeof d !== 'bigint') return `${want}, but d is ${d === undefined ? 'missing' : `${showInput(d)}, not a bigint`}`;
  return d === 0n ? `zero denominator in ${showInput(v)}` : `negative denominator in ${showInput(v)} (build it with rat(n, d))`;
}

const OBJECT_SCHEMA: NetworkSchema = { object: 'an object', number: checkRational, copy: false };

/**
 * Throws an InputError naming the first problem of a hand-built network: the JSON parser's checks
 * (positive integer inputSize, non-empty layers, row widths chaining from inputSize, bias lengths,
 * no unknown layer keys) plus exact rationals {n, d} and an explicit activation 'relu' | 'linear'.
 */
export function checkNetwork(net: unknown, place = 'network'): asserts net is Network {
  withPrefix(place, () => readNetwork(net, place, OBJECT_SCHEMA));
}

/** A hand-built array of exact rationals (e.g. an objective), `expected` entries if given. */
export function checkRationals(v: unknown, place: string, expected?: number): asserts v is Rational[] {
  readNumbers(v, place, expected, checkRational, false);
}

const DOMAIN_SCHEMA: DomainSchema = {
  notObject: 'expected a Domain object {kind: "box", lo, hi}, {kind: "polyhedron", A, b} or {kind: "whole"}',
  number: checkRational,
  copy: false,
  kindRequired: true,
};

/**
 * Throws an InputError naming the first problem of a hand-built domain for inputs of dimension d:
 * parseDomainJson's checks (lengths, lo < hi, a non-empty A) on {n, d} rationals, kind required.
 * (A polyhedron's emptiness is not checked here: the enumeration reports it.)
 */
export function checkDomain(domain: unknown, d: number, place = 'domain'): asserts domain is Domain {
  withPrefix(place, () => readDomain(domain, d, place, DOMAIN_SCHEMA));
}

const ENGINES = ['auto', 'vertex', 'lp'];

/** The option keys of createEnumeration (EnumerateOptions) and enumerateRegions (RunOptions). */
const FUNCTION_KEYS = ['shouldStop', 'onProgress', 'certificate'];
const BOOLEAN_KEYS = ['float', 'minimal', 'merge', 'records'];

/**
 * Checks the options of createEnumeration / enumerateRegions / runEnumeration against a network
 * of input dimension `d`: maxRegions a positive safe integer, engine auto | vertex | lp,
 * progressMs positive, a well-formed domain of dimension d, shard {index, count} with
 * 0 <= index < count, a backend with an interior() method, flags booleans, callbacks functions.
 * An option given as undefined counts as absent.
 *
 * Unknown keys are allowed and ignored: callers pass larger option bags through (the CLI adds
 * `lp`, the verify queries pass their own options on to createEnumeration), and a TypeScript
 * caller already gets excess-property errors on literals.
 */
export function checkRunOptions(options: unknown, d: number, place = 'options'): void {
  if (options === undefined) return;
  if (!isObject(options)) throw new InputError(`${place}: expected an object, got ${kindOf(options)}`);
  const o = options;
  const bad = (key: string, want: string): never => {
    throw new InputError(`${place}.${key}: expected ${want}, got ${showInput(o[key])}`);
  };
  if (o.maxRegions !== undefined && !(Number.isSafeInteger(o.maxRegions) && (o.maxRegions as number) >= 1)) {
    bad('maxRegions', 'a positive integer');
  }
  if (o.progressMs !== undefined && !(typeof o.progressMs === 'number' && o.progressMs > 0 && o.progressMs !== Infinity)) {
    bad('progressMs', 'a positive number of milliseconds');
  }
  if (o.engine !== undefined && !ENGINES.includes(o.engine as string)) bad('engine', '"auto", "vertex" or "lp"');
  for (const k of BOOLEAN_KEYS) if (o[k] !== undefined && typeof o[k] !== 'boolean') bad(k, 'true or false');
  for (const k of FUNCTION_KEYS) if (o[k] !== undefined && typeof o[k] !== 'function') bad(k, 'a function');
  if (o.backend !== undefined && !(isObject(o.backend) && typeof o.backend.interior === 'function')) {
    bad('backend', 'a FloatLpBackend (an object with an interior method)');
  }
  if (o.stats !== undefined && !isObject(o.stats)) bad('stats', 'a statistics object (from newStats())');
  if (o.shard !== undefined) {
    const s = o.shard;
    const ok = isObject(s) && Number.isSafeInteger(s.count) && Number.isSafeInteger(s.index) && (s.count as number) >= 1 && (s.index as number) >= 0 && (s.index as number) < (s.count as number);
    if (!ok) bad('shard', '{index, count} with 0 <= index < count');
  }
  if (o.domain !== undefined) checkDomain(o.domain, d, `${place}.domain`);
}

/**
 * The checks of a query entry in one line: the network (named `place` in messages), the domain
 * if given, and the options (see checkRunOptions).
 */
export function checkQuery(net: unknown, domain: unknown, options: unknown, place = 'network'): asserts net is Network {
  checkNetwork(net, place);
  if (domain !== undefined) checkDomain(domain, net.inputSize);
  checkRunOptions(options, net.inputSize);
}
