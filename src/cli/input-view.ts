/**
 * What a command works on once --pin / --slice (and `--box` intervals with LO = HI) are applied:
 * the network of the free inputs or of the slice coordinates (folded exactly into the first layer:
 * network/pin.ts, network/slice.ts), its domain (domain/pin-domain.ts, domain/slice-file.ts), and
 * the map of its points back to the network's own input space. Without them, exactly what
 * modelDomain gives. Region records stay in the reduced coordinates (they are polytopes there);
 * answers' points are mapped back (they are inputs of NET).
 */
import { defaultDomain, describeDomain, type Domain } from '../domain/domain.js';
import { boxSpecPins, parseBoxSpecWithPins, pinBox, pinDomain, pinnedSet } from '../domain/pin-domain.js';
import { loadSlice, sliceBoundingBox } from '../domain/slice-file.js';
import { InputError } from '../errors.js';
import { eq, parseRational, toString, type Rational } from '../kernel/rational.js';
import type { Model } from '../network/load.js';
import type { Network } from '../network/network.js';
import { checkInputIndex, parsePinSpec, pinNetwork, type Pins } from '../network/pin.js';
import { sliceNetwork, sliceToOriginal } from '../network/slice.js';
import type { Property } from '../verify/vnnlib.js';
import { boxWarnings, domainFromFlags, domainGiven, modelDomain, type DomainFlags } from './domain-options.js';

export interface InputFlags extends DomainFlags {
  workers?: number;
}

export interface ModelInputs {
  /** The network the command works on (NET itself without --pin / --slice). */
  network: Network;
  domain: Domain;
  warnings: string[];
  /** The same pins or slice applied to another network with NET's inputs (equivalent's second). */
  reduce: (net: Network) => Network;
  /** Points of `network`'s input space (free inputs, slice coordinates) as points of NET's inputs. */
  toOriginal: (points: Rational[][]) => Rational[][];
  /** NET's input i (a flag's value, e.g. monotone --input) as an input of `network`. */
  input: (i: number, flag: string) => number;
  /** What was pinned or sliced, for the domain line; undefined without --pin / --slice. */
  note?: string;
}

/** Does the command work on a restricted network (pins, a slice, or a --box with LO = HI intervals)? */
export const reducesInputs = (flags: DomainFlags, d: number): boolean =>
  flags.pin !== undefined || flags.slice !== undefined || (flags.box !== undefined && boxSpecPins(flags.box, d).size > 0);

/** Without pins or a slice: NET itself (the queries check input indices themselves). */
const same: Omit<ModelInputs, 'network' | 'domain' | 'warnings'> = {
  reduce: (net) => net,
  toOriginal: (points) => points,
  input: (i) => i,
};

