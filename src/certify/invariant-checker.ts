/**
 * The independent checker of invariance certificates (invariant-format.ts). Exact arithmetic
 * only: the split tree is checked by CertificateChecker (checker.ts) on H = (B, B∘G, G), built
 * from the given barrier and closed loop by the exact network algebra (network/algebra.ts), and
 * this file checks, through its hooks, each region leaf's `invariant` proof and the footer.
 * Nothing from the enumerator, the LP code or the invariance search.
 *
 * Why a valid certificate proves invariance: the region closures cover D and H is the region's
 * affine map on each closure. On a closure, an `empty` proof shows no point has B(x) <= 0; a
 * `bounds` proof shows, for x in the closure with B(x) <= 0 (rows a_i·x <= b_i), f(x) = ∇f·x +
 * f(0) = Σ y_i a_i·x + f(0) <= Σ y_i b_i + f(0) <= 0 for f = B∘G and for every row a_k·y <= b_k
 * of D at y = G(x). So every x ∈ S has B(G(x)) <= 0 and G(x) ∈ D.
 */
import { domainConstraints, integerConstraint, parseDomainJson } from '../domain/domain.js';
import { primitiveRow } from '../kernel/intvec.js';
import { cmp, sign, toString, ZERO, type Rational } from '../kernel/rational.js';
import { compose, selectOutput, stack } from '../network/algebra.js';
import type { Network } from '../network/network.js';
import type { StopOptions } from '../run-control.js';
import { CertificateChecker, combineRows, feedFile, feedLines, Invalid, num, nums, viaTreeChecker, type RegionContext, type Row } from './checker.js';
import { boundHolds, motzkinHolds, parsePoint, rowOutside, signAt, type AffineFn } from './leaf-checks.js';
import { INVARIANT_KIND } from './invariant-format.js';

export type InvariantCheckResult =
  | { valid: true; regions: number; seconds: number; domain: unknown; invariant?: true; safe?: true; initialInside?: true; level?: { value: string; closed: boolean }; pieces?: number }
  | { valid: false; line: number; reason: string };

/** A leaf's proof kinds, each present on every leaf or on none that the footer can claim. */
type Claim = 'invariant' | 'unsafe' | 'initial' | 'level' | 'piece';

class InvariantChecker {
  readonly checker: CertificateChecker;
  private domainRows: { a: bigint[]; b: bigint }[] = [];
  /** The unsafe and initial polytopes of the header (primitive rows), when it names them. */
  private unsafe: Row[] | null = null;
  private initial: Row[] | null = null;
  private readonly d: number;
  /** Leaves whose proof of each kind is missing (a proof present is always checked). */
  private readonly missing = new Set<Claim>();
  private regions = 0;
  /** The level: the least entry minimum m, and whether some entry with minimum m is attained. */
  private least: Rational | null = null;
  private attainedAtLeast = false;
  private pieces = 0;
  private claims: Omit<Extract<InvariantCheckResult, { valid: true }>, 'valid' | 'regions' | 'seconds' | 'domain'> = {};

  constructor(barrierNet: Network, dynamics: Network, private readonly barrierOutput?: number) {
    const barrier = barrierOutput === undefined ? barrierNet : selectOutput(barrierNet, barrierOutput);
    this.d = barrier.inputSize;
    const H = stack(stack(barrier, compose(barrier, dynamics)), dynamics);
    this.checker = new CertificateChecker(H, null, {
      kind: INVARIANT_KIND,
      headerHook: (h) => this.header(h),
      regionHook: (ctx) => {
        this.regions++;
        return this.region(ctx);
      },
      footerHook: (f) => this.footer(f),
    });
  }

  finish(): InvariantCheckResult {
    const r = this.checker.finish();
    if (!r.valid) return r;
    return { valid: true, regions: r.regions, seconds: r.seconds, domain: r.domain, ...this.claims };
  }

  private header(h: Record<string, unknown>): string | null {
    if (h.barrierOutput !== this.barrierOutput) {
      return h.barrierOutput === undefined
        ? `the certificate is about the barrier's only output; the check selected output ${this.barrierOutput}`
        : `the certificate is about output ${JSON.stringify(h.barrierOutput)} of the barrier: check it with that output (--output ${JSON.stringify(h.barrierOutput)})`;
    }
    const domain = parseDomainJson(JSON.stringify(h.domain), this.d, 'header: domain');
    if (domain.kind === 'whole') return 'header: the state domain must be a box or a polytope';
    this.domainRows = domainConstraints(domain, this.d).map(integerConstraint);
    const polytope = (v: unknown, name: string): Row[] => {
      const p = v as { A?: unknown; b?: unknown };
      if (typeof p !== 'object' || p === null || !Array.isArray(p.A)) throw new Invalid(`header: ${name}: expected {A, b}`, 1);
      const b = nums(p.b, p.A.length, `header: ${name}.b`);
      return p.A.map((row, i) => integerConstraint({ a: nums(row, this.d, `header: ${name}.A[${i}]`), b: b[i], face: { kind: 'row', index: i } }));
    };
    if (h.unsafe !== undefined) this.unsafe = polytope(h.unsafe, 'unsafe');
    if (h.initial !== undefined) this.initial = polytope(h.initial, 'initial');
    return null;
  }

