/**
 * A warm-started float simplex for the interior problem of a growing list of rows (the cells of
 * the enumerator's split tree: a child cell is its parent plus one row). It only proposes, like
 * dense-float-simplex.ts; InteriorDecider.decideFromProposal certifies exactly.
 *
 * It solves the same dual as dense-float-simplex.ts,
 *
 *   minimise  Σ fb_i y_i + u   s.t.  Σ y_i fa_i = 0,  Σ y_i + u = 1,  y, u >= 0,
 *
 * as a revised simplex with the explicit (d+1)×(d+1) basis inverse. A new row of the primal is a
 * new column of the dual: the optimal basis of the parent stays feasible, so the child starts
 * from it and usually needs no pivot or one or two. The primal answer is read off the simplex
 * multipliers π = c_B·B⁻¹: x = π_0..π_{d-1}, t = π_d. The right-hand side is e_d, so the basic
 * values are the last column of B⁻¹.
 *
 * Column codes in `basis`: i >= 0 is y_i (row i), U = -1 is u, ART - k (k < d) is the artificial of
 * equation k (they start the basis at level 0 and never enter again).
 */
import { ensureFloatRow, type Row } from './interior.js';
import type { FloatInteriorResult } from './types.js';

const EPS = 1e-11;
const MAX_ITERATIONS = 2000;
const REFACTOR_EVERY = 24; // pivots between recomputations of B⁻¹ from the basis columns
const U = -1;
const ART = -2;

export class WarmInterior {
  /** Rows of the list already priced in (columns 0..m-1). */
  private m = 0;
  private optimal = false;
  private sincePivot = 0;

  private constructor(
    readonly d: number,
    private readonly basis: Int32Array,
    private readonly inv: Float64Array, // row-major (d+1)×(d+1)
  ) {}

  static start(d: number): WarmInterior {
    const n = d + 1;
    const basis = new Int32Array(n);
    for (let k = 0; k < d; k++) basis[k] = ART - k;
    basis[d] = U;
    const inv = new Float64Array(n * n);
    for (let k = 0; k < n; k++) inv[k * n + k] = 1;
    return new WarmInterior(d, basis, inv);
  }

  clone(): WarmInterior {
    const c = new WarmInterior(this.d, this.basis.slice(), this.inv.slice());
    c.m = this.m;
    c.optimal = this.optimal;
    c.sincePivot = this.sincePivot;
    return c;
  }

  /**
   * Optimises over `rows` (the rows this state was built on, plus any appended since) and
   * returns the proposal. Never throws; `failed` when the iteration limit is hit.
   */
  solve(rows: Row[]): FloatInteriorResult {
    const { d, basis, inv } = this;
    const n = d + 1;
    if (!this.optimise(rows)) return failed(d);
    const pi = new Float64Array(n);
    this.multipliers(rows, pi);
    const x = pi.slice(0, d);
    const y = new Float64Array(rows.length);
    for (let r = 0; r < n; r++) if (basis[r] >= 0) y[basis[r]] = Math.max(0, inv[r * n + d]);
    return { t: pi[d], x, y };
  }

  /** Brings the basis to optimality over `rows`; false when the iteration limit is hit. */
  optimise(rows: Row[]): boolean {
    const { d, basis, inv } = this;
    const n = d + 1;
    const m = rows.length;
    for (let i = this.m; i < m; i++) ensureFloatRow(rows[i]);
    if (scratchCol.length < n) {
      scratchCol = new Float64Array(n);
      scratchPi = new Float64Array(n);
    }
    const col = scratchCol; // the same arithmetic on reused buffers (optimise does not recurse)
    const pi = scratchPi;
    if (m > this.m) {
      // the old columns are priced out already when optimal: only the new ones may enter
      for (let r = 0; r < n; r++) if (basis[r] <= ART) this.optimal = false; // an artificial may leave now
      if (this.optimal) {
        this.multipliers(rows, pi);
        for (let j = this.m; j < m && this.optimal; j++) {
          const fa = rows[j].fa!;
          let s = rows[j].fb! - pi[d];
          for (let k = 0; k < d; k++) s -= pi[k] * fa[k];
          if (s < -EPS) this.optimal = false;
        }
      }
      this.m = m;
    }
    if (!this.optimal) {
      if (this.sincePivot >= REFACTOR_EVERY) this.refactor(rows);
      // phase 1: artificials still basic (at level 0) leave first, on any usable column
      for (let r = 0; r < n; r++) {
        if (basis[r] > ART) continue;
        let best = -1;
        let bestAbs = 1e-9;
        for (let j = 0; j < m; j++) {
          if (this.isBasic(j)) continue;
          this.column(rows, j, col);
          const v = Math.abs(col[r]);
          if (v > bestAbs) {
            bestAbs = v;
            best = j;
          }
        }
        if (best >= 0) {
          this.column(rows, best, col);
          this.pivot(r, best, col);
        }
      }
      // phase 2
      let bland = false;
      for (let iter = 0; ; iter++) {
        if (iter > MAX_ITERATIONS) return false;
        if (iter > 50) bland = true;
        this.multipliers(rows, pi);
        let enter = -2;
        let bestRc = -EPS;
        // u first (code U), then the rows in order
        if (!this.isBasic(U)) {
          const rc = 1 - pi[d];
          if (rc < bestRc) {
            enter = U;
            bestRc = rc;
          }
        }
        const basic = this.basicFlags(m);
        for (let j = 0; j < m && !(bland && enter !== -2); j++) {
          if (basic[j] !== 0) continue;
          const fa = rows[j].fa!;
          let s = rows[j].fb! - pi[d];
          for (let k = 0; k < d; k++) s -= pi[k] * fa[k];
          if (s < bestRc) {
            enter = j;
            bestRc = s;
          }
        }
        if (enter === -2) break;
        this.column(rows, enter, col);
        let leave = -1;
        let bestRatio = Infinity;
        for (let r = 0; r < n; r++) {
          const a = col[r];
          if (basis[r] <= ART) {
            // an artificial at level 0 must stay at 0: it leaves on any usable entry
            if (Math.abs(a) > 1e-9) {
              leave = r;
              break;
            }
            continue;
          }
          if (a > EPS) {
            const ratio = inv[r * n + d] / a;
            if (ratio < bestRatio - 1e-14 || (bland && Math.abs(ratio - bestRatio) <= 1e-14 && basis[r] < basis[leave])) {
              bestRatio = ratio;
              leave = r;
            }
          }
        }
        if (leave < 0) return false;
        this.pivot(leave, enter, col);
      }
      this.optimal = true;
    }
    return true;
  }

