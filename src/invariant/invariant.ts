/**
 * Forward invariance of the zero sub-level set of a barrier network, for a discrete-time closed
 * loop x⁺ = G(x) that is itself a ReLU network (network/algebra.ts builds it from a controller
 * and plant matrices). With S = {x ∈ D : B(x) <= 0} on a state domain D (box or polytope):
 *   invariance  B(G(x)) <= 0 and G(x) ∈ D for every x ∈ S;
 *   safety      S ∩ U = ∅ for an unsafe H-polytope U;
 *   initial     I ⊆ S for an initial H-polytope I.
 * One enumeration of H(x) = (B(x), B(G(x)), G(x)) over D (the common refinement, a thin consumer
 * of the enumerator), and on each region, where all three are affine, exact LPs over the closed
 * region (lp/optimize.ts: a float simplex proposes, exact primal and dual feasibility certify):
 *   invariance: max B(G(x)) and max a_i·G(x) − β_i over {x ∈ closure(region) : B(x) <= 0};
 *     a positive maximum is a counterexample (the exact argmax), re-checked by exact forward
 *     passes of B and G;
 *   safety: a point of closure(region) ∩ U with B(x) <= 0 (exact feasibility, Farkas otherwise);
 *   initial: max B(x) over closure(region) ∩ I; positive: a point of I outside S.
 * Answers are exact: `true` (over every region), `false` with the witness, or null when stopped.
 */
import { domainConstraints, domainToJson, integerConstraint, type Domain } from '../domain/domain.js';
import { CERTIFICATE_FORMAT, CERTIFICATE_VERSION } from '../certify/format.js';
import { INVARIANT_KIND } from '../certify/invariant-format.js';
import { CertificateWriter } from '../enumerate/certificate-writer.js';
import { dualPairs, integerPairs, motzkinPairs, type Pairs } from '../enumerate/leaf-proofs.js';
import type { Region } from '../enumerate/region.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import { InputError } from '../errors.js';
import { pointToRationals, type Point } from '../kernel/intvec.js';
import { cutRegion, pieceVolume, type Found } from '../levelset/cut-region.js';
import { addReduced } from '../geometry/exact-sum.js';
import { add, cmp, mul, sign, toString, ZERO, type Rational } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import type { OptimumAnswer } from '../lp/optimize.js';
import { argmaxAt, certifiedLevel, entryProof, foldEntry, levelEntry, maxOver, negated, positiveSomewhere, scaledAt, type IntFn, type LevelBest } from './level.js';
import { compose, selectOutput, stack } from '../network/algebra.js';
import { forward } from '../network/forward.js';
import { layerSizes, type Network } from '../network/network.js';
import { checkQuery } from '../network/validate.js';
import { Pacer, splitStopOptions, type StopOptions, type StopReason } from '../run-control.js';

/** {x : A·x <= b}. */
export interface HPolytope {
  A: Rational[][];
  b: Rational[];
}

export interface InvariantOptions extends EnumerateOptions, StopOptions {
  unsafe?: HPolytope;
  initial?: HPolytope;
  /**
   * Also compute the largest certified level c* <= 0: {x ∈ D : B(x) <= c*} (or < c*, when the
   * bound is attained by a bad point) lies in the non-increase set {B(G(x)) <= B(x)} and is
   * mapped into D, hence is forward invariant.
   */
  level?: boolean;
  /**
   * Receives the exact pieces of C = S ∩ {B(G(x)) <= B(x)} (the paper's certified set before
   * its level is chosen): each region cut by B <= 0 (facet source {"barrier": true}) and
   * B(G(x)) − B(x) <= 0 ({"nonincrease": true}), full-dimensional, with a witness inside.
   */
  onPiece?: (piece: CPiece) => void;
  /** With onPiece: each piece's exact volume, and the total (answer.volume). */
  volume?: boolean;
  /** The barrier is output k of `barrier` (which may have several outputs); the certificate records it. */
  barrierOutput?: number;
  /**
   * Receives a certificate (certify/invariant-checker.ts, format in invariant-format.ts) line by
   * line: the enumeration tree of (B, B∘G, G) with, on every region leaf, exact proofs of what
   * is asked — invariance (LP duals showing B(G(x)) <= 0 and G(x) ∈ D on the region's part of S,
   * or Farkas: S misses the region), safety, the initial set, the level's entries, C's pieces.
   * Its footer claims what the whole run proved (answer.certified); complete only then.
   */
  certificate?: (line: object) => void;
}

/** A piece of C = S ∩ {B(G(x)) <= B(x)}. */
export interface CPiece {
  region: number;
  pattern: string;
  witness: Rational[];
  constraints: Found['constraints'];
  whole: boolean;
  volume?: string;
}