  /** The footer's claims, each backed by a proof on every leaf; the level and count recomputed. */
  private footer(f: Record<string, unknown>): string | null {
    const backed = (key: string, claim: Claim, what: string): string | null => {
      if (f[key] === undefined) return null;
      if (f[key] !== true) return `footer: "${key}" must be true when present`;
      if (this.regions === 0 || this.missing.has(claim)) return `footer claims ${what}, but some region leaf has no ${claim} proof`;
      return null;
    };
    const reason =
      backed('invariant', 'invariant', 'invariance') ??
      (f.safe !== undefined && !this.unsafe ? 'footer: "safe" without an unsafe set in the header' : backed('safe', 'unsafe', 'safety')) ??
      (f.initialInside !== undefined && !this.initial ? 'footer: "initialInside" without an initial set in the header' : backed('initialInside', 'initial', 'the initial set'));
    if (reason) return reason;
    if (f.invariant) this.claims.invariant = true;
    if (f.safe) this.claims.safe = true;
    if (f.initialInside) this.claims.initialInside = true;
    if (f.level !== undefined) {
      if (this.regions === 0 || this.missing.has('level')) return 'footer claims a level, but some region leaf has no complete level proof';
      const claimed = f.level as { value?: unknown; closed?: unknown };
      if (typeof claimed !== 'object' || claimed === null || typeof claimed.closed !== 'boolean') return 'footer: level must be {value, closed}';
      const value = num(claimed.value, 'footer: level.value');
      // c* = min(0, least); {B <= c*} is certified unless a bad point has B = c* <= 0
      const cStar = this.least !== null && sign(this.least) <= 0 ? this.least : ZERO;
      const closed = !(this.least !== null && sign(this.least) <= 0 && this.attainedAtLeast);
      if (cmp(value, cStar) !== 0) return `footer: level ${toString(value)}, the entries give ${toString(cStar)}`;
      if (claimed.closed !== closed) return `footer: level closed is ${claimed.closed}, the entries give ${closed}`;
      this.claims.level = { value: toString(value), closed };
    }
    if (f.pieces !== undefined) {
      if (this.regions === 0 || this.missing.has('piece')) return 'footer counts pieces of C, but some region leaf has no piece proof';
      if (f.pieces !== this.pieces) return `footer says ${JSON.stringify(f.pieces)} pieces of C, the leaves have ${this.pieces}`;
      this.claims.pieces = this.pieces;
    }
    if (Object.keys(this.claims).length === 0) return 'footer: claims nothing (invariant, safe, initialInside, level or pieces)';
    return null;
  }

  /** I ∩ closure(region) ⊆ {B <= 0}: no point of I there (Farkas), or max B <= 0 by a dual. */
  private initialProof(ctx: RegionContext, rows: Row[], B: AffineFn): string | null {
    const proof = ctx.leaf.initial as Record<string, unknown>;
    if (typeof proof !== 'object' || proof === null) return 'initial: expected {empty} or {bound}';
    if (proof.empty !== undefined) {
      const sum = combineRows(rows, proof.empty, this.d, { label: 'initial.empty', integer: true, rowsAre: 'there are rows' });
      if (typeof sum === 'string') return sum;
      return sum.a.some((v) => v !== 0n) || sum.b >= 0n ? 'initial.empty: not a Farkas certificate' : null;
    }
    return boundHolds(rows, proof.bound, B, ctx.den, 'initial.bound', 'B <= 0 on I');
  }

