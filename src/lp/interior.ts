/**
 * The one place where "is this open polyhedron empty?" is decided.
 *
 * A float LP proposes; the proposal is certified exactly:
 *   - nonempty: the proposed point, rounded to a short dyadic rational, satisfies every strict
 *     inequality in BigInt arithmetic (path "witness");
 *   - empty: the float dual's support gives an exact Motzkin certificate y >= 0, y != 0,
 *     yᵀA = 0, yᵀb <= 0 via an exact null space (path "motzkin");
 * and when neither certifies, the exact rational simplex decides (path "exactSimplex").
 * In float mode (unsound, for speed comparisons only) the float answer is taken as is.
 */
import { dot, type Point } from '../kernel/intvec.js';
import { integerNullspace } from '../kernel/nullspace.js';
import { fromDouble, gcd } from '../kernel/rational.js';
import { emptyThroughBox } from './box-emptiness.js';
import { exactClosedFeasible, exactInterior } from './exact-simplex.js';
import type { FloatInteriorResult, FloatLpBackend } from './types.js';

/** a·x < b (strict). Float copies are cached because rows are shared by many LPs. */
export interface Row {
  a: bigint[];
  b: bigint;
  fa?: Float64Array; // a / ‖a‖
  fb?: number; // b / ‖a‖
  /** The float scale of fa: fa ≈ a / fs (‖a‖ as a double), or 0 when a was shifted to fit doubles. */
  fs?: number;
  /** When fs > 0: Number(a_k) for each k, then Number(b) (the box test's float filter, box-emptiness.ts). */
  fr?: Float64Array;
}

/**
 * An outer box of every polyhedron handed to `decideUncertified`: lo_k/q <= x_k <= hi_k
 * (integers over one common denominator q > 0).
 */
export interface OuterBox {
  lo: bigint[];
  hi: bigint[];
  q: bigint;
}

export type Decision = { kind: 'interior'; point: Point } | { kind: 'empty'; y: bigint[] };

export interface DecisionStats {
  lpSolves: number;
  witness: number;
  motzkin: number;
  exactSimplex: number;
  floatOnly: number;
  /** Vertex engine: signs at vertices decided by the proven float filter, and by BigInt. */
  vertexSignsFiltered: number;
  vertexSignsExact: number;
}

export const newStats = (): DecisionStats => ({
  lpSolves: 0,
  witness: 0,
  motzkin: 0,
  exactSimplex: 0,
  floatOnly: 0,
  vertexSignsFiltered: 0,
  vertexSignsExact: 0,
});

export class InteriorDecider {
  constructor(
    readonly d: number,
    readonly backend: FloatLpBackend,
    readonly stats: DecisionStats,
    readonly floatOnly = false,
  ) {}

  private readonly subs = new Map<number, InteriorDecider>();

  /** A decider for another dimension sharing this one's backend and counters. */
  subDecider(d: number): InteriorDecider {
    let sub = this.subs.get(d);
    if (!sub) this.subs.set(d, (sub = new InteriorDecider(d, this.backend, this.stats, this.floatOnly)));
    return sub;
  }

  decide(rows: Row[]): Decision {
    return this.decideWith(rows, null) as Decision;
  }

  /**
   * As `decide`, for callers that need no Motzkin multipliers (no certificate is written) and
   * know an outer box of the polyhedron: an empty answer may then come with `y: null`, proven by
   * `emptyThroughBox` (exact BigInt) instead of an exact null space. The interior answers (the
   * proposal, the witness) are exactly those of `decide`, and so is every empty/interior verdict:
   * only the route to a certified "empty" differs.
   */
  decideUncertified(rows: Row[], box: OuterBox): Decision | { kind: 'empty'; y: null } {
    return this.decideWith(rows, box);
  }