/** The network and domain of a command on `model` (loaded from `netPath`), warnings printed to stderr. */
export function modelInputs(flags: InputFlags, model: Model, netPath: string): ModelInputs {
  const d = model.network.inputSize;
  if (!reducesInputs(flags, d)) return { network: model.network, ...modelDomain(flags, model, netPath), ...same };
  if ((flags.workers ?? 1) > 1) throw new InputError('--workers: not with --pin or --slice (worker threads read NET from its file); use one thread, or --shard');
  const sameInputs = (f: (net: Network) => Network) => (net: Network) => {
    if (net.inputSize !== d) throw new InputError(`the networks have ${d} and ${net.inputSize} inputs`);
    return f(net);
  };
  if (flags.slice !== undefined) {
    if (domainGiven(flags) || flags.pin !== undefined) throw new InputError('--slice: the slice file gives the domain (its "box", in slice coordinates): drop --box, --domain, --whole-space and --pin');
    const slice = loadSlice(flags.slice, d);
    const k = slice.directions.length;
    const bounds = sliceBoundingBox(slice);
    const warnings = boxWarnings({ kind: 'box', ...bounds }, model, netPath, `the slice ${flags.slice} (spanning ${describeDomain({ kind: 'box', ...bounds })})`);
    const reduce = sameInputs((net) => sliceNetwork(net, slice.point, slice.directions));
    return {
      network: reduce(model.network),
      domain: slice.box,
      warnings,
      reduce,
      toOriginal: (points) => sliceToOriginal(slice.point, slice.directions, points),
      input: (i, flag) => {
        if (!(Number.isInteger(i) && i >= 0 && i < k)) throw new InputError(`${flag}: with --slice, an index of a slice coordinate (0..${k - 1}), got ${i}`);
        return i;
      },
      note: `coordinates of the ${k}-dimensional slice ${flags.slice}`,
    };
  }
  const given = domainGiven(flags);
  const flag = flags.pin !== undefined ? '--pin' : '--box';
  // a --box with LO = HI intervals pins those inputs; --pin adds (or must agree with) more
  const boxed = flags.box !== undefined && flags.domain === undefined && !flags.wholeSpace ? parseBoxSpecWithPins(flags.box, d) : null;
  const base: Domain = boxed ? boxed.box : given ? domainFromFlags(flags, d) : (model.inputBox ?? defaultDomain(d));
  const pins: Pins = new Map(boxed?.pins);
  for (const [i, v] of flags.pin !== undefined ? parsePinSpec(flags.pin, d) : []) {
    if (pins.has(i) && !eq(pins.get(i)!, v)) throw new InputError(`--pin: input ${i} = ${toString(v)}, but --box pins it to ${toString(pins.get(i)!)}`);
    pins.set(i, v);
  }
  const where = given ? `the domain (${describeDomain(base, d)})` : model.inputBox ? `${netPath}'s input box` : `the default domain ${describeDomain(base)}`;
  const domain = pinDomain(base, pins, d, where, flag);
  const pinned = pinNetwork(model.network, pins, flag);
  const reduce = sameInputs((net) => pinNetwork(net, pins, flag).net);
  const order = [...pins.keys()].sort((a, b) => a - b);
  return {
    network: pinned.net,
    domain,
    warnings: given ? boxWarnings(pinnedSet(base, pins, d), model, netPath) : [],
    reduce,
    toOriginal: (points) => points.map(pinned.lift),
    input: (i, f) => {
      checkInputIndex(i, d, f);
      if (pins.has(i)) throw new InputError(`${f}: input ${i} is pinned (to ${toString(pins.get(i)!)})`);
      return pinned.free.indexOf(i);
    },
    note: `free inputs ${pinned.free.join(', ')}; input${order.length > 1 ? 's' : ''} ${order.join(', ')} pinned to ${order.map((i) => toString(pins.get(i)!)).join(', ')}`,
  };
}

/** A point of the reduced space as a point of NET's inputs. */
export const originalPoint = (inputs: ModelInputs, x: Rational[]): Rational[] => inputs.toOriginal([x])[0];

/**
 * A region record with `originalWitness` (and `originalVertices`, when the record lists
 * `vertices`): its points mapped back to NET's input space, exact "p/q" strings (enumerate --original).
 */
export function withOriginal<R extends { witness: string[] }>(rec: R, inputs: ModelInputs): R & { originalWitness: string[]; originalVertices?: string[][] } {
  const points = (xs: unknown[]) => xs.map((v) => parseRational(String(v))!);
  const strings = (ps: Rational[][]) => ps.map((p) => p.map(toString));
  const out: R & { originalWitness: string[]; originalVertices?: string[][] } = { ...rec, originalWitness: strings(inputs.toOriginal([points(rec.witness)]))[0] };
  const vertices = (rec as { vertices?: unknown }).vertices;
  if (Array.isArray(vertices) && vertices.every((v) => Array.isArray(v))) out.originalVertices = strings(inputs.toOriginal(vertices.map((v: unknown[]) => points(v))));
  return out;
}

/** verify --pin: the property's input box with the pinned inputs' intervals shrunk to their values (checked to lie inside). */
export function pinnedProperty(prop: Property, spec: string | undefined, propPath: string): Property {
  if (spec === undefined) return prop;
  return { ...prop, inputBox: pinBox(prop.inputBox, parsePinSpec(spec, prop.inputs), `${propPath}'s input box`) };
}
