/**
 * The independent checker of injectivity certificates (kind "injective"). Exact arithmetic only;
 * the split tree is checked by CertificateChecker as for an enumeration certificate, and this
 * file adds, through its region hook, the proof carried by every region leaf:
 *   minor  d output indices whose rows of the region's map form a nonsingular d×d matrix
 *          (exact determinant), so the map has full column rank: injective on the region;
 *   pairs  (deeper networks only) for every earlier region j, a proof that no x in region j's
 *          closure and y in this region's closure have f(x) = f(y) with x != y: the joint rows
 *          (j's rows on x, this region's rows on y, then for each output o the rows
 *          +(A_j x − A_k y) <= c_k − c_j and its negation, all closed, primitive) admit either a
 *          Farkas certificate {farkas: [[row, y], ...]} (Σ y a = 0, Σ y b < 0: they do not
 *          meet at all), or {lps: [...]}, one dual certificate per direction ±(x_i − y_i) in the
 *          order +x_0, −x_0, +x_1, ... (Σ y a = the direction, Σ y b <= 0: x_i − y_i <= 0 and
 *          >= 0 on the joint polyhedron, so x = y).
 * Why that proves injectivity on the domain: the region closures cover the domain and f is each
 * region's map on its closure; two points with the same image lie in closures j <= k; for j = k
 * the full-rank map gives x = y, for j < k the pair's proof does. One ReLU layer needs no pairs:
 * full rank of the active rows on every region is then sufficient (see verify/injectivity.ts).
 */
import type { Network } from '../network/network.js';
import type { Domain } from '../domain/domain.js';
import { CertificateChecker, combineRows, feedFile, feedLines, viaTreeChecker, isIndex, isObj, primitive, type CheckResult, type RegionContext, type Row } from './checker.js';
import type { StopOptions } from '../run-control.js';

export const INJECTIVE_KIND = 'injective';

export type InjectiveCheckResult = (CheckResult & { valid: true; pairs: number }) | { valid: false; line: number; reason: string };

/** A region as the pairs of later regions need it: closed rows and the exact output map. */
interface Seen {
  rows: Row[];
  out: { g: bigint[]; e: bigint }[];
  den: bigint;
}

/** Exact determinant of a square integer matrix (fraction-free Bareiss elimination). */
function determinant(m: bigint[][]): bigint {
  const a = m.map((r) => r.slice());
  const n = a.length;
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n; k++) {
    let p = k;
    while (p < n && a[p][k] === 0n) p++;
    if (p === n) return 0n;
    if (p !== k) {
      [a[p], a[k]] = [a[k], a[p]];
      sign = -sign;
    }
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) / prev;
    }
    prev = a[k][k];
  }
  return sign * a[n - 1][n - 1];
}

class InjectiveChecker {
  readonly checker: CertificateChecker;
  private readonly seen: Seen[] = [];
  private pairs = 0;
  private readonly d: number;
  private readonly singleLayer: boolean;

  constructor(net: Network, domain: Domain | null) {
    this.d = net.inputSize;
    this.singleLayer = net.layers.length === 1 && net.layers[0].activation === 'relu';
    this.checker = new CertificateChecker(net, domain, { kind: INJECTIVE_KIND, regionHook: (ctx) => this.region(ctx) });
  }

  finish(): InjectiveCheckResult {
    const r = this.checker.finish();
    return r.valid ? { ...r, pairs: this.pairs } : r;
  }

