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
import { CertificateWriter, rowFactor } from '../enumerate/certificate-writer.js';
import type { Region } from '../enumerate/region.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import { InputError } from '../errors.js';
import { pointToRationals, type Point } from '../kernel/intvec.js';
import { cutRegion, type Found } from '../levelset/levelset.js';
import { add, cmp, mul, rat, sign, toString, ZERO, type Rational } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { maximize, type OptimumAnswer } from '../lp/optimize.js';
import { compose, stack } from '../network/algebra.js';
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
  onPiece?: (piece: { region: number; pattern: string; witness: Rational[]; constraints: Found['constraints']; whole: boolean }) => void;
  /**
   * Receives an invariance certificate (certify/invariant-checker.ts) line by line: the
   * enumeration tree of (B, B∘G, G) with, on every region leaf, exact LP duals showing
   * B(G(x)) <= 0 and G(x) ∈ D on the region's part of S (or a Farkas certificate that S misses the
   * region). Complete only when the answer is invariant (the run then writes the footer).
   */
  certificate?: (line: object) => void;
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
  /** With onPiece: the number of pieces of C. */
  pieces?: number;
  regions: number;
  stopped?: StopReason;
}

/** A question on a region: is f > 0 somewhere (B(G(x)) above a level, or G(x) outside row `row` of D)? */
interface Check {
  f: IntFn;
  reason: 'barrier' | 'domain';
  row?: number;
}

/** The least B over the closure of the bad set so far (null value: unbounded below), with where. */
interface LevelBest {
  value: Rational | null;
  x: Point;
  /** The (region, violation) pairs whose minimum equals `value`: attainment is decided on them. */
  candidates: { rows: Row[]; f: IntFn; atMost: Row }[];
}

/** An affine function (g·x + e)/D of the inputs, as integers. */
interface IntFn {
  g: bigint[];
  e: bigint;
  D: bigint;
}

/** Rows a·x <= b of rational constraints, scaled to integers. */
function intRows(A: Rational[][], b: Rational[]): Row[] {
  return A.map((a, i) => integerConstraint({ a, b: b[i], face: { kind: 'row', index: i } }));
}

/** max g·x over the rows (closed): the exact value and argmax, unbounded (with a feasible point), or null (infeasible). */
function maxOver(rows: Row[], fn: IntFn): { value: Rational; x: Point } | { unbounded: Point } | null {
  const ans = maximize(
    rows.map((r) => r.a),
    rows.map((r) => r.b),
    fn.g,
  );
  if (ans.kind === 'infeasible') return null;
  if (ans.kind === 'unbounded') return { unbounded: ans.x };
  return { value: ans.value, x: ans.x }; // max of g·x; fn > 0 there iff value > −e
}

