/**
 * The independent checker of level-set certificates (format.ts, "Level-set certificates"). The
 * split tree is checked by CertificateChecker (checker.ts) exactly as for an enumeration
 * certificate; this file checks, through its hooks, every region leaf's `level` proof and the
 * footer's count. Exact arithmetic only; nothing from the enumerator, the LP code or levelset.
 *
 * Why: the region closures cover the domain and c·f is the region's affine map there. A `piece`
 * point strictly inside the region with c·f < C (or c·f constant and <= C) shows the region's
 * part of {c·f <= C} has interior; a `none` Motzkin certificate shows the open region has no
 * point with c·f < C (for strict systems a·x < b: y >= 0, y != 0, Σ y_i a_i = 0 and
 * Σ y_i b_i <= 0 are contradictory). So the leaves with a piece are exactly the regions where the
 * set has interior, and the footer counts them. (ge: the same with −c·f and −C; eq: eqRegion.)
 */
import { primitiveRow } from '../kernel/intvec.js';
import { lcm, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import type { StopOptions } from '../run-control.js';
import { domainConstraints, integerConstraint, parseDomainJson } from '../domain/domain.js';
import { CertificateChecker, feedFile, feedLines, num, nums, viaTreeChecker, type RegionContext, type Row } from './checker.js';
import { mixedMotzkinHolds, motzkinHolds, parsePoint, rowOutside, signAt } from './leaf-checks.js';
import { LEVELSET_KIND } from './format.js';

export type LevelSetCheckResult =
  | { valid: true; relation: 'le' | 'ge' | 'eq'; pieces: number; regions: number; seconds: number; domain: unknown }
  | { valid: false; line: number; reason: string };

class LevelSetChecker {
  readonly checker: CertificateChecker;
  private C: bigint[] = []; // the objective over its common denominator Cden
  private Cden = 1n;
  private level: Rational = { n: 0n, d: 1n };
  private sign = 1n; // le: 1, ge: −1 (the side is sign·(c·f − C) <= 0)
  private relation: 'le' | 'ge' | 'eq' = 'le';
  /** The domain's rows (primitive): a facet on one of them has no region across (eq). */
  private domainRows: Row[] = [];
  private pieces = 0;

  constructor(private readonly net: Network) {
    this.checker = new CertificateChecker(net, null, {
      kind: LEVELSET_KIND,
      headerHook: (h) => this.header(h),
      regionHook: (ctx) => this.region(ctx),
      footerHook: (f) => (f.pieces === this.pieces ? null : `footer says ${JSON.stringify(f.pieces)} pieces, the tree has ${this.pieces}`),
    });
  }

  finish(): LevelSetCheckResult {
    const r = this.checker.finish();
    return r.valid ? { valid: true, relation: this.relation, pieces: this.pieces, regions: r.regions, seconds: r.seconds, domain: r.domain } : r;
  }

  private header(h: Record<string, unknown>): string | null {
    const outputs = this.net.layers[this.net.layers.length - 1].weights.length;
    const objective = nums(h.objective, outputs, 'header: objective (one coefficient per network output)');
    this.Cden = objective.reduce((m, v) => lcm(m, v.d), 1n);
    this.C = objective.map((v) => v.n * (this.Cden / v.d));
    if (h.relation !== 'le' && h.relation !== 'ge' && h.relation !== 'eq') return 'header: relation must be "le", "ge" or "eq"';
    this.relation = h.relation;
    this.sign = h.relation === 'ge' ? -1n : 1n;
    this.domainRows = domainConstraints(parseDomainJson(JSON.stringify(h.domain), this.net.inputSize, 'header: domain'), this.net.inputSize).map(integerConstraint);
    this.level = num(h.level, 'header: level');
    return null;
  }

  private region(ctx: RegionContext): string | null {
    const proof = ctx.leaf.level as Record<string, unknown> | undefined;
    if (typeof proof !== 'object' || proof === null) return 'level proof missing';
    const d = this.net.inputSize;
    // the side: sign·(c·f(x) − C) <= 0, with c·f = (G·x + E)/(Cden·den): (sign·C.d·G)·x <= sign·(C.n·Cden·den − C.d·E)
    const G = new Array<bigint>(d).fill(0n);
    let E = 0n;
    this.C.forEach((ck, k) => {
      if (ck === 0n) return;
      ctx.out[k].g.forEach((v, j) => (G[j] += ck * v));
      E += ck * ctx.out[k].e;
    });
    const { n: Cn, d: Cd } = this.level;
    const side: Row = { a: G.map((v) => this.sign * Cd * v), b: this.sign * (Cn * this.Cden * ctx.den - Cd * E) };
    if (this.relation === 'eq') return this.eqRegion(ctx, proof, primitiveRow(side.a, side.b));
    if (proof.piece !== undefined) {
      const x = nums(proof.piece, d, 'piece');
      let q = 1n;
      for (const r of x) q = lcm(q, r.d);
      const p = x.map((r) => r.n * (q / r.d));
      const at = (row: Row) => row.a.reduce((s, v, j) => s + v * p[j], 0n) - row.b * q; // < 0: strictly inside
      const outside = ctx.rows.findIndex((row) => at(row) >= 0n);
      if (outside >= 0) return `piece: the point is not strictly inside the region (row ${outside})`;
      const constant = side.a.every((v) => v === 0n);
      const s = at(side);
      if (constant ? s > 0n : s >= 0n) return `piece: c·f at the point is not ${this.relation === 'le' ? 'below' : 'above'} the level`;
      this.pieces++;
      return null;
    }
    // a constant side that holds (c·f ≡ C on the region) is no strict row: the region is a piece
    return motzkinHolds(ctx.rows, [primitiveRow(side.a, side.b)], proof.none, d, 'none');
  }

  /**
   * The level set {c·f = C} in the region (le: c·f <= C as a primitive row; H its hyperplane):
   * flat (c·f ≡ C), piece (a point of H strictly inside), facet (a point of H strictly inside
   * every row not on H, with the rows on H owned: outward normal lexicographically positive, or a
   * row of the domain), or none: the open region strictly below or above H (Motzkin), plus, when
   * it has owned rows on H, that its closure meets H in less than a facet (mixed Motzkin).
   */
  private eqRegion(ctx: RegionContext, proof: Record<string, unknown>, le: Row): string | null {
    const d = this.net.inputSize;
    const constant = le.a.every((v) => v === 0n);
    const ge: Row = { a: le.a.map((v) => -v), b: -le.b };
    const sameRow = (r: Row, s: Row) => r.b === s.b && r.a.every((v, j) => v === s.a[j]);
    const onH = ctx.rows.filter((r) => !constant && (sameRow(r, le) || sameRow(r, ge)));
    const owned = onH.length > 0 && ((onH[0].a.find((v) => v !== 0n) ?? 0n) > 0n || this.domainRows.some((s) => sameRow(s, onH[0])));
    const others = ctx.rows.map((r) => (onH.includes(r) ? { a: new Array<bigint>(d).fill(0n), b: 1n } : r));
    if (proof.flat !== undefined) {
      if (!constant || le.b !== 0n) return 'flat: c·f is not the constant C on the region';
      this.pieces++;
      return null;
    }
    for (const kind of ['piece', 'facet'] as const) {
      if (proof[kind] === undefined) continue;
      if (constant) return `${kind}: c·f is constant on the region`;
      const x = parsePoint(proof[kind], d, kind);
      if (signAt({ g: le.a, e: -le.b }, x) !== 0) return `${kind}: c·f is not C at the point`;
      if (kind === 'facet' && !owned) return onH.length === 0 ? 'facet: no row of the region lies on the level hyperplane' : 'facet: the region does not own its facet on the level hyperplane (the region across reports it)';
      const out = rowOutside(kind === 'piece' ? ctx.rows : others, x, true);
      if (out >= 0) return `${kind}: the point is not strictly inside the region (row ${out})`;
      this.pieces++;
      return null;
    }
    const none = proof.none as Record<string, unknown> | undefined;
    if (typeof none !== 'object' || none === null) return 'level proof must be {flat}, {piece}, {facet} or {none}';
    if (constant) return le.b === 0n ? 'none: c·f is the constant C on the region (a flat piece)' : null;
    const reason = none.below !== undefined ? motzkinHolds(ctx.rows, [le], none.below, d, 'none.below') : motzkinHolds(ctx.rows, [ge], none.above, d, 'none.above');
    if (reason) return reason;
    if (!owned) return null;
    if (proof.face === undefined) return 'face: the region has a row on the level hyperplane; show its closure meets it in less than a facet';
    return mixedMotzkinHolds(others, [le, ge], proof.face, d, 'face');
  }
}

export function checkLevelSetCertificate(net: Network, lines: Iterable<string>): LevelSetCheckResult {
  return feedLines(viaTreeChecker(new LevelSetChecker(net)), lines);
}

export async function checkLevelSetCertificateFile(net: Network, path: string, stop?: StopOptions): Promise<LevelSetCheckResult> {
  return feedFile(viaTreeChecker(new LevelSetChecker(net)), path, stop);
}