/** The claims of a certificate's footer: what it proves. */
export interface Certified {
  invariant?: true;
  safe?: true;
  initialInside?: true;
  level?: { value: string; closed: boolean };
  pieces?: number;
}

/** A state with the exact values that make it a witness. */
export interface StateWitness {
  x: Rational[];
  B: Rational;
  G: Rational[];
  BG: Rational;
}

export interface InvariantAnswer {
  /** B(G(x)) <= 0 and G(x) ∈ D for all x ∈ S; null when stopped before an answer. */
  invariant: boolean | null;
  /** When not invariant: a state of S whose successor leaves S (`increase`: B(G(x)) > 0) or D (`domain`: the row of D it violates). */
  counterexample?: StateWitness & { reason: 'barrier' | 'domain'; row?: number };
  /** S ∩ U = ∅ (with --unsafe). */
  safe?: boolean | null;
  unsafeWitness?: StateWitness;
  /** I ⊆ S (with --initial). */
  initialInside?: boolean | null;
  initialWitness?: StateWitness;
  /**
   * With `level`: c* = min(0, inf of B over Bad), Bad = {x ∈ D : B(G(x)) > B(x) or G(x) ∉ D},
   * exactly; `closed`: {B <= c*} is certified (the infimum is not attained in Bad), else only
   * {B < c*}; `point`: where B reaches the infimum on the closure of Bad (absent when Bad is
   * empty). value null: B is unbounded below on Bad.
   */
  level?: { value: Rational | null; closed: boolean; point?: StateWitness };
  /** With onPiece: the number of pieces of C (and with volume, their total volume). */
  pieces?: number;
  volume?: Rational;
  /** With certificate: what the certificate written proves (absent: nothing, none written). */
  certified?: Certified;
  regions: number;
  stopped?: StopReason;
}

/** A question on a region: is f > 0 somewhere (B(G(x)) above a level, or G(x) outside row `row` of D)? */
interface Check {
  f: IntFn;
  reason: 'barrier' | 'domain';
  row?: number;
}

/** Rows a·x <= b of a polytope over R^d, scaled to integers. */
function intRows({ A, b }: HPolytope, d: number, name: string): Row[] {
  if (b.length !== A.length) throw new InputError(`${name}: b has ${b.length} entries, A has ${A.length} rows`);
  return A.map((a, i) => {
    if (a.length !== d) throw new InputError(`${name}: A[${i}] has ${a.length} entries, the state has ${d}`);
    return integerConstraint({ a, b: b[i], face: { kind: 'row', index: i } });
  });
}