  /**
   * Certifies another float proposal for the interior problem of `rows` (e.g. a warm-started
   * LP's, see warm-simplex.ts): the same exact checks as `decide`; when they do not certify it,
   * `decide` itself (with the box when given) decides from scratch. Exact mode only.
   */
  decideFromProposal(rows: Row[], res: FloatInteriorResult, box: OuterBox | null): Decision | { kind: 'empty'; y: null } {
    this.stats.lpSolves++;
    if (!res.failed) {
      if (res.t > 0) {
        const pt = this.tryWitness(rows, res.x, res.t);
        if (pt) return { kind: 'interior', point: pt };
      }
      if (box && res.y && res.t < 0 && emptyThroughBox(rows, res.y, box)) {
        this.stats.motzkin++;
        return { kind: 'empty', y: null };
      }
      if (res.y && res.t <= 1e-9) {
        // no box, or a degenerate cell (t* = 0: e.g. a duplicated hyperplane) the box cannot prove
        const y = motzkinFromSupport(rows, res.y, this.d);
        if (y) return (this.stats.motzkin++, { kind: 'empty', y });
      }
    }
    return this.decideWith(rows, box);
  }

  private decideWith(rows: Row[], box: OuterBox | null): Decision | { kind: 'empty'; y: null } {
    const { d } = this;
    const res = this.propose(rows);
    if (this.floatOnly) {
      this.stats.floatOnly++;
      return res.t > 1e-9 ? { kind: 'interior', point: roundPoint(res.x, res.t, d) } : { kind: 'empty', y: [] };
    }
    if (!res.failed) {
      if (res.t > 0) {
        const pt = this.tryWitness(rows, res.x, res.t);
        if (pt) return { kind: 'interior', point: pt };
      }
      if (box && res.y && res.t < 0 && emptyThroughBox(rows, res.y, box)) {
        this.stats.motzkin++; // an implicit Motzkin certificate: the box rows' multipliers absorb the residual
        return { kind: 'empty', y: null };
      }
      if (res.y) {
        const y = motzkinFromSupport(rows, res.y, d);
        if (y) {
          this.stats.motzkin++;
          return { kind: 'empty', y };
        }
      }
    }
    this.stats.exactSimplex++;
    const ans = exactInterior({ d, a: rows.map((r) => r.a), b: rows.map((r) => r.b) });
    if (ans.kind === 'empty') return ans;
    let q = 1n;
    for (const v of ans.x) q = (q / gcd(q, v.d)) * v.d;
    return { kind: 'interior', point: { p: ans.x.map((v) => v.n * (q / v.d)), q } };
  }

  /**
   * The closed system a_i·x <= b_i: a feasible exact point, or a Farkas certificate
   * (y >= 0, yᵀA = 0, yᵀb < 0). Same route: float proposal, exact check, exact simplex.
   */
  feasibleClosed(rows: Row[]): { kind: 'feasible'; point: Point } | { kind: 'infeasible'; y: bigint[] } {
    const { d } = this;
    const res = this.propose(rows);
    if (!res.failed && !this.floatOnly) {
      if (res.t > -1e-9) {
        for (const pt of [roundPoint(res.x, Math.max(res.t, 1e-12), d), exactPoint(res.x)]) {
          if (isInsideClosed(rows, pt)) return (this.stats.witness++, { kind: 'feasible', point: pt });
        }
      }
      if (res.y && res.t < 0) {
        const y = motzkinFromSupport(rows, res.y, d);
        if (y && isFarkas(rows, y, d)) return (this.stats.motzkin++, { kind: 'infeasible', y });
      }
    }
    if (this.floatOnly) {
      this.stats.floatOnly++;
      return res.t >= 0 ? { kind: 'feasible', point: exactPoint(res.x) } : { kind: 'infeasible', y: [] };
    }
    this.stats.exactSimplex++;
    const ans = exactClosedFeasible({ d, a: rows.map((r) => r.a), b: rows.map((r) => r.b) });
    if (ans.kind === 'infeasible') {
      if (!isFarkas(rows, ans.y, d)) throw new Error('feasibleClosed: internal error (Farkas certificate fails)');
      return ans;
    }
    let q = 1n;
    for (const v of ans.x) q = (q / gcd(q, v.d)) * v.d;
    const point = { p: ans.x.map((v) => v.n * (q / v.d)), q };
    if (!isInsideClosed(rows, point)) throw new Error('feasibleClosed: internal error (point infeasible)');
    return { kind: 'feasible', point };
  }

  /** The float LP's proposal for the interior problem of these rows (normalised copies cached). */
  private fa = new Float64Array(0);
  private fb = new Float64Array(0);

