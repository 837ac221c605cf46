/**
 * The independent checker of range certificates (format.ts, "Range certificates"): exact min and
 * max of c·f(x) over the domain. Exact arithmetic only (BigInt integers and rationals): no floats,
 * no LP, nothing from the enumerator, the LP code or the verifier. The split tree is checked by
 * CertificateChecker (checker.ts) exactly as for an enumeration certificate; this file adds, through
 * its hooks, the header's objective, the dual certificates of every region leaf and the footer.
 *
 * Why a valid certificate proves the range. The region leaves' closures cover the domain
 * (checker.ts), and on each closure f is the region's affine map y = W x + c0 (f is continuous).
 * With g = c·W and k = c·c0, multipliers y >= 0 with Σ y_i a_i = g give, for every x in the
 * closure (a_i·x <= b_i), c·f(x) = g·x + k = Σ y_i a_i·x + k <= Σ y_i b_i + k = U; likewise
 * Σ y_i a_i = −g gives c·f(x) >= −Σ y_i b_i + k = L. So max >= every U bounds c·f on the whole
 * domain from above, and argmax, a point of the (closed) domain with c·f(argmax) = max, shows the
 * bound is attained: max is the maximum. The same for min.
 */
import { lcm, rat, toString, type Rational } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import type { Network } from '../network/network.js';
import type { Domain } from '../domain/domain.js';
import { CertificateChecker, combineRows, feedFile, feedLines, viaTreeChecker, num, nums, type RegionContext, type Row } from './checker.js';
import { RANGE_KIND } from './format.js';
import type { StopOptions } from '../run-control.js';

export type RangeCheckResult =
  | {
      valid: true;
      objective: string[];
      min: string;
      max: string;
      argmin: string[];
      argmax: string[];
      regions: number;
      seconds: number;
      domain: unknown;
    }
  | { valid: false; line: number; reason: string };

/** n/d with d > 0, not reduced (compared by cross-multiplication); `region` gives it. */
interface Bound {
  n: bigint;
  d: bigint;
  region: string;
}

const show = (n: bigint, d: bigint): string => toString(rat(n, d));
const below = (x: { n: bigint; d: bigint }, y: { n: bigint; d: bigint }): boolean => x.n * y.d < y.n * x.d;

class RangeChecker {
  readonly checker: CertificateChecker;
  private objective: Rational[] = [];
  private C: bigint[] = []; // the objective over its common denominator Cden
  private Cden = 1n;
  private maxU: Bound | null = null;
  private minL: Bound | null = null;
  private result: { min: Rational; max: Rational; argmin: Rational[]; argmax: Rational[] } | null = null;

  constructor(
    private readonly net: Network,
    domain: Domain | null,
  ) {
    this.checker = new CertificateChecker(net, domain, {
      kind: RANGE_KIND,
      headerHook: (h) => this.header(h),
      regionHook: (ctx) => this.region(ctx),
      footerHook: (f, rows) => this.footer(f, rows),
    });
  }

  finish(): RangeCheckResult {
    const r = this.checker.finish();
    if (!r.valid) return r;
    const { min, max, argmin, argmax } = this.result!;
    const s = (v: Rational) => show(v.n, v.d);
    return {
      valid: true,
      objective: this.objective.map(s),
      min: s(min),
      max: s(max),
      argmin: argmin.map(s),
      argmax: argmax.map(s),
      regions: r.regions,
      seconds: r.seconds,
      domain: r.domain,
    };
  }

  private header(h: Record<string, unknown>): string | null {
    const outputs = this.net.layers[this.net.layers.length - 1].weights.length;
    if (h.objective === undefined) return 'objective missing';
    this.objective = nums(h.objective, outputs, 'header: objective (one coefficient per network output)');
    this.Cden = this.objective.reduce((m, v) => lcm(m, v.d), 1n);
    this.C = this.objective.map((v) => v.n * (this.Cden / v.d));
    return null;
  }

  /** c·f on the region: (G·x + E) / gden, integers, gden > 0. */
  private objectiveMap(ctx: RegionContext): { G: bigint[]; E: bigint; gden: bigint } {
    const d = this.net.inputSize;
    const G = new Array<bigint>(d).fill(0n);
    let E = 0n;
    this.C.forEach((ck, k) => {
      if (ck === 0n) return;
      const o = ctx.out[k];
      for (let j = 0; j < d; j++) G[j] += ck * o.g[j];
      E += ck * o.e;
    });
    return { G, E, gden: this.Cden * ctx.den };
  }