export async function invariance(barrierNet: Network, dynamics: Network, domain: Domain, options: InvariantOptions = {}): Promise<InvariantAnswer> {
  const { barrierOutput } = options;
  const barrier = barrierOutput === undefined ? barrierNet : selectOutput(barrierNet, barrierOutput);
  const d = barrier.inputSize;
  if (barrier.layers.at(-1)!.weights.length !== 1) throw new InputError(`barrier: ${barrier.layers.at(-1)!.weights.length} outputs; choose one (barrierOutput, --output K)`);
  const gOut = dynamics.layers.at(-1)!.weights.length;
  if (dynamics.inputSize !== d || gOut !== d) throw new InputError(`dynamics: maps R^${dynamics.inputSize} to R^${gOut}; the closed loop must map R^${d} to R^${d} (the barrier has ${d} inputs)`);
  if (domain.kind === 'whole') throw new InputError('invariant: give a state domain (a box or a polytope): G(x) ∈ D is part of invariance');
  checkQuery(barrier, domain, options);
  const [stop, { unsafe, initial, barrierOutput: _, ...enumerateOptions }] = splitStopOptions(options);
  const pacer = new Pacer(stop);
  const H = stack(stack(barrier, compose(barrier, dynamics)), dynamics); // (B, B∘G, G)
  const dRows = domainConstraints(domain, d);
  const uRows = unsafe ? intRows(unsafe, d, 'unsafe') : null;
  const iRows = initial ? intRows(initial, d, 'initial') : null;
  const answer: InvariantAnswer = { invariant: true, regions: 0, ...(uRows ? { safe: true } : {}), ...(iRows ? { initialInside: true } : {}) };
  const witness = (x: Rational[]): StateWitness => {
    const B = forward(barrier, x).output[0];
    const G = forward(dynamics, x).output;
    return { x, B, G, BG: forward(barrier, G).output[0] };
  };
  const { level: wantLevel, onPiece, volume, certificate, ...runOptions } = enumerateOptions;
  if (onPiece) answer.pieces = 0;
  if (onPiece && volume) answer.volume = ZERO;
  const level: { best: LevelBest | null } | null = wantLevel ? { best: null } : null;
  let levelProven = true;
  const en = createEnumeration(H, { ...runOptions, domain });
  const cert = certificate ? new CertificateWriter(certificate) : null;
  const polytopeJson = (p: HPolytope) => ({ A: p.A.map((r) => r.map(toString)), b: p.b.map(toString) });
  certificate?.({
    format: CERTIFICATE_FORMAT,
    version: CERTIFICATE_VERSION,
    kind: INVARIANT_KIND,
    inputSize: d,
    layerSizes: layerSizes(H),
    domain: domainToJson(en.domain),
    ...(barrierOutput !== undefined ? { barrierOutput } : {}),
    ...(unsafe ? { unsafe: polytopeJson(unsafe) } : {}),
    ...(initial ? { initial: polytopeJson(initial) } : {}),
  });
  const primitiveD = dRows.map(integerConstraint);
  for (const region of en.regions(cert ?? undefined)) {
    answer.regions++;
    const { M, c, den } = region.map;
    const fn = (o: number): IntFn => ({ g: M[o], e: c[o], D: den });
    const closed: Row[] = region.rows.map((r) => ({ a: r.a, b: r.b }));
    const inS: Row = { a: M[0], b: -c[0] }; // B(x) <= 0
    // G(x) leaves row k of D (primitive a·y <= b) iff a·G(x) − b > 0: (Σ a_i (M_{2+i} x + c_{2+i}) − b·den)/den
    const exits: Check[] = primitiveD.map((row, k) => {
      const g = new Array<bigint>(d).fill(0n);
      let e = -row.b * den;
      row.a.forEach((ai, i) => {
        if (ai === 0n) return;
        M[2 + i].forEach((m, j) => (g[j] += ai * m));
        e += ai * c[2 + i];
      });
      return { f: { g, e, D: den }, reason: 'domain', row: k };
    });
    // Without a certificate, the closure's exact vertices (vertex engine) decide what they can:
    // the maximum of an affine function over a bounded polytope is its maximum over the vertices.
    const V = !cert && region.vertices && region.vertices.length > 0 ? region.vertices : null;
    const vertexMax = (f: IntFn): bigint => scaledAt(f, argmaxAt(f, V!)); // sign of the maximum
    const missesS = V !== null && vertexMax(negated(fn(0))) < 0n; // B > 0 on the closure
    const proofs: OptimumAnswer[] = [];
    if (answer.invariant && !missesS) {
      // B(G(x)) > 0 or G(x) ∉ D somewhere in S ∩ closure(region)?
      const rows = [...closed, inS];
      const checks: Check[] = [{ f: fn(1), reason: 'barrier' }, ...exits];
      for (const check of checks) {
        if (V && vertexMax(check.f) <= 0n) continue; // f <= 0 on the whole closure
        const ans = maxOver(rows, check.f.g);
        proofs.push(ans);
        if (ans.kind === 'infeasible') break; // S misses this region
        if (ans.kind === 'unbounded' || positiveSomewhere(check.f, ans)) {
          const x = pointToRationals(ans.x);
          const w = witness(x);
          // re-checked by exact forward passes
          const broken = check.reason === 'barrier' ? sign(w.BG) > 0 : !inside(dRows[check.row!], w.G);
          if (!broken || sign(w.B) > 0) throw new Error('invariant: internal error: an exact counterexample fails the exact forward pass');
          answer.invariant = false;
          answer.counterexample = { ...w, reason: check.reason, ...(check.row !== undefined ? { row: check.row } : {}) };
          break;
        }
      }
    }
    const extra: Record<string, unknown> = {};
    if (cert && answer.invariant) extra.invariant = invariantProof(region, inS, proofs, [fn(1), ...exits.map((x) => x.f)]);
    if (level) {
      // the least B over the closure of Bad = {B(G(x)) > B(x)} ∪ {G(x) ∉ D} in this region
      const increase: IntFn = { g: M[1].map((v, j) => v - M[0][j]), e: c[1] - c[0], D: den };
      const entries = [increase, ...exits.map((x) => x.f)].map((v) => levelEntry(closed, fn(0), v, V));
      for (const entry of entries) level.best = foldEntry(level.best, entry);
      if (cert) {
        const proofs = entries.map((entry) => entryProof(region, entry));
        if (proofs.some((p) => p.unproven)) levelProven = false;
        extra.level = proofs;
      }
    }
    if (onPiece) {
      // rows of the certificate's proof: the leaf's, then B(x) <= 0 (count), B(G(x)) − B(x) <= 0 (count + 1)
      const increase: Row = { a: M[1].map((v, j) => v - M[0][j]), b: c[0] - c[1] };
      const piece = cutRegion(region, [{ row: inS, source: { barrier: true } }, { row: increase, source: { nonincrease: true } }], en.decider);
      if (piece) {
        answer.pieces = (answer.pieces ?? 0) + 1;
        const found: CPiece = { region: answer.regions - 1, pattern: region.pattern.join('|'), witness: pointToRationals(piece.witness), constraints: piece.constraints, whole: piece.whole };
        if (volume) {
          const v = pieceVolume(piece, d, `the piece of C in region ${found.region} (${found.pattern})`);
          answer.volume = addReduced(answer.volume ?? ZERO, v);
          found.volume = toString(v);
        }
        onPiece(found);
        if (cert) extra.piece = { inside: found.witness.map(toString) };
      } else if (cert) {
        const none = motzkinPairs(region, [inS, increase], en.decider);
        if (!none) throw new Error('invariant: internal error: a region with a piece of C was not cut');
        extra.piece = { none };
      }
    }
    // certificate rows: the leaf's, then B(x) <= 0 (count), then U's rows, then I's
    const u = uRows?.length ?? 0;
    if (uRows && answer.safe && !missesS) {
      const hit = en.decider.feasibleClosed([...closed, inS, ...uRows]);
      if (hit.kind === 'feasible') {
        answer.safe = false;
        answer.unsafeWitness = witness(pointToRationals(hit.point));
      } else if (cert) extra.unsafe = integerPairs(region, [inS, ...uRows], hit.y);
    }
    if (iRows && answer.initialInside && !(V && vertexMax(fn(0)) <= 0n)) {
      const ans = maxOver([...closed, ...iRows], M[0]);
      if (ans.kind !== 'infeasible' && positiveSomewhere(fn(0), ans)) {
        answer.initialInside = false;
        answer.initialWitness = witness(pointToRationals(ans.x));
      } else if (cert) {
        const at = (j: number) => 1 + u + j;
        extra.initial = ans.kind === 'infeasible' ? { empty: integerPairs(region, iRows, ans.y, at) } : { bound: dualPairs(region, iRows, ans, den, at) };
      }
    }
    if (cert) region.certExtra = extra;
    if (await pacer.tick()) break;
  }
  if (level && !pacer.reason) {
    const c = certifiedLevel(level.best);
    answer.level = { value: c.value, closed: c.closed, ...(c.x ? { point: witness(pointToRationals(c.x)) } : {}) };
  }
  if (cert && !pacer.reason) {
    const claims = certificateClaims(answer, levelProven);
    if (claims) {
      certificate!({ t: 'end', regions: cert.regions, emptyLeaves: cert.emptyLeaves, ...claims });
      answer.certified = claims;
    }
  }
  if (pacer.reason) {
    answer.stopped = pacer.reason;
    // a counterexample found is final; a "true" over part of the regions is no answer
    if (answer.invariant) answer.invariant = null;
    if (answer.safe) answer.safe = null;
    if (answer.initialInside) answer.initialInside = null;
  }
  return answer;
}

