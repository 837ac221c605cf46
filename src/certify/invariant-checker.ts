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
import { rat, toString } from '../kernel/rational.js';
import { compose, stack } from '../network/algebra.js';
import type { Network } from '../network/network.js';
import type { StopOptions } from '../run-control.js';
import { CertificateChecker, combineRows, feedFile, feedLines, Invalid, nums, viaTreeChecker, type RegionContext, type Row } from './checker.js';
import { INVARIANT_KIND } from './invariant-format.js';

export type InvariantCheckResult =
  | { valid: true; regions: number; seconds: number; domain: unknown; safe?: true; initialInside?: true }
  | { valid: false; line: number; reason: string };

class InvariantChecker {
  readonly checker: CertificateChecker;
  private domainRows: { a: bigint[]; b: bigint }[] = [];
  /** The unsafe and initial polytopes of the header (primitive rows), when it names them. */
  private unsafe: Row[] | null = null;
  private initial: Row[] | null = null;
  private readonly d: number;

  constructor(barrier: Network, dynamics: Network) {
    this.d = barrier.inputSize;
    const H = stack(stack(barrier, compose(barrier, dynamics)), dynamics);
    this.checker = new CertificateChecker(H, null, {
      kind: INVARIANT_KIND,
      headerHook: (h) => this.header(h),
      regionHook: (ctx) => this.region(ctx),
      footerHook: (f) =>
        f.invariant !== true
          ? 'footer: "invariant": true missing'
          : this.unsafe && f.safe !== true
            ? 'footer: "safe": true missing (the header names an unsafe set)'
            : this.initial && f.initialInside !== true
              ? 'footer: "initialInside": true missing (the header names an initial set)'
              : null,
    });
  }

  finish(): InvariantCheckResult {
    const r = this.checker.finish();
    if (!r.valid) return r;
    return { valid: true, regions: r.regions, seconds: r.seconds, domain: r.domain, ...(this.unsafe ? { safe: true } : {}), ...(this.initial ? { initialInside: true } : {}) };
  }

  private header(h: Record<string, unknown>): string | null {
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

  /** I ∩ closure(region) ⊆ {B <= 0}: no point of I there (Farkas), or max B <= 0 by a dual. */
  private initialProof(ctx: RegionContext, rows: Row[], B: { g: bigint[]; e: bigint }): string | null {
    const proof = ctx.leaf.initial as Record<string, unknown> | undefined;
    if (typeof proof !== 'object' || proof === null) return 'initial proof missing';
    const d = this.d;
    if (proof.empty !== undefined) {
      const sum = combineRows(rows, proof.empty, d, { label: 'initial.empty', integer: true, rowsAre: 'there are rows' });
      if (typeof sum === 'string') return sum;
      return sum.a.some((v) => v !== 0n) || sum.b >= 0n ? 'initial.empty: not a Farkas certificate' : null;
    }
    if (B.g.every((v) => v === 0n)) return B.e > 0n ? 'initial: B is a positive constant on the region' : null;
    const sum = combineRows(rows, proof.bound, d, { label: 'initial.bound', integer: false, rowsAre: 'there are rows' });
    if (typeof sum === 'string') return sum;
    for (let j = 0; j < d; j++) if (sum.a[j] * ctx.den !== B.g[j] * sum.den) return `initial.bound: Σ y_i a_i != ∇B (coordinate ${j})`;
    if (sum.b * ctx.den + B.e * sum.den > 0n) return 'initial.bound: Σ y_i b_i + B(0) > 0: B <= 0 on I is not shown';
    return null;
  }

  private region(ctx: RegionContext): string | null {
    const proof = ctx.leaf.invariant as Record<string, unknown> | undefined;
    if (typeof proof !== 'object' || proof === null) return 'invariant proof missing';
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
    const rows = using(true, false, false);
    if (this.unsafe) {
      const sum = combineRows(using(true, true, false), ctx.leaf.unsafe, d, { label: 'unsafe', integer: true, rowsAre: 'there are rows' });
      if (typeof sum === 'string') return sum;
      if (sum.a.some((v) => v !== 0n) || sum.b >= 0n) return 'unsafe: not a Farkas certificate (Σ y_i a_i must be 0 and Σ y_i b_i < 0)';
    }
    if (this.initial) {
      const reason = this.initialProof(ctx, using(false, false, true), B);
      if (reason) return reason;
    }
    if (proof.empty !== undefined) {
      const sum = combineRows(rows, proof.empty, d, { label: 'empty', integer: true, rowsAre: 'there are rows' });
      if (typeof sum === 'string') return sum;
      if (sum.a.some((v) => v !== 0n)) return 'empty: Σ y_i a_i != 0';
      if (sum.b >= 0n) return 'empty: Σ y_i b_i is not < 0';
      return null;
    }
    if (!Array.isArray(proof.bounds)) return 'invariant: expected {empty} or {bounds}';
    // f = (g·x + e) / den over H's denominator: B∘G, then a_k·G − b_k for every row of D
    const fs = [{ g: BG.g, e: BG.e }, ...this.domainRows.map((row) => {
      const g = new Array<bigint>(d).fill(0n);
      let e = -row.b * ctx.den;
      row.a.forEach((ai, i) => {
        if (ai === 0n) return;
        G[i].g.forEach((v, j) => (g[j] += ai * v));
        e += ai * G[i].e;
      });
      return { g, e };
    })];
    if (proof.bounds.length !== fs.length) return `bounds: ${proof.bounds.length} proofs, expected ${fs.length} (B∘G and one per row of D)`;
    for (let k = 0; k < fs.length; k++) {
      const what = k === 0 ? 'B(G(x)) <= 0' : `G(x) in row ${k - 1} of D`;
      const { g, e } = fs[k];
      const pairs = proof.bounds[k];
      if (g.every((v) => v === 0n)) {
        if (e > 0n) return `bounds[${k}]: ${what} fails: the map is the constant ${toString(rat(e, ctx.den))} > 0 on the region`;
        continue;
      }
      const sum = combineRows(rows, pairs, d, { label: `bounds[${k}]`, integer: false, rowsAre: 'there are rows' });
      if (typeof sum === 'string') return sum;
      // Σ y_i a_i = sumA / L must equal ∇f = g / den
      for (let j = 0; j < d; j++) if (sum.a[j] * ctx.den !== g[j] * sum.den) return `bounds[${k}]: Σ y_i a_i != ∇f (coordinate ${j}) for ${what}`;
      // Σ y_i b_i + f(0) = sumB / L + e / den <= 0
      if (sum.b * ctx.den + e * sum.den > 0n) return `bounds[${k}]: Σ y_i b_i + f(0) = ${toString(rat(sum.b * ctx.den + e * sum.den, sum.den * ctx.den))} > 0: ${what} is not shown`;
    }
    return null;
  }
}

/** Checks an invariance certificate given as lines. */
export function checkInvariantCertificate(barrier: Network, dynamics: Network, lines: Iterable<string>): InvariantCheckResult {
  return feedLines(viaTreeChecker(new InvariantChecker(barrier, dynamics)), lines);
}

/** Streams the certificate file line by line. */
export async function checkInvariantCertificateFile(barrier: Network, dynamics: Network, path: string, stop?: StopOptions): Promise<InvariantCheckResult> {
  return feedFile(viaTreeChecker(new InvariantChecker(barrier, dynamics)), path, stop);
}
