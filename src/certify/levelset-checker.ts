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
 * set has interior, and the footer counts them. (ge: the same with −c·f and −C.)
 */
import { primitiveRow } from '../kernel/intvec.js';
import { lcm, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import type { StopOptions } from '../run-control.js';
import { CertificateChecker, combineRows, feedFile, feedLines, num, nums, viaTreeChecker, type RegionContext, type Row } from './checker.js';
import { LEVELSET_KIND } from './format.js';

export type LevelSetCheckResult =
  | { valid: true; relation: 'le' | 'ge'; pieces: number; regions: number; seconds: number; domain: unknown }
  | { valid: false; line: number; reason: string };

class LevelSetChecker {
  readonly checker: CertificateChecker;
  private C: bigint[] = []; // the objective over its common denominator Cden
  private Cden = 1n;
  private level: Rational = { n: 0n, d: 1n };
  private sign = 1n; // le: 1, ge: −1 (the side is sign·(c·f − C) <= 0)
  private relation: 'le' | 'ge' = 'le';
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
    if (h.relation !== 'le' && h.relation !== 'ge') return 'header: relation must be "le" or "ge"';
    this.relation = h.relation;
    this.sign = h.relation === 'le' ? 1n : -1n;
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
    const sum = combineRows([...ctx.rows, primitiveRow(side.a, side.b)], proof.none, d, { label: 'none', integer: true, rowsAre: 'there are rows' });
    if (typeof sum === 'string') return sum;
    if (!sum.positive) return 'none: all multipliers are zero';
    if (sum.a.some((v) => v !== 0n)) return 'none: Σ y_i a_i != 0';
    if (sum.b > 0n) return 'none: Σ y_i b_i > 0';
    return null;
  }
}

export function checkLevelSetCertificate(net: Network, lines: Iterable<string>): LevelSetCheckResult {
  return feedLines(viaTreeChecker(new LevelSetChecker(net)), lines);
}

export async function checkLevelSetCertificateFile(net: Network, path: string, stop?: StopOptions): Promise<LevelSetCheckResult> {
  return feedFile(viaTreeChecker(new LevelSetChecker(net)), path, stop);
}