  private region(ctx: RegionContext): string | null {
    const d = this.d;
    const [B, BG] = ctx.out;
    const G = ctx.out.slice(2);
    // the leaf's rows, B(x) <= 0, U's rows, I's rows; a proof may use only its own (the others
    // stand in as 0 <= 1: true everywhere, so a proof that leans on one is still sound)
    const trivial: Row = { a: new Array<bigint>(d).fill(0n), b: 1n };
    const U = this.unsafe ?? [];
    const I = this.initial ?? [];
    const inS = primitiveRow(B.g, -B.e);
    const using = (s: boolean, u: boolean, i: boolean): Row[] => [...ctx.rows, s ? inS : trivial, ...U.map((r) => (u ? r : trivial)), ...I.map((r) => (i ? r : trivial))];
    // a_k·G − b_k over H's denominator for every row of D: G(x) leaves row k where it is > 0
    const exits: AffineFn[] = this.domainRows.map((row) => {
      const g = new Array<bigint>(d).fill(0n);
      let e = -row.b * ctx.den;
      row.a.forEach((ai, i) => {
        if (ai === 0n) return;
        G[i].g.forEach((v, j) => (g[j] += ai * v));
        e += ai * G[i].e;
      });
      return { g, e };
    });
    const present = (claim: Claim, key: string = claim): boolean => {
      if (ctx.leaf[key] !== undefined) return true;
      this.missing.add(claim);
      return false;
    };
    if (this.unsafe && present('unsafe')) {
      const sum = combineRows(using(true, true, false), ctx.leaf.unsafe, d, { label: 'unsafe', integer: true, rowsAre: 'there are rows' });
      if (typeof sum === 'string') return sum;
      if (sum.a.some((v) => v !== 0n) || sum.b >= 0n) return 'unsafe: not a Farkas certificate (Σ y_i a_i must be 0 and Σ y_i b_i < 0)';
    }
    if (this.initial && present('initial')) {
      const reason = this.initialProof(ctx, using(false, false, true), B);
      if (reason) return reason;
    }
    if (present('invariant')) {
      const reason = this.invariantProof(ctx, using(true, false, false), [BG, ...exits]);
      if (reason) return reason;
    }
    if (present('level')) {
      const increase: AffineFn = { g: BG.g.map((v, j) => v - B.g[j]), e: BG.e - B.e };
      const reason = this.levelProof(ctx, B, [increase, ...exits]);
      if (reason) return reason;
    }
    if (present('piece')) {
      const increase = primitiveRow(BG.g.map((v, j) => v - B.g[j]), B.e - BG.e); // B(G(x)) − B(x) <= 0
      const reason = this.pieceProof(ctx, [inS, increase]);
      if (reason) return reason;
    }
    return null;
  }

  /** B∘G <= 0 and G(x) ∈ D on the closure's part of S (or S misses the closure). */
  private invariantProof(ctx: RegionContext, rows: Row[], fs: AffineFn[]): string | null {
    const proof = ctx.leaf.invariant as Record<string, unknown>;
    if (typeof proof !== 'object' || proof === null) return 'invariant: expected {empty} or {bounds}';
    if (proof.empty !== undefined) {
      const sum = combineRows(rows, proof.empty, this.d, { label: 'empty', integer: true, rowsAre: 'there are rows' });
      if (typeof sum === 'string') return sum;
      if (sum.a.some((v) => v !== 0n)) return 'empty: Σ y_i a_i != 0';
      if (sum.b >= 0n) return 'empty: Σ y_i b_i is not < 0';
      return null;
    }
    if (!Array.isArray(proof.bounds)) return 'invariant: expected {empty} or {bounds}';
    if (proof.bounds.length !== fs.length) return `bounds: ${proof.bounds.length} proofs, expected ${fs.length} (B∘G and one per row of D)`;
    for (let k = 0; k < fs.length; k++) {
      const reason = boundHolds(rows, proof.bounds[k], fs[k], ctx.den, `bounds[${k}]`, k === 0 ? 'B(G(x)) <= 0' : `G(x) in row ${k - 1} of D`);
      if (reason) return reason;
    }
    return null;
  }