export async function invariance(barrier: Network, dynamics: Network, domain: Domain, options: InvariantOptions = {}): Promise<InvariantAnswer> {
  const d = barrier.inputSize;
  if (barrier.layers.at(-1)!.weights.length !== 1) throw new InputError(`barrier: ${barrier.layers.at(-1)!.weights.length} outputs, expected 1`);
  if (dynamics.inputSize !== d || dynamics.layers.at(-1)!.weights.length !== d) throw new InputError(`dynamics: must map R^${d} to R^${d} (the barrier has ${d} inputs)`);
  if (domain.kind === 'whole') throw new InputError('invariant: give a state domain (a box or a polytope): G(x) ∈ D is part of invariance');
  checkQuery(barrier, domain, options);
  const [stop, { unsafe, initial, ...enumerateOptions }] = splitStopOptions(options);
  const pacer = new Pacer(stop);
  const H = stack(stack(barrier, compose(barrier, dynamics)), dynamics); // (B, B∘G, G)
  const dRows = domainConstraints(domain, d);
  const uRows = unsafe ? intRows(unsafe.A, unsafe.b) : null;
  const iRows = initial ? intRows(initial.A, initial.b) : null;
  const answer: InvariantAnswer = { invariant: true, regions: 0, ...(uRows ? { safe: true } : {}), ...(iRows ? { initialInside: true } : {}) };
  const witness = (x: Rational[]): StateWitness => {
    const B = forward(barrier, x).output[0];
    const G = forward(dynamics, x).output;
    return { x, B, G, BG: forward(barrier, G).output[0] };
  };
  const { level: wantLevel, onPiece, certificate, ...runOptions } = enumerateOptions;
  if (onPiece) answer.pieces = 0;
  const level: { best: LevelBest | null } | null = wantLevel ? { best: null } : null;
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
    /** Is (g·x + e)/D > 0 somewhere, by the maximum of g·x? */
    const positive = (f: IntFn, at: { value: Rational } | { unbounded: Point }): boolean => 'unbounded' in at || cmp(at.value, { n: -f.e, d: 1n }) > 0;
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
    const proofs: OptimumAnswer[] = [];
    if (answer.invariant) {
      // B(G(x)) > 0 or G(x) ∉ D somewhere in S ∩ closure(region)?
      const rows = [...closed, inS];
      const checks: Check[] = [{ f: fn(1), reason: 'barrier' }, ...exits];
      for (const check of checks) {
        const ans = maximize(
          rows.map((r) => r.a),
          rows.map((r) => r.b),
          check.f.g,
        );
        proofs.push(ans);
        if (ans.kind === 'infeasible') break; // S misses this region
        if (ans.kind === 'unbounded' || positive(check.f, { value: ans.value })) {
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
    if (cert && answer.invariant) extra.invariant = invariantProof(region, inS, proofs, checksOf(exits, fn(1)));
    if (level) {
      // the least B over the closure of Bad = {B(G(x)) > B(x)} ∪ {G(x) ∉ D} in this region
      const increase: Check = { f: { g: M[1].map((v, j) => v - M[0][j]), e: c[1] - c[0], D: den }, reason: 'barrier' };
      for (const check of [increase, ...exits]) {
        const top = maxOver(closed, check.f);
        if (top === null || !positive(check.f, top)) continue; // no bad point here
        const rows = [...closed, { a: check.f.g.map((v) => -v), b: check.f.e }]; // v(x) >= 0
        const low = maxOver(rows, { g: M[0].map((v) => -v), e: -c[0], D: den });
        if (low === null) continue;
        if ('unbounded' in low) {
          level.best = { value: null, x: low.unbounded, candidates: [] };
          break;
        }
        // min B = (min M0·x + c0)/den = (c0 − max(−M0·x))/den
        const value = rat(c[0] * low.value.d - low.value.n, low.value.d * den);
        if (level.best && level.best.value === null) break;
        const order = level.best ? cmp(value, level.best.value!) : -1;
        if (order < 0) level.best = { value, x: low.x, candidates: [] };
        // B(x) <= value  ⇔  M0·x <= value·den − c0 (times value's denominator)
        if (order <= 0) level.best!.candidates.push({ rows: closed, f: check.f, atMost: { a: M[0].map((v) => v * value.d), b: value.n * den - c[0] * value.d } });
      }
    }
    if (onPiece) {
      const increase: Row = { a: M[1].map((v, j) => v - M[0][j]), b: c[0] - c[1] };
      const piece = cutRegion(region, [{ row: inS, source: { barrier: true } }, { row: increase, source: { nonincrease: true } }], en.decider);
      if (piece) {
        answer.pieces = (answer.pieces ?? 0) + 1;
        onPiece({ region: answer.regions - 1, pattern: region.pattern.join('|'), witness: pointToRationals(piece.witness), constraints: piece.constraints, whole: piece.whole });
      }
    }
    // certificate rows: the leaf's, then B(x) <= 0 (count), then U's rows, then I's
    const u = uRows?.length ?? 0;
    if (uRows && answer.safe) {
      const hit = en.decider.feasibleClosed([...closed, inS, ...uRows]);
      if (hit.kind === 'feasible') {
        answer.safe = false;
        answer.unsafeWitness = witness(pointToRationals(hit.point));
      } else if (cert) extra.unsafe = farkasPairs(region, [inS, ...uRows], hit.y, (j) => j);
    }
    if (iRows && answer.initialInside) {
      const ans = maximize([...closed, ...iRows].map((r) => r.a), [...closed, ...iRows].map((r) => r.b), M[0]);
      if (ans.kind === 'unbounded' || (ans.kind === 'optimal' && positive(fn(0), { value: ans.value }))) {
        answer.initialInside = false;
        answer.initialWitness = witness(pointToRationals(ans.x));
      } else if (cert) {
        const at = (j: number) => 1 + u + j;
        extra.initial = ans.kind === 'infeasible' ? { empty: farkasPairs(region, iRows, ans.y, at) } : { bound: dualPairs(region, iRows, ans, den, at) };
      }
    }
    if (cert) region.certExtra = extra;
    if (await pacer.tick()) break;
  }
  if (level && !pacer.reason) answer.level = certifiedLevel(level.best, witness);
  if (cert && !pacer.reason && answer.invariant && answer.safe !== false && answer.initialInside !== false) {
    certificate!({ t: 'end', regions: cert.regions, emptyLeaves: cert.emptyLeaves, invariant: true, ...(uRows ? { safe: true } : {}), ...(iRows ? { initialInside: true } : {}) });
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

const checksOf = (exits: Check[], barrier: IntFn): Check[] => [{ f: barrier, reason: 'barrier' }, ...exits];

/**
 * A region leaf's proof (certify/invariant-checker.ts): rows are the leaf's rows in the
 * certificate's numbering, then B(x) <= 0 (primitive) as row `count`. Either `empty`: integer
 * Farkas multipliers (S misses the region), or `bounds`: for the barrier check and each row of D,
 * rational multipliers y >= 0 with Σ y_i a_i = ∇f and Σ y_i b_i + f(0) <= 0 (so f <= 0 on the
 * region's part of S), f = B∘G, or a_k·G − b_k; a constant f (∇f = 0) needs f(0) <= 0 and no pairs.
 */
function invariantProof(region: Region, inS: Row, proofs: OptimumAnswer[], checks: Check[]): { empty: [number, string][] } | { bounds: [number, string][][] } {
  const first = proofs[0];
  if (first.kind === 'infeasible') return { empty: farkasPairs(region, [inS], first.y, (j) => j) };
  return { bounds: proofs.map((ans, k) => dualPairs(region, [inS], ans, checks[k].f.D, (j) => j)) };
}

/**
 * Integer Farkas multipliers over [the region's rows, ...extra], as certificate pairs: extra row j
 * is the certificate's row count + at(j) (primitive form: multipliers scaled by the row's factor).
 */
function farkasPairs(region: Region, extra: Row[], y: bigint[], at: (j: number) => number): [number, string][] {
  const { ids, count } = region.certRows!;
  const rows = [...region.rows, ...extra];
  const pairs: [number, string][] = [];
  y.forEach((v, i) => {
    if (v === 0n) return;
    pairs.push([i < ids.length ? ids[i] : count + at(i - ids.length), (v * (rowFactor(rows[i]) || 1n)).toString()]);
  });
  return pairs;
}

/** Rational dual multipliers of max g·x over [region rows, ...extra] (Σ y a = g/unit), as certificate pairs. */
function dualPairs(region: Region, extra: Row[], ans: OptimumAnswer, unit: bigint, at: (j: number) => number): [number, string][] {
  if (ans.kind !== 'optimal') throw new Error('invariant: internal error: no optimal dual for a bound that holds');
  const { ids, count } = region.certRows!;
  const rows = [...region.rows, ...extra];
  const pairs: [number, string][] = [];
  ans.y.forEach((v, i) => {
    if (v === 0n) return;
    pairs.push([i < ids.length ? ids[i] : count + at(i - ids.length), toString(rat(v * (rowFactor(rows[i]) || 1n), ans.scale * unit))]);
  });
  return pairs;
}

/** c* from the least B over the closure of the bad set (see InvariantAnswer.level). */
function certifiedLevel(best: LevelBest | null, witness: (x: Rational[]) => StateWitness): NonNullable<InvariantAnswer['level']> {
  if (best === null) return { value: ZERO, closed: true }; // no bad point in D
  const point = witness(pointToRationals(best.x));
  if (best.value === null) return { value: null, closed: false, point };
  if (sign(best.value) > 0) return { value: ZERO, closed: true, point };
  const m = best.value;
  // attained iff some bad point has B = m: a point of {B <= m} with v > 0 in a candidate region
  const attained = best.candidates.some(({ rows, f, atMost }) => {
    const top = maxOver([...rows, atMost], f);
    return top !== null && ('unbounded' in top || cmp(top.value, { n: -f.e, d: 1n }) > 0);
  });
  return { value: m, closed: !attained, point };
}

/** a·y <= b exactly. */
function inside(row: { a: Rational[]; b: Rational }, y: Rational[]): boolean {
  let s: Rational = ZERO;
  row.a.forEach((a, i) => {
    if (a.n !== 0n) s = add(s, mul(a, y[i]));
  });
  return cmp(s, row.b) <= 0;
}