  private propose(rows: Row[]): FloatInteriorResult {
    const { d } = this;
    const m = rows.length;
    // reused buffers (backends read the first m·d and m entries and keep no reference)
    if (this.fb.length < m) {
      this.fa = new Float64Array(2 * m * d);
      this.fb = new Float64Array(2 * m);
    }
    const { fa, fb } = this;
    for (let i = 0; i < m; i++) {
      const r = rows[i];
      if (!r.fa) floatRow(r);
      fa.set(r.fa!, i * d);
      fb[i] = r.fb!;
    }
    this.stats.lpSolves++;
    return this.backend.interior(fa, fb, m, d);
  }

  private tryWitness(rows: Row[], x: Float64Array, t: number): Point | null {
    let pt = roundPoint(x, t, this.d); // short first; the float's exact value only if that fails
    if (!strictlyInsideFiltered(rows, pt, this.d, (i) => rows[i].fr, true)) {
      pt = exactPoint(x);
      if (!isStrictlyInside(rows, pt)) return null;
    }
    this.stats.witness++;
    return pt;
  }
}

export function isStrictlyInside(rows: Row[], pt: Point): boolean {
  for (const r of rows) if (dot(r.a, pt.p) >= r.b * pt.q) return false;
  return true;
}

/**
 * isStrictlyInside, each row first through a float filter with a proven bound (the vertex
 * engine's: each term a_k·p_k carries at most 4 roundings of 2^-53 — a_k, p_k, the product — and
 * the sum d + 1 more, so |error| <= (d + 4)·2^-52·Σ|terms|, doubled for margin); BigInt when the
 * filter cannot tell, or for a row without doubles. `floats(i)`: row i's doubles, Number(a_k)
 * for each k, then Number(b) when `lastIsB` (Row.fr's form) or else Number(−b) (the vertex
 * filter's form, vertex-readouts.ts); negating a double is exact, so both forms give the same h.
 * The interior decider's witnesses and the vertex engine's both go through it.
 */
export function strictlyInsideFiltered(rows: readonly Row[], pt: Point, d: number, floats: (i: number) => Float64Array | undefined, lastIsB: boolean): boolean {
  const x = new Float64Array(d);
  for (let k = 0; k < d; k++) x[k] = Number(pt.p[k]);
  const qf = lastIsB ? -Number(pt.q) : Number(pt.q); // h = Σ a_k·p_k − b·q
  const bound = (d + 4) * 2 * 2 ** -52;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const f = floats(i);
    if (f) {
      let h = f[d] * qf;
      let s = Math.abs(h);
      for (let k = 0; k < d; k++) {
        const t = f[k] * x[k];
        h += t;
        s += Math.abs(t);
      }
      if (s > 1e-290 && Number.isFinite(h + s)) {
        if (h < -bound * s) continue; // a·p < b·q
        if (h > bound * s) return false;
      }
    }
    if (dot(r.a, pt.p) >= r.b * pt.q) return false;
  }
  return true;
}

export function isInsideClosed(rows: Row[], pt: Point): boolean {
  for (const r of rows) if (dot(r.a, pt.p) > r.b * pt.q) return false;
  return true;
}

/** y >= 0, yᵀA = 0, yᵀb < 0: the closed system has no solution. */
export function isFarkas(rows: Row[], y: bigint[], d: number): boolean {
  let yb = 0n;
  for (let i = 0; i < rows.length; i++) yb += y[i] * rows[i].b;
  return yb < 0n && isMotzkin(rows, y, d);
}

/** Sets the row's cached float copy (fa, fb, fs) if missing. */
export function ensureFloatRow(r: Row): void {
  if (!r.fa) floatRow(r);
}