  /** flags[j] = 1 iff row j's column is basic, for j < m (a reused buffer, valid until the next call). */
  private basicFlags(m: number): Uint8Array {
    if (scratchBasic.length < m) scratchBasic = new Uint8Array(Math.max(m, 2 * scratchBasic.length));
    const flags = scratchBasic;
    flags.fill(0, 0, m);
    for (const b of this.basis) if (b >= 0 && b < m) flags[b] = 1;
    return flags;
  }

  private isBasic(j: number): boolean {
    const { basis } = this;
    for (let r = 0; r < basis.length; r++) if (basis[r] === j) return true;
    return false;
  }

  /** out = B⁻¹·A_j for column code j. */
  private column(rows: Row[], j: number, out: Float64Array): void {
    const { d, inv } = this;
    const n = d + 1;
    if (j === U) {
      for (let r = 0; r < n; r++) out[r] = inv[r * n + d];
      return;
    }
    const fa = rows[j].fa!;
    for (let r = 0; r < n; r++) {
      const base = r * n;
      let s = inv[base + d];
      for (let k = 0; k < d; k++) s += inv[base + k] * fa[k];
      out[r] = s;
    }
  }

  /** π = c_B·B⁻¹ (costs: fb_i for y_i, 1 for u, 0 for artificials). */
  private multipliers(rows: Row[], pi: Float64Array): void {
    const { d, basis, inv } = this;
    const n = d + 1;
    pi.fill(0);
    for (let r = 0; r < n; r++) {
      const b = basis[r];
      const c = b >= 0 ? rows[b].fb! : b === U ? 1 : 0;
      if (c === 0) continue;
      const base = r * n;
      for (let k = 0; k < n; k++) pi[k] += c * inv[base + k];
    }
  }

  private pivot(r: number, enter: number, col: Float64Array): void {
    const { d, basis, inv } = this;
    const n = d + 1;
    const pr = r * n;
    const p = col[r];
    for (let k = 0; k < n; k++) inv[pr + k] /= p;
    for (let i = 0; i < n; i++) {
      if (i === r) continue;
      const f = col[i];
      if (f === 0) continue;
      const pi = i * n;
      for (let k = 0; k < n; k++) inv[pi + k] -= f * inv[pr + k];
    }
    basis[r] = enter;
    this.sincePivot++;
  }

  /** Recomputes B⁻¹ from the basis columns (Gauss–Jordan, partial pivoting): no drift down the tree. */
  private refactor(rows: Row[]): void {
    const { d, basis, inv } = this;
    const n = d + 1;
    const B = new Float64Array(n * n); // column c of B is the original column of basis[c]
    for (let c = 0; c < n; c++) {
      const j = basis[c];
      if (j >= 0) {
        const fa = rows[j].fa!;
        for (let k = 0; k < d; k++) B[k * n + c] = fa[k];
        B[d * n + c] = 1;
      } else B[(j === U ? d : ART - j) * n + c] = 1;
    }
    const I = new Float64Array(n * n);
    for (let k = 0; k < n; k++) I[k * n + k] = 1;
    for (let c = 0; c < n; c++) {
      let pr = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(B[r * n + c]) > Math.abs(B[pr * n + c])) pr = r;
      const p = B[pr * n + c];
      if (!(Math.abs(p) > 1e-300)) return; // singular (cannot happen for a basis): keep the old inverse
      if (pr !== c) {
        for (let k = 0; k < n; k++) {
          let t = B[pr * n + k];
          B[pr * n + k] = B[c * n + k];
          B[c * n + k] = t;
          t = I[pr * n + k];
          I[pr * n + k] = I[c * n + k];
          I[c * n + k] = t;
        }
      }
      for (let k = 0; k < n; k++) {
        B[c * n + k] /= p;
        I[c * n + k] /= p;
      }
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const f = B[r * n + c];
        if (f === 0) continue;
        for (let k = 0; k < n; k++) {
          B[r * n + k] -= f * B[c * n + k];
          I[r * n + k] -= f * I[c * n + k];
        }
      }
    }
    // B⁻¹ maps equation space to basis positions: row c of the inverse belongs to basis[c]
    inv.set(I);
    this.sincePivot = 0;
  }
}

let scratchCol = new Float64Array(0);
let scratchPi = new Float64Array(0);
let scratchBasic = new Uint8Array(64);

function failed(d: number): FloatInteriorResult {
  return { t: -Infinity, x: new Float64Array(d), y: null, failed: true };
}
