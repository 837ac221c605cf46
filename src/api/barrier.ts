/**
 * Level sets and barrier certificates in the library (levelset/levelset.ts,
 * invariant/invariant.ts): networks and domains in any accepted form, exact inputs, Fraction
 * answers.
 */
import { InputError } from '../errors.js';
import { invariance as invarianceCore, type CPiece, type StateWitness } from '../invariant/invariant.js';
import { levelSet as levelSetCore, type LevelPiece, type LevelRelation } from '../levelset/levelset.js';
import type { Network } from '../network/network.js';
import type { StopOptions, StopReason } from '../run-control.js';
import { toFraction, toFractions, toRational, toRationals, type ExactInput, type Fraction } from './exact.js';
import { toDomain, toNetwork, toObjective, type DomainInput, type NetworkInput } from './inputs.js';

type Net = NetworkInput | Network;

export interface LevelSetQuery extends StopOptions {
  /** One output, or `objective`: coefficients over the outputs. */
  output?: number;
  objective?: ExactInput[];
  /** Exactly one of le (f <= C), ge (f >= C), eq (f = C). */
  le?: ExactInput;
  ge?: ExactInput;
  eq?: ExactInput;
  domain?: DomainInput;
  volume?: boolean;
  /** Each piece as found; its witness as Fractions. */
  onPiece?: (piece: Omit<LevelPiece, 'witness'> & { witness: Fraction[] }) => void;
  /** Receives the certificate's lines (checked by `check` with the same network). */
  certificate?: (line: object) => void;
}

export async function levelSet(network: Net, query: LevelSetQuery): Promise<{ pieces: number; regions: number; volume?: Fraction; stopped?: StopReason }> {
  const net = toNetwork(network);
  const given = (['le', 'ge', 'eq'] as const).filter((k) => query[k] !== undefined);
  if (given.length !== 1) throw new InputError('levelSet: give exactly one of le, ge, eq');
  const relation: LevelRelation = given[0];
  const objective = toObjective(net.layers.at(-1)!.weights.length, query.output, query.objective);
  const { shouldStop, signal, timeoutSeconds, volume, onPiece, certificate } = query;
  const r = await levelSetCore(net, objective, relation, toRational(query[relation]!, relation), toDomain(query.domain, net.inputSize), {
    shouldStop,
    signal,
    timeoutSeconds,
    volume,
    certificate,
    onPiece: onPiece ? (p) => onPiece({ ...p, witness: toFractions(p.witness) }) : undefined,
  });
  return { pieces: r.pieces, regions: r.regions, ...(r.volume ? { volume: toFraction(r.volume) } : {}), ...(r.stopped ? { stopped: r.stopped } : {}) };
}

export interface FractionWitness {
  x: Fraction[];
  B: Fraction;
  G: Fraction[];
  BG: Fraction;
}
const fw = (w: StateWitness): FractionWitness => ({ x: toFractions(w.x), B: toFraction(w.B), G: toFractions(w.G), BG: toFraction(w.BG) });
const polytope = (p: { A: ExactInput[][]; b: ExactInput[] } | undefined, place: string) => {
  if (p === undefined) return undefined;
  if (!Array.isArray(p.A)) throw new InputError(`${place}.A: expected an array of rows`);
  return { A: p.A.map((row, i) => toRationals(row, `${place}.A[${i}]`)), b: toRationals(p.b, `${place}.b`, p.A.length) };
};

export interface InvarianceQuery extends StopOptions {
  domain: DomainInput;
  unsafe?: { A: ExactInput[][]; b: ExactInput[] };
  initial?: { A: ExactInput[][]; b: ExactInput[] };
  /** The barrier is this output of a network with several outputs. */
  barrierOutput?: number;
  /** Also the certified level c* (answer.level). */
  level?: boolean;
  /** Each piece of C = S ∩ {B(G(x)) <= B(x)} as found (witness as Fractions); with `volume`, its exact volume. */
  onPiece?: (piece: Omit<CPiece, 'witness'> & { witness: Fraction[] }) => void;
  volume?: boolean;
  /** Receives the certificate's lines (answer.certified: what it proves; see invariant-format). */
  certificate?: (line: object) => void;
}

/**
 * Is {x ∈ domain : B(x) <= 0} forward invariant under x⁺ = G(x)? With `unsafe` / `initial`
 * polytopes {A x <= b}: is it disjoint from the first and does it contain the second? With
 * `level`, the certified level c*; with `onPiece`, the pieces of C.
 */
export async function invariance(barrier: Net, dynamics: Net, options: InvarianceQuery) {
  const B = toNetwork(barrier, 'barrier');
  const a = await invarianceCore(B, toNetwork(dynamics, 'dynamics'), toDomain(options.domain, B.inputSize), {
    shouldStop: options.shouldStop,
    signal: options.signal,
    timeoutSeconds: options.timeoutSeconds,
    unsafe: polytope(options.unsafe, 'unsafe'),
    initial: polytope(options.initial, 'initial'),
    level: options.level,
    volume: options.volume,
    barrierOutput: options.barrierOutput,
    certificate: options.certificate,
    onPiece: options.onPiece ? (p) => options.onPiece!({ ...p, witness: toFractions(p.witness) }) : undefined,
  });
  return {
    invariant: a.invariant,
    ...(a.counterexample ? { counterexample: { ...fw(a.counterexample), reason: a.counterexample.reason, ...(a.counterexample.row !== undefined ? { row: a.counterexample.row } : {}) } } : {}),
    ...(a.safe !== undefined ? { safe: a.safe } : {}),
    ...(a.unsafeWitness ? { unsafeWitness: fw(a.unsafeWitness) } : {}),
    ...(a.initialInside !== undefined ? { initialInside: a.initialInside } : {}),
    ...(a.initialWitness ? { initialWitness: fw(a.initialWitness) } : {}),
    ...(a.level ? { level: { value: a.level.value === null ? null : toFraction(a.level.value), closed: a.level.closed, ...(a.level.point ? { point: fw(a.level.point) } : {}) } } : {}),
    ...(a.pieces !== undefined ? { pieces: a.pieces } : {}),
    ...(a.volume ? { volume: toFraction(a.volume) } : {}),
    ...(a.certified ? { certified: a.certified } : {}),
    regions: a.regions,
    ...(a.stopped ? { stopped: a.stopped } : {}),
  };
}