  private region(ctx: RegionContext): string | null {
    const obj = this.objectiveMap(ctx);
    for (const [which, sense] of [['upper', 1n], ['lower', -1n]] as const) {
      const bound = this.dual(ctx, which, sense, obj);
      if (typeof bound === 'string') return bound;
      if (sense > 0n ? !this.maxU || below(this.maxU, bound) : !this.minL || below(bound, this.minL)) {
        if (sense > 0n) this.maxU = bound;
        else this.minL = bound;
      }
    }
    return null;
  }

  /**
   * Checks the leaf's `which` multipliers: y >= 0 and Σ y_i a_i = sense·g. Returns the bound they
   * prove (U = Σ y_i b_i + k for the upper one, L = −Σ y_i b_i + k for the lower one) or the reason.
   */
  private dual(
    ctx: RegionContext,
    which: 'upper' | 'lower',
    sense: 1n | -1n,
    { G, E, gden }: { G: bigint[]; E: bigint; gden: bigint },
  ): Bound | string {
    const pairs = ctx.leaf[which];
    if (pairs === undefined) return `${which} missing`;
    const sum = combineRows(ctx.rows, pairs, G.length, { label: which, integer: false });
    if (typeof sum === 'string') return sum.startsWith(which) ? sum : `${which}: ${sum}`;
    const { a: sumA, b: sumB, den: L } = sum; // y_i = Y_i / L
    const d = G.length;
    // Σ y_i a_i = sumA / L  must equal  sense·g = sense·G / gden
    for (let j = 0; j < d; j++) {
      if (sumA[j] * gden !== sense * G[j] * L) {
        const g = `${sense > 0n ? '' : '−'}g`;
        return `${which}: Σ y_i a_i != ${g} (coordinate ${j}: ${show(sumA[j], L)}, but ${g}[${j}] = ${show(sense * G[j], gden)})`;
      }
    }
    // ±Σ y_i b_i + k = (±sumB·gden + E·L) / (L·gden)
    return { n: sense * sumB * gden + E * L, d: L * gden, region: ctx.name };
  }

  private footer(f: Record<string, unknown>, domainRows: readonly Row[]): string | null {
    const d = this.net.inputSize;
    const max = num(f.max, 'footer: max');
    const min = num(f.min, 'footer: min');
    const argmax = nums(f.argmax, d, 'footer: argmax');
    const argmin = nums(f.argmin, d, 'footer: argmin');
    if (!this.maxU || !this.minL) return 'the tree has no regions';
    if (below(max, this.maxU)) {
      return `${this.maxU.region}'s upper bound U = ${show(this.maxU.n, this.maxU.d)} exceeds max ${show(max.n, max.d)}`;
    }
    if (below(this.minL, min)) {
      return `${this.minL.region}'s lower bound L = ${show(this.minL.n, this.minL.d)} is below min ${show(min.n, min.d)}`;
    }
    for (const [name, x, value, what] of [
      ['argmax', argmax, max, 'max'],
      ['argmin', argmin, min, 'min'],
    ] as const) {
      let q = 1n; // x = p / q over one common denominator
      for (const r of x) q = lcm(q, r.d);
      const p = x.map((r) => r.n * (q / r.d));
      for (let i = 0; i < domainRows.length; i++) {
        const { a, b } = domainRows[i];
        let lhs = 0n;
        for (let k = 0; k < d; k++) lhs += a[k] * p[k];
        if (lhs > b * q) return `${name} is outside the domain (it violates domain row ${i})`;
      }
      const y = forward(this.net, x).output;
      let n = 0n; // c·f(x) = n / den
      let den = 1n;
      for (const o of y) den = lcm(den, o.d);
      this.C.forEach((ck, k) => (n += ck * y[k].n * (den / y[k].d)));
      den *= this.Cden;
      if (n * value.d !== value.n * den) return `c·f(${name}) = ${show(n, den)} (exact forward pass), not ${what} ${show(value.n, value.d)}`;
    }
    this.result = { min, max, argmin, argmax };
    return null;
  }
}


/** Checks a range certificate given as lines (see checkRangeCertificateFile). */
export function checkRangeCertificate(net: Network, domain: Domain | null, lines: Iterable<string>): RangeCheckResult {
  return feedLines(viaTreeChecker(new RangeChecker(net, domain)), lines);
}

/** Streams the range certificate file line by line (memory O(tree depth)). */
export async function checkRangeCertificateFile(net: Network, domain: Domain | null, path: string, stop?: StopOptions): Promise<RangeCheckResult> {
  return feedFile(viaTreeChecker(new RangeChecker(net, domain)), path, stop);
}