  /**
   * One entry per violation v (B∘G − B, then a_k·G − b_k): {none} v <= 0 on the closure; or
   * {min m, bound, at, bad, closed | attained}: B >= m on closure ∩ {v >= 0}, with a point `at`
   * there where B = m and a point `bad` with v > 0 (so m is the infimum of B over the bad points
   * of the closure: on the segment from at to bad, v > 0 and B tends to m); `closed`: v <= 0 on
   * closure ∩ {B <= m}, or `attained`: a point of the closure with B = m and v > 0.
   */
  private levelProof(ctx: RegionContext, B: AffineFn, vs: AffineFn[]): string | null {
    const entries = ctx.leaf.level;
    if (!Array.isArray(entries) || entries.length !== vs.length) return `level: expected ${vs.length} entries (B(G(x)) − B(x), then one per row of D)`;
    const d = this.d;
    const inClosure = (x: { p: bigint[]; q: bigint }, label: string): string | null => {
      const out = rowOutside(ctx.rows, x, false);
      return out >= 0 ? `${label}: the point is outside the region's closure (row ${out})` : null;
    };
    for (let j = 0; j < vs.length; j++) {
      const e = entries[j] as Record<string, unknown>;
      const v = vs[j];
      const label = `level[${j}]`;
      if (typeof e !== 'object' || e === null) return `${label}: expected an object`;
      if (e.unproven !== undefined) {
        this.missing.add('level');
        continue;
      }
      if (e.none !== undefined) {
        const reason = boundHolds(ctx.rows, e.none, v, ctx.den, `${label}.none`, 'v <= 0 on the region');
        if (reason) return reason;
        continue;
      }
      const m = num(e.min, `${label}.min`);
      // min − B <= 0 over [rows, v >= 0]
      const f: AffineFn = { g: B.g.map((x) => -x * m.d), e: m.n * ctx.den - B.e * m.d };
      const bound = boundHolds([...ctx.rows, primitiveRow(v.g.map((x) => -x), v.e)], e.bound, f, ctx.den * m.d, `${label}.bound`, `B >= ${toString(m)} where v >= 0`);
      if (bound) return bound;
      const at = parsePoint(e.at, d, `${label}.at`);
      const bad = parsePoint(e.bad, d, `${label}.bad`);
      const reason =
        inClosure(at, `${label}.at`) ??
        inClosure(bad, `${label}.bad`) ??
        (signAt(v, at) < 0 ? `${label}.at: v < 0 there` : null) ??
        (signAt(f, at) !== 0 ? `${label}.at: B is not ${toString(m)} there` : null) ??
        (signAt(v, bad) <= 0 ? `${label}.bad: v <= 0 there` : null);
      if (reason) return reason;
      let attained: boolean;
      if (e.closed !== undefined) {
        const belowRow = primitiveRow(B.g.map((x) => x * m.d), m.n * ctx.den - B.e * m.d); // B <= m
        const closed = boundHolds([...ctx.rows, belowRow], e.closed, v, ctx.den, `${label}.closed`, `v <= 0 where B <= ${toString(m)}`);
        if (closed) return closed;
        attained = false;
      } else {
        const x = parsePoint(e.attained, d, `${label}.attained`);
        const why = inClosure(x, `${label}.attained`) ?? (signAt(f, x) !== 0 ? `${label}.attained: B is not ${toString(m)} there` : null) ?? (signAt(v, x) <= 0 ? `${label}.attained: v <= 0 there` : null);
        if (why) return why;
        attained = true;
      }
      const order = this.least === null ? -1 : cmp(m, this.least);
      if (order < 0) [this.least, this.attainedAtLeast] = [m, attained];
      else if (order === 0) this.attainedAtLeast ||= attained;
    }
    return null;
  }

  /** C = S ∩ {B(G(x)) <= B(x)} has interior in the region (a point) or none (Motzkin). */
  private pieceProof(ctx: RegionContext, cuts: Row[]): string | null {
    const proof = ctx.leaf.piece as Record<string, unknown>;
    if (typeof proof !== 'object' || proof === null) return 'piece: expected {inside} or {none}';
    if (proof.inside !== undefined) {
      const x = parsePoint(proof.inside, this.d, 'piece.inside');
      const out = rowOutside(ctx.rows, x, true);
      if (out >= 0) return `piece.inside: the point is not strictly inside the region (row ${out})`;
      // a cut with a = 0 is the constant 0 <= b; any other holds strictly at x
      const broken = cuts.findIndex((c) => (c.a.every((v) => v === 0n) ? c.b < 0n : rowOutside([c], x, true) === 0));
      if (broken >= 0) return `piece.inside: the point is not strictly inside C (${broken === 0 ? 'B(x) < 0' : 'B(G(x)) < B(x)'} fails)`;
      this.pieces++;
      return null;
    }
    return motzkinHolds(ctx.rows, cuts, proof.none, this.d, 'piece.none');
  }
}

/** Checks an invariance certificate given as lines. */
export function checkInvariantCertificate(barrier: Network, dynamics: Network, lines: Iterable<string>, barrierOutput?: number): InvariantCheckResult {
  return feedLines(viaTreeChecker(new InvariantChecker(barrier, dynamics, barrierOutput)), lines);
}

/** Streams the certificate file line by line. */
export async function checkInvariantCertificateFile(barrier: Network, dynamics: Network, path: string, stop?: StopOptions, barrierOutput?: number): Promise<InvariantCheckResult> {
  return feedFile(viaTreeChecker(new InvariantChecker(barrier, dynamics, barrierOutput)), path, stop);
}