function floatRow(r: Row): void {
  const d = r.a.length;
  // Number(v) for each entry once. |Number(v)| >= 2^1000 whenever |v| >= 2^1000 (rounding to
  // nearest is monotone and 2^1000 is a double), so `big` below is true for every row the BigInt
  // test |v| >= 2^1000 flags (and perhaps for a few more just below, whose shift is then 0 as before:
  // bits(v) <= 1000 for |v| < 2^1000).
  const fr = new Float64Array(d + 1);
  let big = false;
  for (let k = 0; k < d; k++) {
    const v = Number(r.a[k]);
    fr[k] = v;
    if (!(Math.abs(v) < 2 ** 1000)) big = true;
  }
  fr[d] = Number(r.b);
  if (!(Math.abs(fr[d]) < 2 ** 1000)) big = true;
  let shift = 0n;
  if (big) {
    let maxBits = 0;
    for (const v of r.a) maxBits = Math.max(maxBits, bits(v));
    maxBits = Math.max(maxBits, bits(r.b));
    if (maxBits > 1000) shift = BigInt(maxBits - 1000);
  }
  const fa = new Float64Array(d);
  let norm = 0;
  if (shift === 0n) {
    // Number(v >> 0n) = Number(v): the doubles above
    for (let k = 0; k < d; k++) {
      fa[k] = fr[k];
      norm += fa[k] * fa[k];
    }
    r.fr = fr;
  } else {
    for (let k = 0; k < d; k++) {
      fa[k] = Number(r.a[k] >> shift);
      norm += fa[k] * fa[k];
    }
  }
  norm = Math.sqrt(norm);
  for (let k = 0; k < d; k++) fa[k] /= norm;
  r.fa = fa;
  r.fb = (shift === 0n ? fr[d] : Number(r.b >> shift)) / norm;
  r.fs = shift === 0n ? norm : 0;
}

function bits(v: bigint): number {
  if (v < 0n) v = -v;
  return v < 1n << 52n ? 0 : v.toString(16).length * 4;
}

/**
 * Rounds x to the dyadic grid 2^-k fine enough that the rounding error (≤ √d·2^-k-1 in the
 * normalised rows) stays below the float margin t: short witnesses keep later BigInt work cheap.
 */
function roundPoint(x: Float64Array, t: number, d: number): Point {
  const k = Math.min(1074, Math.max(1, Math.ceil(Math.log2(Math.sqrt(d) / Math.max(t, 1e-300))) + 2));
  const scale = 2 ** Math.min(k, 1000);
  const p: bigint[] = [];
  let exact = true;
  for (let i = 0; i < d; i++) {
    const v = Math.round(x[i] * scale);
    if (!Number.isSafeInteger(v)) exact = false;
    p.push(Number.isFinite(v) ? BigInt(v) : 0n);
  }
  if (!exact || k > 1000) return exactPoint(x);
  return reduceDyadic(p, BigInt(k));
}

/** The float point's exact dyadic value. */
function exactPoint(x: Float64Array): Point {
  const rs = Array.from(x, (v) => fromDouble(v));
  let q = 1n;
  for (const r of rs) if (r.d > q) q = r.d; // all denominators are powers of two
  return { p: rs.map((r) => r.n * (q / r.d)), q };
}

function reduceDyadic(p: bigint[], k: bigint): Point {
  // strip common factors of two
  while (k > 0n && p.every((v) => (v & 1n) === 0n)) {
    for (let i = 0; i < p.length; i++) p[i] >>= 1n;
    k--;
  }
  return { p, q: 1n << k };
}

/**
 * The float dual proposes which rows carry the certificate; the exact null space of those rows'
 * normals gives the multipliers, which are then checked in full.
 */
function motzkinFromSupport(rows: Row[], yf: Float64Array, d: number): bigint[] | null {
  let ymax = 0;
  for (const v of yf) ymax = Math.max(ymax, v);
  if (!(ymax > 0)) return null;
  const support: number[] = [];
  for (let i = 0; i < yf.length; i++) if (yf[i] > ymax * 1e-9) support.push(i);
  const M: bigint[][] = [];
  for (let k = 0; k < d; k++) M.push(support.map((i) => rows[i].a[k]));
  const basis = integerNullspace(M, support.length);
  if (basis.length !== 1) return null;
  let v = basis[0];
  if (v.some((c) => c < 0n)) {
    if (v.some((c) => c > 0n)) return null;
    v = v.map((c) => -c);
  }
  const y = new Array<bigint>(rows.length).fill(0n);
  support.forEach((i, k) => (y[i] = v[k]));
  return isMotzkin(rows, y, d) ? y : null;
}

export function isMotzkin(rows: Row[], y: bigint[], d: number): boolean {
  let nonzero = false;
  let yb = 0n;
  const sum = new Array<bigint>(d).fill(0n);
  for (let i = 0; i < rows.length; i++) {
    const yi = y[i];
    if (yi < 0n) return false;
    if (yi === 0n) continue;
    nonzero = true;
    yb += yi * rows[i].b;
    for (let k = 0; k < d; k++) sum[k] += yi * rows[i].a[k];
  }
  return nonzero && yb <= 0n && sum.every((s) => s === 0n);
}