  private region(ctx: RegionContext): string | null {
    const { d } = this;
    const minor = ctx.leaf.minor;
    if (!Array.isArray(minor) || minor.length !== d || !minor.every((o) => isIndex(o) && o < ctx.out.length) || new Set(minor).size !== d) {
      return `minor must list ${d} distinct output indices`;
    }
    if (determinant((minor as number[]).map((o) => ctx.out[o].g)) === 0n) return `the minor's rows ${JSON.stringify(minor)} of the map are linearly dependent`;
    const me: Seen = { rows: ctx.rows, out: ctx.out, den: ctx.den };
    if (!this.singleLayer) {
      const proofs = ctx.leaf.pairs;
      if (!Array.isArray(proofs) || proofs.length !== this.seen.length) return `pairs must hold one proof for each of the ${this.seen.length} earlier regions`;
      for (let j = 0; j < this.seen.length; j++) {
        const reason = this.pair(this.seen[j], me, proofs[j]);
        if (reason) return `pair with region ${j}: ${reason}`;
        this.pairs++;
      }
    }
    this.seen.push(me);
    return null;
  }

  /** The joint rows of (x in a's closure, y in b's closure, f_a(x) = f_b(y)) over (x, y). */
  private jointRows(a: Seen, b: Seen): Row[] {
    const d = this.d;
    const zeros = new Array<bigint>(d).fill(0n);
    const rows: Row[] = [...a.rows.map((r) => ({ a: [...r.a, ...zeros], b: r.b })), ...b.rows.map((r) => ({ a: [...zeros, ...r.a], b: r.b }))];
    a.out.forEach((oa, o) => {
      const ob = b.out[o];
      // (g_a x + e_a)/den_a = (g_b y + e_b)/den_b  ⇔  g_a·den_b x − g_b·den_a y = e_b·den_a − e_a·den_b
      const coef = [...oa.g.map((v) => ({ n: v * b.den, d: 1n })), ...ob.g.map((v) => ({ n: -v * a.den, d: 1n }))];
      const k = { n: ob.e * a.den - oa.e * b.den, d: 1n };
      rows.push(primitive(coef, k), primitive(coef.map((v) => ({ n: -v.n, d: 1n })), { n: -k.n, d: 1n }));
    });
    return rows;
  }

  private pair(a: Seen, b: Seen, proof: unknown): string | null {
    const d = this.d;
    if (!isObj(proof)) return 'expected {farkas} or {lps}';
    const rows = this.jointRows(a, b);
    const combine = (pairs: unknown) => combineRows(rows, pairs, 2 * d, { label: 'multipliers', integer: false, rowsAre: 'there are rows' });
    if (proof.farkas !== undefined) {
      const s = combine(proof.farkas);
      if (typeof s === 'string') return `farkas: ${s}`;
      if (s.a.some((v) => v !== 0n)) return 'farkas: Σ y_i a_i != 0';
      return s.b < 0n ? null : 'farkas: Σ y_i b_i is not < 0';
    }
    if (!Array.isArray(proof.lps) || proof.lps.length !== 2 * d) return `lps must hold ${2 * d} dual certificates (±(x_i − y_i) for each i)`;
    for (let t = 0; t < 2 * d; t++) {
      const i = t >> 1;
      const sign = t % 2 === 0 ? 1n : -1n;
      const s = combine(proof.lps[t]);
      if (typeof s === 'string') return `lps[${t}]: ${s}`;
      // Σ y_i a_i = s.a / s.den must be the direction: sign at x_i, −sign at y_i, 0 elsewhere
      const ok = s.a.every((v, k) => v === (k === i ? sign * s.den : k === d + i ? -sign * s.den : 0n));
      if (!ok) return `lps[${t}]: Σ y_i a_i is not the direction ${sign > 0n ? '+' : '−'}(x_${i} − y_${i})`;
      if (s.b > 0n) return `lps[${t}]: Σ y_i b_i > 0 (the bound is not 0)`;
    }
    return null;
  }
}


export function checkInjectiveCertificate(net: Network, domain: Domain | null, lines: Iterable<string>): InjectiveCheckResult {
  return feedLines(viaTreeChecker(new InjectiveChecker(net, domain)), lines);
}

export async function checkInjectiveCertificateFile(net: Network, domain: Domain | null, path: string, stop?: StopOptions): Promise<InjectiveCheckResult> {
  return feedFile(viaTreeChecker(new InjectiveChecker(net, domain)), path, stop);
}