/**
 * What a complete run's certificate proves (its footer; null: nothing, no certificate): the
 * answers that are yes, the level when every entry has its proof, and the count of C's pieces.
 */
function certificateClaims(a: InvariantAnswer, levelProven: boolean): Certified | null {
  const claims: Certified = {
    ...(a.invariant ? { invariant: true as const } : {}),
    ...(a.safe ? { safe: true as const } : {}),
    ...(a.initialInside ? { initialInside: true as const } : {}),
    ...(a.level && a.level.value !== null && levelProven ? { level: { value: toString(a.level.value), closed: a.level.closed } } : {}),
    ...(a.pieces !== undefined ? { pieces: a.pieces } : {}),
  };
  return Object.keys(claims).length > 0 ? claims : null;
}

/**
 * A region leaf's invariance proof (certify/invariant-checker.ts): rows are the leaf's rows in
 * the certificate's numbering, then B(x) <= 0 (primitive) as row `count`. Either `empty`: integer
 * Farkas multipliers (S misses the region), or `bounds`: for B∘G and each row of D, rational
 * multipliers y >= 0 with Σ y_i a_i = ∇f and Σ y_i b_i + f(0) <= 0 (so f <= 0 on the region's
 * part of S), f = B∘G, or a_k·G − b_k; a constant f (∇f = 0) needs f(0) <= 0 and no pairs.
 */
function invariantProof(region: Region, inS: Row, proofs: OptimumAnswer[], fs: IntFn[]): { empty: Pairs } | { bounds: Pairs[] } {
  const first = proofs[0];
  if (first.kind === 'infeasible') return { empty: integerPairs(region, [inS], first.y) };
  return { bounds: proofs.map((ans, k) => dualPairs(region, [inS], ans, fs[k].D)) };
}

/** a·y <= b exactly. */
function inside(row: { a: Rational[]; b: Rational }, y: Rational[]): boolean {
  let s: Rational = ZERO;
  row.a.forEach((a, i) => {
    if (a.n !== 0n) s = add(s, mul(a, y[i]));
  });
  return cmp(s, row.b) <= 0;
}
